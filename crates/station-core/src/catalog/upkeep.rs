//! Recorder upkeep (art. 14): each recorder's status history, its pre-shift checks (one a day)
//! and its maintenance log.

use rusqlite::params;
use serde::Serialize;

use super::Catalog;
use crate::closed_set::closed_set;
use crate::error::Result;

closed_set! {
    /// Where a recorder is: only one in service is expected at dockings and pre-shift checks.
    /// (In service keeps the code `active`, what `devices list` always said.)
    pub enum DeviceStatus as ("记录仪状态", "recorder status") {
        InService = "active" ("在用", "in service"),
        Spare = "spare" ("备用", "spare"),
        InRepair = "in_repair" ("维修中", "in repair"),
        Lost = "lost" ("遗失", "lost"),
        Retired = "retired" ("报废", "retired"),
    }
}

closed_set! {
    /// A pre-shift reading of the battery or the free storage.
    pub enum Reading as ("检查结果", "reading") {
        Ok = "ok" ("充足", "OK"),
        Low = "low" ("不足", "low"),
    }
}

closed_set! {
    /// A pre-shift reading of the recorder's clock against the station's.
    pub enum ClockReading as ("时钟", "clock") {
        Ok = "ok" ("准确", "correct"),
        Wrong = "wrong" ("不准", "wrong"),
    }
}

closed_set! {
    /// A pre-shift look at the lens and the microphone.
    pub enum LensReading as ("镜头与话筒", "lens and microphone") {
        Ok = "ok" ("正常", "OK"),
        Fault = "fault" ("异常", "fault"),
    }
}

closed_set! {
    /// What upkeep was done.
    pub enum MaintenanceKind as ("维护类型", "upkeep") {
        Service = "service" ("定期维护保养", "regular service"),
        Repair = "repair" ("维修", "repair"),
        Replacement = "replacement" ("更换部件", "replacement"),
    }
}

/// One change of a recorder's status.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusRow {
    pub device: String,
    pub status: DeviceStatus,
    pub reason: String,
    pub set_by: String,
    pub set_at: String,
}

/// One pre-shift check.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeviceCheckRow {
    pub device: String,
    /// YYYY-MM-DD in the station's time zone.
    pub day: String,
    pub battery: Reading,
    pub storage: Reading,
    pub clock: ClockReading,
    pub lens_mic: LensReading,
    pub note: Option<String>,
    pub checked_by: String,
    pub checked_at: String,
}

/// One entry of the maintenance log.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MaintenanceRow {
    pub device: String,
    pub kind: MaintenanceKind,
    pub note: String,
    pub done_by: String,
    pub done_at: String,
}

impl Catalog {
    /// Set a recorder's status and keep the change in its history (part of the caller's unit).
    pub fn set_device_status(&self, device_id: i64, row: &StatusRow) -> Result<()> {
        self.atomically(|| {
            self.conn.execute(
                "UPDATE devices SET status = ?2 WHERE id = ?1",
                params![device_id, row.status],
            )?;
            self.conn.execute(
                "INSERT INTO device_statuses (device_id, status, reason, set_by, set_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![device_id, row.status, row.reason, row.set_by, row.set_at],
            )?;
            Ok(())
        })
    }

    pub fn device_status(&self, device_id: i64) -> Result<DeviceStatus> {
        Ok(self.conn.query_row(
            "SELECT d.status FROM devices d WHERE d.id = ?1",
            [device_id],
            |r| r.get(0),
        )?)
    }

