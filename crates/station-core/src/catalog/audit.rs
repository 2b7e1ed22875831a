//! The audit table: one row per action. The hash chain and append-only triggers come with the
//! access issue; until then this is the single place rows are written, so adding the chain
//! changes one function.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Catalog;
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: Option<String>,
    pub outcome: String,
    pub detail: Option<String>,
}

impl Catalog {
    pub fn audit(
        &self,
        at: &str,
        actor: &str,
        action: &str,
        object: Option<&str>,
        outcome: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO audit_log (at, actor, action, object, outcome, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![at, actor, action, object, outcome, detail],
        )?;
        Ok(())
    }

    /// Entries made in `[from, to)` (unix), oldest first.
    pub fn audit_between(&self, from: i64, to: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, actor, action, object, outcome, detail FROM audit_log
             WHERE CAST(strftime('%s', at) AS INTEGER) >= ?1
               AND CAST(strftime('%s', at) AS INTEGER) < ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map([from, to], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest entries first; only those about `object` when given.
    pub fn audit_entries(&self, object: Option<&str>, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, actor, action, object, outcome, detail FROM audit_log
             WHERE ?1 IS NULL OR object = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![object, limit], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest row, hashed: what a disc or an export records of the log when it is made.
    /// (The hash chain over all rows comes with the access issue.)
    pub fn audit_head(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, at, actor, action, object, outcome, detail FROM audit_log
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    let id: i64 = r.get(0)?;
                    let row = serde_json::json!([
                        id,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<String>>(6)?
                    ]);
                    Ok(format!(
                        "{id}:{}",
                        blake3::hash(row.to_string().as_bytes()).to_hex()
                    ))
                },
            )
            .optional()?)
    }
}

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        object: r.get(4)?,
        outcome: r.get(5)?,
        detail: r.get(6)?,
    })
}
