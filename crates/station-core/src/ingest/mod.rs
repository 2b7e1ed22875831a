//! The verified ingest of one mounted recorder: plan (walk), copy (stream + hash), verify
//! (read back from disk), and store (into `media/`, the manifest and the catalog).

mod assess;
mod job;
pub(crate) mod plan;
mod report;
pub(crate) mod store;
mod turns;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub(crate) use job::run;
pub use plan::{display_path, is_os_junk};
pub use report::{EntryKind, IngestReport, NotAFile, Stopped};

/// What the custodian says about the recorder at docking; each is optional.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The recorder's serial, when its files do not say it.
    pub device: Option<String>,
    /// The officer (警号) who used it.
    pub officer: Option<String>,
    /// The squad (中队/组).
    pub squad: Option<String>,
    /// Set to stop the job cleanly (the watcher shutting down): nothing unverified is stored.
    pub cancel: Option<Arc<AtomicBool>>,
}
