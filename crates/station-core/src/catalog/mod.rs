//! The SQLite catalog: opened the same way by every process (WAL, foreign keys, busy
//! timeout), migrated by numbered plain-SQL files tracked in `PRAGMA user_version`.

mod access;
mod audit;
mod burn;
mod cases;
mod clips;
mod devices;
mod district;
mod docks;
mod exports;
mod fixity;
mod journal;
mod moves;
mod retention;
mod settings;
mod spot_checks;
mod upkeep;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

pub use access::{AccessRequestRow, AccountRow, RequestState, RequestedClip};
pub use audit::{audit_row_hash, AuditAction, AuditEntry, AuditFilter, ChainCheck};
pub use burn::{DiscRow, DiscState, PlannedDisc};
pub use cases::{ActivityRow, CaseDocument, CaseRow, GapExplanation};
pub use clips::{ClipFilter, ClipRow, ClipSort, Labels, NewClip};
pub use devices::{AssignmentRow, DeviceRow, OfficerRow, SquadRow};
pub use district::{DistrictCopy, PendingFile, QueueFailure};
pub use docks::{DockCounts, DockRow, DockState};
pub use exports::{ExportRow, NewExport, PackageKind};
pub use fixity::{FixityItem, FixityKind, FixityOutcome, FixityProblem, FixityResult, FixityRun};
pub use journal::{lines_in as journal_lines, JournalCheck, Replay};
pub use moves::LibraryMove;
pub use retention::{BatchRow, BatchState, HoldRow, RetentionClip, RetentionFacts, Tombstone};
pub use spot_checks::{NewSpotCheck, Sample, SpotCheckItem, SpotCheckRow};
pub use upkeep::{
    ClockReading, DeviceCheckRow, DeviceStatus, LensReading, MaintenanceKind, MaintenanceRow,
    Reading, StatusRow,
};

/// The migrations, in order. Each runs in one transaction and bumps `user_version` to its
/// number. Never edit a landed file; add the next one.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/0002_registry_and_docking.sql"),
    ),
    (3, include_str!("../../migrations/0003_library_page.sql")),
    (4, include_str!("../../migrations/0004_retention.sql")),
    (5, include_str!("../../migrations/0005_burn.sql")),
    (6, include_str!("../../migrations/0006_exports.sql")),
    (7, include_str!("../../migrations/0007_audit_chain.sql")),
    (8, include_str!("../../migrations/0008_access.sql")),
    (9, include_str!("../../migrations/0009_cases.sql")),
    (10, include_str!("../../migrations/0010_spot_checks.sql")),
    (
        11,
        include_str!("../../migrations/0011_required_content.sql"),
    ),
    (12, include_str!("../../migrations/0012_case_documents.sql")),
    (13, include_str!("../../migrations/0013_custody.sql")),
    (14, include_str!("../../migrations/0014_journal.sql")),
    (15, include_str!("../../migrations/0015_mass_disposal.sql")),
    (16, include_str!("../../migrations/0016_fixity.sql")),
    (17, include_str!("../../migrations/0017_library_moves.sql")),
    (
        18,
        include_str!("../../migrations/0018_district_copies.sql"),
    ),
    (19, include_str!("../../migrations/0019_sm3.sql")),
    (20, include_str!("../../migrations/0020_activity_kinds.sql")),
    (21, include_str!("../../migrations/0021_upkeep.sql")),
    (
        22,
        include_str!("../../migrations/0022_case_stage_links.sql"),
    ),
    (
        23,
        include_str!("../../migrations/0023_spot_check_documents.sql"),
    ),
];

pub struct Catalog {
    conn: Connection,
    /// Where committed changes are journaled; none for a catalog being replayed into.
    journal: Option<PathBuf>,
    /// Open while a commit passes through the door ([`Atomic::commit`], migrations): the
    /// commit hook rolls back any other.
    door: Arc<AtomicBool>,
}

/// One atomic unit of catalog work: a write transaction of its own, taken at once so it never
/// has to upgrade a read lock, or a savepoint inside the caller's transaction, so that work
/// spanning tables (a change and its audit row) commits or vanishes as a whole. Dropped without
/// [`Atomic::commit`], it rolls back.
pub(crate) struct Atomic<'c> {
    catalog: &'c Catalog,
    outer: bool,
    open: bool,
}

