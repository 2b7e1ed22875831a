//! Rebuilding the catalog from the disk alone: `media/` and the append-only manifests beside
//! it. For a catalog that was lost, damaged or deleted. The old catalog file, if any, is kept
//! under another name, never removed.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::{Catalog, NewClip, Replay};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::fixity::read_back;
use crate::library::Library;
use crate::manifest;
use crate::Station;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RebuildReport {
    /// Journal lines replayed: every fact the old catalog held, as it was written.
    pub journal_lines: u64,
    /// Rows those lines wrote, changed or removed.
    pub journal_changes: u64,
    /// What the journal could not give back (a broken chain, an unreadable line).
    pub journal_problems: Vec<String>,
    /// Clips in the new catalog, from the journal or, where it has none, the manifests.
    pub restored: u64,
    /// Catalogued from the manifest, but the stored file is gone (`verify` keeps reporting it).
    pub missing: Vec<String>,
    /// Catalogued from the manifest, but the stored bytes differ from its digest.
    pub mismatched: Vec<String>,
    /// Files in `media/` that no manifest names: not catalogued, listed for a person to check.
    pub unlisted: Vec<String>,
    /// Manifest lines that could not be read (a torn last line after a power cut).
    pub unreadable_lines: Vec<String>,
    /// Where the previous catalog was moved, if there was one.
    pub previous_catalog: Option<String>,
}

impl RebuildReport {
    pub fn clean(&self) -> bool {
        self.journal_problems.is_empty()
            && self.missing.is_empty()
            && self.mismatched.is_empty()
            && self.unlisted.is_empty()
    }
}

/// Who asks for the rebuild: an administrator's name and password, checked against the
/// accounts of the catalog being replaced.
pub struct RebuildAuthority<'a> {
    pub user: &'a str,
    pub password: &'a str,
}

pub fn rebuild(
    root: &Path,
    clock: Arc<dyn Clock>,
    authority: Option<RebuildAuthority<'_>>,
) -> Result<(Station, RebuildReport)> {
    if !root.join("manifests").is_dir() {
        return Err(Error::NotALibrary {
            path: root.to_path_buf(),
        });
    }
    let library = Library::create(root)?;
    let catalog_path = library.catalog_path();
    let now = clock.now();
    // Ask the catalog being replaced, while it still opens and agrees with its journal.
    let mut admin = authorise_in(root, &catalog_path, clock.clone(), &authority)?;
    let fresh = root.join(REBUILDING);
    let replay = replay_into(&fresh, &library.journal_dir())?;
    if admin.is_none() {
        // The old catalog does not open: the accounts the journal holds decide.
        admin = match authorise_in(root, &fresh, clock.clone(), &authority) {
            Ok(a) => a,
            Err(e) => {
                remove_catalog(&fresh)?;
                return Err(e);
            }
        };
    }
    let mut report = RebuildReport {
        restored: 0,
        journal_lines: replay.lines,
        journal_changes: replay.changes,
        journal_problems: replay.problems.clone(),
        missing: Vec::new(),
        mismatched: Vec::new(),
        unlisted: Vec::new(),
        unreadable_lines: Vec::new(),
        previous_catalog: None,
    };

    // The settings, like every other fact, come back from the journal (a catalog that still
    // opened has just written its own into it, if it had not already).
    if catalog_path.exists() {
        let kept = format!(
            "catalog-before-rebuild-{}.sqlite",
            now.format("%Y%m%dT%H%M%S")
        );
        move_catalog(&catalog_path, &root.join(&kept))?;
        report.previous_catalog = Some(root.join(kept).display().to_string());
    }
    move_catalog(&fresh, &catalog_path)?;

    // What the manifests add and the rebuild's own audit row: one unit.
    let station = Station::open(root, clock)?;
    station.apply_audited(|| {
        let catalog = &station.catalog;
        let stamp = now.to_rfc3339();
        restore_from_manifests(catalog, &library, replay.lines, &stamp, &mut report)?;
        report.restored = catalog.clip_count()?;
        let detail = serde_json::json!({
            "journal_lines": report.journal_lines, "journal_problems": report.journal_problems,
            "restored": report.restored, "missing": report.missing.len(),
            "mismatched": report.mismatched.len(), "unlisted": report.unlisted.len(),
        })
        .to_string();
        catalog.audit(
            &station.now_text(),
            &admin.clone().unwrap_or_else(|| station.actor()),
            AuditAction::RebuildCatalog,
            None,
            if report.clean() { "ok" } else { "problems" },
            Some(&detail),
        )
    })?;
    Ok((station, report))
}