    /// Record the day's pre-shift check; a second check the same day replaces the first (the
    /// audit log keeps both). Returns whether one was replaced.
    pub fn record_device_check(&self, device_id: i64, c: &DeviceCheckRow) -> Result<bool> {
        self.atomically(|| {
            let replaced = self.conn.execute(
                "DELETE FROM device_checks WHERE device_id = ?1 AND day = ?2",
                params![device_id, c.day],
            )? > 0;
            self.conn.execute(
                "INSERT INTO device_checks (device_id, day, battery, storage, clock, lens_mic,
                     note, checked_by, checked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    device_id,
                    c.day,
                    c.battery,
                    c.storage,
                    c.clock,
                    c.lens_mic,
                    c.note,
                    c.checked_by,
                    c.checked_at
                ],
            )?;
            Ok(replaced)
        })
    }

    /// A recorder's pre-shift check of `day`, if one was made (what a docking compares with).
    pub fn device_check_on(&self, device_id: i64, day: &str) -> Result<Option<DeviceCheckRow>> {
        Ok(self
            .checks_where(Some(device_id), Some(day))?
            .into_iter()
            .next())
    }

    /// Pre-shift checks, newest day first; of one recorder or of all.
    pub fn device_checks(&self, device_id: Option<i64>) -> Result<Vec<DeviceCheckRow>> {
        self.checks_where(device_id, None)
    }

    fn checks_where(
        &self,
        device_id: Option<i64>,
        day: Option<&str>,
    ) -> Result<Vec<DeviceCheckRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.serial, c.day, c.battery, c.storage, c.clock, c.lens_mic, c.note,
                    c.checked_by, c.checked_at
             FROM device_checks c JOIN devices d ON d.id = c.device_id
             WHERE (?1 IS NULL OR c.device_id = ?1) AND (?2 IS NULL OR c.day = ?2)
             ORDER BY c.day DESC, d.serial",
        )?;
        let rows = stmt.query_map(params![device_id, day], |r| {
            Ok(DeviceCheckRow {
                device: r.get(0)?,
                day: r.get(1)?,
                battery: r.get(2)?,
                storage: r.get(3)?,
                clock: r.get(4)?,
                lens_mic: r.get(5)?,
                note: r.get(6)?,
                checked_by: r.get(7)?,
                checked_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A recorder's status changes, newest first.
    pub fn device_statuses(&self, device_id: i64) -> Result<Vec<StatusRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.serial, s.status, s.reason, s.set_by, s.set_at
             FROM device_statuses s JOIN devices d ON d.id = s.device_id
             WHERE s.device_id = ?1 ORDER BY s.id DESC",
        )?;
        let rows = stmt.query_map([device_id], |r| {
            Ok(StatusRow {
                device: r.get(0)?,
                status: r.get(1)?,
                reason: r.get(2)?,
                set_by: r.get(3)?,
                set_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A recorder's maintenance log, newest first.
    pub fn maintenance(&self, device_id: i64) -> Result<Vec<MaintenanceRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.serial, m.kind, m.note, m.done_by, m.done_at
             FROM device_maintenance m JOIN devices d ON d.id = m.device_id
             WHERE m.device_id = ?1 ORDER BY m.id DESC",
        )?;
        let rows = stmt.query_map([device_id], |r| {
            Ok(MaintenanceRow {
                device: r.get(0)?,
                kind: r.get(1)?,
                note: r.get(2)?,
                done_by: r.get(3)?,
                done_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every registered recorder: (serial, status, last upkeep or else registration, RFC 3339).
    pub fn device_upkeep_state(&self) -> Result<Vec<(String, DeviceStatus, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.serial, d.status,
                    COALESCE((SELECT MAX(m.done_at) FROM device_maintenance m
                              WHERE m.device_id = d.id), d.created_at)
             FROM devices d WHERE d.registered = 1 ORDER BY d.serial",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The recorders' clips recorded in `[from, to)` as (serial, recording time): which days
    /// each was used.
    pub fn device_recording_times(&self, from: i64, to: i64) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.serial, c.recorded_at_unix FROM clips c JOIN devices d ON d.id = c.device_id
             WHERE c.recorded_at_unix >= ?1 AND c.recorded_at_unix < ?2",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_maintenance(&self, device_id: i64, m: &MaintenanceRow) -> Result<()> {
        self.write(
            "INSERT INTO device_maintenance (device_id, kind, note, done_by, done_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![device_id, m.kind, m.note, m.done_by, m.done_at],
        )?;
        Ok(())
    }
}
