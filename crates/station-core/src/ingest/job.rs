//! One ingest job, as a three-stage pipeline so that full verification costs close to nothing
//! over a plain copy:
//!
//! ```text
//! reader thread ──chunks──▶ copier thread ──staged files──▶ this thread
//! (recorder reads)          (BLAKE3 + SHA-256,             (fsync, drop cache, read back,
//!                            write to .staging/)            compare, store, commit)
//!                                 │ the same chunks              ▲
//!                                 ▼                              │ each file's SM3
//!                           SM3 thread ──────────────────────────┘
//! ```
//!
//! While this thread reads file N back from the library disk, the copier writes file N+1 and
//! the reader is already reading ahead. SM3, about a sixth of SHA-256's speed on a CPU without
//! instructions for it, has a core of its own and trails the copier by a few chunks instead of
//! holding each write up; a file is stored once its SM3 is in. Nothing reaches `media/` or the
//! catalog before its read back matched.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::plan::{self, PlannedFile};
use super::report::StageTimes;
use super::store::{self, JobContext, Verified};
use super::turns;
use super::{IngestOptions, IngestReport, Stopped};
use crate::audit::AuditAction;
use crate::catalog::{DockCounts, DockState};
use crate::error::{Error, ErrorCode, ItemError, Result};
use crate::events::{CoreEvent, EventSink, Progress, Throttle};
use crate::fixity::{
    self as copy, read_back, read_full, write_chunk, Copied, CopyError, StreamHasher,
};
use crate::lang::Lang;
use crate::platform;
use crate::recorders::{self, RecognisedBy};
use crate::Station;

/// Space kept free on the library disk for the catalog and manifests to commit.
const RESERVE: u64 = 8 << 20;
/// Chunks in flight between reader and copier (× CHUNK bytes of memory).
const CHUNKS_IN_FLIGHT: usize = 6;
/// How far (in chunks) the SM3 thread may trail the copier before the copier waits for it.
const SM3_BEHIND: usize = 8;
/// Copies settled together (one sync of the staging area, one folder sync each, one manifest
/// append, one catalog transaction): a card of small photos paid five syncs a file.
const BATCH_FILES: usize = 64;
const BATCH_BYTES: u64 = 64 << 20;

/// Nanoseconds each stage worked, added to by the stage's own thread.
#[derive(Default)]
struct StageClocks {
    card_read: AtomicU64,
    hash: AtomicU64,
    write: AtomicU64,
    sm3: AtomicU64,
    sync: AtomicU64,
    read_back: AtomicU64,
    store: AtomicU64,
    sm3_wait: AtomicU64,
    turn_wait: AtomicU64,
}

