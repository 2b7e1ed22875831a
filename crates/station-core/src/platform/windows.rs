//! Windows arms of the platform module, through the `windows` crate. Built for
//! `x86_64-pc-windows-gnu` and run under Wine by the test command (README, "Windows").
//!
//! Long paths need nothing here: the standard library adds the `\\?\` prefix itself to a path
//! longer than Windows' 260 characters; [`wide`] does the same for the calls made directly.

use std::fs::File;
use std::io;
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use windows::core::HSTRING;
use windows::Win32::Foundation::{
    ERROR_DEVICE_NOT_CONNECTED, ERROR_DEVICE_REMOVED, ERROR_DEV_NOT_EXIST, ERROR_DISK_FULL,
    ERROR_DISK_QUOTA_EXCEEDED, ERROR_FILE_INVALID, ERROR_HANDLE_DISK_FULL, ERROR_MEDIA_CHANGED,
    ERROR_NOT_READY, ERROR_NO_MEDIA_IN_DRIVE, WIN32_ERROR,
};
use windows::Win32::Storage::FileSystem::{
    GetDiskFreeSpaceExW, GetDriveTypeW, GetLogicalDrives, GetVolumeInformationW,
    GetVolumePathNameW, FILE_FLAG_BACKUP_SEMANTICS, FILE_FLAG_OPEN_REPARSE_POINT,
    FILE_FLAG_SEQUENTIAL_SCAN,
};
use windows::Win32::System::WindowsProgramming::{DRIVE_FIXED, DRIVE_REMOVABLE};

/// A path as the wide string Windows calls take, `\\?\`-prefixed when it is too long for
/// them otherwise.
fn wide(path: &Path) -> HSTRING {
    let text = path.as_os_str().to_string_lossy();
    if text.len() < 248 || text.starts_with(r"\\?\") {
        return HSTRING::from(path);
    }
    match text.strip_prefix(r"\\") {
        Some(unc) => HSTRING::from(format!(r"\\?\UNC\{unc}")),
        None => HSTRING::from(format!(r"\\?\{text}")),
    }
}

/// FILE_FLAG_OPEN_REPARSE_POINT opens a link (or junction) itself, which is then not a
/// regular file and refused; sequential scan is Windows' read-ahead hint.
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_SEQUENTIAL_SCAN).0)
        .open(path)
}

/// `FlushFileBuffers` needs a handle with write access, so the file is opened for writing
/// (never truncated). A file with the read-only attribute cannot be: the station makes a file
/// read-only only after it was written, synced and read back (`fixity::keep_verified_copy`,
/// `ingest::store`), so it is durable already.
pub fn sync_file(path: &Path) -> io::Result<()> {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(f) => f.sync_all(),
        Err(e)
            if e.kind() == io::ErrorKind::PermissionDenied
                && std::fs::metadata(path)?.permissions().readonly() =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Remove a stored original: `DeleteFileW` refuses a file with the read-only attribute, so
/// the attribute is cleared first (disposal has proven by then that it may delete).
pub fn remove_original(path: &Path) -> io::Result<()> {
    let mut perm = std::fs::symlink_metadata(path)?.permissions();
    if perm.readonly() {
        perm.set_readonly(false);
        std::fs::set_permissions(path, perm)?;
    }
    std::fs::remove_file(path)
}

/// Make a rename or a new file in `dir` durable: a folder opened with backup semantics can be
/// flushed like a file on NTFS. File systems that cannot flush a folder (FAT, exFAT, some
/// network shares) refuse; their folder entries go out with the files' own flushes.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    let opened = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS.0)
        .open(dir);
    let refused = |e: &io::Error| {
        e.kind() == io::ErrorKind::PermissionDenied
            || e.raw_os_error() == Some(1) // ERROR_INVALID_FUNCTION
            || e.raw_os_error() == Some(87) // ERROR_INVALID_PARAMETER
    };
    match opened.and_then(|f| f.sync_all()) {
        Err(e) if refused(&e) => Ok(()),
        other => other,
    }
}

