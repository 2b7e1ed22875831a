//! The desktop station: a window over station-core, the dock watcher running from start-up,
//! a tray icon that keeps it watching when the window is closed, one instance at a time.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
#[cfg(windows)]
mod device_change;
mod events;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use station_core::dock::{self, WatchOptions};
use station_core::events::{CoreEvent, EventSink};
use station_core::library::Library;
use station_core::media_server::MediaServer;
use station_core::{Error, Setup, Station, SystemClock};
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, WindowEvent};

/// What the app runs: the station, the player's media server and the dock watcher.
pub struct Services {
    library: Mutex<PathBuf>,
    station: Mutex<Option<Station>>,
    media: Mutex<Option<MediaServer>>,
    watching: Mutex<Option<Arc<AtomicBool>>>,
    /// The custodian signed in at the window, named in what the dock watcher ingests.
    on_duty: dock::OnDuty,
    /// Rung by the window when Windows says the drives changed.
    wake: dock::Wake,
}

impl Services {
    /// Open the library and start the media server and the dock watcher.
    fn start(&self, app: &AppHandle) -> Result<(), Error> {
        let root = self
            .library
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let clock = Arc::new(SystemClock);
        let station = Station::open(&root, clock.clone())?;
        let stop = Arc::new(AtomicBool::new(false));
        let sink = Arc::new(events::WindowEvents(app.clone()));
        let media = MediaServer::start_with_events(station.root(), clock.clone(), sink.clone())?;
        let (library, halt, lang) = (station.root().to_path_buf(), stop.clone(), station.lang());
        let (on_duty, wake) = (self.on_duty.clone(), self.wake.clone());
        std::thread::Builder::new()
            .name("dock-watch".into())
            .spawn(move || {
                let events = sink.clone();
                let options = WatchOptions {
                    on_duty,
                    wake,
                    ..WatchOptions::default()
                };
                if let Err(e) = dock::watch(&library, clock, options, sink, halt) {
                    // The window says so: a station that does not watch must not look as if it did.
                    events.emit(CoreEvent::DockFailed {
                        mount: String::new(),
                        code: e.code(),
                        message: e.message(lang),
                    });
                }
            })
            .map_err(|e| Error::io("create", "dock watcher", e))?;
        *self.station.lock().unwrap_or_else(|p| p.into_inner()) = Some(station);
        *self.media.lock().unwrap_or_else(|p| p.into_inner()) = Some(media);
        if let Some(old) = self
            .watching
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(stop)
        {
            old.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// First-run setup from the window.
    fn setup(&self, app: &AppHandle, setup: &Setup) -> Result<(), Error> {
        let root = PathBuf::from(setup.library.trim());
        drop(Station::setup(&root, setup, Arc::new(SystemClock))?);
        *self.library.lock().unwrap_or_else(|p| p.into_inner()) = root;
        self.start(app)
    }

    /// The player's media server checks and records views for whoever signed in here.
    pub fn act_for_window(&self) {
        let station = self.station.lock().unwrap_or_else(|p| p.into_inner());
        let media = self.media.lock().unwrap_or_else(|p| p.into_inner());
        if let (Some(st), Some(m)) = (station.as_ref(), media.as_ref()) {
            m.act_for(st);
        }
        *self.on_duty.lock().unwrap_or_else(|p| p.into_inner()) = station
            .as_ref()
            .and_then(|st| st.signed_in())
            .filter(|a| a.role == station_core::access::Role::Custodian)
            .map(|a| a.name);
    }

    /// Close every connection this process holds to the library (the dock watcher is told to
    /// stop, the media server and the window's station are dropped): the catalog may then be
    /// replaced. The library's folder is returned.
    fn close(&self) -> PathBuf {
        self.stop();
        *self.media.lock().unwrap_or_else(|p| p.into_inner()) = None;
        *self.station.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.library
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The window's own station, taken out of the app for a move (the dock watcher is told
    /// to stop and the media server closes, so that nothing else holds the library).
    fn take(&self) -> Option<Station> {
        self.stop();
        *self.media.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.station
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }

    fn set_library(&self, root: PathBuf) {
        *self.library.lock().unwrap_or_else(|p| p.into_inner()) = root;
    }

    /// The window's station acts for whoever `token` names (the same person, after a move).
    fn adopt(&self, token: &station_core::access::SignInToken) {
        if let Some(st) = self
            .station
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_mut()
        {
            st.adopt(token);
        }
        self.act_for_window();
    }

    fn stop(&self) {
        if let Some(stop) = self
            .watching
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// `--library DIR` on the command line, as for the CLI.
fn library_argument() -> Option<PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--library" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--library=") {
            return Some(PathBuf::from(v));
        }
    }
    None
}

fn show_window(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

// Long by design: the builder lists every command the window may call, in one place.
fn main() {
    let library = Library::locate(library_argument());
    let services = Services {
        library: Mutex::new(library.clone()),
        station: Mutex::new(None),
        media: Mutex::new(None),
        watching: Mutex::new(None),
        on_duty: dock::OnDuty::default(),
        wake: dock::Wake::default(),
    };
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_window(app)
        }))
        .manage(services)
        .setup(move |app| {
            let show = MenuItem::with_id(app, "show", "显示窗口 Show", true, None::<&str>)?;
            let quit = MenuItem::with_id(app, "quit", "退出 Quit", true, None::<&str>)?;
            let menu = Menu::with_items(app, &[&show, &quit])?;
            let mut tray = TrayIconBuilder::new()
                .tooltip("执法记录证据工作站")
                .menu(&menu)
                .on_menu_event(|app, event| match event.id.as_ref() {
                    "show" => show_window(app),
                    "quit" => {
                        app.state::<Services>().stop();
                        app.exit(0);
                    }
                    _ => {}
                });
            if let Some(icon) = app.default_window_icon() {
                tray = tray.icon(icon.clone());
            }
            tray.build(app)?;
            #[cfg(windows)]
            if let Some(window) = app.get_webview_window("main") {
                let wake = app.state::<Services>().wake.clone();
                if let Err(e) = device_change::forward(&window, wake) {
                    // The one-second poll still sees every drive.
                    eprintln!("WM_DEVICECHANGE: {e}");
                }
            }
            if Library::exists(&library) {
                if let Err(e) = app.state::<Services>().start(app.handle()) {
                    eprintln!("{}", e.message(station_core::Lang::default()));
                }
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps the station watching from the tray.
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                let _ = window.hide();
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::station_status,
            commands::setup_station,
            commands::pick_folder,
            commands::clips::clip_page,
            commands::clips::get_clip,
            commands::clips::clip_history,
            commands::clips::label_clips,
            commands::registry::list_docks,
            commands::registry::list_devices,
            commands::registry::list_officers,
            commands::registry::list_squads,
            commands::registry::list_assignments,
            commands::registry::add_squad,
            commands::registry::add_officer,
            commands::registry::add_device,
            commands::registry::assign_device,
            commands::registry::device_upkeep,
            commands::registry::set_device_status,
            commands::registry::check_device,
            commands::registry::maintain_device,
            commands::cases::case_history,
            commands::settings::setting_guides,
            commands::settings::time_zones,
            commands::clips::fixity_status,
            commands::clips::verify_library,
            commands::registry::write_import_template,
            commands::registry::import_registry,
            commands::registry::pick_registry_file,
            commands::registry::pick_template_target,
            commands::settings::get_settings,
            commands::settings::set_setting,
            commands::retention::retention_overview,
            commands::retention::list_holds,
            commands::retention::add_hold,
            commands::retention::release_hold,
            commands::retention::list_disposals,
            commands::retention::propose_disposal,
            commands::retention::approve_disposal,
            commands::retention::reject_disposal,
            commands::retention::confirm_mass_disposal,
            commands::retention::restore_disposal,
            commands::retention::run_disposals,
            commands::discs::list_discs,
            commands::discs::burn_backlog,
            commands::discs::plan_burn,
            commands::discs::write_disc,
            commands::discs::verify_disc,
            commands::discs::set_disc_location,
            commands::discs::disc_label,
            commands::exports::export_status,
            commands::exports::week_summary,
            commands::exports::week_of,
            commands::exports::list_exports,
            commands::exports::export_week,
            commands::exports::export_request,
            commands::exports::verify_export,
            commands::access::session,
            commands::access::sign_in,
            commands::access::sign_out,
            commands::access::list_accounts,
            commands::access::create_account,
            commands::access::set_account,
            commands::access::set_password,
            commands::access::request_access,
            commands::access::approve_access,
            commands::access::reject_access,
            commands::access::list_access_requests,
            commands::audit::audit_list,
            commands::audit::verify_audit,
            commands::clips::classify_clips,
            commands::clips::check_access,
            commands::cases::list_cases,
            commands::cases::case_numbers,
            commands::pick_files,
            commands::cases::attach_document,
            commands::cases::case_detail,
            commands::cases::add_case,
            commands::cases::set_case_stage,
            commands::cases::edit_case,
            commands::cases::list_activities,
            commands::cases::add_activity,
            commands::cases::link_clips,
            commands::cases::suggest_clips,
            commands::cases::activity_coverage,
            commands::cases::explain_gap,
            commands::cases::acknowledge_gap,
            commands::cases::required_content,
            commands::cases::tick_content,
            commands::cases::report,
            commands::cases::statistics,
            commands::spot_checks::list_spot_checks,
            commands::spot_checks::draw_spot_check,
            commands::spot_checks::review_spot_item,
            commands::spot_checks::spot_check_ledger,
            commands::papers::save_paper,
            commands::papers::print_paper,
            commands::papers::pick_paper_target,
            commands::rebuild::rebuild_catalog,
            commands::district::district,
            commands::district::set_district_secret,
            commands::district::test_district,
            commands::district::district_status,
            commands::district::district_inventory,
            commands::district::verify_district,
            commands::district::district_week,
            commands::library::move_library,
            commands::library::kept_old_libraries,
            commands::library::remove_old_libraries,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("执法记录证据工作站无法启动 / cannot start: {e}");
            std::process::exit(1);
        }
    }
}
