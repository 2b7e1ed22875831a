//! Fixity: re-read stored originals from the disk and compare with the catalog — the whole
//! library on demand (`verify`), or every night the share [`schedule::tonight`] picks, so the
//! whole library is proven whole at least every `verify_days` days. Every pass and each file's
//! latest outcome are recorded; a failed one stays in the integrity report until the file is
//! found whole again.
//!
//! ```text
//!  fixity_items ──► (full: all │ scheduled: tonight's share) ──► read_back each
//!        ▲                                                          │ every outcome, at the end
//!        └── fixity_checks (latest per file) ◄── record_fixity_run ◄┘ one audited transaction
//! ```

pub mod schedule;

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Timelike;
use serde::Serialize;

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::{
    FixityItem, FixityKind, FixityOutcome, FixityProblem, FixityResult, FixityRun,
};
use crate::error::Result;
use crate::events::{CoreEvent, EventSink, Progress, Throttle};
use crate::fixity::{read_back_with, FileDigest};
use crate::Station;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyProblem {
    /// `clip`, or `document` (a case's text record).
    pub what: &'static str,
    pub id: i64,
    pub path: String,
    /// The catalog's BLAKE3 of the file.
    pub expected_blake3: String,
    /// What the file reads as now, when it was read with BLAKE3.
    pub actual_blake3: Option<String>,
    /// The digest it was read back with, the catalog's value of it and what the file gives.
    pub digest: FileDigest,
    pub expected: String,
    pub actual: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    /// The digest the files were read back with (`verify --digest`; BLAKE3 unless asked).
    pub digest: FileDigest,
    /// Files the catalog keeps no such digest of (SM3 of clips stored before the station
    /// computed it, of case documents), read back with BLAKE3 instead.
    pub read_with_blake3: u64,
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

/// How well the library is proven, for the dashboard and the docking page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FixityStatus {
    /// Every stored file has been read back whole since this moment (RFC 3339); None for an
    /// empty library.
    pub fully_verified_since: Option<String>,
    /// The bound the schedule keeps (setting `verify_days`).
    pub verify_days: u32,
    pub last_run: Option<FixityRun>,
    /// Stored files whose latest read-back failed.
    pub problems: u64,
}

/// One file's outcome: what it found, the file, where it is, why.
type Outcome<'a> = (FixityResult, &'a FixityItem, String, Option<String>);

// The pass is recorded in one transaction at its end, with its audit row (the door's rule):
// a pass cut short records nothing, and its files are simply due again.
fn run(
    st: &Station,
    kind: FixityKind,
    digest: FileDigest,
    items: &[FixityItem],
    sink: &dyn EventSink,
    cancel: Option<&AtomicBool>,
) -> Result<VerifyReport> {
    let started_at = st.now_text();
    let bytes_total = items.iter().map(|c| c.size).sum();
    let mut report = VerifyReport {
        digest,
        read_with_blake3: 0,
        checked: 0,
        ok: 0,
        bytes: 0,
        mismatched: Vec::new(),
        missing: Vec::new(),
    };
    let mut throttle = Throttle::new();
    let mut outcomes: Vec<Outcome<'_>> = Vec::with_capacity(items.len());
    for c in items {
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Ok(report);
        }
        let (result, detail) = check_one(st, c, &mut report);
        outcomes.push((
            result,
            c,
            st.library.media_file(&c.media_path).display().to_string(),
            detail,
        ));
        if throttle.ready() {
            sink.emit(CoreEvent::VerifyProgress(Progress {
                source: kind.code().to_string(),
                files_done: report.checked,
                files_total: items.len() as u64,
                bytes_done: report.bytes,
                bytes_total,
                current: c.media_path.clone(),
            }));
        }
    }
    let pass = FixityRun {
        id: 0,
        kind,
        started_at,
        finished_at: Some(st.now_text()),
        actor: st.actor(),
        checked: report.checked,
        bytes: report.bytes,
        mismatched: report.mismatched.len() as u64,
        missing: report.missing.len() as u64,
    };
    st.apply_audited(|| {
        record(st, &pass, &outcomes)?;
        audit(st, kind, &report)
    })?;
    sink.emit(CoreEvent::CheckFinished {
        kind,
        checked: report.checked,
        mismatched: pass.mismatched,
        missing: pass.missing,
    });
    Ok(report)
}