impl StageClocks {
    /// `work`, its time added to `stage`.
    fn time<T>(stage: &AtomicU64, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        stage.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    fn times(&self) -> StageTimes {
        let s = |a: &AtomicU64| a.load(Ordering::Relaxed) as f64 / 1e9;
        StageTimes {
            total_s: 0.0,
            card_read_s: s(&self.card_read),
            hash_s: s(&self.hash),
            sm3_s: s(&self.sm3),
            write_s: s(&self.write),
            sync_s: s(&self.sync),
            read_back_s: s(&self.read_back),
            store_s: s(&self.store),
            sm3_wait_s: s(&self.sm3_wait),
            turn_wait_s: s(&self.turn_wait),
        }
    }
}

enum Chunk {
    Data(Vec<u8>),
    End,
    Failed(std::io::Error),
}

/// What the copier hands the SM3 thread: a chunk it has also written, or the end of a file
/// (SM3 of all chunks since the last end, sent back on the channel given).
enum Sm3Work {
    Chunk(Arc<Vec<u8>>),
    End(Sender<String>),
}

/// A copy the copier has written, not yet durable nor read back.
struct StagedFile {
    index: usize,
    path: PathBuf,
    /// What the sync needs of it (see [`platform::Unsynced`]).
    file: platform::Unsynced,
    copied: Copied,
    /// The file's SM3, once the SM3 thread has caught up with its end.
    sm3: Receiver<String>,
}

enum Staged {
    Ready(StagedFile),
    Failed { index: usize, error: ItemError },
    Stop(Error),
}

pub(crate) fn run(
    st: &Station,
    source: &Path,
    opts: &IngestOptions,
    sink: &dyn EventSink,
) -> Result<IngestReport> {
    let started = Instant::now();
    refuse_unusable_source(st, source)?;
    let _source_lock = st.library.lock_source(source)?;
    let plan = plan::plan(source, &st.settings().name_patterns);
    let recognition = recognise(st, source, opts, &plan.files)?;
    let source_text = source.display().to_string();
    let docking = st.apply_audited(|| open_docking(st, &recognition, opts, &source_text))?;
    let dock_event_id = docking.dock_event_id;
    let staging = st.library.staging_area(&format!("dock-{dock_event_id}"))?;
    let ctx = job_context(st, docking, &recognition.serial)?;

    let stored = st.catalog.stored_sources(ctx.device_id)?;
    let (to_copy, skipped): (Vec<PlannedFile>, Vec<PlannedFile>) = plan
        .files
        .into_iter()
        .partition(|f| !stored.contains_key(&(f.rel_raw.clone(), f.size, f.mtime_ns)));
    let mut report = IngestReport {
        dock_event_id,
        source: source_text,
        device: recognition.serial.clone(),
        found: (to_copy.len() + skipped.len() + plan.errors.len()) as u64,
        copied: 0,
        skipped: skipped.len() as u64,
        failed: 0,
        bytes: 0,
        errors: Vec::new(),
        skipped_items: plan.not_files,
        stopped: None,
        recognised_by: recognition.by,
        flags: Vec::new(),
        flag_details: Default::default(),
        free_bytes: None,
        total_bytes: None,
        clock_drift_s: None,
        freed: 0,
        not_freed: None,
        stages: StageTimes::default(),
    };
    for (path, e) in &plan.errors {
        report.failed += 1;
        let error = item_error(st.lang(), path, ErrorCode::SourceUnreadable, &e.to_string());
        report.errors.push(error);
    }
    let bytes_total: u64 = to_copy.iter().map(|f| f.size).sum();
    sink.emit(CoreEvent::IngestPlanned {
        source: report.source.clone(),
        device: report.device.clone(),
        files_found: report.found,
        files_to_copy: to_copy.len() as u64,
        bytes_to_copy: bytes_total,
    });

    let stop = run_pipeline(
        &ctx,
        source,
        &to_copy,
        staging.dir(),
        bytes_total,
        opts.cancel.as_deref(),
        &mut report,
        sink,
    );
    if let Some(e) = stop {
        report.stopped = Some(Stopped {
            code: e.code(),
            message: e.message(st.lang()),
        });
    }
    drop(staging);
    let on_recorder = is_recorder_volume(st, &recognition, ctx.device_id)?;
    super::assess::assess(&ctx, source, recognition.clock, on_recorder, &mut report)?;
    close_docking(st, opts, &report);
    report.stages.total_s = started.elapsed().as_secs_f64();
    sink.emit(CoreEvent::IngestFinished(report.clone()));
    Ok(report)
}

/// Is the source a docked volume the station recognised as a recorder (by an identity file,
/// a registered volume, or a registered serial)? Only such a volume may be freed.
fn is_recorder_volume(st: &Station, recognition: &Recognition, device_id: i64) -> Result<bool> {
    let by_volume = matches!(
        recognition.by,
        RecognisedBy::IdentityFile | RecognisedBy::VolumeUuid | RecognisedBy::VolumeLabel
    );
    Ok(recognition.is_mount && (by_volume || st.catalog.device_registered(device_id)?))
}

/// A source that is no folder, one that holds the library, or one inside it is refused
/// before anything is read.
fn refuse_unusable_source(st: &Station, source: &Path) -> Result<()> {
    if !source.is_dir() {
        return Err(Error::SourceMissing {
            path: source.to_path_buf(),
        });
    }
    let library = st.library.root();
    let library = dunce::canonicalize(library).unwrap_or_else(|_| library.to_path_buf());
    if let Ok(src) = dunce::canonicalize(source) {
        if library.starts_with(&src) {
            let (library, src) = (library.display(), src.display());
            return Err(Error::input(
                format!("证据库 {library} 位于记录仪目录 {src} 之内"),
                format!("the library {library} is inside the recorder folder {src}"),
            ));
        }
        // Stored evidence is never a recorder: ingesting it would store copies of copies,
        // and freeing the "recorder" would delete the originals.
        if src.starts_with(&library) {
            let (library, src) = (library.display(), src.display());
            return Err(Error::input(
                format!("{src} 位于证据库 {library} 之内：证据库中的文件不能作为记录仪接入"),
                format!("{src} is inside the library {library}: stored evidence is not a recorder"),
            ));
        }
    }
    Ok(())
}

/// What every stored file of this docking is labelled with.
fn job_context<'a>(st: &'a Station, docking: Docking, device: &str) -> Result<JobContext<'a>> {
    let Docking {
        device_id,
        dev_squad,
        dev_officer,
        squad,
        officer,
        dock_event_id,
    } = docking;
    Ok(JobContext {
        station: st,
        device_id,
        device: device.to_string(),
        dock_event_id,
        dock_date: st.today(),
        officer,
        squad: squad.clone(),
        holder: if st.catalog.has_assignments(device_id)? {
            None
        } else {
            dev_officer
        },
        device_squad: squad.map(|s| s.0).or(dev_squad),
    })
}

