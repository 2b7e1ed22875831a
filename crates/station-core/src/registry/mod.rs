//! The device registry (art. 4, 17, 18): squads, officers, recorders, and who held which
//! recorder when. Every change is audited; correcting the registry relabels the clips whose
//! officer came from it (never those named by their file name or by the custodian).

pub mod import;
pub mod sheet;

use chrono::{DateTime, FixedOffset};

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::{AssignmentRow, DeviceRow, OfficerRow, SquadRow};
use crate::error::{Error, Result};
use crate::time;
use crate::view::station_view;
use crate::Station;

/// What the custodian says about a recorder when registering it.
#[derive(Debug, Clone, Default)]
pub struct DeviceRegistration {
    pub serial: String,
    pub model: Option<String>,
    pub squad: Option<String>,
    pub officer: Option<String>,
    pub volume_label: Option<String>,
    pub volume_uuid: Option<String>,
    /// Free this recorder after each fully verified docking (None = the station's setting).
    pub free_after_ingest: Option<bool>,
}

impl Station {
    /// `[from, to)` as Unix times from typed times (see [`time::parse_period`]).
    pub fn parse_period(&self, from: Option<&str>, to: Option<&str>) -> Result<(i64, i64)> {
        time::parse_period(from, to, self.time_zone())
    }

    /// The end of a range (see [`time::parse_until`]).
    pub fn parse_until(&self, text: &str) -> Result<DateTime<FixedOffset>> {
        time::parse_until(text, self.time_zone())
    }

    /// Officers' names by number, for lists and papers that show names.
    pub(crate) fn officer_names(&self) -> Result<std::collections::HashMap<String, String>> {
        Ok(self
            .catalog
            .officers()?
            .into_iter()
            .filter_map(|o| Some((o.number, o.name?)))
            .collect())
    }

    /// A stored time as people read it, in the station's zone (see [`time::shown`]).
    pub fn local_text(&self, rfc3339: &str) -> String {
        time::shown(rfc3339, self.time_zone())
    }

    /// A time as people type it, in the station's zone (see [`time::parse_local`]).
    pub fn parse_time(&self, text: &str) -> Result<DateTime<FixedOffset>> {
        time::parse_local(text, self.time_zone())
    }

    fn squad(&self, name: &str) -> Result<i64> {
        self.catalog
            .squad_by_name(name)?
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::Squad,
                name: name.to_string(),
            })
    }

    fn officer(&self, number: &str) -> Result<i64> {
        self.catalog
            .officer_by_number(number)?
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::Officer,
                name: number.to_string(),
            })
    }

    pub(crate) fn audit_ok(
        &self,
        action: AuditAction,
        object: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        self.catalog.audit(
            &self.now_text(),
            &self.actor(),
            action,
            Some(object),
            "ok",
            detail,
        )
    }
}

fn non_empty<'a>(s: &'a str, what: (&str, &str)) -> Result<&'a str> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::input(
            format!("{}不能为空", what.0),
            format!("empty {}", what.1),
        ));
    }
    Ok(t)
}

station_view! {
    /// The registry: squads, officers, recorders and who held each when.
    Registry,
    registry
}

impl Registry<'_> {
    pub fn add_squad(&self, name: &str) -> Result<()> {
        self.act(Duty::Registry, || {
            let name = non_empty(name, ("中队名称", "squad"))?;
            self.catalog.squad_id(name, &self.now_text())?;
            self.audit_ok(AuditAction::AddSquad, name, None)
        })
    }

    pub fn squads(&self) -> Result<Vec<SquadRow>> {
        self.catalog.squads()
    }

    pub fn add_officer(&self, number: &str, name: Option<&str>, squad: Option<&str>) -> Result<()> {
        self.act(Duty::Registry, || {
            let number = non_empty(number, ("警号", "officer number"))?;
            let squad_id = squad.map(|s| self.squad(s)).transpose()?;
            self.catalog
                .upsert_officer(number, name, squad_id, &self.now_text())?;
            let detail = serde_json::json!({ "name": name, "squad": squad }).to_string();
            self.audit_ok(AuditAction::AddOfficer, number, Some(&detail))
        })
    }

    pub fn officers(&self) -> Result<Vec<OfficerRow>> {
        self.catalog.officers()
    }

    /// Register a recorder, or resolve one that was docked unregistered: its clips are then
    /// labelled from the registry.
    pub fn add_device(&self, d: &DeviceRegistration) -> Result<()> {
        self.act(Duty::Registry, || {
            let serial = non_empty(&d.serial, ("设备序列号", "serial"))?.to_ascii_uppercase();
            let squad_id = d.squad.as_deref().map(|s| self.squad(s)).transpose()?;
            let officer_id = d.officer.as_deref().map(|o| self.officer(o)).transpose()?;
            let now = self.now_text();
            let device_id = self.catalog.register_device(
                &serial,
                d.model.as_deref(),
                squad_id,
                d.volume_label.as_deref(),
                d.volume_uuid.as_deref(),
                d.free_after_ingest,
                &now,
            )?;
            if let Some(officer_id) = officer_id {
                // A first holder holds it from the start, so footage docked before registration
                // is labelled too; a later one from now on.
                let from = if self.catalog.has_assignments(device_id)? {
                    self.clock.now().timestamp()
                } else {
                    i64::MIN / 2
                };
                self.catalog
                    .assign_officer(device_id, officer_id, from, &now)?;
            }
            let relabelled = self.catalog.relabel_device_clips(device_id)?;
            let detail = serde_json::json!({
                "model": d.model, "squad": d.squad, "officer": d.officer, "relabelled_clips": relabelled,
            })
            .to_string();
            self.audit_ok(AuditAction::AddDevice, &serial, Some(&detail))
        })
    }

    /// From `from` (default now) on, `officer` holds the recorder `serial`.
    pub fn assign_device(
        &self,
        serial: &str,
        officer: &str,
        from: Option<DateTime<FixedOffset>>,
    ) -> Result<usize> {
        self.act(Duty::Registry, || {
            let device_id = self
                .catalog
                .device_by_serial(&serial.to_ascii_uppercase())?
                .ok_or_else(|| Error::NotFound {
                    what: crate::error::Object::Device,
                    name: serial.to_string(),
                })?;
            let officer_id = self.officer(officer)?;
            let from = from
                .map(|t| t.timestamp())
                .unwrap_or_else(|| self.clock.now().timestamp());
            self.catalog
                .assign_officer(device_id, officer_id, from, &self.now_text())?;
            let relabelled = self.catalog.relabel_device_clips(device_id)?;
            let detail = serde_json::json!({ "officer": officer, "from_unix": from, "relabelled_clips": relabelled }).to_string();
            self.audit_ok(AuditAction::AssignDevice, serial, Some(&detail))?;
            Ok(relabelled)
        })
    }

    pub fn devices(&self) -> Result<Vec<DeviceRow>> {
        self.catalog.devices()
    }

    pub fn assignments(&self) -> Result<Vec<AssignmentRow>> {
        self.catalog.assignments()
    }
}
