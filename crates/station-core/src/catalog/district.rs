//! The district's copies and the queue's bookkeeping: which clips and case documents the
//! district's store holds (key, version, lock), what is still to send, what failed and when to
//! try again, and how far each journal file has been sent.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::Catalog;
use crate::error::Result;

/// What is sent of a clip or a case document, and what its object is named by.
#[derive(Debug, Clone)]
pub struct PendingFile {
    /// `clip:12:<sha256>` or `document:3:<sha256>`: the queue's name for it.
    pub item: String,
    pub clip_id: Option<i64>,
    pub document_id: Option<i64>,
    pub media_path: String,
    pub sha256: String,
    pub size: u64,
    /// The clip's recorder, or the document's case number.
    pub group: String,
    /// The original file name.
    pub name: String,
    /// RFC 3339: the recorder's time for a clip, the time it was added for a document.
    pub made_at: Option<String>,
    pub stored_at: String,
    pub officer: Option<String>,
    pub case_number: Option<String>,
}

/// One object of the district's, as the catalog last knew it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictCopy {
    pub key: String,
    pub version_id: String,
    /// RFC 3339, UTC: the store refuses to delete it before.
    pub retain_until: String,
    pub legal_hold: bool,
    pub pushed_at: String,
}

/// A clip's copy, for keeping its lock and legal hold in step with the clip.
#[derive(Debug, Clone)]
pub struct ClipCopy {
    pub id: i64,
    pub clip_id: i64,
    pub copy: DistrictCopy,
}

/// A failed attempt, remembered until the item goes through.
#[derive(Debug, Clone)]
pub struct QueueFailure {
    pub attempts: u32,
    pub last_error: String,
    pub next_try_at: String,
}

const PENDING_CLIPS: &str = "SELECT 'clip:' || c.id || ':' || c.sha256, c.id, NULL, c.media_path,
        c.sha256, c.size, d.serial, c.source_path, c.recorded_at, c.ingested_at, o.name,
        c.case_number
    FROM clips c JOIN devices d ON d.id = c.device_id LEFT JOIN officers o ON o.id = c.officer_id
    WHERE NOT EXISTS (SELECT 1 FROM district_copies k WHERE k.clip_id = c.id AND k.sha256 = c.sha256)
    ORDER BY c.ingested_at, c.id";

const PENDING_DOCUMENTS: &str = "SELECT 'document:' || x.id || ':' || x.sha256, NULL, x.id,
        x.media_path, x.sha256, x.size, cs.number, x.name, x.added_at, x.added_at, NULL, cs.number
    FROM case_documents x JOIN cases cs ON cs.id = x.case_id
    WHERE NOT EXISTS (SELECT 1 FROM district_copies k
                      WHERE k.document_id = x.id AND k.sha256 = x.sha256)
    ORDER BY x.added_at, x.id";

fn pending_from(r: &Row<'_>) -> rusqlite::Result<PendingFile> {
    Ok(PendingFile {
        item: r.get(0)?,
        clip_id: r.get(1)?,
        document_id: r.get(2)?,
        media_path: r.get(3)?,
        sha256: r.get(4)?,
        size: r.get::<_, i64>(5)?.max(0) as u64,
        group: r.get(6)?,
        name: r.get(7)?,
        made_at: r.get(8)?,
        stored_at: r.get(9)?,
        officer: r.get(10)?,
        case_number: r.get(11)?,
    })
}