/// A file written, not yet known to be durable: Windows keeps its write handle, the only kind
/// `FlushFileBuffers` accepts (and its handles are not scarce).
pub struct Unsynced(File);

impl Unsynced {
    pub fn new(file: File, _path: &Path) -> Unsynced {
        Unsynced(file)
    }
}

/// Make the written bytes of `files` durable: each file's own flush (Windows has no flush of a
/// whole volume without administrator rights).
pub fn sync_files(files: &[Unsynced]) -> io::Result<()> {
    files.iter().try_for_each(|f| f.0.sync_all())
}

/// Windows has no call to drop one file's cached pages; the read-back after a flush may be
/// served from the cache (said in the README).
pub fn drop_cache(_file: &File) -> io::Result<()> {
    Ok(())
}

/// Given at open time on Windows (`open_no_follow`).
pub fn advise_sequential(_file: &File) {}

/// Let the calling thread's work wait for everything else's: background mode lowers its CPU,
/// I/O and memory priority at once. A failure only loses the courtesy.
pub fn yield_to_foreground() {
    use windows::Win32::System::Threading::{
        GetCurrentThread, SetThreadPriority, THREAD_MODE_BACKGROUND_BEGIN,
    };
    // SAFETY: the pseudo-handle of the calling thread, always valid.
    let _ = unsafe { SetThreadPriority(GetCurrentThread(), THREAD_MODE_BACKGROUND_BEGIN) };
}

/// Windows writes back on its own; the final `FlushFileBuffers` does the rest.
pub fn start_writeback(_file: &File, _offset: u64, _len: u64) {}

/// Free (available to this user, quotas included) and total bytes of the volume holding
/// `path`, from `GetDiskFreeSpaceExW`.
pub fn disk_space(path: &Path) -> io::Result<(u64, u64)> {
    let (mut free, mut total) = (0u64, 0u64);
    // SAFETY: the out-pointers are valid for the call; the path is a NUL-ended wide string.
    unsafe { GetDiskFreeSpaceExW(&wide(path), Some(&mut free), Some(&mut total), None) }?;
    Ok((free, total))
}

fn os_error_is(e: &io::Error, codes: &[WIN32_ERROR]) -> bool {
    e.raw_os_error()
        .is_some_and(|n| codes.iter().any(|c| c.0 as i32 == n))
}

pub fn is_disk_full_os(e: &io::Error) -> bool {
    os_error_is(
        e,
        &[
            ERROR_DISK_FULL,
            ERROR_HANDLE_DISK_FULL,
            ERROR_DISK_QUOTA_EXCEEDED,
        ],
    )
}

/// An error that means the drive itself went away (card pulled, reader unplugged).
pub fn is_device_gone(e: &io::Error) -> bool {
    os_error_is(
        e,
        &[
            ERROR_NOT_READY,
            ERROR_DEV_NOT_EXIST,
            ERROR_DEVICE_NOT_CONNECTED,
            ERROR_DEVICE_REMOVED,
            ERROR_NO_MEDIA_IN_DRIVE,
            ERROR_MEDIA_CHANGED,
            ERROR_FILE_INVALID,
        ],
    )
}

/// The root of the volume holding `path` (`E:\`, or a folder a volume is mounted on).
fn volume_root(path: &Path) -> Option<PathBuf> {
    let mut buf = [0u16; 1024];
    // SAFETY: the buffer is valid and its length is passed with it.
    unsafe { GetVolumePathNameW(&wide(path), &mut buf) }.ok()?;
    let len = buf.iter().position(|&c| c == 0)?;
    Some(PathBuf::from(String::from_utf16_lossy(&buf[..len])))
}

/// Which volume `path` is on (its serial number), to notice a card swapped during a copy.
pub fn volume_id(path: &Path) -> Option<u64> {
    let root = volume_root(path)?;
    volume_information(&root).map(|v| u64::from(v.serial))
}