/// Read one file back with the report's digest (BLAKE3 where the catalog has none of it);
/// its outcome, and the report counted.
fn check_one(
    st: &Station,
    c: &FixityItem,
    report: &mut VerifyReport,
) -> (FixityResult, Option<String>) {
    let path = st.library.media_file(&c.media_path);
    let (digest, expected) = match report.digest {
        FileDigest::Blake3 => (FileDigest::Blake3, &c.blake3),
        FileDigest::Sha256 => (FileDigest::Sha256, &c.sha256),
        FileDigest::Sm3 => match &c.sm3 {
            Some(sm3) => (FileDigest::Sm3, sm3),
            None => {
                report.read_with_blake3 += 1;
                (FileDigest::Blake3, &c.blake3)
            }
        },
    };
    let problem = |actual: Option<String>, detail: String| VerifyProblem {
        what: c.what,
        id: c.id,
        path: path.display().to_string(),
        expected_blake3: c.blake3.clone(),
        actual_blake3: actual.clone().filter(|_| digest == FileDigest::Blake3),
        digest,
        expected: expected.clone(),
        actual,
        detail,
    };
    report.checked += 1;
    report.bytes += c.size;
    let (result, p) = match read_back_with(&path, digest) {
        Ok((hex, size)) if hex == *expected && size == c.size => {
            report.ok += 1;
            return (FixityResult::Ok, None);
        }
        Ok((hex, size)) => {
            let said = st.lang().pick(
                format!(
                    "内容已改变（{} 不一致）：现为 {size} 字节，目录记载 {} 字节",
                    digest.label(crate::lang::Lang::Zh),
                    c.size
                ),
                format!(
                    "content changed ({} differs): {size} bytes now, the catalog says {}",
                    digest.label(crate::lang::Lang::En),
                    c.size
                ),
            );
            (FixityResult::Mismatched, problem(Some(hex), said))
        }
        Err(e) => {
            let (result, said) = unreadable(&e, st.lang());
            (result, problem(None, said))
        }
    };
    let detail = Some(p.detail.clone());
    match result {
        FixityResult::Missing => report.missing.push(p),
        _ => report.mismatched.push(p),
    }
    (result, detail)
}

/// Why a stored original could not be read, in words (the report is read by people; the
/// system's own text is English on most machines): gone, or unreadable with its error number.
fn unreadable(e: &std::io::Error, lang: crate::lang::Lang) -> (FixityResult, String) {
    use std::io::ErrorKind;
    let code = e
        .raw_os_error()
        .map(|c| c.to_string())
        .unwrap_or_else(|| "—".into());
    match e.kind() {
        ErrorKind::NotFound => (
            FixityResult::Missing,
            lang.pick("原始文件不见了", "the stored original is gone")
                .into(),
        ),
        ErrorKind::PermissionDenied => (
            FixityResult::Mismatched,
            lang.pick(
                "没有读取原始文件的权限",
                "no permission to read the stored original",
            )
            .into(),
        ),
        _ => (
            FixityResult::Mismatched,
            lang.pick(
                format!("读取原始文件时出错（系统错误 {code}）"),
                format!("the stored original could not be read (system error {code})"),
            ),
        ),
    }
}

