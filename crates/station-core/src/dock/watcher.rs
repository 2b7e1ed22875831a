//! The dock watcher: notices recorders being mounted and unmounted under the mount roots. It
//! knows nothing of the catalog or of ingest; it only says "docked here" and "gone from here".
//!
//! Linux: the mount table `/proc/self/mountinfo` is the truth. Its file descriptor becomes
//! readable with POLLPRI whenever the table changes, so a new mount is seen at once; notify on
//! the roots catches folders an automounter creates; a periodic re-read is the fallback.
//! Windows: the removable drive letters (`platform::removable_drives`), polled every second;
//! the app also wakes the watcher on `WM_DEVICECHANGE`. Tested under Wine (README).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

/// One mounted file system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MountEntry {
    pub mount_point: PathBuf,
    /// The device or FUSE source (`/dev/sdb1`, `/dev/loop3`, `E:`).
    pub source: String,
    pub fstype: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockEvent {
    /// A new mount under a root, settled and readable.
    Docked(MountEntry),
    /// A mount that was docked is gone.
    Undocked(PathBuf),
}

/// Where removable media are mounted by default on this OS.
pub fn default_roots() -> Vec<PathBuf> {
    #[cfg(windows)]
    {
        Vec::new() // every drive letter is a root of its own; see `mount_table`
    }
    #[cfg(not(windows))]
    {
        let mut roots = vec![PathBuf::from("/media"), PathBuf::from("/mnt")];
        if let Ok(user) = std::env::var("USER") {
            roots.push(PathBuf::from("/media").join(&user));
            roots.push(PathBuf::from("/run/media").join(&user));
        }
        roots
    }
}

/// The mounts there are now.
pub fn mount_table() -> std::io::Result<Vec<MountEntry>> {
    #[cfg(target_os = "linux")]
    {
        Ok(parse_mountinfo(&std::fs::read_to_string(
            "/proc/self/mountinfo",
        )?))
    }
    #[cfg(windows)]
    {
        // A recorder is a removable drive; fixed disks and network shares never dock.
        Ok(crate::platform::removable_drives()
            .into_iter()
            .map(|d| MountEntry {
                source: d
                    .root
                    .display()
                    .to_string()
                    .trim_end_matches('\\')
                    .to_string(),
                mount_point: d.root,
                fstype: d.file_system,
            })
            .collect())
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        Ok(Vec::new())
    }
}

/// Parse `/proc/self/mountinfo` (proc(5)): `id parent maj:min root mountpoint options
/// [optional…] - fstype source superoptions`, with octal escapes in paths.
pub fn parse_mountinfo(text: &str) -> Vec<MountEntry> {
    text.lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let mount_point = left.split(' ').nth(4)?;
            let mut r = right.split(' ');
            let fstype = r.next()?.to_string();
            let source = unescape(r.next().unwrap_or(""));
            Some(MountEntry {
                mount_point: PathBuf::from(unescape(mount_point)),
                source,
                fstype,
            })
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') as u32 * 64
                + (b[i + 2] - b'0') as u32 * 8
                + (b[i + 3] - b'0') as u32;
            out.push(v as u8);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Volume label and UUID of a mounted device: from `blkid` on Linux, from
/// `GetVolumeInformationW` on Windows (the serial, printed as blkid prints it); None where
/// unknown.
pub fn volume_identity(entry: &MountEntry) -> (Option<String>, Option<String>) {
    #[cfg(windows)]
    {
        crate::platform::volume_information(&entry.mount_point)
            .map(|v| (v.label.clone(), Some(v.serial_text())))
            .unwrap_or_default()
    }
    #[cfg(not(windows))]
    {
        volume_identity_by_blkid(entry)
    }
}

#[cfg(not(windows))]
fn volume_identity_by_blkid(entry: &MountEntry) -> (Option<String>, Option<String>) {
    if !entry.source.starts_with("/dev/") {
        return (None, None);
    }
    let out = std::process::Command::new("blkid")
        .args(["-o", "export", "-s", "LABEL", "-s", "UUID"])
        .arg(&entry.source)
        .output();
    let Ok(out) = out else { return (None, None) };
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    (field("LABEL"), field("UUID"))
}

/// The mount that holds `path` (the deepest mount point above it).
pub fn mount_of(path: &Path) -> Option<MountEntry> {
    let path = dunce::canonicalize(path).ok()?;
    mount_table()
        .ok()?
        .into_iter()
        .filter(|m| path.starts_with(&m.mount_point))
        .max_by_key(|m| m.mount_point.as_os_str().len())
}

/// Wakes a running watcher before its next poll, when something outside knows the drives
/// changed (the app's `WM_DEVICECHANGE` on Windows). Cloned freely; a wake while no watcher
/// runs is lost, harmlessly: the watcher reads the drives when it starts.
#[derive(Clone, Default)]
pub struct Wake(Arc<std::sync::Mutex<Option<Sender<()>>>>);

impl Wake {
    pub fn drives_changed(&self) {
        if let Some(tx) = self.0.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            let _ = tx.send(());
        }
    }

    fn connect(&self, tx: Sender<()>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
    }
}

