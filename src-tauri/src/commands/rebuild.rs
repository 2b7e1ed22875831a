//! The administrator rebuilds the catalog from the journal, `media/` and the manifests, as
//! `evidence-station rebuild` does: the station's own connections (the dock watcher, the
//! media server, the window's) are closed first, the catalog is replaced, and the station is
//! opened again — signed out, since the accounts are the rebuilt catalog's.

use std::sync::Arc;

use station_core::duties::Duty;
use station_core::error::Error;
use station_core::{Lang, RebuildAuthority, RebuildReport, Station, SystemClock};
use tauri::{AppHandle, State};

use super::{with, Answer, UiError};
use crate::Services;

#[tauri::command]
pub async fn rebuild_catalog(
    app: AppHandle,
    services: State<'_, Services>,
    password: String,
) -> Answer<RebuildReport> {
    let (user, lang) = with(&services, |st| {
        st.require(Duty::Rebuild)?;
        let user = st.signed_in().ok_or(Error::NotSignedIn)?.name;
        Ok((user, st.lang()))
    })?;
    let root = services.close();
    let job = tauri::async_runtime::spawn_blocking(move || {
        let authority = RebuildAuthority {
            user: &user,
            password: &password,
        };
        Station::rebuild_catalog(&root, Arc::new(SystemClock), Some(authority))
            .map(|(_, report)| report)
    });
    let rebuilt = match job.await {
        Ok(r) => r.map_err(|e| UiError::from(e, lang)),
        Err(e) => Err(UiError::from(
            Error::state(
                format!("重建已停止：{e}"),
                format!("the rebuild stopped: {e}"),
            ),
            Lang::default(),
        )),
    };
    // Whatever happened, the station runs again: on the new catalog, or on the old one a
    // refused or failed rebuild left in place.
    services.start(&app).map_err(|e| UiError::from(e, lang))?;
    rebuilt
}