impl std::ops::Deref for Atomic<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.catalog.conn
    }
}

impl Atomic<'_> {
    /// Commit; the outermost unit first writes what it changed to the journal.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.open = false;
        let done = if self.outer {
            self.catalog.through_door(|| {
                if let Some(dir) = &self.catalog.journal {
                    journal::flush(&self.catalog.conn, dir)?;
                }
                Ok(self.catalog.conn.execute_batch("COMMIT")?)
            })
        } else {
            Ok(self.catalog.conn.execute_batch("RELEASE atomic")?)
        };
        if done.is_err() {
            self.rollback();
        }
        done
    }

    fn rollback(&self) {
        // Nothing more can be done if the rollback fails too: SQLite then rolls back itself
        // when the connection closes; the error that led here is what the caller reports.
        let _ = self.catalog.conn.execute_batch(if self.outer {
            "ROLLBACK"
        } else {
            "ROLLBACK TO atomic; RELEASE atomic"
        });
    }
}

impl Drop for Atomic<'_> {
    fn drop(&mut self) {
        if self.open {
            self.rollback();
        }
    }
}

impl Catalog {
    /// Open (creating if asked), migrate, and journal every change from now on into the
    /// `journal/` folder beside the catalog.
    pub fn open(path: &Path, create: bool) -> Result<Catalog> {
        let dir = path.parent().unwrap_or(Path::new(".")).join(journal::DIR);
        let catalog = Catalog::open_with(path, create, Some(dir))?;
        // Keep the query planner's statistics fresh (cheap; analyses only what changed).
        catalog.through_door(|| Ok(catalog.conn.execute_batch("PRAGMA optimize = 0x10002")?))?;
        Ok(catalog)
    }

    /// A new catalog that records nothing, for `rebuild` to replay the journal into.
    pub(crate) fn open_for_replay(path: &Path) -> Result<Catalog> {
        Catalog::open_with(path, true, None)
    }

