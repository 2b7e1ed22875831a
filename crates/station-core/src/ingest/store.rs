//! Putting verified copies in their final place: `media/` (never overwriting), the manifest,
//! then the catalog — a batch at a time, so a card of small photos does not pay a folder sync,
//! a manifest sync and a catalog commit for each.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::plan::PlannedFile;
use crate::audit::AuditAction;
use crate::catalog::NewClip;
use crate::error::{Error, Result};
use crate::fixity::{read_back, Copied};
use crate::layout::{self, safe_component};
use crate::manifest::{self, ManifestEntry};
use crate::platform;
use crate::recorders::{self, rfc3339, Warning};
use crate::Station;

/// Who and what one job stores for.
pub(crate) struct JobContext<'a> {
    pub station: &'a Station,
    pub device_id: i64,
    pub device: String,
    pub dock_event_id: i64,
    /// YYYY-MM-DD of the docking in the station's time zone: the first level under `media/`.
    pub dock_date: String,
    /// The officer the custodian named at docking.
    pub officer: Option<(i64, String)>,
    /// The squad the custodian named at docking.
    pub squad: Option<(i64, String)>,
    /// The registry's current holder and squad, for devices without assignment history.
    pub holder: Option<i64>,
    pub device_squad: Option<i64>,
}

/// A staged copy made durable, read back and matched: what may be stored.
pub(crate) struct Verified<'f> {
    pub file: &'f PlannedFile,
    /// The staged copy (or the retry's).
    pub path: PathBuf,
    pub copied: Copied,
    pub verified_at: DateTime<Utc>,
}

/// Store verified copies: each linked into `media/`, every folder that gained one synced once,
/// their manifest lines appended and synced in one write, then their clips with `store` audit
/// rows in one transaction. Nothing is in the catalog, so nothing counts, before its bytes and
/// its folder entry are durable. Any error here is on the library side and stops the job.
pub(crate) fn store_all(ctx: &JobContext<'_>, batch: &[Verified<'_>]) -> Result<Vec<i64>> {
    let st = ctx.station;
    let mut placed = Placed::default();
    let mut entries = Vec::with_capacity(batch.len());
    for v in batch {
        entries.push(entry_for(ctx, v, &mut placed)?);
    }
    for folder in &placed.folders {
        platform::sync_dir(folder).map_err(|e| Error::io("sync", folder, e))?;
    }
    let manifest_file = manifest::file_for(&st.library.manifests_dir(), &st.today());
    manifest::append_all(&manifest_file, entries.iter().map(|(entry, _)| entry))?;
    record_clips(ctx, batch, &entries)
}

/// What a batch has linked into `media/` so far: the paths it took (not yet in the catalog,
/// so no other file of the batch may take them) and the folders to sync.
#[derive(Default)]
struct Placed {
    paths: HashSet<String>,
    folders: BTreeSet<PathBuf>,
    /// Each content linked, by (BLAKE3, size): the same bytes twice in a batch are stored once.
    by_digest: HashMap<(String, u64), String>,
}

/// One verified copy's facts, linked into `media/`; its manifest line and who recorded it.
fn entry_for(
    ctx: &JobContext<'_>,
    v: &Verified<'_>,
    placed: &mut Placed,
) -> Result<(ManifestEntry, Recorder)> {
    let (file, staged, copied, verified_at) = (v.file, v.path.as_path(), &v.copied, v.verified_at);
    let st = ctx.station;
    let facts = recorders::examine(
        &recorders::StoredFile {
            path: staged,
            head: &copied.head,
            size: copied.size,
            extension: &file.extension,
            name: &file.name,
            mtime_ns: file.mtime_ns,
        },
        st.time_zone(),
        verified_at,
    );
    let mut warnings: Vec<Warning> = file.name_warning.iter().cloned().collect();
    warnings.extend(facts.warnings.iter().cloned());
    let recorded_unix = facts.recorded_at.map(|t| t.timestamp());
    let who = who_recorded(ctx, file, recorded_unix, &mut warnings)?;
    let wanted = format!(
        "media/{}/{}/{}",
        ctx.dock_date,
        safe_component(&ctx.device),
        file.rel_display
            .split('/')
            .map(safe_component)
            .collect::<Vec<_>>()
            .join("/")
    );
    let media_path = place(st, staged, &wanted, copied, placed)?;
    let entry = ManifestEntry {
        media_path,
        device: ctx.device.clone(),
        source_path: file.rel_display.clone(),
        source_path_raw: (file.rel_raw != file.rel_display.as_bytes())
            .then(|| file.rel_raw.clone()),
        source_size: file.size,
        source_mtime_ns: file.mtime_ns,
        size: copied.size,
        blake3: copied.blake3.clone(),
        sha256: copied.sha256.clone(),
        sm3: copied.sm3.clone(),
        kind: facts.kind.code().to_string(),
        recorded_at: facts.recorded_at.as_ref().map(rfc3339),
        recorded_at_unix: recorded_unix,
        time_source: facts.time_source.map(str::to_string),
        duration_s: facts.duration_s,
        officer: who.officer.as_ref().map(|o| o.1.clone()),
        officer_source: who.officer_source.map(str::to_string),
        squad: who.squad.as_ref().map(|s| s.1.clone()),
        seq: file.name.seq,
        important: file.name.important(),
        flags: file.name.flags.clone(),
        warnings,
        case_number: None,
        cause: None,
        party: None,
        ingested_at: st.now_text(),
        verified_at: verified_at.to_rfc3339(),
    };
    Ok((entry, who))
}

