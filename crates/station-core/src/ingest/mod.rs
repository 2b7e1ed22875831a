//! The verified ingest of one mounted recorder: plan (walk), copy (stream + hash), verify
//! (read back from disk), and store (into `media/`, the manifest and the catalog).

mod copy;
mod job;
mod plan;
mod store;

use serde::Serialize;

use crate::error::ItemError;

pub use copy::read_back;
pub(crate) use job::run;
pub use plan::{display_path, is_os_junk};

/// What the custodian says about the recorder at docking; each is optional.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The recorder's serial, when its files do not say it.
    pub device: Option<String>,
    /// The officer (警号) who used it.
    pub officer: Option<String>,
    /// The squad (中队/组).
    pub squad: Option<String>,
}

/// Why a job stopped before the end.
#[derive(Debug, Clone, Serialize)]
pub struct Stopped {
    pub code: crate::error::ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    pub dock_event_id: i64,
    pub source: String,
    pub device: String,
    /// Files on the recorder (OS metadata excluded).
    pub found: u64,
    /// Newly stored and verified.
    pub copied: u64,
    /// Already in the library from this recorder.
    pub skipped: u64,
    pub failed: u64,
    /// Bytes newly stored.
    pub bytes: u64,
    pub errors: Vec<ItemError>,
    pub stopped: Option<Stopped>,
}

impl IngestReport {
    /// Every file on the recorder is in the library, verified.
    pub fn complete(&self) -> bool {
        self.failed == 0 && self.stopped.is_none() && self.copied + self.skipped == self.found
    }
}
