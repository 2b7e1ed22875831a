//! Moving the library to another folder or disk the way evidence is moved: every file copied,
//! synced and read back; the copy opened as the station's library; the old folder marked so
//! that it never opens as a library again, and kept, untouched, until the administrator
//! confirms — then only the files proven held in the new library are removed from it.
//!
//! ```text
//!  move_library(to)                          remove_old_libraries()
//!   ├ an administrator; the target empty,     ├ for each kept move, its listing
//!   │  outside the library, with room;        ├ each listed old file: still the bytes
//!   │  no docking running                     │  copied, and the new library holds them
//!   ├ every connection closed: the library's  │  (the same bytes, or a journal or manifest
//!   │  lock taken alone (no other window,     │  grown from them; the catalog replaced)
//!   │  no `watch`, nothing writes meanwhile)  ├ removed; anything else stays, and is named
//!   ├ each file copied new, synced, read      └ the move's row and its audit: one transaction
//!   │  back and compared (a failure removes
//!   │  what this move copied, nothing else)
//!   ├ the listing written, the tree synced
//!   ├ the copy opened: the move's row and its audit, one transaction
//!   ├ remembered as the library of this user
//!   └ MOVED-TO.txt in the old folder
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::audit::AuditAction;
use crate::catalog::LibraryMove;
use crate::closed_set::closed_set;
use crate::duties::Duty;
use crate::error::{Error, Result};
use crate::events::{CoreEvent, EventSink, Steps};
use crate::fixity;
use crate::library::{Library, MOVED_MARK};
use crate::platform;
use crate::Station;

/// How long a move waits for this process's other connections (the dock watcher, the media
/// server) to close after they were told to.
const CLOSING: Duration = Duration::from_secs(5);

/// What a move did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MoveReport {
    pub from: String,
    pub to: String,
    pub files: u64,
    pub bytes: u64,
    /// Stored originals whose bytes already differed from their digest before the move
    /// (copied as they were; `verify` reports them as before).
    pub mismatched: Vec<String>,
    /// Stored originals the catalog names that were not in the old folder.
    pub missing: Vec<String>,
    /// Entries that are not plain files (a link): not copied, left in the old folder.
    pub skipped: Vec<String>,
}

closed_set! {
    /// Why a file of the old folder was not removed.
    pub enum KeptBecause as ("保留原因", "kept because") {
        Changed = "changed" ("迁移后被改动过", "changed since the move"),
        NotHeld = "not_held" ("新证据库中的副本缺失或不一致", "the new library's copy is missing or differs"),
        Unreadable = "unreadable" ("读不出", "unreadable"),
        NotCopied = "not_copied" ("迁移时没有复制", "not copied by the move"),
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeptFile {
    pub path: String,
    pub because: KeptBecause,
}

/// What clearing the old folders did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OldLibraryRemoval {
    pub folders: Vec<String>,
    pub removed: u64,
    pub bytes: u64,
    /// Left in the old folder, each with why; the folder stays (marked as moved) if any.
    pub kept: Vec<KeptFile>,
}

/// One line of a move's listing: a file as it was copied.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Listed {
    path: String,
    size: u64,
    blake3: String,
}

/// How the new library holds a file the move copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Successor {
    /// Unchanged: an original, a document, a thumbnail, an earlier listing.
    Same,
    /// Appended to since: the journal and the manifests begin with the bytes copied.
    Grown,
    /// Replaced by the new library's own catalog, which began as this copy.
    Replaced,
}

/// No file system is read here: where a library-relative path lives decides.
fn successor(rel: &str) -> Successor {
    if rel.starts_with("journal/") || rel.starts_with("manifests/") {
        Successor::Grown
    } else if rel == "catalog.sqlite" || rel == "catalog.sqlite-wal" {
        Successor::Replaced
    } else {
        Successor::Same
    }
}

/// What a move leaves behind on purpose: partial copies, locks, the catalog's shared-memory
/// index (rebuilt on open) — nothing that holds a fact.
fn is_scratch(rel: &str) -> bool {
    rel.starts_with(".staging/")
        || rel.starts_with(".locks/")
        || rel == "catalog.sqlite-shm"
        || rel == MOVED_MARK
}

