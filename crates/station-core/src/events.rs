//! What the core tells whoever watches it (the CLI's progress bar, the desktop window).

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::ItemError;
use crate::ingest::IngestReport;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CoreEvent {
    IngestPlanned {
        source: String,
        device: String,
        files_found: u64,
        files_to_copy: u64,
        bytes_to_copy: u64,
    },
    IngestProgress(Progress),
    FileFailed(ItemError),
    IngestFinished(IngestReport),
    VerifyProgress(Progress),
    /// A verification pass ended (the night's share or the whole library).
    CheckFinished {
        kind: crate::catalog::FixityKind,
        checked: u64,
        mismatched: u64,
        missing: u64,
    },
    /// A thumbnail asked for is made: the window shows it instead of its placeholder.
    ThumbnailMade {
        id: i64,
    },
    /// The night's check could not run (the library unreadable …).
    CheckFailed {
        message: String,
    },
    /// A background round of sending to the district ended.
    DistrictPushed {
        report: crate::district::PushReport,
    },
    /// Writing or reading back a long-term copy; `source` is the disc's ID and `phase` one of
    /// `copying`, `imaging`, `burning`, `verifying`.
    DiscProgress {
        phase: &'static str,
        #[serde(flatten)]
        progress: Progress,
    },
    /// Writing or reading back an export package; `source` is the package's name and `phase`
    /// one of `copying`, `verifying`.
    ExportProgress {
        phase: &'static str,
        #[serde(flatten)]
        progress: Progress,
    },
    /// Moving the library (`copying`, each file read back) or clearing the old folder
    /// (`removing`).
    MoveProgress {
        phase: &'static str,
        #[serde(flatten)]
        progress: Progress,
    },
    /// The dock watcher is running on these roots.
    Watching {
        roots: Vec<String>,
    },
    /// A recorder was docked and its ingest is queued.
    Docked {
        mount: String,
        source: String,
    },
    /// A docked mount went away.
    Undocked {
        mount: String,
    },
    /// A mount that is not a recorder (`no_media`, `excluded`, `library_disk`); said once.
    MountIgnored {
        mount: String,
        reason: String,
    },
    /// A docking could not even start its ingest.
    DockFailed {
        mount: String,
        code: crate::error::ErrorCode,
        message: String,
    },
}

impl CoreEvent {
    pub fn disc(phase: &'static str, progress: Progress) -> CoreEvent {
        CoreEvent::DiscProgress { phase, progress }
    }

    pub fn export(phase: &'static str, progress: Progress) -> CoreEvent {
        CoreEvent::ExportProgress { phase, progress }
    }

    pub fn library_move(phase: &'static str, progress: Progress) -> CoreEvent {
        CoreEvent::MoveProgress { phase, progress }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// The recorder (mount) this is about; empty for library-wide work.
    pub source: String,
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub current: String,
}

pub trait EventSink: Send + Sync {
    fn emit(&self, event: CoreEvent);
}

/// For callers that do not watch.
pub struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&self, _event: CoreEvent) {}
}

/// Lets through at most about four progress events a second; the last one always passes via
/// `force`.
pub(crate) struct Throttle {
    every: Duration,
    last: Option<Instant>,
}

impl Throttle {
    pub fn new() -> Throttle {
        Throttle {
            every: Duration::from_millis(250),
            last: None,
        }
    }

    pub fn ready(&mut self) -> bool {
        let now = Instant::now();
        match self.last {
            Some(t) if now.duration_since(t) < self.every => false,
            _ => {
                self.last = Some(now);
                true
            }
        }
    }
}

/// One phase of a long job over files (writing a disc, an export), told as events: one when it
/// starts (all a phase without a measure of its own gets), then at most about four a second
/// and the last file.
pub(crate) struct Steps<'a> {
    phase: &'static str,
    progress: Progress,
    throttle: Throttle,
    events: &'a dyn EventSink,
    event: fn(&'static str, Progress) -> CoreEvent,
}

impl<'a> Steps<'a> {
    pub fn start(
        source: &str,
        files_total: usize,
        bytes_total: u64,
        phase: &'static str,
        events: &'a dyn EventSink,
        event: fn(&'static str, Progress) -> CoreEvent,
    ) -> Steps<'a> {
        let steps = Steps {
            phase,
            progress: Progress {
                source: source.to_string(),
                files_done: 0,
                files_total: files_total as u64,
                bytes_done: 0,
                bytes_total,
                current: String::new(),
            },
            throttle: Throttle::new(),
            events,
            event,
        };
        steps.tell();
        steps
    }

    pub fn file_done(&mut self, path: &str, bytes: u64) {
        self.progress.files_done += 1;
        self.progress.bytes_done += bytes;
        if self.throttle.ready() || self.progress.files_done == self.progress.files_total {
            self.progress.current = path.to_string();
            self.tell();
        }
    }

    fn tell(&self) {
        self.events
            .emit((self.event)(self.phase, self.progress.clone()));
    }
}
