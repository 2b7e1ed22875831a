//! The Library page and a clip: pages of clips, one clip, its history, labels, confidentiality, the check before viewing.

use station_core::access::{Level, Purpose};
use station_core::audit::AuditEntry;
use station_core::{Clip, ClipPage, ClipQuery, ClipSort, Error, Labels};
use tauri::State;

use super::{with, Answer};
use crate::Services;

#[tauri::command(async)]
pub fn clip_page(
    services: State<'_, Services>,
    query: UiQuery,
    sort: ClipSort,
    offset: u64,
    limit: u64,
) -> Answer<ClipPage> {
    with(&services, |st| {
        let query = query.into_query()?;
        st.clips().page(&query, sort, offset, limit)
    })
}

/// The Library page's filters as the UI sends them.
#[derive(Debug, Default, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ClipQuery"))]
#[cfg_attr(test, ts(optional_fields))]
pub struct UiQuery {
    officer: Option<String>,
    squad: Option<String>,
    device: Option<String>,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
    case: Option<String>,
    party: Option<String>,
    important: Option<bool>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional, as = "Option<bool>"))]
    missing_labels: bool,
}

impl UiQuery {
    fn into_query(self) -> Result<ClipQuery, Error> {
        let date = |d: Option<String>| -> Result<_, Error> {
            d.map(|d| {
                d.parse().map_err(|_| {
                    Error::input(format!("日期 {d:?} 无法识别"), format!("date {d:?}"))
                })
            })
            .transpose()
        };
        Ok(ClipQuery {
            officer: self.officer,
            squad: self.squad,
            device: self.device,
            from: date(self.from)?,
            to: date(self.to)?,
            kind: self
                .kind
                .filter(|k| !k.trim().is_empty())
                .map(|k| k.parse())
                .transpose()?,
            case_number: self.case,
            party: self.party,
            important: self.important,
            missing_labels: self.missing_labels,
        })
    }
}

#[tauri::command(async)]
pub fn get_clip(services: State<'_, Services>, id: i64) -> Answer<Clip> {
    with(&services, |st| st.clips().get(id))
}

#[tauri::command(async)]
pub fn clip_history(services: State<'_, Services>, id: i64) -> Answer<Vec<AuditEntry>> {
    with(&services, |st| st.clips().history(id))
}

#[tauri::command(async)]
pub fn label_clips(services: State<'_, Services>, ids: Vec<i64>, labels: Labels) -> Answer<usize> {
    with(&services, |st| st.clips().label(&ids, &labels))
}

/// May the signed-in user view (or copy) this clip now? `needs_approval` when not.
#[tauri::command(async)]
pub fn check_access(services: State<'_, Services>, clip: i64, purpose: Purpose) -> Answer<()> {
    with(&services, |st| st.access().check(clip, purpose))
}

#[tauri::command(async)]
pub fn classify_clips(services: State<'_, Services>, ids: Vec<i64>, level: Level) -> Answer<usize> {
    with(&services, |st| st.access().classify(&ids, level))
}

/// How well the library is proven: since when every file was read back whole, the last pass.
#[tauri::command(async)]
pub fn fixity_status(services: State<'_, Services>) -> Answer<station_core::FixityStatus> {
    with(&services, |st| st.fixity_status())
}

/// Read back the whole library (or, `scheduled`, tonight's share) on its own connection;
/// progress arrives as `verify_progress` events.
#[tauri::command]
pub async fn verify_library(
    app: tauri::AppHandle,
    services: State<'_, Services>,
    scheduled: bool,
) -> Answer<station_core::VerifyReport> {
    super::on_own_station(&services, move |st| {
        let events = crate::events::WindowEvents(app);
        if scheduled {
            st.scheduled_check(&events, None)
        } else {
            st.verify(&events)
        }
    })
    .await
}
