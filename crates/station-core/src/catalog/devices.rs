//! Squads, officers and devices as far as ingest needs them: find or create by their natural
//! keys. The full registry with assignment history comes with the dock issue.

use rusqlite::{params, OptionalExtension};

use super::Catalog;
use crate::error::Result;

impl Catalog {
    pub fn squad_id(&self, name: &str, now: &str) -> Result<i64> {
        self.conn.execute(
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
        self.conn.execute(
            "INSERT INTO officers (number, squad_id, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(number) DO UPDATE SET squad_id = COALESCE(officers.squad_id, excluded.squad_id)",
            params![number, squad_id, now],
        )?;
        Ok(self
            .conn
            .query_row("SELECT id FROM officers WHERE number = ?1", [number], |r| {
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
        self.conn.execute(
            "INSERT INTO devices (serial, created_at) VALUES (?1, ?2) ON CONFLICT(serial) DO NOTHING",
            params![serial, now],
        )?;
        Ok(self.conn.query_row(
            "SELECT id, squad_id, officer_id FROM devices WHERE serial = ?1",
            [serial],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// Remember who a device belongs to when the custodian says so at ingest.
    pub fn assign_device(
        &self,
        device_id: i64,
        squad_id: Option<i64>,
        officer_id: Option<i64>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE devices SET squad_id = COALESCE(?2, squad_id),
                                officer_id = COALESCE(?3, officer_id)
             WHERE id = ?1",
            params![device_id, squad_id, officer_id],
        )?;
        Ok(())
    }
}
