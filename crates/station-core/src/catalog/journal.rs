//! The journal: every committed change to the catalog, also on disk beside it, so that nothing
//! lives only in the catalog.
//!
//! ```text
//!  a change (any table)          temp triggers of this connection
//!        │                        record each row written into temp.journal_pending
//!        ▼                        (a temp table: a statement or savepoint that is undone
//!  Atomic::commit ──► flush ──►   takes its rows with it)
//!        │            one line:   {"hash":…,"body":{"seq":N,"prev":…,"changes":[…]}}
//!        │            appended to journal/YYYY-MM.jsonl and fsynced, while the write lock
//!        ▼            is held; journal_head records N in the same transaction
//!     COMMIT
//! ```
//!
//! The journal is a logical copy of the catalog, not a second database: each line holds the
//! rows one transaction wrote (audit rows included, so the audit log is in it too) and the
//! hash of the line before it. The first lines are a snapshot of the catalog as it was when
//! journaling began. `rebuild` replays the lines into a new catalog — same rows, same ids.
//!
//! A line written whose transaction then failed to commit has the number the next line will
//! take; the later line of a number wins. If no later line came (the process died between the
//! two), the next open writes a void line in its place.
//!
//! A commit that did not pass through [`super::Atomic`] would not be journaled: the commit hook
//! turns it into a rollback, so no write reaches the catalog outside the door.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The folder beside the catalog that holds the journal.
pub const DIR: &str = "journal";
/// The journal's own bookkeeping, and the district queue's (attempts, how far the journal was
/// sent: recording that in the journal would give the queue a new line to send for each one
/// sent), are the tables it does not record.
const UNJOURNALED: [&str; 3] = ["journal_head", "district_queue", "district_journal"];
/// Rows per snapshot line, so a large catalog's first lines stay readable.
const SNAPSHOT_ROWS: usize = 2000;

struct Column {
    name: String,
    kind: ColumnKind,
    pk: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ColumnKind {
    /// Kept as hex in the journal (JSON holds no bytes).
    Blob,
    /// Kept as a 17-digit string, so the value comes back bit for bit.
    Real,
    Other,
}

struct Table {
    name: String,
    columns: Vec<Column>,
}

impl Table {
    /// `json_object(...)` of the row's columns as seen through `row` (`NEW.`, `OLD.` or ``).
    fn row_json(&self, row: &str, only_key: bool) -> String {
        let fields: Vec<String> = self
            .columns
            .iter()
            .filter(|c| !only_key || c.pk)
            .map(|c| {
                let v = format!("{row}\"{}\"", c.name);
                let expr = match c.kind {
                    ColumnKind::Blob => {
                        format!("CASE WHEN {v} IS NULL THEN NULL ELSE hex({v}) END")
                    }
                    ColumnKind::Real => {
                        format!("CASE WHEN {v} IS NULL THEN NULL ELSE printf('%!.17g', {v}) END")
                    }
                    ColumnKind::Other => v,
                };
                format!("'{}', {expr}", c.name)
            })
            .collect();
        format!("json_object({})", fields.join(", "))
    }

