//! The few file-system calls that differ per OS, behind one interface. Linux is tested here;
//! the Windows arms are written to compile and do the safe thing (see README).

use std::fs::File;
use std::io;
use std::path::Path;

/// Open a file the station does not trust for reading — a card's, or one on a drive, disc or
/// package being checked — without touching it: on Linux with O_NOATIME, so reading does not
/// even update the access time (falls back when not permitted). A link is never followed
/// (O_NOFOLLOW), opening never waits on a pipe (O_NONBLOCK), and what was opened must be a
/// regular file.
pub fn open_untrusted(path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        let open = |extra: libc::c_int| {
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | extra)
                .open(path)
        };
        #[cfg(target_os = "linux")]
        let file = match open(libc::O_NOATIME) {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => open(0),
            other => other,
        }?;
        #[cfg(not(target_os = "linux"))]
        let file = open(0)?;
        file
    };
    #[cfg(not(unix))]
    let file = {
        if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a link, not a file",
            ));
        }
        File::open(path)?
    };
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    advise_sequential(&file);
    Ok(file)
}

/// Make a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // NTFS journals directory entries; there is no portable way to fsync a directory.
        let _ = dir;
        Ok(())
    }
}

/// Make every file and folder under `root` durable, deepest first.
pub fn sync_tree(root: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(root).contents_first(true) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            sync_dir(entry.path())?;
        } else {
            File::open(entry.path())?.sync_all()?;
        }
    }
    Ok(())
}

/// Ask the kernel to forget the cached pages of a file that is already on disk, so the next
/// read really comes from the disk. The file must have been synced first.
pub fn drop_cache(file: &File) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: plain syscall on a valid open descriptor.
        let rc = unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        Ok(())
    }
}

/// Tell the kernel a file will be read start to end, so it reads ahead further.
pub fn advise_sequential(file: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: plain syscall on a valid open descriptor; failure only loses the hint.
        unsafe {
            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_SEQUENTIAL);
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
    }
}

/// Start writing a just-written range back to disk without waiting, so the final fsync has
/// little left to do (Linux only; elsewhere the fsync does it all).
pub fn start_writeback(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: plain syscall on a valid open descriptor; failure only loses the hint.
        unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                offset as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (file, offset, len);
    }
}

/// Free and total bytes of the file system holding `path`.
pub fn disk_space(path: &Path) -> io::Result<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))?;
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: c is a valid C string and st a valid out-pointer.
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let frsize = st.f_frsize as u64;
        Ok((st.f_bavail as u64 * frsize, st.f_blocks as u64 * frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok((u64::MAX, u64::MAX))
    }
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

/// Make a stored original read-only.
pub fn make_read_only(path: &Path) -> io::Result<()> {
    let mut perm = std::fs::metadata(path)?.permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(path, perm)
}

/// An error that means the device itself went away (unplugged, FUSE daemon gone).
pub fn is_device_gone(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::ENOTCONN) | Some(libc::ENODEV) | Some(libc::ENXIO) | Some(libc::ESHUTDOWN)
    )
}

/// Which mounted volume `path` is on, to notice a recorder replaced by an empty mount point.
pub fn volume_id(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| m.dev())
    }
    #[cfg(not(unix))]
    {
        // Windows: a pulled drive letter disappears, which `is_dir` already notices.
        path.is_dir().then_some(0)
    }
}
