//! The few file-system calls that differ per OS, behind one interface: `unix.rs` (Linux is
//! where the station is developed and most tests run) and `windows.rs` (built for
//! `x86_64-pc-windows-gnu` and tested under Wine, see the README). Nothing outside this module
//! names an OS's calls or error numbers.

use std::fs::File;
use std::io;
use std::path::Path;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as os;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use self::windows as os;

#[cfg(windows)]
pub use self::windows::{removable_drives, volume_information};
pub use os::{
    advise_sequential, data_disks, disk_space, drop_cache, is_device_gone, is_disk_full_os,
    remove_original, start_writeback, sync_dir, sync_files, system_zone, volume_id,
    yield_to_foreground, Unsynced,
};

/// Open a file the station does not trust for reading — a card's, or one on a drive, disc or
/// package being checked — without touching it: a link is never followed, opening never waits
/// on a pipe, the access time is left alone where the OS allows, and what was opened must be
/// a regular file.
pub fn open_untrusted(path: &Path) -> io::Result<File> {
    let file = os::open_no_follow(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    advise_sequential(&file);
    Ok(file)
}

/// Write a file only this account can read (the district's secret key): mode 0600 on Unix;
/// on Windows the library's folder ACL, set by the installer, keeps other accounts out.
/// Written beside and renamed over, so a crash leaves the old file or the new, never half.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let part = path.with_extension("part");
    let _ = std::fs::remove_file(&part);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&part)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&part, path)?;
    match path.parent() {
        Some(dir) => sync_dir(dir),
        None => Ok(()),
    }
}

/// Make a file written earlier durable, by path.
pub fn sync_file(path: &Path) -> io::Result<()> {
    os::sync_file(path)
}

/// Make every file and folder under `root` durable, deepest first.
pub fn sync_tree(root: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(root).contents_first(true) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            sync_dir(entry.path())?;
        } else {
            sync_file(entry.path())?;
        }
    }
    Ok(())
}

/// A write that failed because the disk (or the user's quota) is full.
pub fn is_disk_full(e: &io::Error) -> bool {
    is_disk_full_os(e) || e.kind() == io::ErrorKind::StorageFull
}

/// The error a write gets on a full disk, for a copy that sees there is no room before it
/// starts.
pub fn disk_full_error() -> io::Error {
    io::Error::new(io::ErrorKind::StorageFull, "no space left on the disk")
}

/// Modification time in nanoseconds since the Unix epoch (negative before 1970).
pub fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    match meta.modified() {
        Ok(t) => match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i64,
            Err(e) => -(e.duration().as_nanos() as i64),
        },
        Err(_) => 0,
    }
}

/// Make a stored original read-only: no write permission on Unix, the read-only attribute on
/// Windows (the ACLs that keep other accounts out are the installer's, see the README).
pub fn make_read_only(path: &Path) -> io::Result<()> {
    let mut perm = std::fs::metadata(path)?.permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(path, perm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_is_read_from_the_file_system() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (free, total) = disk_space(dir.path()).expect("space");
        assert!(total > 0 && free <= total, "free {free} of {total}");
        assert!(total < u64::MAX / 2, "a real size, not a stand-in: {total}");
    }

    #[test]
    fn a_read_only_original_is_synced_and_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = dir.path().join("clip.mp4");
        std::fs::write(&f, b"evidence").expect("write");
        make_read_only(&f).expect("read-only");
        assert!(std::fs::metadata(&f)
            .expect("meta")
            .permissions()
            .readonly());
        sync_tree(dir.path()).expect("a tree with a read-only file is synced");
        remove_original(&f).expect("disposal removes a read-only original");
        assert!(!f.exists());
    }

    #[test]
    fn a_link_or_a_folder_is_not_opened_as_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(open_untrusted(dir.path()).is_err());
        let target = dir.path().join("secret");
        std::fs::write(&target, b"x").expect("write");
        #[cfg(unix)]
        let linked = {
            std::os::unix::fs::symlink(&target, dir.path().join("link")).expect("link");
            true
        };
        // Windows lets only administrators (or developer mode) make links: checked where it can.
        #[cfg(windows)]
        let linked = std::os::windows::fs::symlink_file(&target, dir.path().join("link")).is_ok();
        if linked {
            assert!(open_untrusted(&dir.path().join("link")).is_err());
        }
        assert!(open_untrusted(&target).is_ok());
    }

    /// Under Wine the test script sets the host's zone to Asia/Shanghai; Wine gives Windows
    /// programs "China Standard Time", which must come back as Asia/Shanghai.
    #[cfg(windows)]
    #[test]
    fn the_zone_windows_is_set_to_is_found() {
        let expected = std::env::var("STATION_WINE_TZ").expect("set by tests/windows.sh");
        assert_eq!(system_zone().map(|z| z.name().to_string()), Some(expected));
    }

    #[test]
    fn a_full_disk_is_recognised() {
        assert!(is_disk_full(&disk_full_error()));
        assert!(!is_disk_full(&io::Error::other("something else")));
    }
}