/// The docking's end: its counts, state and assessment, and the `ingest` audit row.
fn close_docking(st: &Station, opts: &IngestOptions, report: &IngestReport) {
    let counts = DockCounts {
        found: report.found,
        copied: report.copied,
        skipped: report.skipped,
        failed: report.failed,
        bytes: report.bytes,
    };
    let state = match (&report.stopped, report.failed) {
        (Some(_), _) => DockState::Stopped,
        (None, 0) => DockState::Completed,
        (None, _) => DockState::Failed,
    };
    let stop_code = report.stopped.as_ref().map(|s| s.code.as_str());
    let end = st.now_text();
    let detail = serde_json::json!({
        "source": report.source, "found": report.found, "copied": report.copied,
        "skipped": report.skipped, "failed": report.failed, "bytes": report.bytes,
        "stopped": stop_code,
        // What was on the card but no file, so not stored: on record, with its kind.
        "not_files": report.skipped_items,
        // Labels the person who ran the ingest gave instead of the recorder's own.
        "overrides": { "device": opts.device, "officer": opts.officer, "squad": opts.squad },
        // The custodian on duty when the station ingested a docked recorder by itself.
        "custodian": st.on_duty,
    })
    .to_string();
    let id = report.dock_event_id;
    // The job's own bookkeeping may itself hit the full disk; what is stored stays stored
    // (a dock event left running is closed as interrupted at the next start).
    let _ = st.apply_audited(|| {
        st.catalog
            .finish_dock_event(id, state, counts, stop_code, &end)?;
        st.catalog.record_dock_assessment(
            id,
            report.free_bytes,
            report.total_bytes,
            &report.flags,
            &report.flag_details,
            report.clock_drift_s,
            report.freed,
        )?;
        st.catalog.audit(
            &end,
            &st.actor(),
            AuditAction::Ingest,
            Some(&report.device),
            state.code(),
            Some(&detail),
        )
    });
}

/// What a docking's first transaction wrote: the recorder (registered on first sight), the
/// labels the custodian gave, and the dock event.
struct Docking {
    device_id: i64,
    dev_squad: Option<i64>,
    dev_officer: Option<i64>,
    squad: Option<(i64, String)>,
    officer: Option<(i64, String)>,
    dock_event_id: i64,
}

/// The docking's facts and their audit row, inside the caller's transaction.
fn open_docking(
    st: &Station,
    recognition: &Recognition,
    opts: &IngestOptions,
    source_text: &str,
) -> Result<Docking> {
    let (catalog, now) = (&st.catalog, st.now_text());
    let device = &recognition.serial;
    let (device_id, dev_squad, dev_officer) = catalog.device(device, &now)?;
    if recognition.is_mount {
        catalog.note_device_volume(
            device_id,
            recognition.label.as_deref(),
            recognition.uuid.as_deref(),
        )?;
    }
    let squad = match &opts.squad {
        Some(name) => Some((catalog.squad_id(name, &now)?, name.clone())),
        None => None,
    };
    let officer = match &opts.officer {
        Some(no) => Some((
            catalog.officer_id(no, squad.as_ref().map(|s| s.0), &now)?,
            no.clone(),
        )),
        None => None,
    };
    if let Some(s) = &squad {
        // A device the registry has no squad for learns it from the custodian.
        catalog.assign_device(device_id, Some(s.0), None)?;
    }
    let dock_event_id = catalog.start_dock_event(device_id, source_text, &now)?;
    let detail = serde_json::json!({
        "dock_event": dock_event_id, "source": source_text, "custodian": st.on_duty,
    });
    catalog.audit(
        &now,
        &st.actor(),
        AuditAction::Dock,
        Some(device),
        "ok",
        Some(&detail.to_string()),
    )?;
    Ok(Docking {
        device_id,
        dev_squad,
        dev_officer,
        squad,
        officer,
        dock_event_id,
    })
}

