//! Holds, disposal batches and tombstones.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Catalog;
use crate::closed_set::closed_set;
use crate::error::Result;
use crate::retention::HoldReason;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Hold"))]
pub struct HoldRow {
    pub id: i64,
    pub reason: HoldReason,
    pub note: Option<String>,
    #[serde(rename = "case")]
    pub case_number: Option<String>,
    pub clips: Vec<i64>,
    /// How many clips the hold covers now (its clips and those labelled with its case), and
    /// their bytes: a hold covering nothing protects nothing.
    pub covers: u64,
    pub bytes: u64,
    pub set_by: String,
    pub set_at: String,
    pub released_by: Option<String>,
    pub released_at: Option<String>,
    pub release_note: Option<String>,
}

closed_set! {
    /// Where a disposal batch stands (art. 20: proposed, decided, then disposed or restored).
    pub enum BatchState as ("处置批次状态", "batch state") {
        Proposed = "proposed" ("待审批", "proposed"),
        Approved = "approved" ("已批准", "approved"),
        Rejected = "rejected" ("已驳回", "rejected"),
        Restored = "restored" ("已恢复", "restored"),
        Disposed = "disposed" ("已处置", "disposed"),
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "DisposalBatch"))]
pub struct BatchRow {
    pub id: i64,
    pub state: BatchState,
    pub as_of: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub remove_after: Option<String>,
    pub mass_confirmed: bool,
    /// Who gave a mass disposal its second confirmation, and when.
    pub second_by: Option<String>,
    pub second_at: Option<String>,
    pub clips: Vec<i64>,
    /// The batch's clips' bytes (from their tombstones once disposed of).
    pub bytes: u64,
}

/// One clip as retention sees it.
#[derive(Debug, Clone)]
pub struct RetentionClip {
    pub id: i64,
    /// Unix seconds by the recorder's clock; None when it is unknown.
    pub recorded: Option<i64>,
    /// Unix seconds by the station's clock, when the clip was stored.
    pub stored: i64,
    pub case_number: Option<String>,
    pub size: u64,
}

/// What retention needs to know of every clip, in one read.
pub struct RetentionFacts {
    pub clips: Vec<RetentionClip>,
    /// Active hold reasons on a clip directly.
    pub clip_holds: HashMap<i64, Vec<String>>,
    /// Active hold reasons on a case number.
    pub case_holds: HashMap<String, Vec<String>>,
    /// Clips and cases that were ever held, released or not.
    pub ever_held_clips: HashSet<i64>,
    pub ever_held_cases: HashSet<String>,
    /// Clips in a proposed or approved batch.
    pub pending: HashSet<i64>,
    /// Verified off-station copies per clip: discs, drives, the district's store.
    pub verified_copies: HashMap<i64, u32>,
}

/// The tombstone of one disposed original.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Tombstone {
    pub clip_id: i64,
    pub media_path: String,
    pub device: String,
    pub source_path: String,
    pub size: u64,
    pub blake3: String,
    pub sha256: String,
    pub recorded_at: Option<String>,
    pub officer: Option<String>,
    pub squad: Option<String>,
    #[serde(rename = "case")]
    pub case_number: Option<String>,
    pub cause: Option<String>,
    pub party: Option<String>,
    pub batch_id: i64,
    pub proposed_by: String,
    pub approved_by: String,
    pub disposed_at: String,
}

