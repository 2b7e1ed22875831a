//! The library on disk: where the catalog, originals, manifests and partial copies live, and
//! the locks that keep two jobs off the same recorder.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The file a move leaves in the old folder: its first line is where the library went.
pub const MOVED_MARK: &str = "MOVED-TO.txt";

#[derive(Debug, Clone)]
pub struct Library {
    root: PathBuf,
}

impl Library {
    /// `~/.local/share/evidence-station` on Linux; `%ProgramData%\EvidenceStation` on Windows,
    /// one library for every account on the evidence PC (the installer sets its ACLs).
    pub fn default_root() -> PathBuf {
        #[cfg(windows)]
        let dir = std::env::var_os("ProgramData")
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from(r"C:\ProgramData")))
            .map(|d| d.join("EvidenceStation"));
        #[cfg(not(windows))]
        let dir = dirs::data_dir().map(|d| d.join("evidence-station"));
        dir.unwrap_or_else(|| PathBuf::from("evidence-station"))
    }

    /// Where a new library is suggested: a visible folder on the data disk with the most free
    /// room (on the system disk, in the user's home on Linux), not a hidden data folder.
    pub fn suggested_root() -> PathBuf {
        const NAME: &str = "执法记录证据库";
        let home = dirs::home_dir();
        let mut disks = crate::platform::data_disks();
        disks.extend(home.clone());
        let best = disks
            .into_iter()
            .filter_map(|d| {
                crate::platform::disk_space(&d)
                    .ok()
                    .map(|(free, _)| (free, d))
            })
            .max_by_key(|(free, _)| *free)
            .map(|(_, d)| d);
        match (best, home) {
            // The home folder's own disk: in the home folder, where the user can write.
            (Some(d), Some(h)) if cfg!(unix) && (h.starts_with(&d) || d == h) => h.join(NAME),
            (Some(d), _) => d.join(NAME),
            (None, _) => Library::default_root(),
        }
    }

    /// Where the library is: `explicit` (--library), else `EVIDENCE_STATION_LIBRARY`, else
    /// the location remembered by the first-run setup, else the platform data dir. The CLI
    /// and the desktop app find it the same way.
    pub fn locate(explicit: Option<PathBuf>) -> PathBuf {
        explicit
            .or_else(|| std::env::var_os("EVIDENCE_STATION_LIBRARY").map(PathBuf::from))
            .or_else(Library::remembered)
            .unwrap_or_else(Library::default_root)
    }

    /// The per-user file that remembers the library chosen at setup.
    fn location_file() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("evidence-station").join("library-location"))
    }

    fn remembered() -> Option<PathBuf> {
        let text = fs::read_to_string(Library::location_file()?).ok()?;
        let path = text.trim();
        (!path.is_empty()).then(|| PathBuf::from(path))
    }

    /// Remember `root` as this user's library (first-run setup, settings).
    pub fn remember(root: &Path) -> Result<()> {
        let Some(file) = Library::location_file() else {
            return Ok(());
        };
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        fs::write(&file, root.display().to_string()).map_err(|e| Error::io("write", &file, e))
    }

    /// Remember `to` after a move from `from`, where this user's remembered library was
    /// `from` or none (the default location); a different library remembered stays.
    pub fn remember_moved(from: &Path, to: &Path) -> Result<()> {
        match Library::remembered() {
            Some(r) if dunce::canonicalize(&r).unwrap_or_else(|_| r.clone()) != from => Ok(()),
            _ => Library::remember(to),
        }
    }

    /// Where the library at `root` was moved, if it was.
    pub fn moved_to(root: &Path) -> Option<PathBuf> {
        let text = fs::read_to_string(root.join(MOVED_MARK)).ok()?;
        let first = text.lines().next()?.trim();
        (!first.is_empty()).then(|| PathBuf::from(first))
    }

    /// Is there a library at `root` already?
    pub fn exists(root: &Path) -> bool {
        root.join("catalog.sqlite").is_file()
    }

    /// Create the folders (idempotent).
    pub fn create(root: &Path) -> Result<Library> {
        fs::create_dir_all(root).map_err(|e| Error::io("create", root, e))?;
        // Absolute, so every path the station reports can be used from anywhere (and on
        // Windows as people write it, `C:\…`, unless it is too long for that).
        let root = dunce::canonicalize(root).map_err(|e| Error::io("open", root, e))?;
        let lib = Library { root };
        for dir in [
            lib.root.clone(),
            lib.media_dir(),
            lib.manifests_dir(),
            lib.staging_dir(),
            lib.locks_dir(),
        ] {
            fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        }
        Ok(lib)
    }

    pub fn open(root: &Path) -> Result<Library> {
        if !root.is_dir() {
            return Err(Error::LibraryMissing {
                path: root.to_path_buf(),
            });
        }
        if let Some(to) = Library::moved_to(root) {
            return Err(Error::LibraryMoved {
                path: root.to_path_buf(),
                to,
            });
        }
        let lib = Library {
            root: root.to_path_buf(),
        };
        if !lib.catalog_path().is_file() {
            return Err(Error::NotALibrary {
                path: root.to_path_buf(),
            });
        }
        // Folders a later version or a careless hand may have removed.
        Library::create(root)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn catalog_path(&self) -> PathBuf {
        self.root.join("catalog.sqlite")
    }
    pub fn media_dir(&self) -> PathBuf {
        self.root.join("media")
    }
    pub fn manifests_dir(&self) -> PathBuf {
        self.root.join("manifests")
    }
    /// Every committed change to the catalog, hash-chained (see `catalog/journal.rs`).
    pub fn journal_dir(&self) -> PathBuf {
        self.root.join("journal")
    }
    /// The district store's secret key, readable by the station's account only.
    pub fn district_secret(&self) -> PathBuf {
        self.root.join(".district").join("secret")
    }
    pub fn staging_dir(&self) -> PathBuf {
        self.root.join(".staging")
    }
    fn locks_dir(&self) -> PathBuf {
        self.root.join(".locks")
    }

    /// Absolute path of a stored original from its library-relative path.
    pub fn media_file(&self, media_path: &str) -> PathBuf {
        self.root.join(media_path)
    }

    /// Remove partial copies left by jobs that are no longer running (killed, crashed, power
    /// cut). A running job holds the lock on its staging folder, so it is left alone.
    pub fn clean_staging(&self) -> Result<usize> {
        let staging = self.staging_dir();
        let mut removed = 0;
        let entries = match fs::read_dir(&staging) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(Error::io("list", &staging, e)),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                let free = match File::open(path.join(".lock")) {
                    Ok(f) => f.try_lock().is_ok(),
                    // A job creates its folder a moment before its lock: leave young ones.
                    Err(_) => is_older_than(&path, std::time::Duration::from_secs(60)),
                };
                if free {
                    fs::remove_dir_all(&path).map_err(|e| Error::io("remove", &path, e))?;
                    removed += 1;
                }
            } else {
                fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Dock event ids whose job is running now (in any process): their staging lock is held.
    pub fn running_jobs(&self) -> Result<Vec<i64>> {
        let staging = self.staging_dir();
        let entries = fs::read_dir(&staging).map_err(|e| Error::io("list", &staging, e))?;
        let mut ids = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(id) = name
                .to_str()
                .and_then(|n| n.strip_prefix("dock-"))
                .and_then(|n| n.parse().ok())
            else {
                continue;
            };
            let held = File::open(entry.path().join(".lock"))
                .map(|f| matches!(f.try_lock(), Err(TryLockError::WouldBlock)))
                .unwrap_or(false);
            if held {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// A private staging folder for one job, on the library's own file system, locked for as
    /// long as the returned value lives.
    pub fn staging_area(&self, name: &str) -> Result<StagingArea> {
        let dir = self.staging_dir().join(name);
        fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        let lock_path = dir.join(".lock");
        let lock = File::create(&lock_path).map_err(|e| Error::io("create", &lock_path, e))?;
        lock.lock().map_err(|e| Error::io("lock", &lock_path, e))?;
        Ok(StagingArea { dir, _lock: lock })
    }

    fn use_lock(&self) -> Result<File> {
        let path = self.locks_dir().join("library.lock");
        File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("create", &path, e))
    }

    /// Held by every open station, shared: any number run at once, none while the library
    /// is moved. An OS lock, released when a process dies.
    pub fn in_use(&self) -> Result<InUse> {
        let file = self.use_lock()?;
        match file.try_lock_shared() {
            Ok(()) => Ok(InUse { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::LibraryMoving {
                path: self.root.clone(),
            }),
            Err(TryLockError::Error(e)) => Err(Error::io("lock", self.root.join(".locks"), e)),
        }
    }

    /// The library alone: no station open anywhere else. Waits up to `wait` for connections
    /// being closed (a dock watcher told to stop finishes its second).
    pub fn alone(&self, wait: Duration) -> Result<InUse> {
        let file = self.use_lock()?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(InUse { _file: file }),
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::LibraryInUse {
                        path: self.root.clone(),
                    })
                }
                Err(TryLockError::Error(e)) => {
                    return Err(Error::io("lock", self.root.join(".locks"), e))
                }
            }
        }
    }

    /// Exclusive right to ingest from `source`. An OS file lock: a killed process loses it at
    /// once, so a stale lock can never block the next run.
    pub fn lock_source(&self, source: &Path) -> Result<SourceLock> {
        let canonical = dunce::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
        let key = blake3::hash(canonical.as_os_str().as_encoded_bytes()).to_hex();
        let path = self.locks_dir().join(format!("ingest-{}.lock", &key[..16]));
        let file = File::create(&path).map_err(|e| Error::io("create", &path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(SourceLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::SourceBusy {
                path: source.to_path_buf(),
            }),
            Err(TryLockError::Error(e)) => Err(Error::io("lock", &path, e)),
        }
    }
}

fn is_older_than(path: &Path, age: std::time::Duration) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|e| e > age)
}

pub struct StagingArea {
    dir: PathBuf,
    _lock: File,
}

impl StagingArea {
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for StagingArea {
    fn drop(&mut self) {
        // Best effort: whatever is left is removed by the next clean_staging.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The library held open (shared) or alone (a move), for as long as this lives.
pub struct InUse {
    _file: File,
}

pub struct SourceLock {
    _file: File,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_library_is_suggested_in_a_visible_folder_on_an_existing_disk() {
        let suggested = Library::suggested_root();
        assert!(suggested.is_absolute(), "{}", suggested.display());
        assert!(
            suggested.ends_with("执法记录证据库"),
            "{}",
            suggested.display()
        );
        let parent = suggested.parent().expect("parent");
        assert!(parent.is_dir(), "{}", parent.display());
        assert!(!suggested
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.')));
        for disk in crate::platform::data_disks() {
            assert!(disk.is_dir(), "{}", disk.display());
        }
    }
}
