//! The supervisor: turns the dock watcher's events into verified ingests, several recorders
//! at once, each in its own thread with its own connection to the catalog.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use super::watcher::{self, DockEvent, DockWatcher, MountEntry, WatchSettings};
use crate::clock::Clock;
use crate::district::Round;
use crate::error::Result;
use crate::events::{CoreEvent, EventSink};
use crate::ingest::{is_os_junk, IngestOptions};
use crate::recorders::Kind;
use crate::Station;

/// Does this mount look like a recorder or camera card? Any media file or identity file in
/// the first levels is enough; a backup disk of documents is not.
pub fn looks_like_recorder(mount: &Path, identity_files: &[String]) -> bool {
    walkdir::WalkDir::new(mount)
        .max_depth(4)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_os_junk(e.file_name()))
        .take(5000)
        .flatten()
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            let name = e.file_name().to_string_lossy();
            let ext = e
                .path()
                .extension()
                .map(|x| x.to_string_lossy().to_string());
            identity_files.iter().any(|i| i.eq_ignore_ascii_case(&name))
                || ext.is_some_and(|x| Kind::from_extension(&x) != Kind::Other)
        })
}

/// The custodian signed in at the station, if any, as the window or the CLI last said: named
/// in the audit rows of what the watcher ingests (the docking itself is the station's act).
pub type OnDuty = Arc<std::sync::Mutex<Option<String>>>;

/// How often the queue for the district is looked at while the store answers.
const DISTRICT_ROUNDS: Duration = Duration::from_secs(5);

/// How the watch loop runs.
pub struct WatchOptions {
    /// Mount roots; empty = the station's setting, else the OS defaults.
    pub roots: Vec<PathBuf>,
    pub debounce: Duration,
    pub poll: Duration,
    pub on_duty: OnDuty,
    /// Rung when the OS says the drives changed, so a docking is seen before the next poll.
    pub wake: watcher::Wake,
}

impl Default for WatchOptions {
    fn default() -> WatchOptions {
        WatchOptions {
            roots: Vec::new(),
            debounce: Duration::from_millis(500),
            poll: Duration::from_secs(1),
            on_duty: OnDuty::default(),
            wake: watcher::Wake::default(),
        }
    }
}