/// Clips the journal does not hold (a crash between a manifest line and its catalog row, or a
/// library from before the journal), tombstones, labels and documents, from the manifests;
/// and what is on disk that no manifest names.
fn restore_from_manifests(
    catalog: &Catalog,
    library: &Library,
    journal_lines: u64,
    stamp: &str,
    report: &mut RebuildReport,
) -> Result<()> {
    let read = manifest::read_all(&library.manifests_dir())?;
    report.unreadable_lines = read
        .unreadable
        .iter()
        .map(|(p, n)| format!("{}:{n}", p.display()))
        .collect();
    // A path written twice (a run that died between its manifest line and its catalog row,
    // then resumed) is one clip: the later line wins.
    let mut by_path = BTreeMap::new();
    for e in read.entries {
        by_path.insert(e.media_path.clone(), e);
    }
    // Disposed originals stay disposed; their tombstones come back.
    let disposals = manifest::read_disposals(&library.manifests_dir())?;
    for t in &disposals {
        by_path.remove(&t.media_path);
    }
    // Tombstones first: their ids are taken, so no restored clip is given a disposed clip's id.
    let buried: HashSet<i64> = catalog.tombstones()?.iter().map(|t| t.clip_id).collect();
    for t in disposals.iter().filter(|t| !buried.contains(&t.clip_id)) {
        catalog.restore_tombstone(t)?;
    }
    let mut seen_sources = HashSet::new();
    for e in by_path.values() {
        let (device_id, _, _) = catalog.device(&e.device, stamp)?;
        let raw = e
            .source_path_raw
            .clone()
            .unwrap_or_else(|| e.source_path.as_bytes().to_vec());
        if !seen_sources.insert((device_id, raw.clone(), e.source_size, e.source_mtime_ns)) {
            continue;
        }
        match read_back(&library.media_file(&e.media_path)) {
            Ok((b3, size)) if b3 == e.blake3 && size == e.size => {}
            Ok(_) => report.mismatched.push(e.media_path.clone()),
            Err(_) => report.missing.push(e.media_path.clone()),
        }
        // Replayed from the journal already, with every fact given to it since.
        if !catalog.media_path_in_use(&e.media_path)? {
            catalog.insert_clip(&clip_from_manifest(catalog, e, device_id, raw, stamp)?)?;
        }
    }
    // Labels the custodian gave after ingest, in the order given (the journal, if it was
    // replayed, holds them already, and any given since).
    let labels = if journal_lines == 0 {
        manifest::read_labels(&library.manifests_dir())?
    } else {
        Vec::new()
    };
    for label in labels {
        let labels = crate::catalog::Labels {
            case_number: label.case_number,
            cause: label.cause,
            party: label.party,
        };
        catalog.restore_labels(&label.media_path, &labels)?;
    }
    // Cases' text records: the documents come back, with their case numbers (the rest of a
    // case lives only in the catalog).
    // A case's number corrected later writes its records' lines anew: the last line of each
    // document is its truth.
    let mut documents = manifest::read_documents(&library.manifests_dir())?;
    let mut seen = std::collections::HashSet::new();
    documents.reverse();
    documents.retain(|d| seen.insert(d.media_path.clone()));
    documents.reverse();
    for d in documents {
        let case = match catalog.case_id(&d.case_number)? {
            Some(id) => id,
            None => catalog.add_case(&d.case_number, None, None, &[], &d.added_by, &d.added_at)?,
        };
        if !catalog.media_path_taken(&d.media_path)? {
            catalog.add_case_document(case, &d)?;
        }
    }
    report.unlisted = unlisted(library, &by_path);
    Ok(())
}

