//! The fixity register: every verification pass, and each stored file's latest read-back.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Catalog;
use crate::closed_set::closed_set;
use crate::error::Result;

closed_set! {
    /// A verification pass: the whole library, or the night's share of it.
    pub enum FixityKind as ("校验方式", "check kind") {
        Full = "full" ("全部校验", "full check"),
        Scheduled = "scheduled" ("定期抽取校验", "scheduled check"),
    }
}

closed_set! {
    /// What a read-back found.
    pub enum FixityResult as ("校验结果", "check result") {
        Ok = "ok" ("一致", "intact"),
        Mismatched = "mismatched" ("不一致", "mismatched"),
        Missing = "missing" ("缺失", "missing"),
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FixityRun {
    pub id: i64,
    pub kind: FixityKind,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub actor: String,
    pub checked: u64,
    pub bytes: u64,
    pub mismatched: u64,
    pub missing: u64,
}

/// A stored file as the schedule sees it: its size and when it was last proven whole (its
/// latest read-back, else its ingest, which read it back too).
#[derive(Debug, Clone)]
pub struct FixityItem {
    pub what: &'static str,
    pub id: i64,
    pub media_path: String,
    pub blake3: String,
    pub sha256: String,
    /// None for case documents and for clips stored before the station computed SM3.
    pub sm3: Option<String>,
    pub size: u64,
    pub proven_unix: i64,
}

/// A stored file whose latest read-back failed.
#[derive(Debug, Clone, Serialize)]
pub struct FixityProblem {
    pub what: String,
    pub id: i64,
    pub path: String,
    pub result: FixityResult,
    pub checked_at: String,
    pub detail: Option<String>,
}

/// One file's outcome, as a pass records it.
pub struct FixityOutcome<'a> {
    pub what: &'static str,
    pub id: i64,
    pub result: FixityResult,
    pub path: &'a str,
    pub detail: Option<&'a str>,
}

/// Every stored file (clips and case documents) with its digest and its latest proof: the
/// last read-back, else its ingest.
const ITEMS: &str = "SELECT 'clip', c.id, c.media_path, c.blake3, c.size,
        COALESCE(f.checked_unix, CAST(unixepoch(c.ingested_at) AS INTEGER), 0) AS proven,
        c.sha256, c.sm3
     FROM clips c LEFT JOIN fixity_checks f ON f.what = 'clip' AND f.item_id = c.id
     UNION ALL
     SELECT 'document', d.id, d.media_path, d.blake3, d.size,
        COALESCE(f.checked_unix, CAST(unixepoch(d.added_at) AS INTEGER), 0), d.sha256, NULL
     FROM case_documents d LEFT JOIN fixity_checks f ON f.what = 'document' AND f.item_id = d.id";

/// A latest read-back of a live stored file that failed.
const PROBLEM: &str = "f.result <> 'ok'
    AND ((f.what = 'clip' AND f.item_id IN (SELECT id FROM clips))
      OR (f.what = 'document' AND f.item_id IN (SELECT id FROM case_documents)))";

impl Catalog {
    /// Record a finished pass and each file's outcome (part of the caller's unit, which
    /// audits it).
    pub fn record_fixity_run(
        &self,
        run: &FixityRun,
        outcomes: &[FixityOutcome<'_>],
        now_unix: i64,
    ) -> Result<i64> {
        self.atomically(|| {
            self.conn.execute(
                "INSERT INTO fixity_runs (kind, started_at, finished_at, actor, checked, bytes, mismatched, missing)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    run.kind, run.started_at, run.finished_at, run.actor,
                    run.checked as i64, run.bytes as i64, run.mismatched as i64, run.missing as i64
                ],
            )?;
            let id = self.conn.last_insert_rowid();
            let at = run.finished_at.as_deref().unwrap_or(&run.started_at);
            let mut upsert = self.conn.prepare_cached(
                "INSERT INTO fixity_checks (what, item_id, run_id, checked_at, checked_unix, result, path, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (what, item_id) DO UPDATE SET run_id = excluded.run_id,
                     checked_at = excluded.checked_at, checked_unix = excluded.checked_unix,
                     result = excluded.result, path = excluded.path, detail = excluded.detail",
            )?;
            for o in outcomes {
                upsert.execute(params![o.what, o.id, id, at, now_unix, o.result, o.path, o.detail])?;
            }
            Ok(id)
        })
    }

    /// Every live stored file (clips, then case documents) with when it was last proven whole.
    pub fn fixity_items(&self) -> Result<Vec<FixityItem>> {
        let mut stmt = self.conn.prepare(ITEMS)?;
        let rows = stmt.query_map([], |r| {
            let what: String = r.get(0)?;
            Ok(FixityItem {
                what: if what == "clip" { "clip" } else { "document" },
                id: r.get(1)?,
                media_path: r.get(2)?,
                blake3: r.get(3)?,
                size: r.get::<_, i64>(4)?.max(0) as u64,
                proven_unix: r.get(5)?,
                sha256: r.get(6)?,
                sm3: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Since when every stored file has been proven whole (its oldest proof), unix seconds;
    /// None for an empty library.
    pub fn oldest_proof(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT MIN(proven) FROM ({ITEMS})"), [], |r| {
                r.get(0)
            })?)
    }

    /// How many live stored files' latest read-back failed.
    pub fn fixity_problem_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM fixity_checks f WHERE {PROBLEM}"),
            [],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    /// Live stored files whose latest read-back failed, oldest finding first.
    pub fn fixity_problems(&self) -> Result<Vec<FixityProblem>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT f.what, f.item_id, f.path, f.result, f.checked_at, f.detail FROM fixity_checks f
             WHERE {PROBLEM} ORDER BY f.checked_unix, f.what, f.item_id"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(FixityProblem {
                what: r.get(0)?,
                id: r.get(1)?,
                path: r.get(2)?,
                result: r.get(3)?,
                checked_at: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest pass, whole or nightly.
    pub fn last_fixity_run(&self) -> Result<Option<FixityRun>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, kind, started_at, finished_at, actor, checked, bytes, mismatched, missing
                 FROM fixity_runs ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(FixityRun {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        started_at: r.get(2)?,
                        finished_at: r.get(3)?,
                        actor: r.get(4)?,
                        checked: r.get(5)?,
                        bytes: r.get(6)?,
                        mismatched: r.get(7)?,
                        missing: r.get(8)?,
                    })
                },
            )
            .optional()?)
    }
}