/// Returns the error that stopped the job early, if any.
// Long by design: the three stages of the diagram above start, feed each other and stop
// together inside one thread scope; apart, each would need the others' channels handed in.
#[allow(clippy::too_many_arguments)]
fn run_pipeline(
    ctx: &JobContext<'_>,
    source: &Path,
    files: &[PlannedFile],
    staging: &Path,
    bytes_total: u64,
    cancel: Option<&AtomicBool>,
    report: &mut IngestReport,
    sink: &dyn EventSink,
) -> Option<Error> {
    let st = ctx.station;
    let halt = AtomicBool::new(false);
    let bytes_read = AtomicU64::new(0);
    let mut stop: Option<Error> = None;
    let mut throttle = Throttle::new();
    let mut files_done = 0u64;
    let clocks = StageClocks::default();

    std::thread::scope(|s| {
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Chunk>(CHUNKS_IN_FLIGHT);
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        let (sm3_tx, sm3_rx) = mpsc::sync_channel::<Sm3Work>(SM3_BEHIND);
        // A batch's worth of staged files may wait while the previous batch is settled, so
        // the copier and the reader go on meanwhile.
        let (staged_tx, staged_rx) = mpsc::sync_channel::<Staged>(BATCH_FILES);
        let (halt, bytes_read, lang, clocks) = (&halt, &bytes_read, st.lang(), &clocks);
        s.spawn(move || read_stage(files, chunk_tx, free_rx, halt, cancel, clocks));
        let spent = free_tx.clone();
        s.spawn(move || sm3_stage(sm3_rx, spent, clocks));
        s.spawn(move || {
            let to = Stage {
                tx: staged_tx,
                sm3: sm3_tx,
                halt,
                cancel,
                bytes_read,
                lang,
                clocks,
            };
            copy_stage(files, source, staging, chunk_rx, free_tx, to)
        });

        let mut current = String::new();
        let mut batch = Batch::default();
        let mut done = false;
        let fail = |report: &mut IngestReport, item: ItemError| {
            report.failed += 1;
            sink.emit(CoreEvent::FileFailed(item.clone()));
            report.errors.push(item);
        };
        loop {
            let received = staged_rx.recv_timeout(Duration::from_millis(250));
            let idle = matches!(received, Err(RecvTimeoutError::Timeout));
            match received {
                Ok(Staged::Ready(staged)) => {
                    current.clone_from(&files[staged.index].rel_display);
                    if stop.is_some() {
                        continue; // drain: a stopped job stores nothing more
                    }
                    batch.add(staged);
                }
                Ok(Staged::Failed { index, error }) => {
                    current.clone_from(&files[index].rel_display);
                    fail(report, error);
                    files_done += 1;
                }
                Ok(Staged::Stop(e)) => {
                    stop.get_or_insert(e);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => done = true,
            }
            // Settled once the batch is full, the copier pauses or ends, or the job stops
            // (what was copied before a stop is still verified and stored).
            if done || idle || stop.is_some() || batch.full() {
                let (failed, stored) = batch.settle(ctx, files, staging, clocks);
                files_done += failed.len() as u64;
                failed.into_iter().for_each(|item| fail(report, item));
                match stored {
                    Ok((n, bytes)) => {
                        files_done += n;
                        report.copied += n;
                        report.bytes += bytes;
                    }
                    Err(e) => {
                        stop.get_or_insert(e);
                    }
                }
            }
            if done {
                break;
            }
            if stop.is_some() {
                halt.store(true, Ordering::Relaxed);
            }
            if throttle.ready() {
                sink.emit(progress(
                    source,
                    files_done,
                    files.len(),
                    bytes_read,
                    bytes_total,
                    &current,
                ));
            }
        }
    });
    report.stages = clocks.times();
    // Files the stop left untouched count as failed: the recorder still holds them.
    let untouched = files.len() as u64 - files_done;
    if untouched > 0 {
        report.failed += untouched;
    }
    sink.emit(progress(
        source,
        files_done,
        files.len(),
        &bytes_read,
        bytes_total,
        "",
    ));
    stop
}

fn progress(
    source: &Path,
    done: u64,
    total: usize,
    bytes: &AtomicU64,
    bytes_total: u64,
    current: &str,
) -> CoreEvent {
    CoreEvent::IngestProgress(Progress {
        source: source.display().to_string(),
        files_done: done,
        files_total: total as u64,
        bytes_done: bytes.load(Ordering::Relaxed),
        bytes_total,
        current: current.to_string(),
    })
}

/// Reader: stream each file from the recorder, in plan order, as chunks.
fn read_stage(
    files: &[PlannedFile],
    tx: SyncSender<Chunk>,
    free: Receiver<Vec<u8>>,
    halt: &AtomicBool,
    cancel: Option<&AtomicBool>,
    clocks: &StageClocks,
) {
    let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let stopped = || halt.load(Ordering::Relaxed) || cancelled();
    // Several dockings at once take turns, the least left first (see `turns`), asked before
    // each chunk so a small card's turn comes within a chunk of the others'.
    let mut job_left: u64 = files.iter().map(|f| f.size).sum();
    let turn = turns::TURNS.join(job_left);
    for f in files {
        if halt.load(Ordering::Relaxed) {
            return;
        }
        let mut input = match platform::open_untrusted(&f.abs) {
            Ok(i) => i,
            Err(e) => {
                if tx.send(Chunk::Failed(e)).is_err() {
                    return;
                }
                continue;
            }
        };
        // What the listing says is still to come: a buffer is sized to it (at least 64 KiB, to
        // see the end, at most a chunk), since zero-filling 4 MiB for a 2 KiB photo was most of
        // what storing it cost.
        let mut left = f.size;
        loop {
            let mut buf = free.try_recv().unwrap_or_default();
            let want = left.saturating_add(1).clamp(64 << 10, copy::CHUNK as u64) as usize;
            buf.resize(want, 0);
            StageClocks::time(&clocks.turn_wait, || turn.wait(job_left, &stopped));
            let read = if cancelled() {
                Err(std::io::Error::new(
                    std::io::ErrorKind::Interrupted,
                    "cancelled",
                ))
            } else {
                StageClocks::time(&clocks.card_read, || read_full(&mut input, &mut buf))
            };
            let msg = match read {
                Ok(0) => Chunk::End,
                Ok(n) => {
                    left = left.saturating_sub(n as u64);
                    job_left = job_left.saturating_sub(n as u64);
                    buf.truncate(n);
                    Chunk::Data(buf)
                }
                Err(e) => Chunk::Failed(e),
            };
            let last = !matches!(msg, Chunk::Data(_));
            if tx.send(msg).is_err() {
                return;
            }
            if last {
                break;
            }
        }
    }
}

/// SM3 thread: the digest of each file's chunks, in the copier's order; each chunk no other
/// stage still holds goes back to the reader.
fn sm3_stage(rx: Receiver<Sm3Work>, spent: Sender<Vec<u8>>, clocks: &StageClocks) {
    use sm3::{Digest, Sm3};
    let mut hasher = Sm3::new();
    for work in rx {
        match work {
            Sm3Work::Chunk(buf) => {
                StageClocks::time(&clocks.sm3, || hasher.update(&buf[..]));
                if let Some(buf) = Arc::into_inner(buf) {
                    let _ = spent.send(buf);
                }
            }
            Sm3Work::End(done) => {
                let _ = done.send(format!("{:x}", hasher.finalize_reset()));
            }
        }
    }
}

/// What the copier hands on and shares with the other stages.
struct Stage<'a> {
    tx: SyncSender<Staged>,
    sm3: SyncSender<Sm3Work>,
    halt: &'a AtomicBool,
    cancel: Option<&'a AtomicBool>,
    bytes_read: &'a AtomicU64,
    lang: Lang,
    clocks: &'a StageClocks,
}

