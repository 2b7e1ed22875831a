use rusqlite::params;

use super::Catalog;
use crate::error::Result;

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
        self.conn.execute(
            "INSERT INTO dock_events (device_id, source_root, started_at, state)
             VALUES (?1, ?2, ?3, 'running')",
            params![device_id, source_root, now],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_dock_event(
        &self,
        id: i64,
        state: &str,
        counts: DockCounts,
        stop_code: Option<&str>,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
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
        Ok(self.conn.execute(
            "UPDATE dock_events SET state = 'stopped', finished_at = ?1, stop_code = 'interrupted'
             WHERE state = 'running' AND id NOT IN (SELECT value FROM json_each(?2))",
            [now, &alive],
        )?)
    }
}
