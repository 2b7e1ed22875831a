//! One short function per command, each calling one `Station` method. Errors reach the UI as
//! `{code, message}`: the UI branches on the stable code and shows the message.
//!
//! One file per domain, as the core has them; this file holds what every command shares.

pub mod access;
pub mod audit;
pub mod cases;
pub mod clips;
pub mod discs;
pub mod district;
pub mod exports;
pub mod library;
pub mod papers;
pub mod rebuild;
pub mod registry;
pub mod retention;
pub mod settings;
pub mod spot_checks;

use std::sync::Arc;

use serde::Serialize;
use station_core::{Error, Lang, Setup, Station, SystemClock};
use tauri::State;

use crate::Services;

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UiError {
    code: String,
    message: String,
}

impl UiError {
    pub(crate) fn from(e: Error, lang: Lang) -> UiError {
        UiError {
            code: e.code().as_str().to_string(),
            message: e.message(lang),
        }
    }
}

pub(crate) type Answer<T> = Result<T, UiError>;

/// Run `f` on the open station (the first-run setup has not happened: `not_a_library`).
pub(crate) fn with<T>(
    services: &State<'_, Services>,
    f: impl FnOnce(&Station) -> Result<T, Error>,
) -> Answer<T> {
    let guard = services.station.lock().unwrap_or_else(|p| p.into_inner());
    let Some(st) = guard.as_ref() else {
        let root = services
            .library
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        return Err(UiError::from(
            Error::NotALibrary { path: root },
            Lang::default(),
        ));
    };
    f(st).map_err(|e| UiError::from(e, st.lang()))
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Status {
    configured: bool,
    library: String,
    branch: Option<String>,
    language: String,
    time_zone: String,
    free_bytes: Option<u64>,
    total_bytes: Option<u64>,
    media_base: Option<String>,
    media_token: Option<String>,
    mount_roots: Vec<String>,
    /// The station is the district's console: the window shows 分局汇总.
    district_console: bool,
}

#[tauri::command(async)]
pub fn station_status(services: State<'_, Services>) -> Answer<Status> {
    Ok(services.status())
}

#[tauri::command(async)]
pub fn setup_station(
    app: tauri::AppHandle,
    services: State<'_, Services>,
    setup: Setup,
) -> Answer<Status> {
    services
        .setup(&app, &setup)
        .map_err(|e| UiError::from(e, Lang::parse(&setup.language).unwrap_or_default()))?;
    Ok(services.status())
}

#[tauri::command]
pub async fn pick_folder() -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("证据库位置 / Library location")
        .pick_folder()
        .await
        .map(|f| f.path().display().to_string())
}

/// Scanned documents to attach to a case.
#[tauri::command]
pub async fn pick_files() -> Vec<String> {
    rfd::AsyncFileDialog::new()
        .set_title("案件文书 / Case documents")
        .pick_files()
        .await
        .unwrap_or_default()
        .iter()
        .map(|f| f.path().display().to_string())
        .collect()
}

/// Run `f` on the open station, able to change who is signed in.
pub(crate) fn with_mut<T>(
    services: &State<'_, Services>,
    f: impl FnOnce(&mut Station) -> Result<T, Error>,
) -> Answer<T> {
    let mut guard = services.station.lock().unwrap_or_else(|p| p.into_inner());
    let Some(st) = guard.as_mut() else {
        return Err(UiError::from(
            Error::input("尚未选择证据库", "no library yet"),
            Lang::default(),
        ));
    };
    f(st).map_err(|e| UiError::from(e, st.lang()))
}

/// The status the top bar and the pages start from.
impl Services {
    pub fn status(&self) -> Status {
        let library = self
            .library
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let guard = self.station.lock().unwrap_or_else(|p| p.into_inner());
        let media = self.media.lock().unwrap_or_else(|p| p.into_inner());
        let (media_base, media_token) = match media.as_ref().map(|m| m.base()) {
            Some((b, t)) => (Some(b), Some(t)),
            None => (None, None),
        };
        match guard.as_ref() {
            Some(st) => {
                let space = st.library_space();
                let settings = st.settings();
                Status {
                    configured: true,
                    library: st.root().display().to_string(),
                    branch: settings.branch.clone(),
                    language: settings.language.pick("zh", "en").into(),
                    time_zone: settings.time_zone.name().to_string(),
                    free_bytes: space.map(|s| s.0),
                    total_bytes: space.map(|s| s.1),
                    media_base,
                    media_token,
                    mount_roots: st
                        .mount_roots()
                        .iter()
                        .map(|r| r.display().to_string())
                        .collect(),
                    district_console: settings.district.console,
                }
            }
            None => Status {
                configured: false,
                // Not chosen yet: suggest a visible folder on the roomiest data disk.
                library: if library == station_core::library::Library::default_root() {
                    station_core::library::Library::suggested_root()
                } else {
                    library
                }
                .display()
                .to_string(),
                branch: None,
                language: "zh".into(),
                time_zone: "Asia/Shanghai".into(),
                free_bytes: None,
                total_bytes: None,
                media_base: None,
                media_token: None,
                mount_roots: station_core::dock::watcher::default_roots()
                    .iter()
                    .map(|r| r.display().to_string())
                    .collect(),
                district_console: false,
            },
        }
    }
}

pub(crate) async fn on_own_station<T: Send + 'static>(
    services: &State<'_, Services>,
    f: impl FnOnce(&Station) -> Result<T, Error> + Send + 'static,
) -> Answer<T> {
    let root = services
        .library
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let token = services
        .station
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|w| w.sign_in_token());
    let job = tauri::async_runtime::spawn_blocking(move || {
        let mut st = Station::open(&root, Arc::new(SystemClock))
            .map_err(|e| UiError::from(e, Lang::default()))?;
        if let Some(t) = &token {
            st.adopt(t);
        }
        f(&st).map_err(|e| UiError::from(e, st.lang()))
    });
    job.await.unwrap_or_else(|e| {
        Err(UiError::from(
            Error::state(format!("任务已停止：{e}"), format!("the job stopped: {e}")),
            Lang::default(),
        ))
    })
}

/// The shell's own types for the window are generated like the core's (`ui/src/generated/
/// shell.ts`): the checked-in file must be what these types generate now.
#[cfg(test)]
mod typescript {
    use station_core::typescript::declaration;

    fn shell_module() -> String {
        let types = [
            declaration::<super::Status>(),
            declaration::<super::UiError>(),
            declaration::<super::access::Session>(),
            declaration::<super::clips::UiQuery>(),
        ];
        format!(
            "// Generated from the shell's Rust types (src-tauri/src/commands); do not edit.\n\
             // Regenerate: the test `the_shells_types_are_current` says how.\n\
             import type {{ Account, Duty }} from './core'\n\n{}",
            types.join("\n")
        )
    }

    #[test]
    fn the_shells_types_are_current() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated/shell.ts");
        let now = shell_module();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(now.as_str()) {
            // Never written into the repository by a test: the developer copies it.
            let fresh = std::env::temp_dir().join("station-shell.ts");
            std::fs::write(&fresh, &now).expect("a temporary file");
            panic!(
                "{} is stale: cp {} {} and commit it",
                path.display(),
                fresh.display(),
                path.display()
            );
        }
    }
}