/// A clip as its manifest line records it, its squad and officer registered if new.
fn clip_from_manifest(
    catalog: &Catalog,
    e: &manifest::ManifestEntry,
    device_id: i64,
    source_path_raw: Vec<u8>,
    stamp: &str,
) -> Result<NewClip> {
    let squad_id = e
        .squad
        .as_deref()
        .map(|s| catalog.squad_id(s, stamp))
        .transpose()?;
    let officer_id = e
        .officer
        .as_deref()
        .map(|o| catalog.officer_id(o, squad_id, stamp))
        .transpose()?;
    Ok(NewClip {
        media_path: e.media_path.clone(),
        device_id,
        dock_event_id: None,
        source_path: e.source_path.clone(),
        source_path_raw,
        source_size: e.source_size,
        source_mtime_ns: e.source_mtime_ns,
        size: e.size,
        blake3: e.blake3.clone(),
        sha256: e.sha256.clone(),
        sm3: e.sm3.clone(),
        kind: e.kind.clone(),
        recorded_at: e.recorded_at.clone(),
        recorded_at_unix: e.recorded_at_unix,
        time_source: e.time_source.clone(),
        duration_s: e.duration_s,
        officer_id,
        officer_source: e.officer_source.clone(),
        squad_id,
        seq: e.seq,
        important: e.important,
        flags: serde_json::to_string(&e.flags).unwrap_or_else(|_| "[]".into()),
        warnings: serde_json::to_string(&e.warnings).unwrap_or_else(|_| "[]".into()),
        case_number: e.case_number.clone(),
        cause: e.cause.clone(),
        party: e.party.clone(),
        ingested_at: e.ingested_at.clone(),
        verified_at: e.verified_at.clone(),
    })
}

/// Files in `media/` that no manifest line names, for a person to check.
fn unlisted<T>(library: &Library, listed: &BTreeMap<String, T>) -> Vec<String> {
    let media_root = library.root().to_path_buf();
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(library.media_dir()).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&media_root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if !listed.contains_key(&rel) {
            found.push(rel);
        }
    }
    found
}

/// The scratch catalog the journal is replayed into before it takes the catalog's place.
const REBUILDING: &str = "catalog-rebuilding.sqlite";

/// Only an administrator rebuilds a catalog that has accounts; the refusal is recorded in the
/// catalog asked. Asks the catalog at `path`; `Ok(None)` if it does not open or has no accounts
/// (a library whose catalog and journal are both gone: what comes back has none either, and
/// refuses everything until its administrator is bootstrapped).
fn authorise_in(
    root: &Path,
    path: &Path,
    clock: Arc<dyn Clock>,
    authority: &Option<RebuildAuthority<'_>>,
) -> Result<Option<String>> {
    if !path.exists() {
        return Ok(None);
    }
    let Ok(catalog) = Catalog::open(path, false) else {
        return Ok(None);
    };
    let library = Library::create(root)?;
    let in_use = library.in_use()?;
    let mut st = Station::with(library, in_use, catalog, clock)?;
    if !st.has_accounts()? {
        return Ok(None);
    }
    if let Some(a) = authority {
        st.sign_in(a.user, a.password)?;
    }
    st.require(Duty::Rebuild)?;
    Ok(st.signed_in().map(|a| a.name))
}

/// A new catalog at `path` holding everything the journal in `journal` records.
fn replay_into(path: &Path, journal: &Path) -> Result<Replay> {
    // A scratch file left by a rebuild that stopped: it is the rebuild's own, never evidence.
    remove_catalog(path)?;
    let catalog = Catalog::open_for_replay(path)?;
    catalog.replay_journal(journal)
}

/// Move a catalog file with its write-ahead log and shared memory, if any.
fn move_catalog(from: &Path, to: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let (f, t) = (with_suffix(from, suffix), with_suffix(to, suffix));
        if f.exists() {
            fs::rename(&f, &t).map_err(|e| Error::io("rename", &f, e))?;
        }
    }
    Ok(())
}

fn remove_catalog(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let f = with_suffix(path, suffix);
        if f.exists() {
            fs::remove_file(&f).map_err(|e| Error::io("remove", &f, e))?;
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}