pub struct WatchSettings {
    pub roots: Vec<PathBuf>,
    /// How long a new mount must stay before it is read, so it is not read half-ready.
    pub debounce: Duration,
    /// The fallback re-read of the mount table.
    pub poll: Duration,
    pub wake: Wake,
}

impl Default for WatchSettings {
    fn default() -> WatchSettings {
        WatchSettings {
            roots: default_roots(),
            debounce: Duration::from_millis(500),
            poll: Duration::from_secs(1),
            wake: Wake::default(),
        }
    }
}

/// Tracks the mounts under the roots and turns changes into dock events.
pub struct DockWatcher {
    settings: WatchSettings,
    docked: BTreeMap<PathBuf, MountEntry>,
    pending: BTreeMap<PathBuf, (MountEntry, Instant)>,
}

impl DockWatcher {
    pub fn new(settings: WatchSettings) -> DockWatcher {
        DockWatcher {
            settings,
            docked: BTreeMap::new(),
            pending: BTreeMap::new(),
        }
    }

    fn under_roots(&self, m: &MountEntry) -> bool {
        if cfg!(windows) {
            return true;
        }
        self.settings
            .roots
            .iter()
            .any(|r| m.mount_point.starts_with(r) && m.mount_point != *r)
    }

    /// Compare a mount table with what is known; `now` is passed in so tests can step time.
    pub fn update(&mut self, table: &[MountEntry], now: Instant) -> Vec<DockEvent> {
        let current: BTreeMap<&Path, &MountEntry> = table
            .iter()
            .filter(|m| self.under_roots(m))
            .map(|m| (m.mount_point.as_path(), m))
            .collect();
        let mut events = Vec::new();
        let gone: Vec<PathBuf> = self
            .docked
            .keys()
            .filter(|p| !current.contains_key(p.as_path()))
            .cloned()
            .collect();
        for p in gone {
            self.docked.remove(&p);
            events.push(DockEvent::Undocked(p));
        }
        self.pending
            .retain(|p, _| current.contains_key(p.as_path()));
        for (p, m) in current {
            if self.docked.contains_key(p) {
                continue;
            }
            let (entry, since) = self
                .pending
                .entry(p.to_path_buf())
                .or_insert_with(|| ((*m).clone(), now));
            if entry != m {
                // Remounted differently while settling: start the wait again.
                *entry = (*m).clone();
                *since = now;
            }
            if now.duration_since(*since) >= self.settings.debounce && std::fs::read_dir(p).is_ok()
            {
                let entry = entry.clone();
                self.pending.remove(p);
                self.docked.insert(p.to_path_buf(), entry.clone());
                events.push(DockEvent::Docked(entry));
            }
        }
        events
    }

    /// Run until `stop`: send every dock event to `tx`. Mounts present at the start count as
    /// docked (a recorder left plugged in over a restart is ingested; nothing is copied twice).
    pub fn run(mut self, tx: Sender<DockEvent>, stop: Arc<AtomicBool>) {
        let (wake_tx, wake_rx) = mpsc::channel::<()>();
        self.settings.wake.connect(wake_tx.clone());
        let _notify = watch_roots(&self.settings.roots, wake_tx.clone());
        #[cfg(target_os = "linux")]
        let _table = watch_mount_table(wake_tx, stop.clone());
        while !stop.load(Ordering::Relaxed) {
            let table = mount_table().unwrap_or_default();
            for e in self.update(&table, Instant::now()) {
                if tx.send(e).is_err() {
                    return;
                }
            }
            let wait = if self.pending.is_empty() {
                self.settings.poll
            } else {
                self.settings.poll.min(Duration::from_millis(100))
            };
            wait_for_change(&wake_rx, wait);
        }
    }
}

fn wait_for_change(rx: &Receiver<()>, wait: Duration) {
    if rx.recv_timeout(wait).is_ok() {
        // Coalesce a burst of changes into one re-read.
        std::thread::sleep(Duration::from_millis(20));
        while rx.try_recv().is_ok() {}
    }
}

