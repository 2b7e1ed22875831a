//! The library's moves: where from and to, by whom, what was copied, and when the old folder
//! was cleared.

use rusqlite::{params, Row};
use serde::Serialize;

use super::Catalog;
use crate::error::Result;

/// One move of the library, as the window and `library show` tell it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LibraryMove {
    pub id: i64,
    /// The old folder, kept until the administrator confirms.
    pub from_path: String,
    pub to_path: String,
    pub moved_at: String,
    pub moved_by: String,
    pub files: u64,
    pub bytes: u64,
    /// The list of what was copied, relative to the library.
    pub listing: String,
    /// When the old folder was cleared; none while it is kept.
    pub removed_at: Option<String>,
    /// Files removed from the old folder, and files left there (not proven held here).
    pub removed: Option<u64>,
    pub kept: Option<u64>,
}

const COLUMNS: &str = "id, from_path, to_path, moved_at, moved_by, files, bytes, listing,
    removed_at, removed, kept";

fn from_row(r: &Row<'_>) -> rusqlite::Result<LibraryMove> {
    Ok(LibraryMove {
        id: r.get(0)?,
        from_path: r.get(1)?,
        to_path: r.get(2)?,
        moved_at: r.get(3)?,
        moved_by: r.get(4)?,
        files: r.get(5)?,
        bytes: r.get(6)?,
        listing: r.get(7)?,
        removed_at: r.get(8)?,
        removed: r.get(9)?,
        kept: r.get(10)?,
    })
}

impl Catalog {
    pub fn record_library_move(&self, m: &LibraryMove) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO library_moves (from_path, to_path, moved_at, moved_by, files, bytes, listing)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![m.from_path, m.to_path, m.moved_at, m.moved_by, m.files, m.bytes, m.listing],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Moves whose old folder is still kept, oldest first.
    pub fn kept_library_moves(&self) -> Result<Vec<LibraryMove>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM library_moves WHERE removed_at IS NULL ORDER BY id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn finish_library_move(&self, id: i64, at: &str, removed: u64, kept: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE library_moves SET removed_at = ?2, removed = ?3, kept = ?4 WHERE id = ?1",
            params![id, at, removed, kept],
        )?;
        Ok(())
    }
}
