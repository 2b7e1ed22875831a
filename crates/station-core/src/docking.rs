//! Docking: what the station records about each docking of a recorder (its flags, its free
//! space, freeing it when that is safe), and the loop that turns the dock watcher's events
//! into verified ingests, several recorders at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, Utc};

use crate::audit::AuditAction;
pub use crate::catalog::{DockCounts, DockRow};
use crate::clock::Clock;
use crate::error::Result;
use crate::events::{CoreEvent, EventSink};
use crate::fixity::read_back;
use crate::ingest::plan;
use crate::ingest::store::JobContext;
use crate::ingest::{IngestOptions, IngestReport};
use crate::mounts::{self, DockEvent, DockWatcher, MountEntry, WatchSettings};
use crate::platform;
use crate::recorders::{in_zone, Kind};
use crate::Station;

pub const LATE_STORAGE: &str = "late_storage";
pub const SEQUENCE_GAP: &str = "sequence_gap";
pub const LOW_SPACE: &str = "low_space";
pub const CLOCK_DRIFT: &str = "clock_drift";
pub const UNREGISTERED_DEVICE: &str = "unregistered_device";

/// A flag's name for a person.
pub fn flag_label(flag: &str, lang: crate::Lang) -> &str {
    match (flag, lang) {
        (LATE_STORAGE, crate::Lang::Zh) => "未当日存储",
        (SEQUENCE_GAP, crate::Lang::Zh) => "文件编号缺失",
        (LOW_SPACE, crate::Lang::Zh) => "记录仪空间不足",
        (CLOCK_DRIFT, crate::Lang::Zh) => "记录仪时钟偏差",
        (UNREGISTERED_DEVICE, crate::Lang::Zh) => "未登记设备",
        (LATE_STORAGE, crate::Lang::En) => "late storage",
        (SEQUENCE_GAP, crate::Lang::En) => "sequence gap",
        (LOW_SPACE, crate::Lang::En) => "low space",
        (CLOCK_DRIFT, crate::Lang::En) => "clock drift",
        (UNREGISTERED_DEVICE, crate::Lang::En) => "unregistered device",
        (other, _) => other,
    }
}

/// After the copy: free space, flags, and (if enabled and safe) freeing the recorder.
pub(crate) fn assess(
    ctx: &JobContext<'_>,
    source: &Path,
    clock: Option<(NaiveDateTime, chrono::DateTime<Utc>)>,
    report: &mut IngestReport,
) -> Result<()> {
    let st = ctx.station;
    let catalog = &st.catalog;
    let mut flags: Vec<(&str, String)> = Vec::new();
    let mut flag = |name: &'static str, detail: String| flags.push((name, detail));

    // Art. 18: stored every day after work. Anything recorded before today began was not.
    let today = st.clock.now().with_timezone(&st.tz).date_naive();
    let day_start = today
        .and_hms_opt(0, 0, 0)
        .map(|t| in_zone(t, st.tz).timestamp());
    if let Some(day_start) = day_start {
        let late: Vec<i64> = catalog
            .dock_recorded_times(ctx.dock_event_id)?
            .into_iter()
            .filter(|t| *t < day_start)
            .collect();
        if let Some(oldest) = late.iter().min() {
            let oldest = chrono::DateTime::from_timestamp(*oldest, 0)
                .map(|t| t.with_timezone(&st.tz).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            flag(
                LATE_STORAGE,
                format!("{} files, oldest recorded {oldest}", late.len()),
            );
        }
    }

    // Art. 23: numbers missing from the recorder's own sequence since the last docking.
    let (now_seqs, before) = catalog.device_seqs(ctx.device_id, ctx.dock_event_id)?;
    let missing = sequence_gaps(&now_seqs, &before);
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(20).map(|n| format_seq(*n)).collect();
        flag(
            SEQUENCE_GAP,
            format!(
                "{} numbers missing: {}{}",
                missing.len(),
                shown.join(", "),
                if missing.len() > 20 { ", …" } else { "" }
            ),
        );
    }

    // Art. 13: a recorder whose clock is off records wrong times on every clip.
    if let Some((device_time, read_at)) = clock {
        let drift = (in_zone(device_time, st.tz).with_timezone(&Utc) - read_at).num_milliseconds()
            as f64
            / 1000.0;
        report.clock_drift_s = Some(drift);
        let limit = st.setting_number("clock_drift_s", 120)? as f64;
        if drift.abs() > limit {
            flag(CLOCK_DRIFT, format!("{drift:+.0} s"));
        }
    }

    if !catalog.device_registered(ctx.device_id)? {
        flag(UNREGISTERED_DEVICE, ctx.device.clone());
    }

    report.freed = free_recorder(ctx, source, report)?;
    for (name, detail) in flags.drain(..) {
        report.flags.push(name.to_string());
        report.flag_details.insert(name.to_string(), detail);
    }

    // Art. 14: ready for the next shift? Measured after freeing.
    if let Ok((free, total)) = platform::disk_space(source) {
        report.free_bytes = Some(free);
        report.total_bytes = Some(total);
        let limit = st.setting_number("low_space_mib", 4096)? << 20;
        if free < limit {
            report.flags.push(LOW_SPACE.to_string());
            report
                .flag_details
                .insert(LOW_SPACE.to_string(), format!("{} MiB free", free >> 20));
        }
    }
    Ok(())
}

