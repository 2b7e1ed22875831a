//! The verified ingest of one mounted recorder: plan (walk), copy (stream + hash), verify
//! (read back from disk), and store (into `media/`, the manifest and the catalog).

mod job;
pub(crate) mod plan;
pub(crate) mod store;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde::Serialize;

use crate::error::ItemError;
use crate::recorders::RecognisedBy;

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
    /// Set to stop the job cleanly (the watcher shutting down): nothing unverified is stored.
    pub cancel: Option<Arc<AtomicBool>>,
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
    /// How the recorder was recognised.
    pub recognised_by: RecognisedBy,
    /// The docking record's flags: late_storage, sequence_gap, low_space, clock_drift,
    /// unregistered_device.
    pub flags: Vec<String>,
    /// What each flag is about, for a person.
    pub flag_details: BTreeMap<String, String>,
    /// The recorder's free and total space after the docking.
    pub free_bytes: Option<u64>,
    pub total_bytes: Option<u64>,
    /// Recorder clock minus station clock, where the recorder tells its time.
    pub clock_drift_s: Option<f64>,
    /// Files removed from the recorder after they were verified (free-the-recorder).
    pub freed: u64,
}

impl IngestReport {
    /// One line for a person: what the docking did, why it stopped, what it flagged.
    pub fn summary(&self, lang: crate::Lang) -> String {
        let flags = if self.flags.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = self
                .flags
                .iter()
                .map(|f| crate::docking::flag_label(f, lang))
                .collect();
            format!(" [{}]", names.join(lang.pick("、", ", ")))
        };
        match lang {
            crate::Lang::Zh => format!(
                "记录仪 {}：发现 {} 个文件，新入库并校验 {} 个（{} 字节），已在库中跳过 {} 个，失败 {} 个。{}{}",
                self.device,
                self.found,
                self.copied,
                self.bytes,
                self.skipped,
                self.failed,
                self.stopped.as_ref().map(|s| s.message.as_str()).unwrap_or(""),
                flags
            ),
            crate::Lang::En => format!(
                "recorder {}: {} files found, {} stored and verified ({} bytes), {} already in the library, {} failed.{}{}",
                self.device,
                self.found,
                self.copied,
                self.bytes,
                self.skipped,
                self.failed,
                self.stopped.as_ref().map(|s| format!(" {}", s.message)).unwrap_or_default(),
                flags
            ),
        }
    }

    /// Every file on the recorder is in the library, verified.
    pub fn complete(&self) -> bool {
        self.failed == 0 && self.stopped.is_none() && self.copied + self.skipped == self.found
    }
}