impl Station {
    /// Move the library to `to` (an empty or new folder): see the module's diagram. The
    /// station is consumed (its connection must close) and the one on the new library, signed
    /// in as the same administrator, returned.
    pub fn move_library(self, to: &Path, events: &dyn EventSink) -> Result<(Station, MoveReport)> {
        self.require(Duty::MoveLibrary)?;
        let from = self.root().to_path_buf();
        let to = target(&from, to)?;
        let library = self.library.clone();
        not_docking(&library)?;
        let (token, actor, clock) = (self.sign_in_token(), self.actor(), self.clock.clone());
        drop(self);
        // From here on nothing else has the library open: what is walked is what is copied.
        let _alone = library.alone(CLOSING)?;
        not_docking(&library)?;
        let (files, skipped) = walk(&from)?;
        let bytes = files.iter().map(|f| f.1).sum::<u64>();
        room_for(&to, bytes)?;
        let mut made = Vec::new();
        let copied = copy_all(&from, &to, &files, bytes, events, &mut made);
        let opened = copied.and_then(|listing| {
            let mut st = Station::open(&to, clock)?;
            st.adopt(&token);
            let mut report = st.record_move(&from, &listing, &actor)?;
            report.skipped = skipped;
            mark_moved(&from, st.root())?;
            Ok((st, report))
        });
        // Until the old folder is marked, a failure leaves it the library, as if never moved.
        let (st, report) = opened.inspect_err(|_| undo(&made))?;
        Library::remember_moved(&from, st.root())?;
        Ok((st, report))
    }

    /// The move's row and its audit, in the new library's catalog; the copied originals
    /// compared with the digests the catalog holds (no file is read again).
    fn record_move(&self, from: &Path, listing: &Path, actor: &str) -> Result<MoveReport> {
        let listed = read_listing(listing)?;
        let digests: BTreeMap<&str, &str> = listed
            .iter()
            .map(|l| (l.path.as_str(), l.blake3.as_str()))
            .collect();
        let (mut mismatched, mut missing) = (Vec::new(), Vec::new());
        for item in self.catalog.fixity_items()? {
            match digests.get(item.media_path.as_str()) {
                Some(d) if *d == item.blake3 => {}
                Some(_) => mismatched.push(item.media_path),
                None => missing.push(item.media_path),
            }
        }
        let report = MoveReport {
            from: from.display().to_string(),
            to: self.root().display().to_string(),
            files: listed.len() as u64,
            bytes: listed.iter().map(|l| l.size).sum(),
            mismatched,
            missing,
            skipped: Vec::new(),
        };
        let rel = listing
            .strip_prefix(self.root())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        self.apply_audited(|| {
            self.catalog.record_library_move(&LibraryMove {
                id: 0,
                from_path: report.from.clone(),
                to_path: report.to.clone(),
                moved_at: self.now_text(),
                moved_by: actor.to_string(),
                files: report.files,
                bytes: report.bytes,
                listing: rel.clone(),
                removed_at: None,
                removed: None,
                kept: None,
            })?;
            let detail = serde_json::json!({
                "from": report.from, "files": report.files, "bytes": report.bytes,
                "mismatched": report.mismatched.len(), "missing": report.missing.len(),
            });
            self.catalog.audit(
                &self.now_text(),
                actor,
                AuditAction::MoveLibrary,
                Some(&report.to),
                "ok",
                Some(&detail.to_string()),
            )
        })?;
        Ok(report)
    }

    /// Every move whose old folder is still kept.
    pub fn kept_old_libraries(&self) -> Result<Vec<LibraryMove>> {
        self.require(Duty::ReadRecords)?;
        self.catalog.kept_library_moves()
    }

    /// Clear the old folders of every kept move, removing only what is proven held here.
    pub fn remove_old_libraries(&self, events: &dyn EventSink) -> Result<OldLibraryRemoval> {
        self.require(Duty::MoveLibrary)?;
        let moves = self.catalog.kept_library_moves()?;
        if moves.is_empty() {
            return Err(Error::state(
                "没有保留待删除的旧证据库",
                "no old library is kept to be removed",
            ));
        }
        let mut all = OldLibraryRemoval {
            folders: Vec::new(),
            removed: 0,
            bytes: 0,
            kept: Vec::new(),
        };
        for m in &moves {
            let old = PathBuf::from(&m.from_path);
            let listed = read_listing(&self.root().join(&m.listing))?;
            let one = clear_old(&old, self.root(), &listed, events)?;
            self.apply_audited(|| {
                let now = self.now_text();
                let kept = one.kept.len() as u64;
                self.catalog
                    .finish_library_move(m.id, &now, one.removed, kept)?;
                let detail = serde_json::json!({
                    "removed": one.removed, "bytes": one.bytes,
                    "kept": one.kept.iter().map(|k| &k.path).collect::<Vec<_>>(),
                });
                self.catalog.audit(
                    &now,
                    &self.actor(),
                    AuditAction::RemoveOldLibrary,
                    Some(&m.from_path),
                    if one.kept.is_empty() {
                        "ok"
                    } else {
                        "problems"
                    },
                    Some(&detail.to_string()),
                )
            })?;
            all.folders.push(m.from_path.clone());
            all.removed += one.removed;
            all.bytes += one.bytes;
            all.kept.extend(one.kept);
        }
        Ok(all)
    }
}

