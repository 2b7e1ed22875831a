//! The legal-affairs section's spot checks.

use std::path::PathBuf;

use station_core::spot_checks::SpotCheckRow;
use station_core::spot_checks::{Draw, Sample};
use tauri::State;

use super::{with, Answer};
use crate::Services;

#[tauri::command(async)]
pub fn list_spot_checks(services: State<'_, Services>) -> Answer<Vec<SpotCheckRow>> {
    with(&services, |st| st.spot_checks().list())
}

#[allow(clippy::too_many_arguments)]
#[tauri::command(async)]
pub fn draw_spot_check(
    services: State<'_, Services>,
    seed: u64,
    size: u32,
    of: Sample,
    squad: String,
    from: String,
    to: String,
) -> Answer<SpotCheckRow> {
    with(&services, |st| {
        st.spot_checks().draw(&Draw {
            seed,
            size,
            of_kind: of,
            squad: (!squad.trim().is_empty()).then(|| squad.trim().to_string()),
            officer: None,
            from: st.parse_time(&from)?.timestamp(),
            to: st.parse_until(&to)?.timestamp(),
        })
    })
}

#[tauri::command(async)]
pub fn review_spot_item(
    services: State<'_, Services>,
    item: i64,
    result: String,
    note: String,
) -> Answer<()> {
    with(&services, |st| {
        st.spot_checks().review(
            item,
            &result,
            Some(note.as_str()).filter(|n| !n.trim().is_empty()),
        )
    })
}

#[tauri::command(async)]
pub fn spot_check_ledger(services: State<'_, Services>, to: PathBuf) -> Answer<usize> {
    with(&services, |st| st.spot_checks().ledger(&to))
}
