//! Linux (and other Unix) arms of the platform module.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// O_NOFOLLOW: a link is refused; O_NONBLOCK: a FIFO does not hang the open; O_NOATIME on
/// Linux so reading a card leaves its access times (falls back where not permitted).
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let open = |extra: libc::c_int| {
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | extra)
            .open(path)
    };
    #[cfg(target_os = "linux")]
    {
        match open(libc::O_NOATIME) {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => open(0),
            other => other,
        }
    }
    #[cfg(not(target_os = "linux"))]
    open(0)
}

pub fn sync_file(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// Remove a stored original: a read-only file in a writable folder goes like any other.
pub fn remove_original(path: &Path) -> io::Result<()> {
    std::fs::remove_file(path)
}

/// Make a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A file written and closed, not yet known to be durable. Unix keeps only its path: a docking
/// stages up to two batches of files before they are synced, and a handle each would count
/// against the process's limit of open files (1024 by default) when many cards dock at once.
/// A sync through a handle opened later flushes the same file and reports a write-back error
/// nobody has seen yet (Linux 4.16 and later); the read-back after it checks the bytes anyway.
pub struct Unsynced(PathBuf);

impl Unsynced {
    pub fn new(file: File, path: &Path) -> Unsynced {
        drop(file);
        Unsynced(path.to_path_buf())
    }
}

/// Make the written bytes of `files`, all on one file system, durable. On Linux, for several
/// files, one `syncfs` of that file system instead of an fsync each: a card of small photos
/// spent a third of its docking in those fsyncs (write-back errors are reported since Linux
/// 5.8). One or two files (large videos) are synced each on its own, so that dockings running
/// at once do not each wait for all the others' writes. Elsewhere each file's own.
pub fn sync_files(files: &[Unsynced]) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(first) = files.first().filter(|_| files.len() > 2) {
        let on_it = File::open(&first.0)?;
        // SAFETY: plain syscall on a valid open descriptor.
        if unsafe { libc::syncfs(on_it.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        return Ok(());
    }
    files.iter().try_for_each(|f| File::open(&f.0)?.sync_all())
}

/// Ask the kernel to forget the cached pages of a file that is already on disk, so the next
/// read really comes from the disk. The file must have been synced first.
pub fn drop_cache(file: &File) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain syscall on a valid open descriptor.
        let rc = unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
    }
    let _ = file;
    Ok(())
}

/// Tell the kernel a file will be read start to end, so it reads ahead further.
pub fn advise_sequential(file: &File) {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscall on a valid open descriptor; failure only loses the hint.
    unsafe {
        libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_SEQUENTIAL);
    }
    let _ = file;
}

/// Let the calling thread's work wait for everything else's: the lowest CPU priority and the
/// idle I/O class (Linux schedules both per thread). A failure only loses the courtesy.
pub fn yield_to_foreground() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscalls about the calling thread; no memory is passed.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 19);
        // ioprio_set(IOPRIO_WHO_PROCESS, 0 = this thread, IOPRIO_CLASS_IDLE << 13)
        libc::syscall(libc::SYS_ioprio_set, 1, 0, 3 << 13);
    }
}

/// Start writing a just-written range back to disk without waiting, so the final fsync has
/// little left to do.
pub fn start_writeback(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscall on a valid open descriptor; failure only loses the hint.
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            offset as libc::off64_t,
            len as libc::off64_t,
            libc::SYNC_FILE_RANGE_WRITE,
        );
    }
    let _ = (file, offset, len);
}

/// File systems a data disk carries (not pseudo, network or removable-media ones).
const DISK_FILE_SYSTEMS: &[&str] = &[
    "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "zfs", "ntfs", "ntfs3",
];

/// The mount points of the local data disks (`/`, `/data` …), from /proc/mounts; not where
/// removable media or the system's own small partitions are mounted.
pub fn data_disks() -> Vec<PathBuf> {
    let text = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let mut out: Vec<PathBuf> = Vec::new();
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let (Some(_), Some(point), Some(kind)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // /proc/mounts writes a space in a path as \040.
        let point = point.replace("\\040", " ");
        let system = ["/boot", "/media", "/run", "/snap", "/proc", "/sys", "/dev"]
            .iter()
            .any(|p| point == *p || point.starts_with(&format!("{p}/")));
        if DISK_FILE_SYSTEMS.contains(&kind)
            && !system
            && !out.iter().any(|o| o == Path::new(&point))
        {
            out.push(PathBuf::from(point));
        }
    }
    out
}

/// Free (available to this user) and total bytes of the file system holding `path`.
pub fn disk_space(path: &Path) -> io::Result<(u64, u64)> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))?;
    // SAFETY: statvfs is plain old data; zero is a valid value for every field.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: c is a valid C string and st a valid out-pointer.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let frsize = st.f_frsize as u64;
    Ok((st.f_bavail as u64 * frsize, st.f_blocks as u64 * frsize))
}

pub fn is_disk_full_os(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT))
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
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| m.dev())
}

/// Unix names its zone in `TZ` or `/etc/localtime`, which `time::system_tz` reads first.
pub fn system_zone() -> Option<chrono_tz::Tz> {
    None
}