/// Copier: hash each stream and write it into the job's staging folder.
// Long by design: the per-file loop's outcomes (copied, source changed, recorder gone, disk
// full) each decide in place whether the job goes on, which reads best as one match.
fn copy_stage(
    files: &[PlannedFile],
    source_root: &Path,
    staging: &Path,
    rx: Receiver<Chunk>,
    free: mpsc::Sender<Vec<u8>>,
    to: Stage<'_>,
) {
    let Stage {
        tx,
        sm3,
        halt,
        cancel,
        bytes_read,
        lang,
        clocks,
    } = to;
    let volume = platform::volume_id(source_root);
    for (index, f) in files.iter().enumerate() {
        if halt.load(Ordering::Relaxed) {
            return;
        }
        let path = staging.join(format!("{index}.part"));
        let result = (|| -> Result<(File, Copied), CopyError> {
            match platform::disk_space(staging) {
                Ok((free_bytes, _)) if free_bytes < f.size.saturating_add(RESERVE) => {
                    return Err(CopyError::Dest(platform::disk_full_error()));
                }
                _ => {}
            }
            let mut out = File::options()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(CopyError::Dest)?;
            let mut hasher = StreamHasher::new();
            let mut offset = 0u64;
            loop {
                match rx.recv() {
                    Ok(Chunk::Data(buf)) => {
                        let buf = Arc::new(buf);
                        // Gone only when the job stops: the file is then not stored anyway.
                        let _ = sm3.send(Sm3Work::Chunk(Arc::clone(&buf)));
                        StageClocks::time(&clocks.hash, || hasher.update(&buf));
                        let written = StageClocks::time(&clocks.write, || {
                            write_chunk(&mut out, offset, &buf)
                        });
                        offset += buf.len() as u64;
                        bytes_read.fetch_add(buf.len() as u64, Ordering::Relaxed);
                        if let Some(buf) = Arc::into_inner(buf) {
                            let _ = free.send(buf);
                        }
                        written.map_err(CopyError::Dest)?;
                    }
                    Ok(Chunk::End) => break,
                    Ok(Chunk::Failed(e)) => return Err(CopyError::Source(e)),
                    Err(_) => return Err(CopyError::Source(std::io::ErrorKind::BrokenPipe.into())),
                }
            }
            Ok((out, hasher.finish()))
        })();
        // Every file attempt ends the SM3 stream, so the next file's starts afresh.
        let (sm3_done, sm3_digest) = mpsc::channel();
        let _ = sm3.send(Sm3Work::End(sm3_done));
        let msg = match result {
            Ok((file, copied)) => Staged::Ready(StagedFile {
                index,
                file: platform::Unsynced::new(file, &path),
                path,
                copied,
                sm3: sm3_digest,
            }),
            Err(CopyError::Source(_)) if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) => {
                let _ = std::fs::remove_file(&path);
                halt.store(true, Ordering::Relaxed);
                Staged::Stop(Error::Cancelled)
            }
            Err(CopyError::Source(e)) => {
                let _ = std::fs::remove_file(&path);
                // Gone: the device errors, or its mount point is empty or another volume now.
                if platform::is_device_gone(&e) || platform::volume_id(source_root) != volume {
                    halt.store(true, Ordering::Relaxed);
                    Staged::Stop(Error::RecorderGone {
                        path: source_root.to_path_buf(),
                    })
                } else {
                    let code = if e.kind() == std::io::ErrorKind::NotFound {
                        ErrorCode::SourceVanished
                    } else {
                        ErrorCode::SourceUnreadable
                    };
                    // The reader sends `Failed` as the file's last message: no chunks remain.
                    Staged::Failed {
                        index,
                        error: item_error(lang, &f.rel_display, code, &e.to_string()),
                    }
                }
            }
            Err(CopyError::Dest(e)) => {
                let _ = std::fs::remove_file(&path);
                halt.store(true, Ordering::Relaxed);
                Staged::Stop(Error::io("write", &path, e))
            }
        };
        let stop = matches!(msg, Staged::Stop(_));
        if tx.send(msg).is_err() || stop {
            return;
        }
    }
}