fn record(st: &Station, pass: &FixityRun, outcomes: &[Outcome<'_>]) -> Result<()> {
    let outcomes: Vec<FixityOutcome<'_>> = outcomes
        .iter()
        .map(|(result, c, path, detail)| FixityOutcome {
            what: c.what,
            id: c.id,
            result: *result,
            path,
            detail: detail.as_deref(),
        })
        .collect();
    st.catalog
        .record_fixity_run(pass, &outcomes, st.clock.now().timestamp())
        .map(|_| ())
}

fn audit(st: &Station, kind: FixityKind, report: &VerifyReport) -> Result<()> {
    let outcome = if report.clean() { "ok" } else { "problems" };
    let detail = serde_json::json!({
        "kind": kind.code(), "checked": report.checked,
        "mismatched": report.mismatched.len(), "missing": report.missing.len(),
    })
    .to_string();
    st.catalog.audit(
        &st.now_text(),
        &st.actor(),
        AuditAction::Verify,
        None,
        outcome,
        Some(&detail),
    )
}

impl Station {
    /// Re-read every stored original from disk and compare its BLAKE3 with the catalog's.
    pub fn verify(&self, sink: &dyn EventSink) -> Result<VerifyReport> {
        self.verify_with(FileDigest::Blake3, sink)
    }

    /// Re-read every stored original from disk and compare it with the catalog by `digest`:
    /// BLAKE3 is the fastest; SHA-256 or SM3 recompute what a court was given.
    pub fn verify_with(&self, digest: FileDigest, sink: &dyn EventSink) -> Result<VerifyReport> {
        self.require(Duty::ReadRecords)?;
        let items = self.catalog.fixity_items()?;
        run(self, FixityKind::Full, digest, &items, sink, None)
    }

    /// Is tonight's check due: past the `verify_hour` of the station's day, with no pass
    /// begun since that hour?
    pub fn scheduled_check_due(&self) -> Result<bool> {
        let tz = self.time_zone();
        let now = self.clock.now().with_timezone(&tz);
        let hour = self.settings().verify_hour;
        if now.hour() < hour {
            return Ok(false);
        }
        let Some(since) = now.date_naive().and_hms_opt(hour, 0, 0) else {
            return Ok(false);
        };
        let since = crate::time::in_zone(since, tz).timestamp();
        Ok(match self.catalog.last_fixity_run()? {
            Some(r) => chrono::DateTime::parse_from_rfc3339(&r.started_at)
                .map_or(true, |t| t.timestamp() < since),
            None => true,
        })
    }

    /// Re-read tonight's share of the library (see [`schedule::tonight`]); the window's and
    /// `watch`'s background check, and `verify --scheduled`. Stops early when `cancel` is set,
    /// keeping what it proved.
    pub fn scheduled_check(
        &self,
        sink: &dyn EventSink,
        cancel: Option<&AtomicBool>,
    ) -> Result<VerifyReport> {
        if self.as_station {
            self.require_administrator()?;
        } else {
            self.require(Duty::ReadRecords)?;
        }
        let items = self.catalog.fixity_items()?;
        let share = schedule::tonight(
            &items,
            self.clock.now().timestamp(),
            self.settings().verify_days,
        );
        let tonight: Vec<FixityItem> = share.into_iter().map(|i| items[i].clone()).collect();
        run(
            self,
            FixityKind::Scheduled,
            FileDigest::Blake3,
            &tonight,
            sink,
            cancel,
        )
    }

    /// How well the library is proven now.
    pub fn fixity_status(&self) -> Result<FixityStatus> {
        let since = self
            .catalog
            .oldest_proof()?
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|t| t.to_rfc3339());
        Ok(FixityStatus {
            fully_verified_since: since,
            verify_days: self.settings().verify_days,
            last_run: self.catalog.last_fixity_run()?,
            problems: self.catalog.fixity_problem_count()?,
        })
    }

    /// Stored files whose latest read-back failed (the integrity report's rows).
    pub(crate) fn fixity_problems(&self) -> Result<Vec<FixityProblem>> {
        self.catalog.fixity_problems()
    }
}
