use rusqlite::params;

use super::Catalog;
use crate::closed_set::closed_set;
use crate::dock::DockFlag;
use crate::error::Result;

closed_set! {
    /// Where a docking stands.
    pub enum DockState as ("接入状态", "docking state") {
        Running = "running" ("接入中", "running"),
        Completed = "completed" ("已完成", "completed"),
        Stopped = "stopped" ("已中止", "stopped"),
        Failed = "failed" ("有文件失败", "failed"),
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DockCounts {
    pub found: u64,
    pub copied: u64,
    pub skipped: u64,
    pub failed: u64,
    pub bytes: u64,
}

impl Catalog {
    pub fn start_dock_event(&self, device_id: i64, source_root: &str, now: &str) -> Result<i64> {
        self.write(
            "INSERT INTO dock_events (device_id, source_root, started_at, state)
             VALUES (?1, ?2, ?3, 'running')",
            params![device_id, source_root, now],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_dock_event(
        &self,
        id: i64,
        state: DockState,
        counts: DockCounts,
        stop_code: Option<&str>,
        now: &str,
    ) -> Result<()> {
        self.write(
            "UPDATE dock_events SET finished_at = ?2, state = ?3, files_found = ?4,
                 files_copied = ?5, files_skipped = ?6, files_failed = ?7, bytes_copied = ?8,
                 stop_code = ?9
             WHERE id = ?1",
            params![
                id,
                now,
                state,
                counts.found as i64,
                counts.copied as i64,
                counts.skipped as i64,
                counts.failed as i64,
                counts.bytes as i64,
                stop_code
            ],
        )?;
        Ok(())
    }

    /// Dock events a killed process left 'running' are marked stopped; `running` are the ids of
    /// jobs that are alive in some process and keep their state.
    pub fn close_abandoned_dock_events(&self, now: &str, running: &[i64]) -> Result<usize> {
        let alive = serde_json::to_string(running).unwrap_or_else(|_| "[]".into());
        self.write(
            "UPDATE dock_events SET state = 'stopped', finished_at = ?1, stop_code = 'interrupted'
             WHERE state = 'running' AND id NOT IN (SELECT value FROM json_each(?2))",
            [now, &alive],
        )
    }
}

/// One docking, as listed.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Dock"))]
pub struct DockRow {
    pub id: i64,
    pub device: String,
    pub mount: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub state: DockState,
    pub stop_code: Option<String>,
    pub found: u64,
    pub copied: u64,
    pub skipped: u64,
    pub failed: u64,
    pub bytes: u64,
    pub free_bytes: Option<u64>,
    pub total_bytes: Option<u64>,
    pub flags: Vec<DockFlag>,
    pub flag_details: std::collections::BTreeMap<DockFlag, String>,
    pub clock_drift_s: Option<f64>,
    pub freed_files: u64,
}

impl Catalog {
    #[allow(clippy::too_many_arguments)]
    pub fn record_dock_assessment(
        &self,
        id: i64,
        free_bytes: Option<u64>,
        total_bytes: Option<u64>,
        flags: &[DockFlag],
        details: &std::collections::BTreeMap<DockFlag, String>,
        clock_drift_s: Option<f64>,
        freed: u64,
    ) -> Result<()> {
        self.write(
            "UPDATE dock_events SET free_bytes = ?2, total_bytes = ?3, flags = ?4,
                 flag_details = ?5, clock_drift_s = ?6, freed_files = ?7
             WHERE id = ?1",
            params![
                id,
                free_bytes.map(|b| b as i64),
                total_bytes.map(|b| b as i64),
                serde_json::to_string(flags).unwrap_or_else(|_| "[]".into()),
                serde_json::to_string(details).unwrap_or_else(|_| "{}".into()),
                clock_drift_s,
                freed as i64
            ],
        )?;
        Ok(())
    }

    /// Dockings, newest first.
    pub fn dock_events(&self, limit: i64) -> Result<Vec<DockRow>> {
        self.dock_events_in(limit, None)
    }

    /// The newest dockings first; only those started in `[from, to)` (unix) when given.
    pub fn dock_events_in(&self, limit: i64, span: Option<(i64, i64)>) -> Result<Vec<DockRow>> {
        self.dock_rows(limit, span, None)
    }

    /// One docking.
    pub fn dock_event(&self, id: i64) -> Result<Option<DockRow>> {
        Ok(self.dock_rows(1, None, Some(id))?.pop())
    }

    fn dock_rows(
        &self,
        limit: i64,
        span: Option<(i64, i64)>,
        id: Option<i64>,
    ) -> Result<Vec<DockRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, d.serial, e.source_root, e.started_at, e.finished_at, e.state,
                    e.stop_code, e.files_found, e.files_copied, e.files_skipped, e.files_failed,
                    e.bytes_copied, e.free_bytes, e.total_bytes, e.flags, e.flag_details,
                    e.clock_drift_s, e.freed_files
             FROM dock_events e JOIN devices d ON d.id = e.device_id
             WHERE (?2 IS NULL OR (CAST(strftime('%s', e.started_at) AS INTEGER) >= ?2
                                   AND CAST(strftime('%s', e.started_at) AS INTEGER) < ?3))
               AND (?4 IS NULL OR e.id = ?4)
             ORDER BY e.id DESC LIMIT ?1",
        )?;
        let (from, to) = (span.map(|s| s.0), span.map(|s| s.1));
        let rows = stmt.query_map(rusqlite::params![limit, from, to, id], |r| {
            let flags: String = r.get(14)?;
            let details: String = r.get(15)?;
            Ok(DockRow {
                id: r.get(0)?,
                device: r.get(1)?,
                mount: r.get(2)?,
                started_at: r.get(3)?,
                finished_at: r.get(4)?,
                state: r.get(5)?,
                stop_code: r.get(6)?,
                found: r.get::<_, i64>(7)? as u64,
                copied: r.get::<_, i64>(8)? as u64,
                skipped: r.get::<_, i64>(9)? as u64,
                failed: r.get::<_, i64>(10)? as u64,
                bytes: r.get::<_, i64>(11)? as u64,
                free_bytes: r.get::<_, Option<i64>>(12)?.map(|b| b as u64),
                total_bytes: r.get::<_, Option<i64>>(13)?.map(|b| b as u64),
                flags: serde_json::from_str(&flags).unwrap_or_default(),
                flag_details: serde_json::from_str(&details).unwrap_or_default(),
                clock_drift_s: r.get(16)?,
                freed_files: r.get::<_, i64>(17)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Recording times (unix) of the clips this docking stored.
    pub fn dock_recorded_times(&self, dock_event_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT recorded_at_unix FROM clips
             WHERE dock_event_id = ?1 AND recorded_at_unix IS NOT NULL",
        )?;
        let rows = stmt.query_map([dock_event_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The recorder's file numbers: (stored by this docking, stored by earlier ones).
    pub fn device_seqs(&self, device_id: i64, dock_event_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, dock_event_id = ?2 FROM clips
             WHERE device_id = ?1 AND seq IS NOT NULL ORDER BY seq",
        )?;
        let mut now = Vec::new();
        let mut before = Vec::new();
        let rows = stmt.query_map(params![device_id, dock_event_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<bool>>(1)?.unwrap_or(false),
            ))
        })?;
        for row in rows {
            let (seq, this) = row?;
            if this {
                now.push(seq);
            } else {
                before.push(seq);
            }
        }
        Ok((now, before))
    }
}