/// Numbers missing inside each DCF folder (seq / 10000): between the highest number of
/// earlier dockings and this docking's, and inside this docking's run. A new folder or a
/// renumbered card starts a new run and is not a gap.
pub fn sequence_gaps(now: &[i64], before: &[i64]) -> Vec<i64> {
    let mut missing = Vec::new();
    let known: BTreeSet<i64> = now.iter().chain(before).copied().collect();
    let mut by_folder: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for n in now {
        by_folder.entry(n / 10_000).or_default().push(*n);
    }
    for (folder, nums) in by_folder {
        let lo_now = nums.iter().min().copied().unwrap_or(0);
        let hi = nums.iter().max().copied().unwrap_or(0);
        let prev_max = before
            .iter()
            .filter(|b| **b / 10_000 == folder && **b < lo_now)
            .max()
            .copied();
        let lo = prev_max.map(|p| p + 1).unwrap_or(lo_now);
        missing.extend((lo..hi).filter(|n| n % 10_000 != 0 && !known.contains(n)));
    }
    missing
}

fn format_seq(n: i64) -> String {
    if n >= 10_000 {
        format!("{}/{:04}", n / 10_000, n % 10_000)
    } else {
        n.to_string()
    }
}

/// Free-the-recorder (off unless the device or the station enables it): after a docking
/// whose every file is stored and verified, remove from the recorder exactly the files whose
/// stored copy reads back intact now. Anything else stays on the recorder.
fn free_recorder(ctx: &JobContext<'_>, source: &Path, report: &IngestReport) -> Result<u64> {
    let st = ctx.station;
    let enabled = match st.catalog.device_free_after_ingest(ctx.device_id)? {
        Some(v) => v,
        None => st.setting_bool("free_recorder", false)?,
    };
    if !enabled || !report.complete() {
        return Ok(0);
    }
    let stored = st.catalog.stored_sources(ctx.device_id)?;
    let on_card = plan::plan(source, &st.patterns);
    let mut freed = Vec::new();
    for f in &on_card.files {
        let Some((media, b3)) = stored.get(&(f.rel_raw.clone(), f.size, f.mtime_ns)) else {
            continue;
        };
        let intact = read_back(&st.library.media_file(media))
            .is_ok_and(|(got, size)| &got == b3 && size == f.size);
        if intact && std::fs::remove_file(&f.abs).is_ok() {
            freed.push(serde_json::json!({ "path": f.rel_display, "blake3": b3 }));
        }
    }
    if !freed.is_empty() {
        let detail = serde_json::json!({ "source": source.display().to_string(), "files": freed });
        st.catalog.audit(
            &st.now_text(),
            &st.actor(),
            AuditAction::FreeRecorder,
            Some(&ctx.device),
            "ok",
            Some(&detail.to_string()),
        )?;
    }
    Ok(freed.len() as u64)
}

