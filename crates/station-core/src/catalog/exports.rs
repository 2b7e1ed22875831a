//! The export register: every package that left the station, what it held, its last check.

use rusqlite::params;
use serde::Serialize;

use super::Catalog;
use crate::closed_set::closed_set;
use crate::error::Result;

closed_set! {
    /// What an export package is: a week's (art. 18), a supplement to one, or one request's.
    pub enum PackageKind as ("导出包类型", "package kind") {
        Week = "week" ("周包", "week"),
        Supplement = "supplement" ("补充包", "supplement"),
        Request = "request" ("调取包", "request"),
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ExportPackage"))]
pub struct ExportRow {
    pub id: i64,
    pub kind: PackageKind,
    pub week: Option<String>,
    pub name: String,
    pub destination: String,
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub clips: u64,
    pub bytes: u64,
    pub manifest_sha256: String,
    pub checked_at: String,
    pub check_ok: bool,
}

/// A package just written and read back whole.
pub struct NewExport<'a> {
    pub kind: PackageKind,
    pub week: Option<&'a str>,
    pub name: &'a str,
    pub destination: &'a str,
    pub reason: Option<&'a str>,
    pub by: &'a str,
    pub at: &'a str,
    pub bytes: u64,
    pub manifest_sha256: &'a str,
    /// (clip, path in the package)
    pub clips: &'a [(i64, String)],
}

impl Catalog {
    pub fn record_export(&self, e: &NewExport<'_>) -> Result<i64> {
        let tx = self.atomic()?;
        tx.execute(
            "INSERT INTO exports (kind, week, name, destination, reason, created_by, created_at,
                                  clips, bytes, manifest_sha256, checked_at, check_ok)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?7, 1)",
            params![
                e.kind,
                e.week,
                e.name,
                e.destination,
                e.reason,
                e.by,
                e.at,
                e.clips.len() as i64,
                e.bytes as i64,
                e.manifest_sha256
            ],
        )?;
        let id = tx.last_insert_rowid();
        for (clip, path) in e.clips {
            tx.execute(
                "INSERT INTO export_clips (export_id, clip_id, payload_path) VALUES (?1, ?2, ?3)",
                params![id, clip, path],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn mark_export_checked(&self, id: i64, ok: bool, at: &str) -> Result<()> {
        self.write(
            "UPDATE exports SET check_ok = ?2, checked_at = ?3 WHERE id = ?1",
            params![id, ok, at],
        )?;
        Ok(())
    }

    /// Every package, newest first.
    pub fn exports(&self) -> Result<Vec<ExportRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, week, name, destination, reason, created_by, created_at, clips,
                    bytes, manifest_sha256, checked_at, check_ok
             FROM exports ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ExportRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                week: r.get(2)?,
                name: r.get(3)?,
                destination: r.get(4)?,
                reason: r.get(5)?,
                created_by: r.get(6)?,
                created_at: r.get(7)?,
                clips: r.get::<_, i64>(8)? as u64,
                bytes: r.get::<_, i64>(9)? as u64,
                manifest_sha256: r.get(10)?,
                checked_at: r.get(11)?,
                check_ok: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Clips already in a week or supplement package of `week`.
    pub fn clips_exported_for_week(&self, week: &str) -> Result<Vec<i64>> {
        Ok(self
            .conn
            .prepare(
                "SELECT DISTINCT c.clip_id FROM export_clips c JOIN exports e ON e.id = c.export_id
                 WHERE e.week = ?1 AND e.kind IN ('week', 'supplement') ORDER BY c.clip_id",
            )?
            .query_map([week], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// Clips recorded in `[from, to)` (unix; the ingest time where the recording time is not
    /// known), in recording order.
    pub fn clips_recorded_between(&self, from: i64, to: i64) -> Result<Vec<i64>> {
        Ok(self
            .conn
            .prepare(
                "SELECT id FROM clips
                 WHERE COALESCE(recorded_at_unix, CAST(strftime('%s', ingested_at) AS INTEGER)) >= ?1
                   AND COALESCE(recorded_at_unix, CAST(strftime('%s', ingested_at) AS INTEGER)) < ?2
                 ORDER BY COALESCE(recorded_at_unix, CAST(strftime('%s', ingested_at) AS INTEGER)), id",
            )?
            .query_map([from, to], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// Recording time (unix; ingest time where unknown) of every clip, for grouping by week.
    pub fn clip_times(&self) -> Result<Vec<(i64, i64, u64)>> {
        Ok(self
            .conn
            .prepare(
                "SELECT id, COALESCE(recorded_at_unix, CAST(strftime('%s', ingested_at) AS INTEGER)),
                        size FROM clips",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64)))?
            .collect::<Result<_, _>>()?)
    }

    /// Every clip id in some week or supplement package.
    pub fn clips_in_week_packages(&self) -> Result<std::collections::HashSet<i64>> {
        Ok(self
            .conn
            .prepare(
                "SELECT DISTINCT c.clip_id FROM export_clips c JOIN exports e ON e.id = c.export_id
                 WHERE e.kind IN ('week', 'supplement')",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }
}
