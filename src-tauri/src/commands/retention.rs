//! Retention: the overview, long-term holds, disposal batches.

use station_core::retention::HoldRow;
use station_core::retention::{DisposalBatch, HoldReason, HoldTarget, RetentionOverview};
use tauri::State;

use super::{with, Answer};
use crate::Services;

#[tauri::command(async)]
pub fn retention_overview(services: State<'_, Services>) -> Answer<RetentionOverview> {
    with(&services, |st| st.retention().overview())
}

#[tauri::command(async)]
pub fn list_holds(services: State<'_, Services>) -> Answer<Vec<HoldRow>> {
    with(&services, |st| st.retention().holds())
}

/// A hold on the selected clips, or on a case (then `clips` is empty).
#[tauri::command(async)]
pub fn add_hold(
    services: State<'_, Services>,
    clips: Vec<i64>,
    case: String,
    reason: String,
    note: String,
) -> Answer<i64> {
    with(&services, |st| {
        let target = if case.trim().is_empty() {
            HoldTarget::Clips(clips)
        } else {
            HoldTarget::Case(case)
        };
        let note = (!note.trim().is_empty()).then_some(note.as_str());
        st.retention()
            .add_hold(&target, reason.parse::<HoldReason>()?, note)
    })
}

#[tauri::command(async)]
pub fn release_hold(services: State<'_, Services>, id: i64, note: String) -> Answer<()> {
    with(&services, |st| st.retention().release_hold(id, &note))
}

#[tauri::command(async)]
pub fn list_disposals(services: State<'_, Services>) -> Answer<Vec<DisposalBatch>> {
    with(&services, |st| st.disposal().batches())
}

#[tauri::command(async)]
pub fn propose_disposal(services: State<'_, Services>) -> Answer<Option<DisposalBatch>> {
    with(&services, |st| st.disposal().propose(None))
}

/// `confirm_mass`: the branch head has seen the `needs_confirmation` warning and goes on.
#[tauri::command(async)]
pub fn approve_disposal(
    services: State<'_, Services>,
    batch: i64,
    confirm_mass: bool,
) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().approve(batch, confirm_mass))
}

/// The second person's confirmation of an approved mass disposal.
#[tauri::command(async)]
pub fn confirm_mass_disposal(services: State<'_, Services>, batch: i64) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().confirm_mass(batch))
}

#[tauri::command(async)]
pub fn reject_disposal(services: State<'_, Services>, batch: i64) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().reject(batch))
}

#[tauri::command(async)]
pub fn restore_disposal(services: State<'_, Services>, batch: i64) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().restore(batch))
}

#[tauri::command(async)]
pub fn run_disposals(services: State<'_, Services>) -> Answer<u64> {
    with(&services, |st| st.disposal().run())
}