/// What `GetVolumeInformationW` says of a volume root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeInformation {
    pub label: Option<String>,
    /// The serial number FAT and exFAT write when formatted; blkid calls it the UUID.
    pub serial: u32,
    pub file_system: String,
}

impl VolumeInformation {
    /// The serial as blkid and Explorer print it, `1A2B-3C4D`, so a recorder registered by
    /// volume on one OS is recognised on the other.
    pub fn serial_text(&self) -> String {
        format!("{:04X}-{:04X}", self.serial >> 16, self.serial & 0xFFFF)
    }
}

pub fn volume_information(root: &Path) -> Option<VolumeInformation> {
    let (mut label, mut fs) = ([0u16; 261], [0u16; 261]);
    let mut serial = 0u32;
    // SAFETY: every buffer and out-pointer is valid for the call; lengths travel with slices.
    unsafe {
        GetVolumeInformationW(
            &wide(root),
            Some(&mut label),
            Some(&mut serial),
            None,
            None,
            Some(&mut fs),
        )
    }
    .ok()?;
    let text = |b: &[u16]| {
        String::from_utf16_lossy(&b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())])
    };
    Some(VolumeInformation {
        label: Some(text(&label)).filter(|l| !l.trim().is_empty()),
        serial,
        file_system: text(&fs),
    })
}

/// A removable drive present now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drive {
    /// `E:\`
    pub root: PathBuf,
    /// `FAT32`, `exFAT`, … (empty when the drive has no readable volume yet).
    pub file_system: String,
}

/// The removable drives there are now: every letter `GetLogicalDrives` reports whose type is
/// removable (A: and B: are skipped: asking a floppy drive can stall).
pub fn removable_drives() -> Vec<Drive> {
    // SAFETY: no arguments; returns a bit mask.
    let mask = unsafe { GetLogicalDrives() };
    (2..26u8)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| PathBuf::from(format!("{}:\\", (b'A' + i) as char)))
        // SAFETY: a NUL-ended wide string for the root.
        .filter(|root| unsafe { GetDriveTypeW(&wide(root)) } == DRIVE_REMOVABLE)
        .map(|root| Drive {
            file_system: volume_information(&root)
                .map(|v| v.file_system)
                .unwrap_or_default(),
            root,
        })
        .collect()
}

/// The fixed disks' roots (`C:\`, `D:\` …): where a library may live.
pub fn data_disks() -> Vec<PathBuf> {
    // SAFETY: no arguments; returns a bit mask.
    let mask = unsafe { GetLogicalDrives() };
    (2..26u8)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| PathBuf::from(format!("{}:\\", (b'A' + i) as char)))
        // SAFETY: a NUL-ended wide string for the root.
        .filter(|root| unsafe { GetDriveTypeW(&wide(root)) } == DRIVE_FIXED)
        .collect()
}

/// The zone Windows is set to, by its key name ("China Standard Time", never translated),
/// in IANA terms through CLDR's table (the `windows-timezones` crate).
pub fn system_zone() -> Option<chrono_tz::Tz> {
    use windows::Win32::System::Time::{
        GetDynamicTimeZoneInformation, DYNAMIC_TIME_ZONE_INFORMATION, TIME_ZONE_ID_INVALID,
    };
    let mut info = DYNAMIC_TIME_ZONE_INFORMATION::default();
    // SAFETY: a valid out-pointer for the call.
    if unsafe { GetDynamicTimeZoneInformation(&mut info) } == TIME_ZONE_ID_INVALID {
        return None;
    }
    let key = &info.TimeZoneKeyName;
    let name =
        String::from_utf16_lossy(&key[..key.iter().position(|&c| c == 0).unwrap_or(key.len())]);
    let zone: windows_timezones::WindowsTimezone = name.parse().ok()?;
    Some(chrono_tz::Tz::from(zone))
}