/// Read a durable staged copy back from disk, compare, retry once from the recorder on a
/// mismatch: what may then be stored. Outer error: stop the job; inner: this file failed.
fn verify<'f>(
    ctx: &JobContext<'_>,
    f: &'f PlannedFile,
    (staged, copied, sm3): (&Path, Copied, Receiver<String>),
    staging: &Path,
    index: usize,
    clocks: &StageClocks,
) -> Result<Result<Verified<'f>, ItemError>> {
    let st = ctx.station;
    let matches = |path: &Path, c: &Copied| -> Result<bool> {
        let (b3, size) = StageClocks::time(&clocks.read_back, || read_back(path))
            .map_err(|e| Error::io("read", path, e))?;
        Ok(b3 == c.blake3 && size == c.size)
    };
    let (path, copied) = if matches(staged, &copied)? {
        let gone = || Error::io("hash", staged, std::io::ErrorKind::BrokenPipe.into());
        let sm3 = StageClocks::time(&clocks.sm3_wait, || sm3.recv()).map_err(|_| gone())?;
        let sm3 = Some(sm3);
        (staged.to_path_buf(), Copied { sm3, ..copied })
    } else {
        let retry = staging.join(format!("{index}.retry"));
        let again = match copy::copy_file(&f.abs, &retry, StreamHasher::with_sm3()) {
            Ok(c) => c,
            Err(CopyError::Source(e)) => {
                return Ok(Err(item_error(
                    st.lang(),
                    &f.rel_display,
                    ErrorCode::SourceUnreadable,
                    &e.to_string(),
                )))
            }
            Err(CopyError::Dest(e)) => return Err(Error::io("write", &retry, e)),
        };
        if !matches(&retry, &again)? {
            let _ = std::fs::remove_file(&retry);
            return Ok(Err(item_error(
                st.lang(),
                &f.rel_display,
                ErrorCode::VerifyMismatch,
                "read-back differs from the recorder twice",
            )));
        }
        (retry, again)
    };
    if copied.size != f.size {
        return Ok(Err(item_error(
            st.lang(),
            &f.rel_display,
            ErrorCode::SourceChanged,
            &format!(
                "size was {} when listed, {} bytes read",
                f.size, copied.size
            ),
        )));
    }
    Ok(Ok(Verified {
        file: f,
        path,
        copied,
        verified_at: st.clock.now(),
    }))
}

/// Copies the copier has written, settled together: made durable at once, each read back and
/// compared, and the matching ones stored in one go.
#[derive(Default)]
struct Batch {
    staged: Vec<StagedFile>,
    bytes: u64,
}

impl Batch {
    fn add(&mut self, staged: StagedFile) {
        self.bytes += staged.copied.size;
        self.staged.push(staged);
    }

    fn full(&self) -> bool {
        self.staged.len() >= BATCH_FILES || self.bytes >= BATCH_BYTES
    }