/// The target as an absolute path, refused where a move could not be undone cleanly or would
/// copy the library into itself.
fn target(from: &Path, to: &Path) -> Result<PathBuf> {
    let to = std::path::absolute(to).map_err(|e| Error::io("open", to, e))?;
    let to = resolved(&to);
    if to.starts_with(from) || from.starts_with(&to) {
        return Err(Error::input(
            format!(
                "{} 与当前证据库 {} 重叠：请选另一个文件夹（最好在另一块磁盘上）",
                to.display(),
                from.display()
            ),
            format!(
                "{} overlaps the library {}: choose another folder (best on another disk)",
                to.display(),
                from.display()
            ),
        ));
    }
    match fs::read_dir(&to).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(to),
        Ok(false) => Err(Error::input(
            format!("{} 不是空文件夹：证据库只迁入空文件夹或新文件夹（不会覆盖或混入已有文件）", to.display()),
            format!("{} is not empty: a library moves only into an empty or new folder (nothing there is overwritten or mixed in)", to.display()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(to),
        Err(e) if to.is_file() => Err(Error::input(
            format!("{} 是一个文件，不是文件夹", to.display()),
            format!("{} is a file, not a folder ({e})", to.display()),
        )),
        Err(e) => Err(Error::io("list", &to, e)),
    }
}

/// The path with its existing part resolved (links, `..`), so overlap is judged on the disk.
fn resolved(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut out = dunce::canonicalize(&existing).unwrap_or(existing);
    out.extend(rest.iter().rev());
    out
}

/// Library-relative paths with their sizes.
type Files = Vec<(String, u64)>;

/// Every plain file of the library to copy, with its size, by library-relative path; and the
/// entries that are neither folders nor plain files (a link), which a move does not copy.
fn walk(from: &Path) -> Result<(Files, Vec<String>)> {
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("list", from, e.into()))?;
        let rel = relative(from, entry.path());
        if entry.file_type().is_dir() || is_scratch(&rel) {
            continue;
        }
        if !entry.file_type().is_file() {
            skipped.push(rel);
            continue;
        }
        let size = entry
            .metadata()
            .map_err(|e| Error::io("open", entry.path(), e.into()))?
            .len();
        files.push((rel, size));
    }
    Ok((files, skipped))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The target disk has room for the library and a margin (1 %, at least 64 MiB): a move
/// that would fill it is refused before a byte is written.
fn room_for(to: &Path, bytes: u64) -> Result<()> {
    let mut disk = to.to_path_buf();
    while !disk.exists() {
        if !disk.pop() {
            break;
        }
    }
    let (free, _) = platform::disk_space(&disk).map_err(|e| Error::io("open", &disk, e))?;
    let needed = bytes + (bytes / 100).max(64 << 20);
    if free < needed {
        return Err(Error::WillNotFit {
            path: to.to_path_buf(),
            needed,
            free,
        });
    }
    Ok(())
}

fn not_docking(library: &Library) -> Result<()> {
    if library.running_jobs()?.is_empty() {
        return Ok(());
    }
    Err(Error::state(
        "正在接入记录仪：等复制完成、可以拔下记录仪之后再迁移证据库",
        "a recorder is being copied: move the library once it may be unplugged",
    ))
}

/// Copy every file as evidence is copied; the listing of what was copied is written last,
/// and its path returned. Every file and folder made is noted in `made`, for [`undo`].
fn copy_all(
    from: &Path,
    to: &Path,
    files: &[(String, u64)],
    bytes: u64,
    events: &dyn EventSink,
    made: &mut Vec<PathBuf>,
) -> Result<PathBuf> {
    let mut steps = Steps::start(
        "",
        files.len(),
        bytes,
        "copying",
        events,
        CoreEvent::library_move,
    );
    let mut listed = Vec::with_capacity(files.len());
    make_dirs(to, made)?;
    for (rel, _) in files {
        let (src, dst) = (from.join(rel), to.join(rel));
        if let Some(dir) = dst.parent() {
            make_dirs(dir, made)?;
        }
        let copied = fixity::copy_verified_bytes(&src, &dst);
        if copied.is_ok() || dst.exists() {
            made.push(dst.clone());
        }
        let copied = copied?;
        let back = fixity::read_back(&dst).map_err(|e| Error::io("read", &dst, e))?;
        if back != (copied.blake3.clone(), copied.size) {
            return Err(Error::state(
                format!(
                    "{}：回读的副本与原件不一致，迁移已停止，旧证据库未动",
                    dst.display()
                ),
                format!(
                    "{}: the copy read back differs; the move stopped, the library is untouched",
                    dst.display()
                ),
            ));
        }
        if fs::metadata(&src).is_ok_and(|m| m.permissions().readonly()) {
            platform::make_read_only(&dst).map_err(|e| Error::io("write", &dst, e))?;
        }
        steps.file_done(rel, copied.size);
        listed.push(Listed {
            path: rel.clone(),
            size: copied.size,
            blake3: copied.blake3,
        });
    }
    let listing = write_listing(to, &listed, made)?;
    platform::sync_tree(to).map_err(|e| Error::io("sync", to, e))?;
    Ok(listing)
}

fn make_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> Result<()> {
    let mut missing = Vec::new();
    let mut d = dir.to_path_buf();
    while !d.exists() {
        missing.push(d.clone());
        if !d.pop() {
            break;
        }
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(&d).map_err(|e| Error::io("create", &d, e))?;
        made.push(d);
    }
    Ok(())
}

/// `moves/<when>.jsonl` in the new library: each file copied, its size and BLAKE3.
fn write_listing(to: &Path, listed: &[Listed], made: &mut Vec<PathBuf>) -> Result<PathBuf> {
    let dir = to.join("moves");
    make_dirs(&dir, made)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let path = dir.join(format!("{stamp}.jsonl"));
    let mut text = Vec::new();
    for l in listed {
        serde_json::to_writer(&mut text, l).map_err(|e| Error::io("write", &path, e.into()))?;
        text.push(b'\n');
    }
    let mut f = fs::File::options()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io("create", &path, e))?;
    made.push(path.clone());
    f.write_all(&text)
        .map_err(|e| Error::io("write", &path, e))?;
    f.sync_all().map_err(|e| Error::io("sync", &path, e))?;
    Ok(path)
}

