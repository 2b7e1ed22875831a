//! Squads, officers and devices as far as ingest needs them: find or create by their natural
//! keys. The full registry with assignment history comes with the dock issue.

use rusqlite::{params, OptionalExtension};

use super::Catalog;
use crate::error::Result;

impl Catalog {
    pub fn squad_id(&self, name: &str, now: &str) -> Result<i64> {
        self.write(
            "INSERT INTO squads (name, created_at) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
            params![name, now],
        )?;
        Ok(self
            .conn
            .query_row("SELECT id FROM squads WHERE name = ?1", [name], |r| {
                r.get(0)
            })?)
    }

    pub fn officer_id(&self, number: &str, squad_id: Option<i64>, now: &str) -> Result<i64> {
        Ok(self.officer_seen(number, squad_id, now)?.0)
    }

    /// The officer with `number`, registered if new and given `squad_id` if they had none;
    /// true when that changed anything (the caller audits it). A known officer writes nothing.
    pub fn officer_seen(
        &self,
        number: &str,
        squad_id: Option<i64>,
        now: &str,
    ) -> Result<(i64, bool)> {
        let changed = self.write(
            "INSERT INTO officers (number, squad_id, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(number) DO UPDATE SET squad_id = excluded.squad_id
             WHERE officers.squad_id IS NULL AND excluded.squad_id IS NOT NULL",
            params![number, squad_id, now],
        )? > 0;
        let id =
            self.conn
                .query_row("SELECT id FROM officers WHERE number = ?1", [number], |r| {
                    r.get(0)
                })?;
        Ok((id, changed))
    }

