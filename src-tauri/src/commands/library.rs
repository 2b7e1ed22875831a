//! Moving the library from the window (administrator), as `evidence-station library move`
//! does: the dock watcher and the media server close, the window's own station goes into the
//! move, and the station runs again on the copy — still signed in as the administrator.

use std::path::PathBuf;

use station_core::duties::Duty;
use station_core::error::Error;
use station_core::{Lang, LibraryMove, MoveReport, OldLibraryRemoval};
use tauri::{AppHandle, State};

use super::{on_own_station, with, Answer, UiError};
use crate::Services;

#[tauri::command]
pub async fn move_library(
    app: AppHandle,
    services: State<'_, Services>,
    to: String,
) -> Answer<MoveReport> {
    let lang = with(&services, |st| {
        st.require(Duty::MoveLibrary)?;
        Ok(st.lang())
    })?;
    let Some(st) = services.take() else {
        return Err(UiError::from(Error::NotSignedIn, lang));
    };
    let token = st.sign_in_token();
    let events = crate::events::WindowEvents(app.clone());
    let job = tauri::async_runtime::spawn_blocking(move || {
        st.move_library(&PathBuf::from(to.trim()), &events)
            .map(|(moved, report)| (moved.root().to_path_buf(), report))
    });
    let moved = match job.await {
        Ok(r) => r.map_err(|e| UiError::from(e, lang)),
        Err(e) => Err(UiError::from(
            Error::state(format!("迁移已停止：{e}"), format!("the move stopped: {e}")),
            Lang::default(),
        )),
    };
    // Whatever happened, the station runs again: on the copy, or on the library a refused or
    // failed move left as it was — with the same person signed in.
    if let Ok((root, _)) = &moved {
        services.set_library(root.clone());
    }
    services.start(&app).map_err(|e| UiError::from(e, lang))?;
    services.adopt(&token);
    moved.map(|(_, report)| report)
}

#[tauri::command(async)]
pub fn kept_old_libraries(services: State<'_, Services>) -> Answer<Vec<LibraryMove>> {
    with(&services, |st| st.kept_old_libraries())
}

#[tauri::command]
pub async fn remove_old_libraries(
    app: AppHandle,
    services: State<'_, Services>,
) -> Answer<OldLibraryRemoval> {
    on_own_station(&services, move |st| {
        st.remove_old_libraries(&crate::events::WindowEvents(app))
    })
    .await
}