/// Does this mount look like a recorder or camera card? Any media file or identity file in
/// the first levels is enough; a backup disk of documents is not.
pub fn looks_like_recorder(mount: &Path, identity_files: &[String]) -> bool {
    walkdir::WalkDir::new(mount)
        .max_depth(4)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !plan::is_os_junk(e.file_name()))
        .take(5000)
        .flatten()
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            let name = e.file_name().to_string_lossy();
            let ext = e
                .path()
                .extension()
                .map(|x| x.to_string_lossy().to_string());
            identity_files.iter().any(|i| i.eq_ignore_ascii_case(&name))
                || ext.is_some_and(|x| Kind::from_extension(&x) != Kind::Other)
        })
}

/// The custodian signed in at the station, if any, as the window or the CLI last said: named
/// in the audit rows of what the watcher ingests (the docking itself is the station's act).
pub type OnDuty = Arc<std::sync::Mutex<Option<String>>>;

/// How the watch loop runs.
pub struct WatchOptions {
    /// Mount roots; empty = the station's setting, else the OS defaults.
    pub roots: Vec<PathBuf>,
    pub debounce: Duration,
    pub poll: Duration,
    pub on_duty: OnDuty,
}

impl Default for WatchOptions {
    fn default() -> WatchOptions {
        WatchOptions {
            roots: Vec::new(),
            debounce: Duration::from_millis(500),
            poll: Duration::from_secs(1),
            on_duty: OnDuty::default(),
        }
    }
}