/// Watch the mount roots until `stop`, ingesting every recorder docked there. Jobs run in
/// their own threads (up to the `max_parallel_docks` setting), each with its own connection
/// to the catalog; on stop they are cancelled cleanly and waited for. The settings that steer
/// it (excluded mounts, identity files, jobs at once) are read at every docking, so a change
/// in the window holds at once.
pub fn watch(
    library: &Path,
    clock: Arc<dyn Clock>,
    options: WatchOptions,
    sink: Arc<dyn EventSink>,
    stop: Arc<AtomicBool>,
) -> Result<()> {
    let st = Station::open(library, clock.clone())?;
    // A library without its administrator ingests nothing, not even as the station.
    st.require_administrator()?;
    let roots = if options.roots.is_empty() {
        st.mount_roots()
    } else {
        options.roots
    };
    sink.emit(CoreEvent::Watching {
        roots: roots.iter().map(|r| r.display().to_string()).collect(),
    });
    let (dock_tx, dock_rx) = mpsc::channel();
    let watcher = DockWatcher::new(WatchSettings {
        roots,
        debounce: options.debounce,
        poll: options.poll,
        wake: options.wake,
    });
    let watcher_stop = stop.clone();
    let watcher_thread = std::thread::Builder::new()
        .name("dock-watcher".into())
        .spawn(move || watcher.run(dock_tx, watcher_stop))
        .map_err(|e| crate::Error::io("create", "dock-watcher thread", e))?;

    let (done_tx, done_rx) = mpsc::channel::<PathBuf>();
    let mut supervisor = Supervisor {
        st,
        clock,
        sink,
        on_duty: options.on_duty,
        done_tx,
        queue: Vec::new(),
        running: BTreeMap::new(),
        ignored: BTreeSet::new(),
        check: None,
        next_look: std::time::Instant::now(),
        district: None,
        next_round: std::time::Instant::now(),
        store_back_off: DISTRICT_ROUNDS,
    };
    while !stop.load(Ordering::Relaxed) {
        match dock_rx.recv_timeout(Duration::from_millis(100)) {
            Ok(DockEvent::Docked(m)) => supervisor.docked(m),
            Ok(DockEvent::Undocked(p)) => supervisor.undocked(p),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        while let Ok(p) = done_rx.try_recv() {
            if let Some((_, handle)) = supervisor.running.remove(&p) {
                let _ = handle.join();
            }
        }
        supervisor.start_queued();
        supervisor.nightly_check(&stop);
        supervisor.district_round(&stop);
    }
    stop.store(true, Ordering::Relaxed);
    if let Some(check) = supervisor.check.take() {
        let _ = check.join();
    }
    if let Some(round) = supervisor.district.take() {
        let _ = round.join();
    }
    for (_, (cancel, handle)) in supervisor.running {
        cancel.store(true, Ordering::Relaxed);
        let _ = handle.join();
    }
    let _ = watcher_thread.join();
    Ok(())
}

/// What the watch loop keeps between events.
struct Supervisor {
    /// The watch's own connection, for the settings as they are now.
    st: Station,
    clock: Arc<dyn Clock>,
    sink: Arc<dyn EventSink>,
    on_duty: OnDuty,
    done_tx: mpsc::Sender<PathBuf>,
    queue: Vec<MountEntry>,
    running: BTreeMap<PathBuf, (Arc<AtomicBool>, std::thread::JoinHandle<()>)>,
    /// Mounts already said to be no recorder, so it is said once.
    ignored: BTreeSet<PathBuf>,
    /// The night's re-reading of a share of the library, while it runs.
    check: Option<std::thread::JoinHandle<()>>,
    /// When to look again whether that check is due.
    next_look: std::time::Instant,
    /// A round of sending to the district, while it runs.
    district: Option<std::thread::JoinHandle<bool>>,
    /// When the next round may start, and how long to wait after a round the store refused.
    next_round: std::time::Instant,
    store_back_off: Duration,
}

impl Supervisor {
    fn docked(&mut self, m: MountEntry) {
        let settings = self.st.settings();
        let why = if self.st.root().starts_with(&m.mount_point) {
            Some("library_disk")
        } else if is_excluded(&m, &settings.excluded_mounts) {
            Some("excluded")
        } else if !looks_like_recorder(&m.mount_point, &settings.identity_files) {
            Some("no_media")
        } else {
            None
        };
        match why {
            Some(reason) => {
                if self.ignored.insert(m.mount_point.clone()) {
                    self.sink.emit(CoreEvent::MountIgnored {
                        mount: m.mount_point.display().to_string(),
                        reason: reason.to_string(),
                    });
                }
            }
            None => {
                self.sink.emit(CoreEvent::Docked {
                    mount: m.mount_point.display().to_string(),
                    source: m.source.clone(),
                });
                self.queue.push(m);
            }
        }
    }

    fn undocked(&mut self, p: PathBuf) {
        self.ignored.remove(&p);
        self.queue.retain(|m| m.mount_point != p);
        self.sink.emit(CoreEvent::Undocked {
            mount: p.display().to_string(),
        });
    }

    /// Start queued dockings while fewer than `max_parallel_docks` run.
    fn start_queued(&mut self) {
        let max_parallel = self.st.settings().max_parallel_docks as usize;
        while self.running.len() < max_parallel && !self.queue.is_empty() {
            let m = self.queue.remove(0);
            if self.running.contains_key(&m.mount_point) {
                continue;
            }
            let cancel = Arc::new(AtomicBool::new(false));
            match self.spawn_ingest(&m.mount_point, cancel.clone()) {
                Ok(handle) => {
                    self.running.insert(m.mount_point.clone(), (cancel, handle));
                }
                Err(e) => self.sink.emit(CoreEvent::DockFailed {
                    mount: m.mount_point.display().to_string(),
                    code: crate::ErrorCode::Io,
                    message: e.to_string(),
                }),
            }
        }
    }

    /// Once a minute: start the night's check when it is due (see
    /// [`Station::scheduled_check_due`]) and no recorder is being copied — dockings come
    /// first. It runs on its own thread and connection, and stops with the watch.
    fn nightly_check(&mut self, stop: &Arc<AtomicBool>) {
        if self.check.as_ref().is_some_and(|h| h.is_finished()) {
            if let Some(done) = self.check.take() {
                let _ = done.join();
            }
        }
        let now = std::time::Instant::now();
        if self.check.is_some() || !self.running.is_empty() || now < self.next_look {
            return;
        }
        self.next_look = now + Duration::from_secs(60);
        if !self.st.scheduled_check_due().unwrap_or(false) {
            return;
        }
        let library = self.st.root().to_path_buf();
        let (clock, sink, stop) = (self.clock.clone(), self.sink.clone(), stop.clone());
        let lang = self.st.lang();
        let spawned = std::thread::Builder::new()
            .name("nightly-check".into())
            .spawn(move || {
                let result = Station::open(&library, clock).and_then(|st| {
                    let st = st.acting_as_station(None);
                    st.scheduled_check(sink.as_ref(), Some(&stop)).map(|_| ())
                });
                if let Err(e) = result {
                    sink.emit(CoreEvent::CheckFailed {
                        message: e.message(lang),
                    });
                }
            });
        self.check = spawned.ok();
    }

    /// Every few seconds, when a district store is set: one round of sending what waits (see
    /// [`Station::push_district`]) on its own thread and connection, beside any docking — it
    /// never holds one up. A round the store refused (down, a wrong key) is tried again after
    /// twice the last wait, up to a quarter of an hour; one that went through resets it.
    fn district_round(&mut self, stop: &Arc<AtomicBool>) {
        let now = std::time::Instant::now();
        if self.district.as_ref().is_some_and(|h| h.is_finished()) {
            let refused = self
                .district
                .take()
                .is_none_or(|h| h.join().unwrap_or(true));
            self.store_back_off = if refused {
                (self.store_back_off * 2).min(Duration::from_secs(15 * 60))
            } else {
                DISTRICT_ROUNDS
            };
            self.next_round = now + self.store_back_off;
        }
        if self.district.is_some() || now < self.next_round || !self.st.district_configured() {
            return;
        }
        let library = self.st.root().to_path_buf();
        let (clock, sink, stop) = (self.clock.clone(), self.sink.clone(), stop.clone());
        let was_refused = self.store_back_off > DISTRICT_ROUNDS;
        let spawned = std::thread::Builder::new()
            .name("district-push".into())
            .spawn(move || {
                let round = Station::open(&library, clock).and_then(|st| {
                    let st = st.acting_as_station(None);
                    st.push_district(Round::Background { stop: &stop })
                });
                match round {
                    Ok(report) => {
                        let refused = report.stopped.is_some();
                        let news =
                            report.pushed + report.locks_changed > 0 || !report.failed.is_empty();
                        // A quiet round (nothing waiting) is not news; a refused one is once.
                        if news || (refused && !was_refused) {
                            sink.emit(CoreEvent::DistrictPushed { report });
                        }
                        refused
                    }
                    Err(_) => true,
                }
            });
        self.district = spawned.ok();
    }

    /// One docking's verified ingest, on its own thread and its own catalog connection.
    fn spawn_ingest(
        &self,
        mount: &Path,
        cancel: Arc<AtomicBool>,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        let library = self.st.root().to_path_buf();
        let (clock, sink, done) = (self.clock.clone(), self.sink.clone(), self.done_tx.clone());
        let on_duty = self
            .on_duty
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let lang = self.st.lang();
        let mount = mount.to_path_buf();
        std::thread::Builder::new()
            .name("dock-ingest".into())
            .spawn(move || {
                let result = Station::open(&library, clock).and_then(|st| {
                    let st = st.acting_as_station(on_duty);
                    let opts = IngestOptions {
                        cancel: Some(cancel),
                        ..IngestOptions::default()
                    };
                    st.ingest(&mount, &opts, sink.as_ref()).map(|_| ())
                });
                if let Err(e) = result {
                    sink.emit(CoreEvent::DockFailed {
                        mount: mount.display().to_string(),
                        code: e.code(),
                        message: e.message(lang),
                    });
                }
                let _ = done.send(mount);
            })
    }
}

fn is_excluded(m: &MountEntry, excluded: &[String]) -> bool {
    if excluded.is_empty() {
        return false;
    }
    let (label, uuid) = watcher::volume_identity(m);
    excluded.iter().any(|x| {
        Path::new(x) == m.mount_point
            || label.as_deref() == Some(x.as_str())
            || uuid.as_deref() == Some(x.as_str())
    })
}
