//! Fixity: re-read every stored original from the disk and compare with the catalog.

use serde::Serialize;

use crate::audit::AuditAction;
use crate::catalog::{ClipFilter, ClipSort};
use crate::error::Result;
use crate::events::{CoreEvent, EventSink, Progress, Throttle};
use crate::fixity::read_back;
use crate::Station;

#[derive(Debug, Clone, Serialize)]
pub struct VerifyProblem {
    /// `clip`, or `document` (a case's text record).
    pub what: &'static str,
    pub id: i64,
    pub path: String,
    pub expected_blake3: String,
    pub actual_blake3: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub checked: u64,
    pub ok: u64,
    pub bytes: u64,
    pub mismatched: Vec<VerifyProblem>,
    pub missing: Vec<VerifyProblem>,
}

impl VerifyReport {
    pub fn clean(&self) -> bool {
        self.mismatched.is_empty() && self.missing.is_empty()
    }
}

/// One stored file to re-read: what it is, its id, where, and what the catalog proves.
struct Stored {
    what: &'static str,
    id: i64,
    media_path: String,
    blake3: String,
    size: u64,
}

/// Everything the library keeps: its clips, then the cases' documents.
fn stored(st: &Station) -> Result<Vec<Stored>> {
    let mut clips: Vec<Stored> = st
        .catalog
        .clips(&ClipFilter::default(), ClipSort::IngestedAsc, None)?
        .into_iter()
        .map(|c| Stored {
            what: "clip",
            id: c.id,
            media_path: c.media_path,
            blake3: c.blake3,
            size: c.size,
        })
        .collect();
    clips.extend(
        st.catalog
            .all_case_documents()?
            .into_iter()
            .map(|(id, d)| Stored {
                what: "document",
                id,
                media_path: d.media_path,
                blake3: d.blake3,
                size: d.size,
            }),
    );
    Ok(clips)
}

pub(crate) fn run(st: &Station, sink: &dyn EventSink) -> Result<VerifyReport> {
    let clips = stored(st)?;
    let bytes_total = clips.iter().map(|c| c.size).sum();
    let mut report = VerifyReport {
        checked: 0,
        ok: 0,
        bytes: 0,
        mismatched: Vec::new(),
        missing: Vec::new(),
    };
    let mut throttle = Throttle::new();
    for c in &clips {
        let path = st.library.media_file(&c.media_path);
        let problem = |actual: Option<String>, detail: String| VerifyProblem {
            what: c.what,
            id: c.id,
            path: path.display().to_string(),
            expected_blake3: c.blake3.clone(),
            actual_blake3: actual,
            detail,
        };
        match read_back(&path) {
            Ok((b3, size)) if b3 == c.blake3 && size == c.size => report.ok += 1,
            Ok((b3, size)) => report.mismatched.push(problem(
                Some(b3),
                format!("size {size}, catalog says {}", c.size),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.missing.push(problem(None, e.to_string()))
            }
            Err(e) => report.mismatched.push(problem(None, e.to_string())),
        }
        report.checked += 1;
        report.bytes += c.size;
        if throttle.ready() {
            sink.emit(CoreEvent::VerifyProgress(Progress {
                source: String::new(),
                files_done: report.checked,
                files_total: clips.len() as u64,
                bytes_done: report.bytes,
                bytes_total,
                current: c.media_path.clone(),
            }));
        }
    }
    let outcome = if report.clean() { "ok" } else { "problems" };
    let detail = serde_json::json!({
        "checked": report.checked, "mismatched": report.mismatched.len(),
        "missing": report.missing.len(),
    })
    .to_string();
    st.catalog.audit(
        &st.now_text(),
        &st.actor(),
        AuditAction::Verify,
        None,
        outcome,
        Some(&detail),
    )?;
    Ok(report)
}
