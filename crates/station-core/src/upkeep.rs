//! Recorder upkeep (art. 14: before each shift battery, storage and clock are checked; the
//! branch keeps its recorders serviced): each recorder's status with its history, the day's
//! pre-shift check, the maintenance log, and what the reports make of them. Every change is
//! authorised, applied and audited in one transaction.

use serde::Serialize;

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::error::{Error, Result};
use crate::view::station_view;

pub use crate::catalog::{
    ClockReading, DeviceCheckRow, DeviceStatus, LensReading, MaintenanceKind, MaintenanceRow,
    Reading, StatusRow,
};

/// A pre-shift check as the custodian enters it.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreShiftCheck {
    pub battery: Reading,
    pub storage: Reading,
    pub clock: ClockReading,
    pub lens_mic: LensReading,
    pub note: Option<String>,
}

/// One recorder's upkeep record.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeviceUpkeep {
    pub device: String,
    pub status: DeviceStatus,
    /// Newest first.
    pub statuses: Vec<StatusRow>,
    pub checks: Vec<DeviceCheckRow>,
    pub maintenance: Vec<MaintenanceRow>,
}

station_view! {
    /// Recorder upkeep (art. 14).
    Upkeep,
    upkeep
}

impl Upkeep<'_> {
    fn device_id(&self, serial: &str) -> Result<i64> {
        self.catalog
            .device_by_serial(&serial.trim().to_ascii_uppercase())?
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::Device,
                name: serial.to_string(),
            })
    }

    /// Mark a recorder in service, spare, in repair, lost or retired, saying why.
    pub fn set_status(&self, serial: &str, status: DeviceStatus, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::input(
                "请写明状态变更的原因（--reason）",
                "say why the status changes (--reason)",
            ));
        }
        self.act(Duty::Registry, || {
            let id = self.device_id(serial)?;
            let was = self.catalog.device_status(id)?;
            let row = StatusRow {
                device: serial.to_ascii_uppercase(),
                status,
                reason: reason.to_string(),
                set_by: self.actor(),
                set_at: self.now_text(),
            };
            self.catalog.set_device_status(id, &row)?;
            let detail = serde_json::json!({ "old": was, "new": status, "reason": reason });
            self.audit_ok(
                AuditAction::DeviceStatus,
                &row.device,
                Some(&detail.to_string()),
            )
        })
    }

    /// Record today's pre-shift check of a recorder in service (a second one today replaces
    /// the first; the audit log keeps both).
    pub fn check(&self, serial: &str, c: &PreShiftCheck) -> Result<DeviceCheckRow> {
        self.act(Duty::Registry, || {
            let id = self.device_id(serial)?;
            let status = self.catalog.device_status(id)?;
            if status != DeviceStatus::InService {
                return Err(Error::state(
                    format!(
                        "记录仪 {serial} 当前为“{}”，只有在用的记录仪需要出勤前检查",
                        status.label(crate::lang::Lang::Zh)
                    ),
                    format!(
                        "recorder {serial} is {}: only recorders in service are checked before a shift",
                        status.label(crate::lang::Lang::En)
                    ),
                ));
            }
            let row = DeviceCheckRow {
                device: serial.to_ascii_uppercase(),
                day: self.today(),
                battery: c.battery,
                storage: c.storage,
                clock: c.clock,
                lens_mic: c.lens_mic,
                note: c.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string),
                checked_by: self.actor(),
                checked_at: self.now_text(),
            };
            let replaced = self.catalog.record_device_check(id, &row)?;
            let detail = serde_json::json!({ "check": &row, "replaced": replaced });
            self.audit_ok(
                AuditAction::DeviceCheck,
                &row.device,
                Some(&detail.to_string()),
            )?;
            Ok(row)
        })
    }

    /// Log upkeep done on a recorder: a regular service, a repair, a part replaced.
    pub fn maintain(&self, serial: &str, kind: MaintenanceKind, note: &str) -> Result<()> {
        let note = note.trim();
        if note.is_empty() {
            return Err(Error::input(
                "请写明做了什么（--note）",
                "say what was done (--note)",
            ));
        }
        self.act(Duty::Registry, || {
            let id = self.device_id(serial)?;
            let row = MaintenanceRow {
                device: serial.to_ascii_uppercase(),
                kind,
                note: note.to_string(),
                done_by: self.actor(),
                done_at: self.now_text(),
            };
            self.catalog.add_maintenance(id, &row)?;
            let detail = serde_json::json!({ "kind": kind, "note": note });
            self.audit_ok(
                AuditAction::DeviceMaintenance,
                &row.device,
                Some(&detail.to_string()),
            )
        })
    }

    /// A recorder's status, its history, its checks and its maintenance log.
    pub fn record(&self, serial: &str) -> Result<DeviceUpkeep> {
        self.require(Duty::ReadRecords)?;
        let id = self.device_id(serial)?;
        Ok(DeviceUpkeep {
            device: serial.to_ascii_uppercase(),
            status: self.catalog.device_status(id)?,
            statuses: self.catalog.device_statuses(id)?,
            checks: self.catalog.device_checks(Some(id))?,
            maintenance: self.catalog.maintenance(id)?,
        })
    }
}