/// Who recorded a file, and in which squad.
struct Recorder {
    officer: Option<(i64, String)>,
    /// `file_name`, `custodian` or `assignment`.
    officer_source: Option<&'static str>,
    squad: Option<(i64, String)>,
}

/// The officer: the file name's number, else what the custodian said at docking, else who
/// held the device at the recording time by the registry's assignment history. The squad:
/// the custodian's, else the officer's, else the device's.
fn who_recorded(
    ctx: &JobContext<'_>,
    file: &PlannedFile,
    recorded_unix: Option<i64>,
    warnings: &mut Vec<Warning>,
) -> Result<Recorder> {
    let st = ctx.station;
    let catalog = &st.catalog;
    let assigned = match recorded_unix {
        Some(t) => catalog.officer_at(ctx.device_id, t)?,
        None => None,
    }
    .or(ctx.holder);
    let (officer, officer_source) = match (&file.name.officer, &ctx.officer) {
        (Some(number), _) => {
            let squad_hint = ctx.squad.as_ref().map(|s| s.0);
            let id = officer_seen(st, number, squad_hint)?;
            if let Some(a) = assigned.filter(|a| *a != id) {
                warnings.push(Warning::new(
                    "officer_mismatch",
                    format!("{number} / {}", st.officer_number(a)?),
                ));
            }
            (Some((id, number.clone())), Some("file_name"))
        }
        (None, Some(o)) => (Some(o.clone()), Some("custodian")),
        (None, None) => match assigned {
            Some(id) => (Some((id, st.officer_number(id)?)), Some("assignment")),
            None => (None, None),
        },
    };
    let squad = match &ctx.squad {
        Some(s) => Some(s.clone()),
        None => {
            let from_officer = match &officer {
                Some(o) => catalog.officer_squad(o.0)?,
                None => None,
            };
            match from_officer.or(ctx.device_squad) {
                Some(id) => Some((id, st.squad_name(id)?)),
                None => None,
            }
        }
    };
    Ok(Recorder {
        officer,
        officer_source,
        squad,
    })
}