    /// The files that failed, and how many files (and bytes) were stored — or what stops the
    /// job, after which the files not yet decided count as failed (the recorder holds them).
    fn settle(
        &mut self,
        ctx: &JobContext<'_>,
        files: &[PlannedFile],
        staging: &Path,
        clocks: &StageClocks,
    ) -> (Vec<ItemError>, Result<(u64, u64)>) {
        let staged = std::mem::take(self).staged;
        if staged.is_empty() {
            return (Vec::new(), Ok((0, 0)));
        }
        let (handles, staged): (Vec<platform::Unsynced>, Vec<_>) = staged
            .into_iter()
            .map(|s| (s.file, (s.index, s.path, s.copied, s.sm3)))
            .unzip();
        let paths: Vec<PathBuf> = staged.iter().map(|s| s.1.clone()).collect();
        let synced = StageClocks::time(&clocks.sync, || platform::sync_files(&handles));
        drop(handles);
        let (mut failed, mut verified) = (Vec::new(), Vec::new());
        let outcome = synced
            .map_err(|e| Error::io("sync", staging, e))
            .and_then(|()| {
                for (index, path, copied, sm3) in staged {
                    let f = &files[index];
                    match verify(ctx, f, (&path, copied, sm3), staging, index, clocks)? {
                        Ok(v) => verified.push(v),
                        Err(item) => failed.push(item),
                    }
                }
                StageClocks::time(&clocks.store, || store::store_all(ctx, &verified))?;
                let bytes = verified.iter().map(|v| v.copied.size).sum();
                Ok((verified.len() as u64, bytes))
            });
        // Stored files are linked into `media/`; what failed stays on the recorder.
        for path in paths.iter().chain(verified.iter().map(|v| &v.path)) {
            let _ = std::fs::remove_file(path);
        }
        (failed, outcome)
    }
}

pub(crate) fn item_error(lang: Lang, path: &str, code: ErrorCode, detail: &str) -> ItemError {
    let what = match (code, lang) {
        (ErrorCode::SourceUnreadable, Lang::Zh) => "无法读取记录仪上的文件",
        (ErrorCode::SourceUnreadable, Lang::En) => "cannot read the file on the recorder",
        (ErrorCode::SourceVanished, Lang::Zh) => "文件在导入过程中从记录仪上消失",
        (ErrorCode::SourceVanished, Lang::En) => {
            "the file disappeared from the recorder during the ingest"
        }
        (ErrorCode::SourceChanged, Lang::Zh) => "文件在导入过程中发生变化",
        (ErrorCode::SourceChanged, Lang::En) => "the file changed during the ingest",
        (ErrorCode::VerifyMismatch, Lang::Zh) => "回读校验两次不一致，未入库",
        (ErrorCode::VerifyMismatch, Lang::En) => "read-back verification failed twice; not stored",
        (_, Lang::Zh) => "处理失败",
        (_, Lang::En) => "failed",
    };
    let advice = lang.pick(
        "文件仍在记录仪上，请勿清除记录仪，重新接入后会再次尝试。",
        "The file is still on the recorder: do not wipe it; the next docking tries again.",
    );
    let message = match lang {
        Lang::Zh => format!("{what}（{detail}）。{advice}"),
        Lang::En => format!("{what} ({detail}). {advice}"),
    };
    ItemError {
        path: path.to_string(),
        code,
        message,
    }
}

/// Who the recorder is, and what else it told about itself.
struct Recognition {
    serial: String,
    by: RecognisedBy,
    /// The source is itself a mount point (a docked card), not a folder on the station.
    is_mount: bool,
    label: Option<String>,
    uuid: Option<String>,
    /// The recorder's clock as its identity file gave it, and when it was read.
    clock: Option<(chrono::NaiveDateTime, chrono::DateTime<chrono::Utc>)>,
}