    pub fn squad_name(&self, id: i64) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT name FROM squads WHERE id = ?1", [id], |r| r.get(0))?)
    }

    pub fn officer_number(&self, id: i64) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT number FROM officers WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    pub fn officer_squad(&self, officer_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT squad_id FROM officers WHERE id = ?1",
                [officer_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// The device with this serial, created unregistered when first seen. Returns
    /// (id, squad_id, officer_id) as registered.
    pub fn device(&self, serial: &str, now: &str) -> Result<(i64, Option<i64>, Option<i64>)> {
        self.write(
            "INSERT INTO devices (serial, created_at) VALUES (?1, ?2) ON CONFLICT(serial) DO NOTHING",
            params![serial, now],
        )?;
        Ok(self.conn.query_row(
            "SELECT id, squad_id, officer_id FROM devices WHERE serial = ?1",
            [serial],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// Fill in who a device belongs to where the registry does not know yet (what the
    /// custodian said at a docking); what the registry knows is not overwritten.
    pub fn assign_device(
        &self,
        device_id: i64,
        squad_id: Option<i64>,
        officer_id: Option<i64>,
    ) -> Result<()> {
        self.write(
            "UPDATE devices SET squad_id = COALESCE(squad_id, ?2),
                                officer_id = COALESCE(officer_id, ?3)
             WHERE id = ?1",
            params![device_id, squad_id, officer_id],
        )?;
        Ok(())
    }
}

/// A row of the registry as shown to people.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Squad"))]
pub struct SquadRow {
    pub name: String,
    pub officers: i64,
    pub devices: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Officer"))]
pub struct OfficerRow {
    pub number: String,
    pub name: Option<String>,
    pub squad: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Device"))]
pub struct DeviceRow {
    pub serial: String,
    pub model: Option<String>,
    pub squad: Option<String>,
    pub officer: Option<String>,
    pub status: super::upkeep::DeviceStatus,
    pub registered: bool,
    pub volume_label: Option<String>,
    pub volume_uuid: Option<String>,
    pub free_after_ingest: Option<bool>,
    pub clips: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Assignment"))]
pub struct AssignmentRow {
    pub device: String,
    pub officer: String,
    pub from_unix: i64,
    pub to_unix: Option<i64>,
}

impl Catalog {
    pub fn squads(&self) -> Result<Vec<SquadRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.name,
                (SELECT count(*) FROM officers o WHERE o.squad_id = s.id),
                (SELECT count(*) FROM devices d WHERE d.squad_id = s.id)
             FROM squads s ORDER BY s.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SquadRow {
                name: r.get(0)?,
                officers: r.get(1)?,
                devices: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Add an officer, or correct the name and squad of one already known.
    pub fn upsert_officer(
        &self,
        number: &str,
        name: Option<&str>,
        squad_id: Option<i64>,
        now: &str,
    ) -> Result<i64> {
        self.write(
            "INSERT INTO officers (number, name, squad_id, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(number) DO UPDATE SET name = COALESCE(excluded.name, officers.name),
                 squad_id = COALESCE(excluded.squad_id, officers.squad_id)",
            params![number, name, squad_id, now],
        )?;
        self.officer_id(number, None, now)
    }

    pub fn officers(&self) -> Result<Vec<OfficerRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.number, o.name, s.name FROM officers o
             LEFT JOIN squads s ON s.id = o.squad_id ORDER BY o.number",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OfficerRow {
                number: r.get(0)?,
                name: r.get(1)?,
                squad: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn officer_by_number(&self, number: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM officers WHERE number = ?1", [number], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn squad_by_name(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM squads WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn device_by_serial(&self, serial: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM devices WHERE serial = ?1", [serial], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The registered device that carries this volume UUID or, failing that, label.
    pub fn device_by_volume(
        &self,
        uuid: Option<&str>,
        label: Option<&str>,
    ) -> Result<Option<String>> {
        for (column, value) in [("volume_uuid", uuid), ("volume_label", label)] {
            let Some(v) = value else { continue };
            let found: Option<String> = self
                .conn
                .query_row(
                    &format!("SELECT serial FROM devices WHERE {column} = ?1 ORDER BY registered DESC, id LIMIT 1"),
                    [v],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Register (or resolve an unregistered) device with what the custodian says of it.
    #[allow(clippy::too_many_arguments)]
    pub fn register_device(
        &self,
        serial: &str,
        model: Option<&str>,
        squad_id: Option<i64>,
        volume_label: Option<&str>,
        volume_uuid: Option<&str>,
        free_after_ingest: Option<bool>,
        now: &str,
    ) -> Result<i64> {
        let (id, _, _) = self.device(serial, now)?;
        self.write(
            "UPDATE devices SET registered = 1, model = COALESCE(?2, model),
                 squad_id = COALESCE(?3, squad_id), volume_label = COALESCE(?4, volume_label),
                 volume_uuid = COALESCE(?5, volume_uuid),
                 free_after_ingest = COALESCE(?6, free_after_ingest)
             WHERE id = ?1",
            params![
                id,
                model,
                squad_id,
                volume_label,
                volume_uuid,
                free_after_ingest
            ],
        )?;
        Ok(id)
    }

    /// Remember the volume a device was docked on, so it is recognised by it next time.
    pub fn note_device_volume(
        &self,
        device_id: i64,
        label: Option<&str>,
        uuid: Option<&str>,
    ) -> Result<()> {
        self.write(
            "UPDATE devices SET volume_label = COALESCE(volume_label, ?2),
                 volume_uuid = COALESCE(volume_uuid, ?3) WHERE id = ?1",
            params![device_id, label, uuid],
        )?;
        Ok(())
    }

    pub fn device_registered(&self, device_id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT registered FROM devices WHERE id = ?1",
            [device_id],
            |r| r.get(0),
        )?)
    }

    pub fn device_free_after_ingest(&self, device_id: i64) -> Result<Option<bool>> {
        Ok(self.conn.query_row(
            "SELECT free_after_ingest FROM devices WHERE id = ?1",
            [device_id],
            |r| r.get(0),
        )?)
    }

    pub fn devices(&self) -> Result<Vec<DeviceRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.serial, d.model, s.name, o.number,
                    d.status,
                    d.registered, d.volume_label,
                    d.volume_uuid, d.free_after_ingest,
                    (SELECT count(*) FROM clips c WHERE c.device_id = d.id)
             FROM devices d
             LEFT JOIN squads s ON s.id = d.squad_id
             LEFT JOIN officers o ON o.id = d.officer_id
             ORDER BY d.registered, d.serial",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DeviceRow {
                serial: r.get(0)?,
                model: r.get(1)?,
                squad: r.get(2)?,
                officer: r.get(3)?,
                status: r.get(4)?,
                registered: r.get(5)?,
                volume_label: r.get(6)?,
                volume_uuid: r.get(7)?,
                free_after_ingest: r.get(8)?,
                clips: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// From `from_unix` on, `officer_id` holds the device: the holding open at that moment
    /// ends there, and a later one (entered out of order) bounds the new one.
    pub fn assign_officer(
        &self,
        device_id: i64,
        officer_id: i64,
        from_unix: i64,
        now: &str,
    ) -> Result<()> {
        let tx = self.atomic()?;
        let next: Option<i64> = tx.query_row(
            "SELECT min(from_unix) FROM device_assignments WHERE device_id = ?1 AND from_unix > ?2",
            params![device_id, from_unix],
            |r| r.get(0),
        )?;
        tx.execute(
            "UPDATE device_assignments SET to_unix = ?2
             WHERE device_id = ?1 AND from_unix < ?2 AND (to_unix IS NULL OR to_unix > ?2)",
            params![device_id, from_unix],
        )?;
        tx.execute(
            "DELETE FROM device_assignments WHERE device_id = ?1 AND from_unix = ?2",
            params![device_id, from_unix],
        )?;
        tx.execute(
            "INSERT INTO device_assignments (device_id, officer_id, from_unix, to_unix, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![device_id, officer_id, from_unix, next, now],
        )?;
        // The current holder is the latest holding.
        tx.execute(
            "UPDATE devices SET officer_id = (SELECT officer_id FROM device_assignments
                 WHERE device_id = ?1 ORDER BY from_unix DESC LIMIT 1) WHERE id = ?1",
            [device_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Who held the device at that moment, by the assignment history.
    pub fn officer_at(&self, device_id: i64, unix: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT officer_id FROM device_assignments
                 WHERE device_id = ?1 AND from_unix <= ?2 AND (to_unix IS NULL OR to_unix > ?2)
                 ORDER BY from_unix DESC LIMIT 1",
                params![device_id, unix],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn has_assignments(&self, device_id: i64) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM device_assignments WHERE device_id = ?1 LIMIT 1",
                [device_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn assignments(&self) -> Result<Vec<AssignmentRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.serial, o.number, a.from_unix, a.to_unix FROM device_assignments a
             JOIN devices d ON d.id = a.device_id JOIN officers o ON o.id = a.officer_id
             ORDER BY d.serial, a.from_unix",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AssignmentRow {
                device: r.get(0)?,
                officer: r.get(1)?,
                from_unix: r.get(2)?,
                to_unix: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Relabel the device's clips whose officer is not fixed by their file name or by the
    /// custodian, from the assignment history and the registry; returns how many changed.
    pub fn relabel_device_clips(&self, device_id: i64) -> Result<usize> {
        let changed = self.write(
            "UPDATE clips SET
                 officer_id = COALESCE((SELECT a.officer_id FROM device_assignments a
                     WHERE a.device_id = clips.device_id AND a.from_unix <= clips.recorded_at_unix
                       AND (a.to_unix IS NULL OR a.to_unix > clips.recorded_at_unix)
                     ORDER BY a.from_unix DESC LIMIT 1), officer_id),
                 officer_source = CASE WHEN EXISTS (SELECT 1 FROM device_assignments a
                     WHERE a.device_id = clips.device_id AND a.from_unix <= clips.recorded_at_unix
                       AND (a.to_unix IS NULL OR a.to_unix > clips.recorded_at_unix))
                     THEN 'assignment' ELSE officer_source END
             WHERE device_id = ?1 AND (officer_source IS NULL OR officer_source = 'assignment')",
            [device_id],
        )?;
        self.write(
            "UPDATE clips SET squad_id = COALESCE(
                 (SELECT o.squad_id FROM officers o WHERE o.id = clips.officer_id),
                 (SELECT d.squad_id FROM devices d WHERE d.id = clips.device_id), squad_id)
             WHERE device_id = ?1 AND (squad_id IS NULL OR officer_source = 'assignment')",
            [device_id],
        )?;
        Ok(changed)
    }
}