/// The clips' catalog rows and their `store` audit rows, in one transaction: each stored
/// original is on record as it becomes evidence.
fn record_clips(
    ctx: &JobContext<'_>,
    batch: &[Verified<'_>],
    entries: &[(ManifestEntry, Recorder)],
) -> Result<Vec<i64>> {
    let st = ctx.station;
    let clips: Vec<NewClip> = batch
        .iter()
        .zip(entries)
        .map(|(v, (entry, who))| new_clip(ctx, v.file, entry, who))
        .collect();
    st.apply_audited(|| {
        let mut ids = Vec::with_capacity(clips.len());
        for clip in &clips {
            let id = st.catalog.insert_clip(clip)?;
            let detail = serde_json::json!({
                "media_path": clip.media_path, "sha256": clip.sha256, "size": clip.size,
                "source_path": clip.source_path, "dock_event": ctx.dock_event_id,
            })
            .to_string();
            st.catalog.audit(
                &clip.ingested_at,
                &st.actor(),
                AuditAction::Store,
                Some(&id.to_string()),
                "ok",
                Some(&detail),
            )?;
            ids.push(id);
        }
        Ok(ids)
    })
}

fn new_clip(
    ctx: &JobContext<'_>,
    file: &PlannedFile,
    entry: &ManifestEntry,
    who: &Recorder,
) -> NewClip {
    NewClip {
        media_path: entry.media_path.clone(),
        device_id: ctx.device_id,
        dock_event_id: Some(ctx.dock_event_id),
        source_path: entry.source_path.clone(),
        source_path_raw: file.rel_raw.clone(),
        source_size: file.size,
        source_mtime_ns: file.mtime_ns,
        size: entry.size,
        blake3: entry.blake3.clone(),
        sha256: entry.sha256.clone(),
        sm3: entry.sm3.clone(),
        kind: entry.kind.clone(),
        recorded_at: entry.recorded_at.clone(),
        recorded_at_unix: entry.recorded_at_unix,
        time_source: entry.time_source.clone(),
        duration_s: entry.duration_s,
        officer_id: who.officer.as_ref().map(|o| o.0),
        officer_source: entry.officer_source.clone(),
        squad_id: who.squad.as_ref().map(|s| s.0),
        seq: entry.seq,
        important: entry.important,
        flags: serde_json::to_string(&entry.flags).unwrap_or_else(|_| "[]".into()),
        warnings: serde_json::to_string(&entry.warnings).unwrap_or_else(|_| "[]".into()),
        case_number: None,
        cause: None,
        party: None,
        ingested_at: entry.ingested_at.clone(),
        verified_at: entry.verified_at.clone(),
    }
}

/// The officer a recording's name gives; one the registry did not know yet is registered, and
/// that is on record.
fn officer_seen(st: &Station, number: &str, squad: Option<i64>) -> Result<i64> {
    st.apply_audited(|| {
        let (id, changed) = st.catalog.officer_seen(number, squad, &st.now_text())?;
        if changed {
            let detail = serde_json::json!({ "squad": squad, "from": "recording_name" });
            st.catalog.audit(
                &st.now_text(),
                &st.actor(),
                AuditAction::OfficerSeen,
                Some(number),
                "ok",
                Some(&detail.to_string()),
            )?;
        }
        Ok(id)
    })
}

/// Link the verified bytes into `media/` under `wanted`, or a free variant of it, without ever
/// replacing a file there. Returns the library-relative path used; its folder is noted in
/// `placed`, to be synced before the clip is recorded.
fn place(
    st: &Station,
    staged: &Path,
    wanted: &str,
    copied: &Copied,
    placed: &mut Placed,
) -> Result<String> {
    let lib = &st.library;
    // The same bytes already stored under another clip need not be stored twice: link to them,
    // after reading them back, so what this clip points at is proven here and now.
    let mut source = staged.to_path_buf();
    let digest = (copied.blake3.clone(), copied.size);
    let in_batch = placed.by_digest.get(&digest).cloned();
    let catalogued = match in_batch {
        Some(path) => Some(path),
        None => st
            .catalog
            .media_path_with_digest(&copied.blake3, copied.size)?,
    };
    if let Some(existing) = catalogued {
        let existing = lib.media_file(&existing);
        if read_back(&existing).is_ok_and(|(b3, size)| b3 == copied.blake3 && size == copied.size) {
            source = existing;
        }
    }
    platform::make_read_only(staged).map_err(|e| Error::io("write", staged, e))?;
    for attempt in 1u32.. {
        let candidate = if attempt == 1 {
            wanted.to_string()
        } else {
            layout::numbered(wanted, attempt)
        };
        let target = lib.media_file(&candidate);
        if let Some(parent) = target.parent() {
            create_dirs_durably(parent, &lib.media_dir())?;
        }
        let linked = match fs::hard_link(&source, &target) {
            Ok(()) => true,
            // Left by a run that died after linking but before its catalog row: if it is not
            // catalogued (nor taken by this batch) and holds exactly these bytes, it is this
            // clip's copy.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                !placed.paths.contains(&candidate)
                    && !st.catalog.media_path_in_use(&candidate)?
                    && read_back(&target)
                        .is_ok_and(|(b3, size)| b3 == copied.blake3 && size == copied.size)
            }
            Err(e) => return Err(Error::io("rename", &target, e)),
        };
        if linked {
            if let Some(parent) = target.parent() {
                placed.folders.insert(parent.to_path_buf());
            }
            placed.paths.insert(candidate.clone());
            placed.by_digest.entry(digest).or_insert(candidate.clone());
            return Ok(candidate);
        }
    }
    unreachable!("1u32.. is endless")
}

/// Create `dir` and its missing parents below `root`, syncing each new entry's parent.
fn create_dirs_durably(dir: &Path, root: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        if parent != root && parent.starts_with(root) {
            create_dirs_durably(parent, root)?;
        }
        match fs::create_dir(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(()),
            Err(e) => return Err(Error::io("create", dir, e)),
        }
        platform::sync_dir(parent).map_err(|e| Error::io("sync", parent, e))?;
    }
    Ok(())
}