    fn open_with(path: &Path, create: bool, journal: Option<PathBuf>) -> Result<Catalog> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a committed clip survives a power cut, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut catalog = Catalog {
            conn,
            journal,
            door: Arc::new(AtomicBool::new(false)),
        };
        catalog.migrate()?;
        if let Some(dir) = &catalog.journal {
            catalog.through_door(|| journal::capture(&catalog.conn))?;
            let door = catalog.door.clone();
            // A commit that did not come through the door would not be journaled: undo it.
            catalog
                .conn
                .commit_hook(Some(move || !door.load(Ordering::SeqCst)));
            catalog.through_door(|| journal::reconcile(&catalog.conn, dir))?;
        }
        catalog.chain_legacy_audit_rows()?;
        Ok(catalog)
    }

    /// Run `work`, whose commits are the door's own (the journal is written by them or they
    /// change nothing it records).
    fn through_door<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        self.door.store(true, Ordering::SeqCst);
        let done = work();
        self.door.store(false, Ordering::SeqCst);
        done
    }

    /// Replay the journal beside `from` into this catalog (made by [`Catalog::open_for_replay`]).
    pub(crate) fn replay_journal(&self, from: &Path) -> Result<Replay> {
        journal::replay(&self.conn, from)
    }

    /// Follow the journal's chain and compare its audit rows with the catalog's.
    pub fn check_journal(&self) -> Result<Option<JournalCheck>> {
        self.journal
            .as_deref()
            .map(|dir| journal::check(&self.conn, dir))
            .transpose()
    }

    /// Write a catalog change outside any caller's unit as a unit of its own, so it is
    /// journaled; inside one it is part of it.
    pub(crate) fn write(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        self.atomically(|| Ok(self.conn.execute(sql, params)?))
    }

    /// Begin one atomic unit of work (see [`Atomic`]).
    pub(crate) fn atomic(&self) -> Result<Atomic<'_>> {
        let outer = self.conn.is_autocommit();
        self.conn.execute_batch(if outer {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT atomic"
        })?;
        Ok(Atomic {
            catalog: self,
            outer,
            open: true,
        })
    }

    /// Run `work` as one atomic unit: all of it is committed, or none.
    pub(crate) fn atomically<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        let unit = self.atomic()?;
        let value = work()?;
        unit.commit()?;
        Ok(value)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let known = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
        let current = self.schema_version()?;
        if current > known {
            return Err(Error::CatalogTooNew {
                found: current,
                known,
            });
        }
        if current == known {
            return Ok(());
        }
        // SQLite's way to change a table's constraints (lang_altertable.html, "other kinds of
        // table schema changes"): foreign keys off while a table is rebuilt under its name,
        // then every reference checked before the migration commits.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let migrated = self.apply_migrations(current);
        self.conn.pragma_update(None, "foreign_keys", true)?;
        migrated
    }

    fn apply_migrations(&mut self, current: i64) -> Result<()> {
        for (number, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the write lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now >= *number {
                continue;
            }
            tx.execute_batch(sql)?;
            let dangling: i64 =
                tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if dangling > 0 {
                return Err(Error::state(
                    format!("目录升级到第 {number} 版后有 {dangling} 条记录指向不存在的记录，未升级"),
                    format!("after migration {number} {dangling} rows point at rows that do not exist; not migrated"),
                ));
            }
            tx.pragma_update(None, "user_version", number)?;
            tx.commit()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables 0020 and 0023 rebuild (a CHECK constraint cannot change in place) keep every
    /// row, id and reference of a catalog made before them, and foreign keys are on again.
    #[test]
    fn a_table_rebuilt_by_a_migration_keeps_its_rows_ids_and_references() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.sqlite");
        let old = Connection::open(&path).expect("open");
        for (_, sql) in MIGRATIONS.iter().filter(|m| m.0 <= 19) {
            old.execute_batch(sql).expect("migration");
        }
        old.execute_batch(
            "PRAGMA user_version = 19;
             INSERT INTO cases (id, number, created_by, created_at) VALUES (3, 'C-3', 'kgy', 't');
             INSERT INTO activities (id, case_id, kind, start_unix, end_unix, created_by, created_at)
                 VALUES (7, 3, 'other', 100, 200, 'kgy', 't');
             INSERT INTO activity_officers (activity_id, officer) VALUES (7, '080001');
             INSERT INTO gap_explanations (activity_id, gap_from, gap_to, reason, resumed,
                 explained_by, explained_at) VALUES (7, 120, 150, 'battery', 1, 'kgy', 't');
             INSERT INTO spot_checks (id, seed, size, of_kind, from_unix, to_unix, population,
                 drawn_by, drawn_at) VALUES (5, 42, 1, 'activity', 0, 300, 1, 'fzk', 't');
             INSERT INTO spot_check_items (check_id, item_id) VALUES (5, 7);",
        )
        .expect("rows");
        drop(old);
        let c = Catalog::open(&path, false).expect("migrated");
        let count = |sql: &str| -> i64 { c.conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
        assert_eq!(
            count("SELECT id FROM activities WHERE case_id = 3 AND kind = 'other'"),
            7
        );
        assert_eq!(
            count("SELECT count(*) FROM activity_officers WHERE activity_id = 7"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM gap_explanations WHERE activity_id = 7"),
            1
        );
        assert_eq!(
            count("SELECT check_id FROM spot_check_items WHERE item_id = 7"),
            5
        );
        assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
        assert_eq!(count("PRAGMA foreign_keys"), 1, "foreign keys are on again");
    }

    #[test]
    fn migrations_are_numbered_in_order_and_apply_once() {
        for pair in MIGRATIONS.windows(2) {
            assert_eq!(
                pair[1].0,
                pair[0].0 + 1,
                "migration numbers must be consecutive"
            );
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.sqlite");
        let c = Catalog::open(&path, true).expect("open");
        assert_eq!(
            c.schema_version().expect("version"),
            MIGRATIONS.len() as i64
        );
        drop(c);
        // Reopening applies nothing twice (would fail on CREATE TABLE).
        let c = Catalog::open(&path, false).expect("reopen");
        let mode: String = c
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_catalog_from_a_newer_program_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.sqlite");
        drop(Catalog::open(&path, true).expect("open"));
        Connection::open(&path)
            .expect("outside hand")
            .pragma_update(None, "user_version", 999)
            .expect("bump");
        let err = Catalog::open(&path, false).err().expect("must refuse");
        assert_eq!(err.code(), crate::error::ErrorCode::CatalogTooNew);
    }
}