fn recognise(
    st: &Station,
    source: &Path,
    opts: &IngestOptions,
    files: &[PlannedFile],
) -> Result<Recognition> {
    let identity = recorders::read_identity_files(source, &st.identity_files());
    let read_at = st.clock.now();
    let canonical = dunce::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
    let mount = crate::dock::watcher::mount_of(&canonical).filter(|m| m.mount_point == canonical);
    let (label, uuid) = mount
        .as_ref()
        .map(crate::dock::watcher::volume_identity)
        .unwrap_or_default();
    let mount_name = canonical
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .filter(|n| !n.is_empty());
    let catalog = &st.catalog;
    let (serial, by) = if let Some(d) = &opts.device {
        (d.clone(), RecognisedBy::Custodian)
    } else if let Some(s) = identity.serial {
        (s, RecognisedBy::IdentityFile)
    } else if let Some(s) = recorders::serial_from_names(files.iter().map(|f| &f.name)) {
        (s, RecognisedBy::FileNames)
    } else if let Some(s) = catalog.device_by_volume(uuid.as_deref(), None)? {
        (s, RecognisedBy::VolumeUuid)
    } else if let Some(s) = catalog.device_by_volume(None, label.as_deref())? {
        (s, RecognisedBy::VolumeLabel)
    } else {
        let name = label
            .clone()
            .or(mount_name)
            .unwrap_or_else(|| "UNKNOWN".into());
        (name, RecognisedBy::MountName)
    };
    Ok(Recognition {
        serial,
        by,
        is_mount: mount.is_some(),
        label,
        uuid,
        clock: identity.clock.map(|c| (c, read_at)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use crate::recorders::NameFacts;
    use std::sync::Arc;

    fn setup() -> (tempfile::TempDir, Station, PlannedFile, Vec<u8>) {
        let dir = tempfile::tempdir().expect("tmp");
        let mut st =
            Station::init(&dir.path().join("lib"), None, Arc::new(SystemClock)).expect("init");
        // The administrator reads the catalog's clips; the job itself is driven directly.
        st.access()
            .create_account(&crate::access::NewAccount::new(
                "admin",
                crate::access::Role::Admin,
                "correct horse 9",
            ))
            .expect("administrator");
        st.sign_in("admin", "correct horse 9").expect("sign in");
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let src = dir.path().join("DSJ_X1_000001_20240105_090000.mp4");
        std::fs::write(&src, &data).expect("write source");
        let meta = std::fs::metadata(&src).expect("meta");
        let planned = PlannedFile {
            abs: src,
            rel_raw: b"DSJ_X1_000001_20240105_090000.mp4".to_vec(),
            rel_display: "DSJ_X1_000001_20240105_090000.mp4".into(),
            name_warning: None,
            name: NameFacts::default(),
            extension: "mp4".into(),
            size: data.len() as u64,
            mtime_ns: platform::mtime_ns(&meta),
        };
        (dir, st, planned, data)
    }

    fn ctx(st: &Station) -> JobContext<'_> {
        let (device_id, dock) = st
            .apply_audited(|| {
                let (device_id, _, _) = st.catalog.device("X1", "now")?;
                let dock = st.catalog.start_dock_event(device_id, "src", "now")?;
                st.catalog
                    .audit("now", "test", AuditAction::Dock, None, "ok", None)?;
                Ok((device_id, dock))
            })
            .expect("dock");
        JobContext {
            station: st,
            device_id,
            device: "X1".into(),
            dock_event_id: dock,
            dock_date: "2024-01-05".into(),
            officer: None,
            squad: None,
            holder: None,
            device_squad: None,
        }
    }

    /// Bytes that went bad between the copy and the read-back are never stored: the file is
    /// copied again from the recorder and what is stored is the recorder's bytes.
    #[test]
    fn a_copy_that_reads_back_wrong_is_copied_again_not_stored() {
        let (dir, st, planned, data) = setup();
        let staging = st.library.staging_area("t").expect("staging");
        let staged = staging.dir().join("0.part");
        let mut bad = data.clone();
        bad[123_456] ^= 0xFF;
        std::fs::write(&staged, &bad).expect("corrupt staged copy");
        let mut h = StreamHasher::new();
        h.update(&data);
        let copied = h.finish();
        let c = ctx(&st);
        // The SM3 thread's answer is never waited for: the retry computes its own.
        let (_, sm3) = mpsc::channel();
        let staged_file = (staged.as_path(), copied.clone(), sm3);
        let clocks = StageClocks::default();
        let verified = verify(&c, &planned, staged_file, staging.dir(), 0, &clocks)
            .expect("no stop")
            .expect("verified after the retry");
        assert_eq!(verified.copied.size, data.len() as u64);
        store::store_all(&c, &[verified]).expect("stored");
        let clips = st.clips().list(&Default::default()).expect("list");
        assert_eq!(clips.len(), 1);
        assert_eq!(std::fs::read(&clips[0].path).expect("stored"), data);
        assert_eq!(clips[0].blake3, copied.blake3);
        let sm3 = <sm3::Sm3 as sha2::Digest>::digest(&data);
        assert_eq!(clips[0].sm3, Some(format!("{sm3:x}")));
        drop(dir);
    }

    /// When the retry cannot read the recorder either, nothing is stored and the file is
    /// reported failed.
    #[test]
    fn a_mismatch_that_cannot_be_retried_is_reported_never_stored() {
        let (dir, st, planned, data) = setup();
        let staging = st.library.staging_area("t").expect("staging");
        let staged = staging.dir().join("0.part");
        std::fs::write(&staged, b"not the recorder's bytes").expect("staged");
        let mut h = StreamHasher::new();
        h.update(&data);
        std::fs::remove_file(&planned.abs).expect("recorder file gone");
        let c = ctx(&st);
        let (_, sm3) = mpsc::channel();
        let staged_file = (staged.as_path(), h.finish(), sm3);
        let clocks = StageClocks::default();
        let item = verify(&c, &planned, staged_file, staging.dir(), 0, &clocks)
            .expect("no stop")
            .err()
            .expect("must fail");
        assert_eq!(item.code, ErrorCode::SourceUnreadable);
        assert_eq!(st.clips().count().expect("count"), 0);
        assert!(crate::library::Library::open(st.root())
            .map(|l| std::fs::read_dir(l.media_dir())
                .expect("media")
                .next()
                .is_none())
            .expect("library"));
        drop(dir);
    }
}