fn read_listing(path: &Path) -> Result<Vec<Listed>> {
    let f = fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let line = line.map_err(|e| Error::io("read", path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(|e| Error::io("read", path, e.into()))?);
    }
    Ok(out)
}

/// A failed move takes back what it made (the target folder too, if it made it), newest
/// first, and nothing else: the old library was never written.
fn undo(made: &[PathBuf]) {
    for p in made.iter().rev() {
        let _ = if p.is_dir() {
            fs::remove_dir(p)
        } else {
            platform::remove_original(p)
        };
    }
}

/// The old folder says where the library went, and no longer opens as a library.
fn mark_moved(from: &Path, to: &Path) -> Result<()> {
    let path = from.join(MOVED_MARK);
    let text = format!(
        "{}\n\n本证据库已迁移到上面的位置，并已逐个文件校验。此文件夹保留到管理员在“设置”中确认删除旧证据库为止；请勿再使用。\nThis library was moved to the folder above, every file verified. This folder is kept until the administrator removes the old library in Settings; do not use it.\n",
        to.display()
    );
    crate::destination::create_new(&path, text.as_bytes())?;
    platform::sync_dir(from).map_err(|e| Error::io("sync", from, e))
}

/// Remove from `old` each listed file proven held in `new`; then the folders left empty and
/// the scratch a library keeps; the folder itself only once nothing else is in it.
fn clear_old(
    old: &Path,
    new: &Path,
    listed: &[Listed],
    events: &dyn EventSink,
) -> Result<OldLibraryRemoval> {
    let mut out = OldLibraryRemoval {
        folders: vec![old.display().to_string()],
        removed: 0,
        bytes: 0,
        kept: Vec::new(),
    };
    // Removed by hand, or its disk gone for good: nothing is left to clear.
    if !old.exists() {
        return Ok(out);
    }
    if !old.join(MOVED_MARK).is_file() {
        return Err(Error::state(
            format!("{} 中没有迁移标记（{MOVED_MARK}）：它不是本站迁走的旧证据库，什么也没有删除", old.display()),
            format!("{} has no move mark ({MOVED_MARK}): it is not a library this station moved; nothing was removed", old.display()),
        ));
    }
    let bytes = listed.iter().map(|l| l.size).sum();
    let mut steps = Steps::start(
        "",
        listed.len(),
        bytes,
        "removing",
        events,
        CoreEvent::library_move,
    );
    for l in listed {
        let file = old.join(&l.path);
        if file.exists() {
            match proven(&file, &new.join(&l.path), l) {
                Ok(()) => {
                    platform::remove_original(&file).map_err(|e| Error::io("remove", &file, e))?;
                    out.removed += 1;
                    out.bytes += l.size;
                }
                Err(because) => out.kept.push(KeptFile {
                    path: l.path.clone(),
                    because,
                }),
            }
        }
        steps.file_done(&l.path, l.size);
    }
    let listed_paths: std::collections::HashSet<&str> =
        listed.iter().map(|l| l.path.as_str()).collect();
    for rest in walk_all(old) {
        let rel = relative(old, &rest);
        if is_scratch(&rel) && rel != MOVED_MARK {
            let _ = fs::remove_file(&rest);
        } else if rel != MOVED_MARK && !listed_paths.contains(rel.as_str()) {
            out.kept.push(KeptFile {
                path: rel,
                because: KeptBecause::NotCopied,
            });
        }
    }
    remove_empty_dirs(old);
    if out.kept.is_empty() {
        let _ = fs::remove_file(old.join(MOVED_MARK));
        let _ = fs::remove_dir(old);
    }
    Ok(out)
}