    /// The value placeholder for a column, turning the journal's text back into its type.
    fn placeholder(&self, column: &str, n: usize) -> String {
        match self
            .columns
            .iter()
            .find(|c| c.name == column)
            .map(|c| c.kind)
        {
            Some(ColumnKind::Blob) => format!("unhex(?{n})"),
            Some(ColumnKind::Real) => format!("CAST(?{n} AS REAL)"),
            _ => format!("?{n}"),
        }
    }
}

/// Every table the journal records, with its columns, as the schema is now.
fn tables(conn: &Connection) -> Result<Vec<Table>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT IN (?1, ?2, ?3) ORDER BY name",
        )?
        .query_map(UNJOURNALED, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let columns = conn
                .prepare("SELECT name, upper(type), pk FROM pragma_table_info(?1) ORDER BY cid")?
                .query_map([&name], |r| {
                    let ty: String = r.get(1)?;
                    Ok(Column {
                        name: r.get(0)?,
                        kind: if ty.contains("BLOB") {
                            ColumnKind::Blob
                        } else if ["REAL", "FLOA", "DOUB"].iter().any(|t| ty.contains(t)) {
                            ColumnKind::Real
                        } else {
                            ColumnKind::Other
                        },
                        pk: r.get::<_, i64>(2)? > 0,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Table { name, columns })
        })
        .collect()
}

/// Record every row this connection writes (temp objects: they belong to this connection and
/// follow the schema as it is at open).
pub(super) fn capture(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS journal_pending (
             seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL, row TEXT, key TEXT);",
    );
    for t in tables(conn)? {
        let n = &t.name;
        let (new, old, old_key) = (
            t.row_json("NEW.", false),
            t.row_json("OLD.", false),
            t.row_json("OLD.", true),
        );
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS \"journal_{n}_insert\" AFTER INSERT ON main.\"{n}\" BEGIN
                 INSERT INTO journal_pending (tbl, op, row) VALUES ('{n}', 'insert', {new}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS \"journal_{n}_update\" AFTER UPDATE ON main.\"{n}\" BEGIN
                 INSERT INTO journal_pending (tbl, op, row, key) VALUES ('{n}', 'update', {new}, {old_key}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS \"journal_{n}_delete\" AFTER DELETE ON main.\"{n}\" BEGIN
                 INSERT INTO journal_pending (tbl, op, row, key) VALUES ('{n}', 'delete', {old}, {old_key}); END;"
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// One line of the journal as read back.
#[derive(Debug, Clone, Deserialize)]
pub struct Line {
    pub hash: String,
    pub body: Body,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Body {
    pub seq: i64,
    pub prev: String,
    pub time: String,
    #[serde(default)]
    pub changes: Vec<Change>,
    /// The audit chain's head, written with the first line of each day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<String>,
    /// A line whose transaction never committed, replaced by this one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub void: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    pub table: String,
    pub op: String,
    pub row: serde_json::Map<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The text of a line: the hash covers the body exactly as written.
fn line_text(body_json: &str) -> (String, String) {
    let hash = blake3::hash(body_json.as_bytes()).to_hex().to_string();
    (
        format!("{{\"hash\":\"{hash}\",\"body\":{body_json}}}"),
        hash,
    )
}

/// Parse one line and check that its hash covers its body.
fn parse_line(text: &str) -> Option<Line> {
    const PREFIX: usize = r#"{"hash":""#.len() + 64 + r#"","body":"#.len();
    let body = text.get(PREFIX..text.len().checked_sub(1)?)?;
    let line: Line = serde_json::from_str(text).ok()?;
    (blake3::hash(body.as_bytes()).to_hex().as_str() == line.hash).then_some(line)
}

#[derive(Debug, Clone)]
struct Head {
    seq: i64,
    hash: String,
    file: String,
    day: String,
}

fn read_head(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash, file, day FROM journal_head WHERE id = 1",
            [],
            |r| {
                Ok(Head {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                    file: r.get(2)?,
                    day: r.get(3)?,
                })
            },
        )
        .optional()?)
}

fn write_head(conn: &Connection, h: &Head) -> Result<()> {
    conn.execute(
        "INSERT INTO journal_head (id, seq, hash, file, day) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET seq = ?1, hash = ?2, file = ?3, day = ?4",
        params![h.seq, h.hash, h.file, h.day],
    )?;
    Ok(())
}

/// Append the next line (its body fields after `seq`, `prev` and `time`) and move the head.
fn append_next(conn: &Connection, dir: &Path, rest: &str) -> Result<()> {
    let head = read_head(conn)?;
    let now = Utc::now();
    let day = now.format("%Y-%m-%d").to_string();
    let mut body = format!(
        "{{\"seq\":{},\"prev\":\"{}\",\"time\":\"{}\"{rest}",
        head.as_ref().map_or(1, |h| h.seq + 1),
        head.as_ref().map_or("", |h| h.hash.as_str()),
        now.format("%Y-%m-%dT%H:%M:%SZ"),
    );
    if head.as_ref().map(|h| h.day.as_str()) != Some(day.as_str()) {
        let audit: Option<String> = conn
            .query_row(
                "SELECT id || ':' || row_hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(a) = audit {
            body.push_str(&format!(",\"audit_head\":\"{a}\""));
        }
    }
    body.push('}');
    let (text, hash) = line_text(&body);
    let file = format!("{}.jsonl", now.format("%Y-%m"));
    crate::fixity::append_line(&dir.join(&file), text.as_bytes())?;
    write_head(
        conn,
        &Head {
            seq: head.map_or(1, |h| h.seq + 1),
            hash,
            file,
            day,
        },
    )
}

/// Write what this transaction changed as the journal's next line (nothing if it changed
/// nothing). Called with the write lock held, just before COMMIT. A change without an audit
/// row in the same transaction is refused: that is the door's rule, checked where no caller
/// can forget it.
pub(super) fn flush(conn: &Connection, dir: &Path) -> Result<()> {
    let unaudited: Vec<String> = conn
        .prepare(
            "SELECT DISTINCT tbl FROM journal_pending WHERE tbl != 'audit_log' AND NOT EXISTS
                 (SELECT 1 FROM journal_pending WHERE tbl = 'audit_log' AND op = 'insert')
             ORDER BY tbl",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !unaudited.is_empty() {
        return Err(Error::Unaudited { tables: unaudited });
    }
    let changes: Vec<String> = conn
        .prepare("SELECT tbl, op, row, key FROM journal_pending ORDER BY seq")?
        .query_map([], |r| {
            let (tbl, op, row): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let key: Option<String> = r.get(3)?;
            Ok(match key {
                Some(k) => format!(r#"{{"table":"{tbl}","op":"{op}","row":{row},"key":{k}}}"#),
                None => format!(r#"{{"table":"{tbl}","op":"{op}","row":{row}}}"#),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if changes.is_empty() {
        return Ok(());
    }
    append_next(conn, dir, &format!(",\"changes\":[{}]", changes.join(",")))?;
    conn.execute("DELETE FROM journal_pending", [])?;
    Ok(())
}

/// Every readable line of every journal file, the later line of a number winning, and the
/// lines that could not be read as (file, line number).
pub fn read(dir: &Path) -> Result<(BTreeMap<i64, Line>, Vec<String>)> {
    let mut lines = BTreeMap::new();
    let mut unreadable = Vec::new();
    for path in files(dir)? {
        let bytes = fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
        for (n, raw) in bytes.split(|b| *b == b'\n').enumerate() {
            if raw.is_empty() {
                continue;
            }
            match line_of(raw) {
                Some(line) => {
                    lines.insert(line.body.seq, line);
                }
                None => unreadable.push(format!("{}:{}", path.display(), n + 1)),
            }
        }
    }
    Ok((lines, unreadable))
}

/// The checked lines of some journal text (a segment the district holds), and how many lines
/// could not be read or did not match their hash.
pub fn lines_in(bytes: &[u8]) -> (Vec<Line>, usize) {
    let mut bad = 0;
    let lines = bytes
        .split(|b| *b == b'\n')
        .filter(|raw| !raw.is_empty())
        .filter_map(|raw| {
            let line = line_of(raw);
            bad += usize::from(line.is_none());
            line
        })
        .collect();
    (lines, bad)
}

/// One line's bytes as a checked line: a torn line may end inside a character, so bytes first.
fn line_of(raw: &[u8]) -> Option<Line> {
    std::str::from_utf8(raw).ok().and_then(parse_line)
}

fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io("list", dir, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

/// The number of the newest readable line in the journal, reading only the ends of the newest
/// file and of the one the catalog last wrote to (`also`; a clock set back can make them two).
fn last_seq(dir: &Path, also: Option<&str>) -> Result<Option<i64>> {
    let mut candidates: Vec<PathBuf> = files(dir)?.pop().into_iter().collect();
    if let Some(name) = also.filter(|n| !n.is_empty()) {
        let path = dir.join(name);
        if path.is_file() && !candidates.contains(&path) {
            candidates.push(path);
        }
    }
    let mut best = None;
    for path in candidates {
        best = best.max(last_seq_in(&path)?);
    }
    Ok(best)
}

/// The newest readable line's number in one file: its last 64 KiB first (every open reads
/// this), a window sixteen times larger while no whole line is in it, at last the whole file.
/// Bytes, not text: the window may begin inside a character.
fn last_seq_in(path: &Path) -> Result<Option<i64>> {
    let mut f = fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let len = f.metadata().map_err(|e| Error::io("stat", path, e))?.len();
    let mut window: u64 = 64 << 10;
    loop {
        let from = len.saturating_sub(window);
        let mut tail = Vec::new();
        f.seek(SeekFrom::Start(from))
            .and_then(|_| f.read_to_end(&mut tail))
            .map_err(|e| Error::io("read", path, e))?;
        // The window may start inside a line: that piece does not parse and is passed over.
        let found = tail
            .split(|b| *b == b'\n')
            .rev()
            .find_map(line_of)
            .map(|l| l.body.seq);
        if found.is_some() || from == 0 {
            return Ok(found);
        }
        window = window.saturating_mul(16);
    }
}

/// At open: start the journal with a snapshot if this catalog has none yet, void a line whose
/// transaction never committed, and refuse a catalog that is behind its journal (an older copy
/// put back, or a new catalog made over an old library): writing on would fork the record.
pub(super) fn reconcile(conn: &Connection, dir: &Path) -> Result<()> {
    let (head, last) = positions(conn, dir)?;
    if head != 0 && last <= head {
        return Ok(());
    }
    // Under the write lock, look again: another process may be mid-commit.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let done = (|| match positions(conn, dir)? {
        (0, 0) => snapshot(conn, dir),
        (h, l) if h > 0 && l == h + 1 => append_next(conn, dir, ",\"changes\":[],\"void\":true"),
        (h, l) if l > h => Err(Error::JournalAhead {
            catalog: h,
            journal: l,
        }),
        _ => Ok(()),
    })();
    match done {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// How far the catalog says it has written the journal, and how far the journal goes (0: not at
/// all).
fn positions(conn: &Connection, dir: &Path) -> Result<(i64, i64)> {
    let head = read_head(conn)?;
    let last = last_seq(dir, head.as_ref().map(|h| h.file.as_str()))?.unwrap_or(0);
    Ok((head.map_or(0, |h| h.seq), last))
}

/// The journal's first lines: every row the catalog holds now.
fn snapshot(conn: &Connection, dir: &Path) -> Result<()> {
    for t in tables(conn)? {
        let rows: Vec<String> = conn
            .prepare(&format!(
                "SELECT {} FROM main.\"{}\"",
                t.row_json("", false),
                t.name
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for chunk in rows.chunks(SNAPSHOT_ROWS) {
            let changes: Vec<String> = chunk
                .iter()
                .map(|row| format!(r#"{{"table":"{}","op":"insert","row":{row}}}"#, t.name))
                .collect();
            append_next(conn, dir, &format!(",\"changes\":[{}]", changes.join(",")))?;
        }
    }
    // An empty catalog still starts its chain, so a later catalog cannot claim it.
    if read_head(conn)?.is_none() {
        append_next(conn, dir, ",\"changes\":[]")?;
    }
    Ok(())
}

/// What reading the journal back found.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JournalCheck {
    /// Lines read (after the later line of a number replaced the earlier).
    pub lines: u64,
    /// The first line number at which the chain does not hold (missing, or not following).
    pub first_broken: Option<i64>,
    pub problem: Option<String>,
    /// Lines that could not be read, as `file:line`.
    pub unreadable: Vec<String>,
    /// Audit rows in the catalog that the journal does not hold.
    pub not_in_journal: Vec<i64>,
    /// Audit rows the journal holds that are not in the catalog (or differ from it).
    pub not_in_catalog: Vec<i64>,
}

impl JournalCheck {
    pub fn ok(&self) -> bool {
        self.first_broken.is_none()
            && self.unreadable.is_empty()
            && self.not_in_journal.is_empty()
            && self.not_in_catalog.is_empty()
    }
}

/// Follow the chain from line 1; returns the lines that follow on unbroken.
fn follow(lines: &BTreeMap<i64, Line>, check: &mut JournalCheck) -> Vec<Line> {
    let mut good = Vec::new();
    let mut prev = String::new();
    for expected in 1.. {
        let Some(line) = lines.get(&expected) else {
            if let Some((&seq, _)) = lines.range(expected..).next() {
                check.first_broken = Some(expected);
                check.problem = Some(format!("lines {expected} to {} are missing", seq - 1));
            }
            break;
        };
        if line.body.prev != prev {
            check.first_broken = Some(expected);
            check.problem = Some(format!(
                "line {expected} does not follow line {}",
                expected - 1
            ));
            break;
        }
        prev = line.hash.clone();
        good.push(line.clone());
    }
    good
}

/// Read the journal, follow its chain, and compare the audit rows it holds with the catalog's.
pub(super) fn check(conn: &Connection, dir: &Path) -> Result<JournalCheck> {
    let (lines, unreadable) = read(dir)?;
    let mut check = JournalCheck {
        lines: lines.len() as u64,
        unreadable,
        ..JournalCheck::default()
    };
    let good = follow(&lines, &mut check);
    let mut journaled = BTreeMap::new();
    for c in good.iter().flat_map(|l| &l.body.changes) {
        if c.table == "audit_log" && c.op == "insert" {
            if let (Some(id), hash) = (
                c.row.get("id").and_then(|v| v.as_i64()),
                c.row.get("row_hash"),
            ) {
                journaled.insert(id, hash.and_then(|h| h.as_str()).map(str::to_string));
            }
        }
    }
    let catalog: BTreeMap<i64, Option<String>> = conn
        .prepare("SELECT id, row_hash FROM audit_log")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    check.not_in_journal = catalog
        .keys()
        .filter(|id| !journaled.contains_key(id))
        .copied()
        .collect();
    check.not_in_catalog = journaled
        .iter()
        .filter(|(id, hash)| catalog.get(id) != Some(hash))
        .map(|(id, _)| *id)
        .collect();
    Ok(check)
}

/// What replaying the journal into a new catalog did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Replay {
    /// Lines applied, in order from line 1.
    pub lines: u64,
    /// Rows written, updated or removed.
    pub changes: u64,
    /// What could not be replayed, for a person to read.
    pub problems: Vec<String>,
    /// The newest line in the journal (the chain goes on from it).
    pub last: Option<(i64, String)>,
}

/// Replay the journal into `conn`, a freshly migrated catalog that records nothing. Rows come
/// back as they were written — same ids, same audit chain — with the catalog's own triggers
/// set aside (they already ran when the rows were first written) and restored afterwards.
pub(super) fn replay(conn: &Connection, dir: &Path) -> Result<Replay> {
    let (lines, unreadable) = read(dir)?;
    let mut check = JournalCheck::default();
    let good = follow(&lines, &mut check);
    let mut replay = Replay {
        lines: good.len() as u64,
        problems: unreadable
            .into_iter()
            .map(|u| format!("unreadable journal line {u}"))
            .collect(),
        last: lines.iter().next_back().map(|(s, l)| (*s, l.hash.clone())),
        ..Replay::default()
    };
    if let Some(p) = check.problem {
        replay
            .problems
            .push(format!("journal: {p}; what follows was not replayed"));
    }
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE")?;
    let applied = (|| {
        for (name, _) in &triggers {
            conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        let tables: BTreeMap<String, Table> = tables(conn)?
            .into_iter()
            .map(|t| (t.name.clone(), t))
            .collect();
        for c in good.iter().flat_map(|l| &l.body.changes) {
            match tables.get(&c.table) {
                Some(t) => replay.changes += apply(conn, t, c)? as u64,
                None => replay.problems.push(format!(
                    "journal names a table this catalog lacks: {}",
                    c.table
                )),
            }
        }
        for (_, sql) in &triggers {
            conn.execute_batch(sql)?;
        }
        Ok::<_, Error>(())
    })();
    match applied {
        Ok(()) => conn.execute_batch("COMMIT; PRAGMA foreign_keys = ON")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK; PRAGMA foreign_keys = ON");
            return Err(e);
        }
    }
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        replay.problems.push(format!(
            "{broken} replayed rows refer to rows the journal does not hold"
        ));
    }
    if let Some((seq, hash)) = &replay.last {
        let file = files(dir)?
            .last()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        write_head(
            conn,
            &Head {
                seq: *seq,
                hash: hash.clone(),
                file,
                day: String::new(),
            },
        )?;
    }
    Ok(replay)
}

/// Apply one recorded row change; returns the rows it touched.
fn apply(conn: &Connection, t: &Table, c: &Change) -> Result<usize> {
    let value = |v: &serde_json::Value| -> rusqlite::types::Value {
        use rusqlite::types::Value;
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Integer(*b as i64),
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(Value::Integer)
                .unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
            serde_json::Value::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        }
    };
    let known: Vec<(&String, &serde_json::Value)> = c
        .row
        .iter()
        .filter(|(k, _)| t.columns.iter().any(|col| &col.name == *k))
        .collect();
    let key = c.key.as_ref();
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    let sql = match c.op.as_str() {
        "insert" => {
            let cols: Vec<String> = known.iter().map(|(k, _)| format!("\"{k}\"")).collect();
            let marks: Vec<String> = known
                .iter()
                .enumerate()
                .map(|(i, (k, _))| t.placeholder(k, i + 1))
                .collect();
            values.extend(known.iter().map(|(_, v)| value(v)));
            format!(
                "INSERT OR REPLACE INTO \"{}\" ({}) VALUES ({})",
                t.name,
                cols.join(", "),
                marks.join(", ")
            )
        }
        "update" | "delete" => {
            let Some(key) = key else { return Ok(0) };
            let mut n = 0;
            let sets: Vec<String> = if c.op == "update" {
                known
                    .iter()
                    .map(|(k, v)| {
                        n += 1;
                        values.push(value(v));
                        format!("\"{k}\" = {}", t.placeholder(k, n))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let wheres: Vec<String> = key
                .iter()
                .map(|(k, v)| {
                    n += 1;
                    values.push(value(v));
                    format!("\"{k}\" IS {}", t.placeholder(k, n))
                })
                .collect();
            if c.op == "update" {
                format!(
                    "UPDATE \"{}\" SET {} WHERE {}",
                    t.name,
                    sets.join(", "),
                    wheres.join(" AND ")
                )
            } else {
                format!("DELETE FROM \"{}\" WHERE {}", t.name, wheres.join(" AND "))
            }
        }
        _ => return Ok(0),
    };
    Ok(conn.execute(&sql, rusqlite::params_from_iter(values))?)
}

#[cfg(test)]
mod tests {
    use super::super::Catalog;
    use super::*;

    /// Every row of every journaled table, as text, for comparing two catalogs.
    fn dump(c: &Catalog) -> Vec<String> {
        let mut out = Vec::new();
        for t in tables(&c.conn).expect("tables") {
            let mut rows: Vec<String> = c
                .conn
                .prepare(&format!(
                    "SELECT quote({}) FROM \"{}\"",
                    "json_array(*)".replace(
                        "*",
                        &t.columns
                            .iter()
                            .map(|c| format!("quote(\"{}\")", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    t.name
                ))
                .expect("prepare")
                .query_map([], |r| r.get::<_, String>(0))
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("read");
            rows.sort();
            out.extend(rows.into_iter().map(|r| format!("{}: {r}", t.name)));
        }
        out
    }

    /// `sql` and an audit row for it, as the door writes them.
    fn audited(c: &Catalog, sql: &str) {
        c.atomically(|| {
            c.write(sql, [])?;
            c.audit(
                "2026-12-01T08:00:00Z",
                "kgy",
                super::super::AuditAction::Setting,
                None,
                "ok",
                Some(sql),
            )
        })
        .expect(sql);
    }

    fn some_facts(c: &Catalog) {
        audited(
            c,
            "INSERT INTO settings (key, value) VALUES ('branch', '城东中队')",
        );
        audited(
            c,
            "INSERT INTO devices (id, serial, created_at) VALUES (7, 'DSJ-1', '2026-12-01T08:00:00Z')",
        );
        audited(
            c,
            "INSERT INTO clips (id, media_path, device_id, source_path, source_path_raw, source_size,
                 source_mtime_ns, size, blake3, sha256, kind, time_source, duration_s, flags,
                 warnings, ingested_at, verified_at)
             VALUES (1, 'media/a.mp4', 7, 'a.mp4', x'61ff00', 3, 0, 3, 'b', 's', 'video', 'mtime',
                 0.1 + 0.2, '[]', '[]', 'now', 'now')",
        );
        audited(c, "UPDATE clips SET case_number = 'C-1' WHERE id = 1");
        audited(c, "DELETE FROM settings WHERE key = 'branch'");
    }

    #[test]
    fn a_change_without_its_audit_row_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Catalog::open(&dir.path().join("catalog.sqlite"), true).expect("open");
        let err = c.set_setting("branch", "A").expect_err("unaudited");
        assert!(
            matches!(&err, Error::Unaudited { tables } if tables == &["settings"]),
            "{err:?}"
        );
        assert_eq!(c.setting("branch").expect("read"), None);
    }

    #[test]
    fn a_replayed_journal_gives_back_every_row_bit_for_bit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Catalog::open(&dir.path().join("catalog.sqlite"), true).expect("open");
        some_facts(&c);
        let fresh = Catalog::open_for_replay(&dir.path().join("fresh.sqlite")).expect("fresh");
        let replay = fresh.replay_journal(&dir.path().join(DIR)).expect("replay");
        assert!(replay.problems.is_empty(), "{:?}", replay.problems);
        assert_eq!(dump(&fresh), dump(&c));
        let check = c.check_journal().expect("check").expect("journaled");
        assert!(check.ok(), "{check:?}");
        // The catalog's own triggers are back after the replay.
        assert!(fresh.altered_guards().expect("guards").is_empty());
    }

    #[test]
    fn a_commit_that_did_not_pass_the_door_is_undone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Catalog::open(&dir.path().join("catalog.sqlite"), true).expect("open");
        let sneaked = c
            .conn
            .execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", []);
        assert!(sneaked.is_err());
        assert_eq!(c.setting("x").expect("read"), None);
    }

    #[test]
    fn rows_cut_from_the_journal_or_written_past_it_are_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("catalog.sqlite");
        let c = Catalog::open(&path, true).expect("open");
        some_facts(&c);
        drop(c);
        // Another hand writes a chained audit row straight into the catalog.
        let c = Catalog::open(&path, false).expect("reopen");
        let (last, prev): (i64, String) = c
            .conn
            .query_row(
                "SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("head");
        let e = super::super::AuditEntry {
            id: last + 1,
            at: "t".into(),
            actor: "x".into(),
            action: "dispose".into(),
            object: None,
            outcome: "ok".into(),
            detail: None,
            text: String::new(),
        };
        Connection::open(&path)
            .expect("outside hand")
            .execute(
                "INSERT INTO audit_log (id, at, actor, action, outcome, prev_hash, row_hash)
                 VALUES (?1, 't', 'x', 'dispose', 'ok', ?2, ?3)",
                params![e.id, prev, super::super::audit_row_hash(&e, &prev)],
            )
            .expect("sneak");
        let check = c.check_journal().expect("check").expect("journaled");
        assert_eq!(check.not_in_journal, vec![last + 1]);
        // The line of the relabel cut out: its audit row is named, the break, and what follows.
        let file = files(&dir.path().join(DIR))
            .expect("files")
            .pop()
            .expect("a file");
        let text = fs::read_to_string(&file).expect("read");
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.contains("SET case_number"))
            .collect();
        fs::write(&file, kept.join("\n") + "\n").expect("cut");
        let check = c.check_journal().expect("check").expect("journaled");
        assert_eq!(
            check.not_in_journal,
            vec![last - 1, last, last + 1],
            "{check:?}"
        );
        assert!(check.first_broken.is_some());
    }

    #[test]
    fn a_line_whose_commit_failed_is_voided_and_an_older_catalog_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("catalog.sqlite");
        let c = Catalog::open(&path, true).expect("open");
        audited(
            &c,
            "INSERT INTO settings (key, value) VALUES ('branch', 'A')",
        );
        let before = fs::copy(&path, dir.path().join("older.sqlite"));
        drop(c);
        // A line written whose transaction never committed: the next open voids it.
        let jdir = dir.path().join(DIR);
        let (lines, _) = read(&jdir).expect("read");
        let (seq, last) = lines.iter().next_back().expect("a line");
        let body = format!(
            r#"{{"seq":{},"prev":"{}","time":"t","changes":[{{"table":"settings","op":"insert","row":{{"key":"ghost","value":"1"}}}}]}}"#,
            seq + 1,
            last.hash
        );
        crate::fixity::append_line(
            &files(&jdir).expect("files").pop().expect("file"),
            line_text(&body).0.as_bytes(),
        )
        .expect("append");
        let c = Catalog::open(&path, false).expect("reopen");
        let (lines, _) = read(&jdir).expect("read");
        assert!(lines[&(seq + 1)].body.void);
        assert!(c.check_journal().expect("check").expect("journaled").ok());
        audited(&c, "UPDATE settings SET value = 'B' WHERE key = 'branch'");
        drop(c);
        // The catalog as it was two changes ago, put back: refused, nothing written.
        before.expect("copy");
        fs::rename(dir.path().join("older.sqlite"), &path).expect("put back");
        let err = Catalog::open(&path, false).err().expect("refused");
        assert!(matches!(err, Error::JournalAhead { .. }), "{err:?}");
    }

    #[test]
    fn a_catalog_made_before_the_journal_starts_it_with_everything_it_holds() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("catalog.sqlite");
        let c = Catalog::open(&path, true).expect("open");
        some_facts(&c);
        let rows = dump(&c);
        drop(c);
        // As a library from before the journal: no journal, no head.
        fs::remove_dir_all(dir.path().join(DIR)).expect("no journal");
        Connection::open(&path)
            .expect("outside hand")
            .execute("DELETE FROM journal_head", [])
            .expect("no head");
        let c = Catalog::open(&path, false).expect("reopen");
        assert!(c.check_journal().expect("check").expect("journaled").ok());
        let fresh = Catalog::open_for_replay(&dir.path().join("fresh.sqlite")).expect("fresh");
        fresh.replay_journal(&dir.path().join(DIR)).expect("replay");
        assert_eq!(dump(&fresh), rows);
    }

    #[test]
    fn the_newest_line_is_found_when_the_read_window_starts_inside_a_character() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("2026-12.jsonl");
        let big = "证".repeat(50_000);
        for pad in 0..3 {
            let first =
                format!(r#"{{"seq":1,"prev":"","time":"t","changes":[],"audit_head":"{big}"}}"#);
            let (first, hash) = line_text(&first);
            let second = format!(
                r#"{{"seq":2,"prev":"{hash}","time":"t{}","changes":[]}}"#,
                " ".repeat(pad)
            );
            let text = format!("{first}\n{}\n", line_text(&second).0);
            let start = text.len() - (64 << 10);
            if text.as_bytes()[start] & 0xC0 != 0x80 {
                continue;
            }
            fs::write(&path, &text).expect("write");
            assert_eq!(last_seq_in(&path).expect("read"), Some(2));
            return;
        }
        panic!("no padding put the window inside a character");
    }

    #[test]
    fn a_line_torn_inside_a_character_is_named_and_the_journal_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("catalog.sqlite");
        let c = Catalog::open(&path, true).expect("open");
        some_facts(&c);
        drop(c);
        // A power cut in the middle of a line, in the middle of a character.
        let file = files(&dir.path().join(DIR))
            .expect("files")
            .pop()
            .expect("a file");
        let torn = "{\"hash\":\"证".as_bytes();
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .expect("open");
        std::io::Write::write_all(&mut f, &torn[..torn.len() - 1]).expect("tear");
        drop(f);
        let c = Catalog::open(&path, false).expect("a torn line does not stop the station");
        audited(
            &c,
            "INSERT INTO settings (key, value) VALUES ('after', 'tear')",
        );
        let check = c.check_journal().expect("check").expect("journaled");
        assert_eq!(check.unreadable.len(), 1, "{check:?}");
        assert!(
            check.first_broken.is_none() && check.not_in_journal.is_empty(),
            "{check:?}"
        );
        let fresh = Catalog::open_for_replay(&dir.path().join("fresh.sqlite")).expect("fresh");
        fresh.replay_journal(&dir.path().join(DIR)).expect("replay");
        assert_eq!(dump(&fresh), dump(&c));
    }
}
