//! What one ingest did, for the person who docked and for the events: a leaf the events
//! module reads without reaching into the ingest.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::closed_set::closed_set;
use crate::dock::DockFlag;
use crate::error::{ErrorCode, ItemError};
use crate::lang::Lang;
use crate::recorders::RecognisedBy;

/// Why a job stopped before the end.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stopped {
    pub code: ErrorCode,
    pub message: String,
}

/// An entry on a card that is not a regular file, and so is not stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotAFile {
    pub path: String,
    pub kind: EntryKind,
}

closed_set! {
    /// What a card entry that is no regular file or folder is.
    pub enum EntryKind as ("文件类型", "entry kind") {
        Symlink = "symlink" ("符号链接", "symbolic link"),
        Fifo = "fifo" ("命名管道", "named pipe"),
        Socket = "socket" ("套接字", "socket"),
        Device = "device" ("设备文件", "device file"),
        Other = "other" ("特殊文件", "special file"),
    }
}

impl EntryKind {
    pub(crate) fn of(t: std::fs::FileType) -> EntryKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return EntryKind::Fifo;
            }
            if t.is_socket() {
                return EntryKind::Socket;
            }
            if t.is_block_device() || t.is_char_device() {
                return EntryKind::Device;
            }
        }
        if t.is_symlink() {
            EntryKind::Symlink
        } else {
            EntryKind::Other
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Entries on the card that are not files (links, pipes, devices): not stored, and said.
    pub skipped_items: Vec<NotAFile>,
    pub stopped: Option<Stopped>,
    /// How the recorder was recognised.
    pub recognised_by: RecognisedBy,
    /// The docking record's flags.
    pub flags: Vec<DockFlag>,
    /// What each flag is about, for a person.
    pub flag_details: BTreeMap<DockFlag, String>,
    /// The recorder's free and total space after the docking.
    pub free_bytes: Option<u64>,
    pub total_bytes: Option<u64>,
    /// Recorder clock minus station clock, where the recorder tells its time.
    pub clock_drift_s: Option<f64>,
    /// Files removed from the recorder after they were verified (free-the-recorder).
    pub freed: u64,
    /// Why free-the-recorder, though on, deleted nothing (the source was no recorder volume).
    pub not_freed: Option<String>,
    /// Where the docking's time went (for `--explain` and the bench; not part of the JSON).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub stages: StageTimes,
}

/// Seconds each stage of a docking spent working. The reader, the copier and the verifier run
/// at once, so the stages overlap and add up to more than the docking took (`total_s`): the
/// stage whose sum comes nearest `total_s` is the one the others wait for.
#[derive(Debug, Clone, Default)]
pub struct StageTimes {
    pub total_s: f64,
    /// Reading the recorder (the card's driver included).
    pub card_read_s: f64,
    /// BLAKE3 and SHA-256 of the recorder's bytes, on the copier's thread.
    pub hash_s: f64,
    /// SM3 of the same bytes, on a thread of its own.
    pub sm3_s: f64,
    /// Writing the staged copies.
    pub write_s: f64,
    /// Making the copies durable (fsync).
    pub sync_s: f64,
    /// Reading the copies back from the library disk and comparing.
    pub read_back_s: f64,
    /// Linking into `media/`, the manifest line and the catalog row with its audit row.
    pub store_s: f64,
    /// The verifier waiting for a file's SM3 before storing it.
    pub sm3_wait_s: f64,
    /// The reader waiting while other dockings with less left took their turn.
    pub turn_wait_s: f64,
}

impl StageTimes {
    /// One line per stage, in the reader's language.
    pub fn explain(&self, lang: Lang) -> String {
        let share = |s: f64| {
            if self.total_s > 0.0 {
                100.0 * s / self.total_s
            } else {
                0.0
            }
        };
        [
            (
                lang.pick("等待其他记录仪", "waiting for other dockings"),
                self.turn_wait_s,
            ),
            (lang.pick("读取记录仪", "card read"), self.card_read_s),
            (
                lang.pick("计算 BLAKE3 + SHA-256", "hash (BLAKE3 + SHA-256)"),
                self.hash_s,
            ),
            (
                lang.pick("计算 SM3（独立线程）", "SM3 (own thread)"),
                self.sm3_s,
            ),
            (lang.pick("写入", "write"), self.write_s),
            (lang.pick("落盘（fsync）", "fsync"), self.sync_s),
            (lang.pick("回读校验", "read-back"), self.read_back_s),
            (
                lang.pick("入库前等待 SM3", "waiting for SM3 before storing"),
                self.sm3_wait_s,
            ),
            (
                lang.pick(
                    "入库（链接 + 清单 + 目录库）",
                    "store (link + manifest + catalog)",
                ),
                self.store_s,
            ),
        ]
        .iter()
        .map(|(name, s)| {
            let (share, total) = (share(*s), self.total_s);
            match lang {
                Lang::Zh => {
                    format!("{name:<20} {s:>8.3} 秒  占全程 {total:.3} 秒的 {share:>5.1}%\n")
                }
                Lang::En => format!("{name:<34} {s:>8.3} s  {share:>5.1}% of {total:.3} s\n"),
            }
        })
        .collect()
    }
}

impl IngestReport {
    /// One line for a person: what the docking did, why it stopped, what it flagged.
    pub fn summary(&self, lang: Lang) -> String {
        let flags = if self.flags.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = self.flags.iter().map(|f| f.label(lang)).collect();
            format!(" [{}]", names.join(lang.pick("、", ", ")))
        };
        let not_files = match self.skipped_items.len() {
            0 => String::new(),
            n => lang
                .pick(
                    format!(" 另有 {n} 项不是普通文件（链接、管道等），未保存。"),
                    format!(
                        " {n} entries are no regular files (links, pipes …) and were not stored."
                    ),
                )
                .to_string(),
        };
        let not_freed = self
            .not_freed
            .as_ref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let flags = format!("{not_files}{not_freed}{flags}");
        match lang {
            Lang::Zh => format!(
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
            Lang::En => format!(
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