/// The old file is still the bytes the move copied, and the new library holds them.
fn proven(old: &Path, new: &Path, l: &Listed) -> std::result::Result<(), KeptBecause> {
    let want = (l.blake3.clone(), l.size);
    let had = fixity::read_back(old).map_err(|_| KeptBecause::Unreadable)?;
    if had != want {
        return Err(KeptBecause::Changed);
    }
    let holds = match successor(&l.path) {
        Successor::Same => fixity::read_back(new).is_ok_and(|d| d == want),
        Successor::Grown => fixity::digest_of_first(new, l.size).is_ok_and(|d| d == want),
        Successor::Replaced => true,
    };
    holds.then_some(()).ok_or(KeptBecause::NotHeld)
}

fn walk_all(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect()
}

fn remove_empty_dirs(root: &Path) {
    for e in walkdir::WalkDir::new(root)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        if e.file_type().is_dir() && e.path() != root {
            let _ = fs::remove_dir(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_of_a_library_is_found_again_as_it_lives_on() {
        assert_eq!(successor("media/2026/12/01/DSJ001/a.mp4"), Successor::Same);
        assert_eq!(successor("documents/兴城/决定书.pdf"), Successor::Same);
        assert_eq!(successor("thumbs/17.jpg"), Successor::Same);
        assert_eq!(successor("journal/2026-12.jsonl"), Successor::Grown);
        assert_eq!(successor("manifests/2026-12-01.jsonl"), Successor::Grown);
        assert_eq!(successor("catalog.sqlite"), Successor::Replaced);
        assert_eq!(successor("catalog.sqlite-wal"), Successor::Replaced);
        // A catalog kept aside by a rebuild is never written again.
        assert_eq!(
            successor("catalog-before-rebuild-20261201T1000.sqlite"),
            Successor::Same
        );
        // A file named like the catalog deeper down is an original like any other.
        assert_eq!(successor("media/catalog.sqlite"), Successor::Same);
    }

    #[test]
    fn scratch_is_what_holds_no_fact() {
        for s in [
            ".staging/dock-3/a.part",
            ".locks/library.lock",
            "catalog.sqlite-shm",
            MOVED_MARK,
        ] {
            assert!(is_scratch(s), "{s}");
        }
        for s in [
            "catalog.sqlite",
            "catalog.sqlite-wal",
            "media/x.mp4",
            "moves/1.jsonl",
        ] {
            assert!(!is_scratch(s), "{s}");
        }
    }

    #[test]
    fn a_failed_move_takes_back_only_what_it_made() {
        let tmp = tempfile::tempdir().expect("tmp");
        let to = tmp.path().join("target");
        fs::create_dir(&to).expect("target");
        // Someone else's file appears beside the copy while it runs: it stays.
        let mut made = Vec::new();
        make_dirs(&to.join("media/2026/12"), &mut made).expect("dirs");
        fs::write(to.join("media/2026/12/a.mp4"), b"copied").expect("file");
        made.push(to.join("media/2026/12/a.mp4"));
        fs::write(to.join("media/theirs.txt"), b"theirs").expect("file");
        undo(&made);
        assert!(!to.join("media/2026").exists());
        assert_eq!(
            fs::read(to.join("media/theirs.txt")).expect("kept"),
            b"theirs"
        );
        assert_eq!(made.len(), 4, "media, 2026, 12 and the file: {made:?}");
    }
}