impl Catalog {
    pub fn add_hold(
        &self,
        reason: HoldReason,
        note: Option<&str>,
        case_number: Option<&str>,
        clips: &[i64],
        by: &str,
        at: &str,
    ) -> Result<i64> {
        let tx = self.atomic()?;
        tx.execute(
            "INSERT INTO holds (reason, note, case_number, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![reason, note, case_number, by, at],
        )?;
        let id = tx.last_insert_rowid();
        for c in clips {
            tx.execute(
                "INSERT INTO hold_clips (hold_id, clip_id) VALUES (?1, ?2)",
                params![id, c],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Release an active hold; false when there is no such active hold.
    pub fn release_hold(&self, id: i64, by: &str, at: &str, note: &str) -> Result<bool> {
        Ok(self.write(
            "UPDATE holds SET released_by = ?2, released_at = ?3, release_note = ?4
             WHERE id = ?1 AND released_at IS NULL",
            params![id, by, at, note],
        )? == 1)
    }

    pub fn holds(&self) -> Result<Vec<HoldRow>> {
        let mut clips: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT hold_id, clip_id FROM hold_clips ORDER BY clip_id")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (h, c) = row?;
            clips.entry(h).or_default().push(c);
        }
        let mut stmt = self.conn.prepare(
            "SELECT h.id, h.reason, h.note, h.case_number, h.set_by, h.set_at, h.released_by,
                    h.released_at, h.release_note, count(c.id), coalesce(sum(c.size), 0)
             FROM holds h LEFT JOIN clips c
               ON c.id IN (SELECT clip_id FROM hold_clips WHERE hold_id = h.id)
               OR (h.case_number IS NOT NULL AND c.case_number = h.case_number)
             GROUP BY h.id ORDER BY h.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            Ok(HoldRow {
                id,
                reason: r.get(1)?,
                note: r.get(2)?,
                case_number: r.get(3)?,
                clips: clips.get(&id).cloned().unwrap_or_default(),
                covers: r.get::<_, i64>(9)? as u64,
                bytes: r.get::<_, i64>(10)? as u64,
                set_by: r.get(4)?,
                set_at: r.get(5)?,
                released_by: r.get(6)?,
                released_at: r.get(7)?,
                release_note: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn retention_facts(&self) -> Result<RetentionFacts> {
        let mut stmt = self.conn.prepare(
            "SELECT id, recorded_at_unix, CAST(strftime('%s', ingested_at) AS INTEGER),
                    case_number, size FROM clips ORDER BY id",
        )?;
        let clips = stmt
            .query_map([], |r| {
                Ok(RetentionClip {
                    id: r.get(0)?,
                    recorded: r.get(1)?,
                    // A clip whose storage time cannot be read is never disposable.
                    stored: r.get::<_, Option<i64>>(2)?.unwrap_or(i64::MAX),
                    case_number: r.get(3)?,
                    size: r.get::<_, i64>(4)? as u64,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut facts = RetentionFacts {
            clips,
            clip_holds: HashMap::new(),
            case_holds: HashMap::new(),
            ever_held_clips: HashSet::new(),
            ever_held_cases: HashSet::new(),
            pending: HashSet::new(),
            verified_copies: self
                .disc_copies()?
                .into_iter()
                .map(|(clip, (verified, _))| (clip, verified))
                .collect(),
        };
        // The district's copy is off the station and its bytes confirmed by the store.
        for clip in self.district_copies_by_clip()?.into_keys() {
            *facts.verified_copies.entry(clip).or_insert(0) += 1;
        }
        let mut stmt = self.conn.prepare(
            "SELECT h.reason, h.released_at IS NULL, h.case_number, hc.clip_id
             FROM holds h LEFT JOIN hold_clips hc ON hc.hold_id = h.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })?;
        for row in rows {
            let (reason, active, case, clip) = row?;
            if let Some(c) = clip {
                facts.ever_held_clips.insert(c);
                if active {
                    facts.clip_holds.entry(c).or_default().push(reason.clone());
                }
            }
            if let Some(case) = case {
                facts.ever_held_cases.insert(case.clone());
                if active {
                    facts.case_holds.entry(case).or_default().push(reason);
                }
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT i.clip_id FROM disposal_items i JOIN disposal_batches b ON b.id = i.batch_id
             WHERE b.state IN ('proposed', 'approved')",
        )?;
        facts.pending = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(facts)
    }

    /// Bytes ingested since `unix` (how fast the library grows).
    pub fn bytes_ingested_since(&self, unix: i64) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(sum(size), 0) FROM clips
             WHERE CAST(strftime('%s', ingested_at) AS INTEGER) >= ?1",
            [unix],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    pub fn create_batch(&self, as_of: &str, by: &str, at: &str, clips: &[i64]) -> Result<i64> {
        let tx = self.atomic()?;
        tx.execute(
            "INSERT INTO disposal_batches (state, as_of, proposed_by, proposed_at)
             VALUES ('proposed', ?1, ?2, ?3)",
            params![as_of, by, at],
        )?;
        let id = tx.last_insert_rowid();
        for c in clips {
            tx.execute(
                "INSERT INTO disposal_items (batch_id, clip_id) VALUES (?1, ?2)",
                params![id, c],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn batch(&self, id: i64) -> Result<Option<BatchRow>> {
        let clips: Vec<i64> = self
            .conn
            .prepare("SELECT clip_id FROM disposal_items WHERE batch_id = ?1 ORDER BY clip_id")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let bytes: i64 = self.conn.query_row(
            "SELECT COALESCE(sum(COALESCE(c.size, t.size)), 0) FROM disposal_items i
             LEFT JOIN clips c ON c.id = i.clip_id LEFT JOIN tombstones t ON t.clip_id = i.clip_id
             WHERE i.batch_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        Ok(self
            .conn
            .query_row(
                "SELECT id, state, as_of, proposed_by, proposed_at, decided_by, decided_at,
                        remove_after, mass_confirmed, second_by, second_at
                 FROM disposal_batches WHERE id = ?1",
                [id],
                |r| {
                    Ok(BatchRow {
                        id: r.get(0)?,
                        state: r.get(1)?,
                        as_of: r.get(2)?,
                        proposed_by: r.get(3)?,
                        proposed_at: r.get(4)?,
                        decided_by: r.get(5)?,
                        decided_at: r.get(6)?,
                        remove_after: r.get(7)?,
                        mass_confirmed: r.get(8)?,
                        second_by: r.get(9)?,
                        second_at: r.get(10)?,
                        clips: clips.clone(),
                        bytes: bytes as u64,
                    })
                },
            )
            .optional()?)
    }

    /// Every batch, newest first.
    pub fn all_batch_ids(&self) -> Result<Vec<i64>> {
        Ok(self
            .conn
            .prepare("SELECT id FROM disposal_batches ORDER BY id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    pub fn batch_ids(&self, state: BatchState) -> Result<Vec<i64>> {
        Ok(self
            .conn
            .prepare("SELECT id FROM disposal_batches WHERE state = ?1 ORDER BY id")?
            .query_map([state], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// proposed → approved or rejected; false if not proposed. An approved batch without
    /// `remove_after` waits for a second confirmation ([`Catalog::confirm_batch`]).
    pub fn decide_batch(
        &self,
        id: i64,
        by: &str,
        at: &str,
        approved: bool,
        remove_after: Option<&str>,
        mass_confirmed: bool,
    ) -> Result<bool> {
        let state = if approved {
            BatchState::Approved
        } else {
            BatchState::Rejected
        };
        Ok(self.write(
            "UPDATE disposal_batches SET state = ?2, decided_by = ?3, decided_at = ?4,
                 remove_after = ?5, mass_confirmed = ?6 WHERE id = ?1 AND state = 'proposed'",
            params![id, state, by, at, remove_after, mass_confirmed],
        )? == 1)
    }

    /// The second confirmation of an approved mass disposal: its grace period starts now;
    /// false if the batch does not wait for one.
    pub fn confirm_batch(&self, id: i64, by: &str, at: &str, remove_after: &str) -> Result<bool> {
        Ok(self.write(
            "UPDATE disposal_batches SET second_by = ?2, second_at = ?3, remove_after = ?4
             WHERE id = ?1 AND state = 'approved' AND mass_confirmed = 1
               AND second_by IS NULL AND remove_after IS NULL",
            params![id, by, at, remove_after],
        )? == 1)
    }

    /// approved → restored, while its files are still there; false if not approved.
    pub fn restore_batch(&self, id: i64, by: &str, at: &str) -> Result<bool> {
        Ok(self.write(
            "UPDATE disposal_batches SET state = 'restored', restored_by = ?2, restored_at = ?3
             WHERE id = ?1 AND state = 'approved'",
            params![id, by, at],
        )? == 1)
    }

    /// approved → disposed, once its removals are done.
    pub fn finish_batch(&self, id: i64) -> Result<()> {
        self.write(
            "UPDATE disposal_batches SET state = 'disposed' WHERE id = ?1 AND state = 'approved'",
            [id],
        )?;
        Ok(())
    }

    /// The tombstone a disposal will leave, from the clip as it is now.
    pub fn tombstone_for(&self, clip_id: i64) -> Result<Option<Tombstone>> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.id, c.media_path, d.serial, c.source_path, c.size, c.blake3, c.sha256,
                        c.recorded_at, o.number, s.name, c.case_number, c.cause, c.party
                 FROM clips c JOIN devices d ON d.id = c.device_id
                 LEFT JOIN officers o ON o.id = c.officer_id
                 LEFT JOIN squads s ON s.id = c.squad_id WHERE c.id = ?1",
                [clip_id],
                tombstone_row,
            )
            .optional()?)
    }

    /// A tombstone read back from the disposal manifest (a rebuild): its clip id is taken
    /// forever. Nothing else is touched: no live clip is ever removed here.
    pub fn restore_tombstone(&self, t: &Tombstone) -> Result<()> {
        let tx = self.atomic()?;
        self.write_tombstone(t)?;
        tx.execute(
            "UPDATE identities SET last_id = ?1 WHERE kind = 'clip' AND last_id < ?1",
            [t.clip_id],
        )?;
        tx.commit()
    }

    /// Keep the tombstone and forget the clip, in one transaction.
    pub fn bury(&self, t: &Tombstone) -> Result<()> {
        let tx = self.atomic()?;
        self.write_tombstone(t)?;
        tx.execute("DELETE FROM hold_clips WHERE clip_id = ?1", [t.clip_id])?;
        tx.execute("DELETE FROM clips WHERE id = ?1", [t.clip_id])?;
        tx.commit()
    }

    fn write_tombstone(&self, t: &Tombstone) -> Result<()> {
        self.write(
            "INSERT OR REPLACE INTO tombstones (clip_id, media_path, device, source_path, size,
                 blake3, sha256, recorded_at, officer, squad, case_number, cause, party, batch_id,
                 proposed_by, approved_by, disposed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                t.clip_id,
                t.media_path,
                t.device,
                t.source_path,
                t.size as i64,
                t.blake3,
                t.sha256,
                t.recorded_at,
                t.officer,
                t.squad,
                t.case_number,
                t.cause,
                t.party,
                t.batch_id,
                t.proposed_by,
                t.approved_by,
                t.disposed_at
            ],
        )?;
        Ok(())
    }

    pub fn tombstones(&self) -> Result<Vec<Tombstone>> {
        let mut stmt = self.conn.prepare(
            "SELECT clip_id, media_path, device, source_path, size, blake3, sha256, recorded_at,
                    officer, squad, case_number, cause, party, batch_id, proposed_by,
                    approved_by, disposed_at FROM tombstones ORDER BY clip_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let mut t = tombstone_row(r)?;
            t.batch_id = r.get(13)?;
            t.proposed_by = r.get(14)?;
            t.approved_by = r.get(15)?;
            t.disposed_at = r.get(16)?;
            Ok(t)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The clip's part of a tombstone from a row whose first 13 columns are, in order: id,
/// media path, device, source path, size, digests, recorded at, officer, squad, labels.
fn tombstone_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Tombstone> {
    Ok(Tombstone {
        clip_id: r.get(0)?,
        media_path: r.get(1)?,
        device: r.get(2)?,
        source_path: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        blake3: r.get(5)?,
        sha256: r.get(6)?,
        recorded_at: r.get(7)?,
        officer: r.get(8)?,
        squad: r.get(9)?,
        case_number: r.get(10)?,
        cause: r.get(11)?,
        party: r.get(12)?,
        batch_id: 0,
        proposed_by: String::new(),
        approved_by: String::new(),
        disposed_at: String::new(),
    })
}