/// Watch the mount roots until `stop`, ingesting every recorder docked there. Jobs run in
/// their own threads (up to the `max_parallel_docks` setting), each with its own connection
/// to the catalog; on stop they are cancelled cleanly and waited for.
pub fn watch(
    library: &Path,
    clock: Arc<dyn Clock>,
    options: WatchOptions,
    sink: Arc<dyn EventSink>,
    stop: Arc<AtomicBool>,
) -> Result<()> {
    let st = Station::open(library, clock.clone())?;
    // A library without its administrator ingests nothing, not even as the station.
    st.require_administrator()?;
    let roots = if options.roots.is_empty() {
        st.mount_roots()?
    } else {
        options.roots
    };
    let on_duty = options.on_duty;
    let excluded = st.setting_list("excluded_mounts")?;
    let identity_files = st.identity_files()?;
    let max_parallel = st.setting_number("max_parallel_docks", 2)?.max(1) as usize;
    let library_root = st.root().to_path_buf();
    let lang = st.lang();
    drop(st);
    sink.emit(CoreEvent::Watching {
        roots: roots.iter().map(|r| r.display().to_string()).collect(),
    });

    let (dock_tx, dock_rx) = mpsc::channel();
    let watcher = DockWatcher::new(WatchSettings {
        roots,
        debounce: options.debounce,
        poll: options.poll,
    });
    let watcher_stop = stop.clone();
    let watcher_thread = std::thread::Builder::new()
        .name("dock-watcher".into())
        .spawn(move || watcher.run(dock_tx, watcher_stop))
        .map_err(|e| crate::Error::io("create", "dock-watcher thread", e))?;

    let (done_tx, done_rx) = mpsc::channel::<PathBuf>();
    let mut queue: Vec<MountEntry> = Vec::new();
    let mut running: BTreeMap<PathBuf, (Arc<AtomicBool>, std::thread::JoinHandle<()>)> =
        BTreeMap::new();
    let mut ignored: BTreeSet<PathBuf> = BTreeSet::new();
    while !stop.load(Ordering::Relaxed) {
        match dock_rx.recv_timeout(Duration::from_millis(100)) {
            Ok(DockEvent::Docked(m)) => {
                let why = if library_root.starts_with(&m.mount_point) {
                    Some("library_disk")
                } else if is_excluded(&m, &excluded) {
                    Some("excluded")
                } else if !looks_like_recorder(&m.mount_point, &identity_files) {
                    Some("no_media")
                } else {
                    None
                };
                match why {
                    Some(reason) => {
                        if ignored.insert(m.mount_point.clone()) {
                            sink.emit(CoreEvent::MountIgnored {
                                mount: m.mount_point.display().to_string(),
                                reason: reason.to_string(),
                            });
                        }
                    }
                    None => {
                        sink.emit(CoreEvent::Docked {
                            mount: m.mount_point.display().to_string(),
                            source: m.source.clone(),
                        });
                        queue.push(m);
                    }
                }
            }
            Ok(DockEvent::Undocked(p)) => {
                ignored.remove(&p);
                queue.retain(|m| m.mount_point != p);
                sink.emit(CoreEvent::Undocked {
                    mount: p.display().to_string(),
                });
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        while let Ok(p) = done_rx.try_recv() {
            if let Some((_, handle)) = running.remove(&p) {
                let _ = handle.join();
            }
        }
        while running.len() < max_parallel && !queue.is_empty() {
            let m = queue.remove(0);
            if running.contains_key(&m.mount_point) {
                continue;
            }
            let cancel = Arc::new(AtomicBool::new(false));
            let job = {
                let (library, clock, sink, cancel, done, on_duty) = (
                    library.to_path_buf(),
                    clock.clone(),
                    sink.clone(),
                    cancel.clone(),
                    done_tx.clone(),
                    on_duty.clone(),
                );
                let mount = m.mount_point.clone();
                std::thread::Builder::new()
                    .name("dock-ingest".into())
                    .spawn(move || {
                        let result = Station::open(&library, clock).and_then(|st| {
                            let st = st.acting_as_station(
                                on_duty.lock().unwrap_or_else(|p| p.into_inner()).clone(),
                            );
                            let opts = IngestOptions {
                                cancel: Some(cancel),
                                ..IngestOptions::default()
                            };
                            st.ingest(&mount, &opts, sink.as_ref()).map(|_| st.lang())
                        });
                        if let Err(e) = result {
                            sink.emit(CoreEvent::DockFailed {
                                mount: mount.display().to_string(),
                                code: e.code(),
                                message: e.message(lang),
                            });
                        }
                        let _ = done.send(mount);
                    })
            };
            match job {
                Ok(handle) => {
                    running.insert(m.mount_point.clone(), (cancel, handle));
                }
                Err(e) => sink.emit(CoreEvent::DockFailed {
                    mount: m.mount_point.display().to_string(),
                    code: crate::ErrorCode::Io,
                    message: e.to_string(),
                }),
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    for (_, (cancel, handle)) in running {
        cancel.store(true, Ordering::Relaxed);
        let _ = handle.join();
    }
    let _ = watcher_thread.join();
    Ok(())
}

fn is_excluded(m: &MountEntry, excluded: &[String]) -> bool {
    if excluded.is_empty() {
        return false;
    }
    let (label, uuid) = mounts::volume_identity(m);
    excluded.iter().any(|x| {
        Path::new(x) == m.mount_point
            || label.as_deref() == Some(x.as_str())
            || uuid.as_deref() == Some(x.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_numbers_missing_since_the_last_docking_within_a_folder() {
        // Last docking ended at 100-0041; now 0045..0047 arrive: 42–44 were deleted.
        let before = [1_000_040, 1_000_041];
        let now = [1_000_045, 1_000_046, 1_000_047];
        assert_eq!(
            sequence_gaps(&now, &before),
            vec![1_000_042, 1_000_043, 1_000_044]
        );
        // A hole inside one docking.
        assert_eq!(sequence_gaps(&[1_000_001, 1_000_003], &[]), vec![1_000_002]);
        // A new folder starts a new run; numbers still on the card are not missing.
        assert!(sequence_gaps(&[1_010_001, 1_010_002], &[1_009_998, 1_009_999]).is_empty());
        assert!(
            sequence_gaps(&[1_000_005], &[1_000_001, 1_000_002, 1_000_003, 1_000_004]).is_empty()
        );
        assert_eq!(format_seq(1_000_042), "100/0042");
    }
}
