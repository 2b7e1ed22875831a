//! The append-only manifests beside the originals: one JSON line per stored original, written
//! and synced before the catalog row, so the catalog can be rebuilt from the disk alone.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fixity;
use crate::recorders::Warning;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub media_path: String,
    pub device: String,
    pub source_path: String,
    /// The exact name bytes, only where they are not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_path_raw: Option<Vec<u8>>,
    pub source_size: u64,
    pub source_mtime_ns: i64,
    pub size: u64,
    pub blake3: String,
    pub sha256: String,
    /// SM3 (GB/T 32905); absent from lines written before the station computed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sm3: Option<String>,
    pub kind: String,
    pub recorded_at: Option<String>,
    pub recorded_at_unix: Option<i64>,
    pub time_source: Option<String>,
    pub duration_s: Option<f64>,
    pub officer: Option<String>,
    #[serde(default)]
    pub officer_source: Option<String>,
    pub squad: Option<String>,
    #[serde(default)]
    pub seq: Option<i64>,
    pub important: bool,
    pub flags: Vec<String>,
    pub warnings: Vec<Warning>,
    pub case_number: Option<String>,
    pub cause: Option<String>,
    pub party: Option<String>,
    pub ingested_at: String,
    pub verified_at: String,
}

pub fn file_for(dir: &Path, date: &str) -> PathBuf {
    dir.join(format!("{date}.jsonl"))
}

/// Append the stored originals' lines, in one write, durable before returning.
pub fn append_all<'e>(path: &Path, entries: impl Iterator<Item = &'e ManifestEntry>) -> Result<()> {
    let mut lines = Vec::new();
    for entry in entries {
        if !lines.is_empty() {
            lines.push(b'\n');
        }
        lines.extend(serde_json::to_vec(entry).map_err(unwritable)?);
    }
    if lines.is_empty() {
        return Ok(()); // an empty line would be a torn one to every reader
    }
    fixity::append_line(path, &lines)
}

fn unwritable(e: serde_json::Error) -> Error {
    Error::input(
        format!("清单行无法写出：{e}"),
        format!("manifest line: {e}"),
    )
}

/// Append `record` as one JSON line, durable before returning (see [`fixity::append_line`]).
fn append_line<T: Serialize>(path: &Path, record: &T) -> Result<()> {
    let line = serde_json::to_vec(record).map_err(unwritable)?;
    fixity::append_line(path, &line)
}

/// What the manifests hold.
pub struct ManifestRead {
    /// Every entry of every manifest, oldest file first.
    pub entries: Vec<ManifestEntry>,
    /// Torn or unreadable lines as (file, line number), for the caller to report.
    pub unreadable: Vec<(PathBuf, usize)>,
}

pub fn read_all(dir: &Path) -> Result<ManifestRead> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io("list", dir, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for path in files {
        let f = fs::File::open(&path).map_err(|e| Error::io("open", &path, e))?;
        for (n, line) in BufReader::new(f).split(b'\n').enumerate() {
            let line = line.map_err(|e| Error::io("read", &path, e))?;
            if line.is_empty() {
                continue;
            }
            match serde_json::from_slice(&line) {
                Ok(e) => entries.push(e),
                Err(_) => bad.push((path.clone(), n + 1)),
            }
        }
    }
    Ok(ManifestRead {
        entries,
        unreadable: bad,
    })
}

/// A change of a clip's labels after ingest, kept beside the manifests so a rebuilt catalog
/// has the labels the custodian gave (`manifests/labels/YYYY-MM-DD.jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelRecord {
    pub media_path: String,
    #[serde(rename = "case")]
    pub case_number: Option<String>,
    pub cause: Option<String>,
    pub party: Option<String>,
    pub at: String,
    pub actor: String,
}

fn labels_dir(dir: &Path) -> PathBuf {
    dir.join("labels")
}

pub fn append_label(dir: &Path, date: &str, record: &LabelRecord) -> Result<()> {
    append_line(&labels_dir(dir).join(format!("{date}.jsonl")), record)
}

/// Every label record, oldest first; unreadable lines are skipped (a torn last line).
pub fn read_labels(dir: &Path) -> Result<Vec<LabelRecord>> {
    let labels = labels_dir(dir);
    let Ok(entries) = fs::read_dir(&labels) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        out.extend(text.lines().filter_map(|l| serde_json::from_str(l).ok()));
    }
    Ok(out)
}

/// A disposal, kept beside the manifests before the original is removed, so a rebuilt catalog
/// neither brings the clip back nor loses its tombstone (`manifests/disposals.jsonl`).
pub fn append_disposal(dir: &Path, tombstone: &crate::catalog::Tombstone) -> Result<()> {
    append_line(&dir.join("disposals").join("disposals.jsonl"), tombstone)
}

/// A case's stored text record, beside the manifests (`manifests/documents/documents.jsonl`).
pub fn append_document(dir: &Path, doc: &crate::catalog::CaseDocument) -> Result<()> {
    append_line(&dir.join("documents").join("documents.jsonl"), doc)
}

pub fn read_documents(dir: &Path) -> Result<Vec<crate::catalog::CaseDocument>> {
    read_jsonl(&dir.join("documents").join("documents.jsonl"))
}

pub fn read_disposals(dir: &Path) -> Result<Vec<crate::catalog::Tombstone>> {
    read_jsonl(&dir.join("disposals").join("disposals.jsonl"))
}

/// Every readable line of a JSON-lines file (none if it does not exist yet; a torn last line
/// after a power cut is skipped).
fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io("read", path, e)),
    }
}