/// notify on the roots: a folder appearing or vanishing there wakes the watcher.
fn watch_roots(roots: &[PathBuf], wake: Sender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let mut w = notify::recommended_watcher(move |_res: notify::Result<notify::Event>| {
        let _ = wake.send(());
    })
    .ok()?;
    for r in roots.iter().filter(|r| r.is_dir()) {
        let _ = w.watch(r, notify::RecursiveMode::NonRecursive);
    }
    Some(w)
}

/// A thread that wakes the watcher whenever the kernel's mount table changes.
#[cfg(target_os = "linux")]
fn watch_mount_table(
    wake: Sender<()>,
    stop: Arc<AtomicBool>,
) -> Option<std::thread::JoinHandle<()>> {
    use std::os::fd::AsRawFd;
    let file = std::fs::File::open("/proc/self/mountinfo").ok()?;
    std::thread::Builder::new()
        .name("mount-table".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let mut pfd = libc::pollfd {
                    fd: file.as_raw_fd(),
                    events: libc::POLLPRI,
                    revents: 0,
                };
                // SAFETY: one valid pollfd; the timeout bounds the wait so `stop` is seen.
                let n = unsafe { libc::poll(&mut pfd, 1, 500) };
                if n > 0 && pfd.revents & (libc::POLLPRI | libc::POLLERR) != 0 {
                    if wake.send(()).is_err() {
                        return;
                    }
                    // The event stays raised until the file is read again from the start.
                    let mut f = &file;
                    let _ = std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(0));
                    let mut sink = Vec::new();
                    let _ = std::io::Read::read_to_end(&mut f, &mut sink);
                }
            }
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
40 22 7:0 / /media/custodian/DSJ\\040A1 rw,nosuid,nodev,relatime shared:2 - fuseblk /dev/loop0 rw,user_id=0
41 22 0:50 / /mnt/backup rw,relatime shared:3 - ext4 /dev/sdc1 rw
";

    #[test]
    fn mountinfo_is_parsed_with_escapes() {
        let t = parse_mountinfo(TABLE);
        assert_eq!(t.len(), 3);
        assert_eq!(t[1].mount_point, PathBuf::from("/media/custodian/DSJ A1"));
        assert_eq!(t[1].source, "/dev/loop0");
        assert_eq!(t[1].fstype, "fuseblk");
    }

    #[test]
    fn a_wake_reaches_the_running_watcher_and_is_harmless_without_one() {
        let wake = Wake::default();
        wake.drives_changed();
        let (tx, rx) = mpsc::channel();
        wake.clone().connect(tx);
        wake.drives_changed();
        assert!(rx.try_recv().is_ok(), "a clone rings the same watcher");
    }

    #[test]
    fn a_mount_is_docked_after_it_settles_and_undocked_when_gone() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path().to_path_buf();
        let card = root.join("DSJ001");
        std::fs::create_dir(&card).expect("mount point");
        let mut w = DockWatcher::new(WatchSettings {
            roots: vec![root.clone()],
            debounce: Duration::from_millis(500),
            poll: Duration::from_secs(1),
            wake: Wake::default(),
        });
        let entry = MountEntry {
            mount_point: card.clone(),
            source: "/dev/loop9".into(),
            fstype: "fuseblk".into(),
        };
        let other = MountEntry {
            mount_point: PathBuf::from("/somewhere/else"),
            source: "/dev/sdz".into(),
            fstype: "ext4".into(),
        };
        let t0 = Instant::now();
        let table = vec![entry.clone(), other];
        assert!(w.update(&table, t0).is_empty(), "not before it settles");
        assert!(w.update(&table, t0 + Duration::from_millis(200)).is_empty());
        assert_eq!(
            w.update(&table, t0 + Duration::from_millis(600)),
            vec![DockEvent::Docked(entry.clone())]
        );
        assert!(
            w.update(&table, t0 + Duration::from_secs(5)).is_empty(),
            "once only"
        );
        assert_eq!(
            w.update(&[], t0 + Duration::from_secs(6)),
            vec![DockEvent::Undocked(card.clone())]
        );
        // Pulled before it settled: never docked.
        let t1 = t0 + Duration::from_secs(10);
        assert!(w.update(&table, t1).is_empty());
        assert!(w.update(&[], t1 + Duration::from_millis(100)).is_empty());
        assert!(
            w.update(&table, t1 + Duration::from_millis(700)).is_empty(),
            "the wait restarts"
        );
    }
}