impl Catalog {
    /// Clips, then case documents, the district does not hold yet, oldest first.
    pub fn district_pending(&self) -> Result<Vec<PendingFile>> {
        let mut all = Vec::new();
        for sql in [PENDING_CLIPS, PENDING_DOCUMENTS] {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], pending_from)?;
            all.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        Ok(all)
    }

    /// Record a copy the store confirmed (inside the caller's audited transaction).
    pub fn record_district_copy(
        &self,
        f: &PendingFile,
        copy: &DistrictCopy,
        bytes: u64,
    ) -> Result<()> {
        self.write(
            "INSERT INTO district_copies (clip_id, document_id, key, version_id, sha256, bytes,
                 retain_until, legal_hold, pushed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                f.clip_id,
                f.document_id,
                copy.key,
                copy.version_id,
                f.sha256,
                bytes as i64,
                copy.retain_until,
                copy.legal_hold,
                copy.pushed_at
            ],
        )?;
        self.write("DELETE FROM district_queue WHERE item = ?1", [&f.item])?;
        Ok(())
    }

    /// The copies of clips still in the library.
    pub fn district_clip_copies(&self) -> Result<Vec<ClipCopy>> {
        let mut stmt = self.conn.prepare(
            "SELECT k.id, k.clip_id, k.key, k.version_id, k.retain_until, k.legal_hold, k.pushed_at
             FROM district_copies k JOIN clips c ON c.id = k.clip_id AND c.sha256 = k.sha256
             ORDER BY k.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ClipCopy {
                id: r.get(0)?,
                clip_id: r.get(1)?,
                copy: DistrictCopy {
                    key: r.get(2)?,
                    version_id: r.get(3)?,
                    retain_until: r.get(4)?,
                    legal_hold: r.get(5)?,
                    pushed_at: r.get(6)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each clip's copy, by clip id, for listing clips.
    pub fn district_copies_by_clip(&self) -> Result<HashMap<i64, DistrictCopy>> {
        Ok(self
            .district_clip_copies()?
            .into_iter()
            .map(|c| (c.clip_id, c.copy))
            .collect())
    }

    /// What the store was told of a copy's lock and legal hold.
    pub fn set_district_lock(&self, id: i64, retain_until: &str, legal_hold: bool) -> Result<()> {
        self.write(
            "UPDATE district_copies SET retain_until = ?2, legal_hold = ?3 WHERE id = ?1",
            params![id, retain_until, legal_hold],
        )?;
        Ok(())
    }

    /// Remember a failed attempt (not journaled: the queue's own bookkeeping).
    pub fn district_failed(&self, item: &str, error: &str, next_try_at: &str) -> Result<()> {
        self.atomically(|| {
            self.write(
                "INSERT INTO district_queue (item, attempts, last_error, next_try_at)
                 VALUES (?1, 1, ?2, ?3)
                 ON CONFLICT (item) DO UPDATE SET attempts = attempts + 1, last_error = ?2,
                     next_try_at = ?3",
                params![item, error, next_try_at],
            )?;
            Ok(())
        })
    }

    pub fn district_failures(&self) -> Result<HashMap<String, QueueFailure>> {
        let mut stmt = self
            .conn
            .prepare("SELECT item, attempts, last_error, next_try_at FROM district_queue")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                QueueFailure {
                    attempts: r.get(1)?,
                    last_error: r.get(2)?,
                    next_try_at: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many bytes of a journal file the store holds.
    pub fn journal_sent(&self, file: &str) -> Result<u64> {
        let sent: Option<i64> = self
            .conn
            .query_row(
                "SELECT sent FROM district_journal WHERE file = ?1",
                [file],
                |r| r.get(0),
            )
            .optional()?;
        Ok(sent.unwrap_or(0).max(0) as u64)
    }

    pub fn set_journal_sent(&self, file: &str, sent: u64) -> Result<()> {
        self.atomically(|| {
            self.write(
                "INSERT INTO district_journal (file, sent) VALUES (?1, ?2)
                 ON CONFLICT (file) DO UPDATE SET sent = ?2",
                params![file, sent as i64],
            )?;
            Ok(())
        })
    }

    /// How many copies the district holds.
    pub fn district_pushed(&self) -> Result<u64> {
        let pushed: i64 = self
            .conn
            .query_row("SELECT count(*) FROM district_copies", [], |r| r.get(0))?;
        Ok(pushed.max(0) as u64)
    }

    /// An item that went through after failing (a lock, a journal file): tried again at once
    /// from now on.
    pub fn district_cleared(&self, item: &str) -> Result<()> {
        self.atomically(|| {
            self.write("DELETE FROM district_queue WHERE item = ?1", [item])?;
            Ok(())
        })
    }
}
