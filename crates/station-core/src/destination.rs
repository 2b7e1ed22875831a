//! Writing outside the library — export packages, drive copies, ledgers — onto a drive or
//! into a folder someone else may have prepared. Work happens in a `.<name>.partial` folder
//! the station made and marked as its own; every file is created new, never written through
//! a link; a prepared or foreign `.partial` is refused, never written into and never deleted.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::platform;

/// The file that marks a work folder as the station's, holding what it is for.
pub const MARK: &str = ".evidence-station-partial";

/// Start, or resume after an interruption, the work folder `partial` for `what` (a package
/// or volume name). One that is a link, holds links or special files, or lacks the station's
/// mark for `what` is refused.
pub fn work_folder(partial: &Path, what: &str) -> Result<()> {
    match fs::symlink_metadata(partial) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => made_with_mark(partial, what),
        Err(e) => Err(Error::io("read", partial, e)),
        Ok(_) if is_ours(partial, what) => Ok(()),
        Ok(_) => Err(Error::state(
            format!(
                "{} 不是本站留下的未完成副本（它是链接、含有链接或特殊文件，或没有本站的标记）：\
                 请检查并移走它后重试",
                partial.display()
            ),
            format!(
                "{} is no unfinished copy of this station's (it is or holds a link or special \
                 file, or lacks the station's mark): inspect it, move it away and try again",
                partial.display()
            ),
        )),
    }
}

/// Whether `partial` is a work folder of the station's for `what`, left by an interruption.
fn is_ours(partial: &Path, what: &str) -> bool {
    fs::symlink_metadata(partial).is_ok_and(|m| m.is_dir())
        && is_mark(&partial.join(MARK), what)
        && only_files(partial)
}

/// The work folder appears with its mark in one step — made under a name of this process's,
/// marked, then renamed — so that a kill at any moment never leaves an unmarked `.partial`
/// that the next run would have to refuse.
fn made_with_mark(partial: &Path, what: &str) -> Result<()> {
    let name = partial
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let fresh = partial.with_file_name(format!("{name}.{}", std::process::id()));
    let _ = fs::remove_dir_all(&fresh); // a dead process of the same number's, never a link's target
    fs::create_dir(&fresh).map_err(|e| Error::io("create", &fresh, e))?;
    write_new(&fresh.join(MARK), what.as_bytes())?;
    fs::rename(&fresh, partial).map_err(|e| Error::io("rename", partial, e))?;
    if let Some(dir) = partial.parent() {
        platform::sync_dir(dir).map_err(|e| Error::io("sync", dir, e))?;
    }
    Ok(())
}

/// Finish the work folder: everything synced, renamed to `done`, then its mark removed. A
/// kill between the two leaves only that small hidden file in a finished copy.
pub fn finish(partial: &Path, done: &Path) -> Result<()> {
    platform::sync_tree(partial).map_err(|e| Error::io("sync", partial, e))?;
    fs::rename(partial, done).map_err(|e| Error::io("rename", done, e))?;
    let mark = done.join(MARK);
    fs::remove_file(&mark).map_err(|e| Error::io("remove", &mark, e))?;
    platform::sync_dir(done).map_err(|e| Error::io("sync", done, e))?;
    if let Some(dir) = done.parent() {
        platform::sync_dir(dir).map_err(|e| Error::io("sync", dir, e))?;
    }
    Ok(())
}

/// Write `bytes` as the new file `path`: whatever is there (a file, or a link planted in its
/// place) is removed first — a link itself, never what it points at — and the file is created
/// new (`O_EXCL`, which never follows a link), written and synced.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io("remove", path, e))
        }
        _ => {}
    }
    create_new(path, bytes)
}

/// Write `bytes` as the new file `path`, never over anything there: a file a person named
/// (a filled registry, yesterday's receipt) is theirs.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::input(
                format!(
                    "{} 已存在；请另选一个文件名，已有的文件不会被覆盖",
                    path.display()
                ),
                format!(
                    "{} exists; choose another name: an existing file is never overwritten",
                    path.display()
                ),
            ),
            _ => Error::io("create", path, e),
        })?;
    f.write_all(bytes)
        .map_err(|e| Error::io("write", path, e))?;
    f.sync_all().map_err(|e| Error::io("sync", path, e))
}

fn is_mark(mark: &Path, what: &str) -> bool {
    fs::symlink_metadata(mark).is_ok_and(|m| m.is_file())
        && fs::read(mark).is_ok_and(|b| b == what.as_bytes())
}

/// Nothing under `dir` but regular files and folders.
fn only_files(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .all(|e| e.is_ok_and(|e| e.file_type().is_file() || e.file_type().is_dir()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_folder_is_made_resumed_and_a_foreign_one_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let partial = tmp.path().join(".pkg.partial");
        work_folder(&partial, "pkg").expect("made");
        work_folder(&partial, "pkg").expect("resumed");
        assert!(work_folder(&partial, "other").is_err(), "another's mark");

        let prepared = tmp.path().join(".prepared.partial");
        fs::create_dir(&prepared).expect("dir");
        assert!(work_folder(&prepared, "prepared").is_err(), "no mark");

        let outside = tmp.path().join("outside.csv");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, partial.join("ledger.csv")).expect("link");
            assert!(work_folder(&partial, "pkg").is_err(), "holds a link");
        }
        write_new(&partial.join("ledger.csv"), b"rows").expect("written");
        assert!(!outside.exists(), "never written through the link");
        assert_eq!(fs::read(partial.join("ledger.csv")).expect("read"), b"rows");
        work_folder(&partial, "pkg").expect("no link is left");
        let done = tmp.path().join("pkg");
        finish(&partial, &done).expect("finish");
        assert!(done.join("ledger.csv").is_file() && !done.join(MARK).exists());
    }
}
