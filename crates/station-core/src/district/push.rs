//! Pushing to the district: every stored clip and case document, then the journal, each object
//! locked in the store until the clip's earliest disposal and held while the clip is held.
//!
//! ```text
//!  the catalog says what is missing ─► for each clip, then each document, oldest first:
//!  (clips and documents with no              the store already has this key with this
//!   confirmed district copy)                 SHA-256? (an earlier push died before its
//!        │                                   record) ─► adopt that version, no second one
//!        │                                   else put it (checksummed, COMPLIANCE until the
//!        │                                   earliest disposal, legal hold if held) and
//!        │                                   confirm the store's checksum
//!        │                                 ─► copy row + audit row, one transaction
//!        ▼
//!  locks: a copy whose clip is now held or released, or whose earliest disposal moved
//!  later, is told so (legal hold on/off, retention extended) ─► row + audit row
//!        ▼
//!  journal: each journal file's unsent whole lines as segments, key by file and offset
//!  (the queue's bookkeeping of that is the one part not journaled: it would never drain)
//! ```
//!
//! The store being unreachable, refusing the key pair or missing the bucket ends the round at
//! once (nothing is marked failed: the next round tries again). Anything else is the item's
//! own failure, remembered with a later time to try again, and the round goes on.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::Serialize;
use station_district::{Put, Store, StoreError};

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::{DistrictCopy, PendingFile, QueueFailure};
use crate::error::Result;
use crate::layout::safe_component;
use crate::Station;

use super::store_problem;

/// A journal segment is at most this long (whole lines; a longer single line goes alone).
const SEGMENT: u64 = 8 << 20;

/// What one round of pushing did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PushReport {
    /// Clips and documents the store now holds that it did not before this round.
    pub pushed: u64,
    pub bytes: u64,
    /// Copies whose lock or legal hold was changed to follow their clip.
    pub locks_changed: u64,
    pub journal_segments: u64,
    pub failed: Vec<PushFailure>,
    /// Why the round ended early: the store is down, refuses the key, or lacks the bucket.
    pub stopped: Option<String>,
    /// Still waiting after the round.
    pub pending: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PushFailure {
    /// The queue's name for it (`clip:12:<sha256>`, `lock:7`, `journal:<file>`), for scripts.
    pub item: String,
    /// What it is, for people: the clip's id and original name, the object, the journal file.
    pub what: String,
    pub message: String,
}

/// The queue as `district status` and the window show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictStatus {
    /// Whether a store is set at all.
    pub configured: bool,
    pub pending: u64,
    pub pushed: u64,
    /// Pending items whose last attempt failed (they are tried again later).
    pub failed: u64,
    pub bytes_pending: u64,
    /// When the oldest waiting item was stored (RFC 3339).
    pub oldest_pending_at: Option<String>,
    /// A store is set and the oldest waiting item has waited longer than the backlog setting.
    pub backlog: bool,
    /// The last failure's message, if any item has failed.
    pub last_error: Option<String>,
}

/// How a round runs: a foreground `district push` tries every item now; the background queue
/// waits out each failed item's back-off and stops between items when told to, on a thread of
/// its own whose CPU and I/O priority it lowers for good.
#[derive(Debug, Clone, Copy)]
pub enum Round<'a> {
    Foreground,
    Background { stop: &'a AtomicBool },
}

impl Round<'_> {
    fn stopped(&self) -> bool {
        matches!(self, Round::Background { stop } if stop.load(Ordering::Relaxed))
    }
}

impl Station {
    /// The queue in numbers (the journal's unsent lines are not counted: they are sent last,
    /// in every round, and are never a backlog of evidence).
    pub fn district_status(&self) -> Result<DistrictStatus> {
        self.require(Duty::ReadRecords)?;
        let pending = self.catalog.district_pending()?;
        let failures = self.catalog.district_failures()?;
        let failed = pending.iter().filter(|p| failures.contains_key(&p.item));
        let last_error = failures
            .values()
            .max_by(|a, b| a.next_try_at.cmp(&b.next_try_at))
            .map(|f| f.last_error.clone());
        Ok(DistrictStatus {
            configured: self.district_configured(),
            pending: pending.len() as u64,
            pushed: self.catalog.district_pushed()?,
            failed: failed.count() as u64,
            bytes_pending: pending.iter().map(|p| p.size).sum(),
            oldest_pending_at: pending.iter().map(|p| p.stored_at.clone()).min(),
            last_error,
            backlog: !self.overdue_among(pending).is_empty(),
        })
    }

    /// What has waited longer than the backlog setting, oldest first; nothing while no store is
    /// set (a branch not yet connected has no backlog, only a connection to make).
    pub(crate) fn district_overdue(&self) -> Result<Vec<PendingFile>> {
        Ok(self.overdue_among(self.catalog.district_pending()?))
    }

    fn overdue_among(&self, pending: Vec<PendingFile>) -> Vec<PendingFile> {
        if !self.district_configured() {
            return Vec::new();
        }
        let hours = i64::from(self.settings().district.backlog_hours);
        let since = self.clock.now() - Duration::hours(hours);
        let mut overdue: Vec<PendingFile> = pending
            .into_iter()
            .filter(|p| DateTime::parse_from_rfc3339(&p.stored_at).is_ok_and(|t| t < since))
            .collect();
        overdue.sort_by(|a, b| a.stored_at.cmp(&b.stored_at));
        overdue
    }

    /// One round: send what is missing, move locks, send the journal.
    pub fn push_district(&self, round: Round) -> Result<PushReport> {
        // The station's own background queue, like its dock watcher, acts as itself.
        if self.as_station {
            self.require_administrator()?;
        } else {
            self.require(Duty::Ingest)?;
        }
        let endpoint = self.district_endpoint()?;
        if let Round::Background { .. } = round {
            // Nothing waits on the queue: its thread gives way to ingest and the window.
            crate::platform::yield_to_foreground();
        }
        let branch = self.settings().district.branch.clone().unwrap_or_default();
        let mut report = PushReport::default();
        let store = match Store::connect(&endpoint) {
            Ok(store) => store,
            Err(e) => {
                report.stopped = Some(store_problem(&e, &endpoint, self.lang()).message);
                report.pending = self.catalog.district_pending()?.len() as u64;
                return Ok(report);
            }
        };
        let send = Sending {
            store: &store,
            endpoint: &endpoint,
            branch: &branch,
            rate: match self.settings().district.bandwidth_mbps {
                0 => None,
                mbps => Some(u64::from(mbps) * 125_000),
            },
            stop: match round {
                Round::Foreground => None,
                Round::Background { stop } => Some(stop),
            },
        };
        let retries = Retries {
            failures: self.catalog.district_failures()?,
            now: self.clock.now(),
            round,
        };
        // Every clip's earliest disposal and hold, read once for the round.
        let terms = self.clip_terms()?;
        let mut stop = self.push_files(&send, &retries, &terms, &mut report)?;
        if stop.is_none() && !round.stopped() {
            stop = self.push_locks(&send, &retries, &terms, &mut report)?;
        }
        if stop.is_none() && !round.stopped() {
            stop = self.push_journal(&send, &retries, &mut report)?;
        }
        report.stopped = stop.map(|e| store_problem(&e, &endpoint, self.lang()).message);
        report.pending = self.catalog.district_pending()?.len() as u64;
        Ok(report)
    }
}

/// What every put of a round shares.
struct Sending<'a> {
    store: &'a Store,
    endpoint: &'a station_district::Endpoint,
    branch: &'a str,
    rate: Option<u64>,
    stop: Option<&'a AtomicBool>,
}

/// What failed before and when each may be tried again: a background round waits out each
/// item's back-off (a file, a copy's lock, a journal file), a foreground one tries them all.
struct Retries<'a> {
    failures: HashMap<String, QueueFailure>,
    now: DateTime<Utc>,
    round: Round<'a>,
}

impl Retries<'_> {
    fn waiting(&self, item: &str) -> bool {
        matches!(self.round, Round::Background { .. })
            && self.failures.get(item).is_some_and(|x| {
                DateTime::parse_from_rfc3339(&x.next_try_at).is_ok_and(|t| t > self.now)
            })
    }

    fn next_try(&self, item: &str) -> String {
        let attempts = self.failures.get(item).map_or(0, |x| x.attempts) + 1;
        rfc3339(self.now + back_off(attempts))
    }
}

/// Each clip's earliest disposal and whether it is held.
type Terms = HashMap<i64, (DateTime<Utc>, bool)>;

/// A step of a round: `Some` when the store as a whole cannot be used now (the round ends
/// there); a catalog error ends it with an error.
type Step = Result<Option<StoreError>>;

/// Why one item did not go through.
enum Failed {
    Store(StoreError),
    /// The catalog could not record it: the round ends with this error.
    Station(crate::error::Error),
}

impl From<StoreError> for Failed {
    fn from(e: StoreError) -> Failed {
        Failed::Store(e)
    }
}

fn ends_round(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Unreachable(_)
            | StoreError::Denied(_)
            | StoreError::NoSuchBucket
            | StoreError::BadAddress(_)
            | StoreError::Stopped
    )
}

impl Station {
    fn push_files(
        &self,
        send: &Sending,
        retries: &Retries,
        terms: &Terms,
        report: &mut PushReport,
    ) -> Step {
        for f in self.catalog.district_pending()? {
            if retries.round.stopped() {
                break;
            }
            if retries.waiting(&f.item) {
                continue;
            }
            let (until, hold) = match f.clip_id.and_then(|id| terms.get(&id)) {
                Some((until, hold)) => (*until, *hold),
                // A case document is kept as long as the shortest a clip is.
                None => (self.kept_until(&f.stored_at), false),
            };
            match self.push_file(send, &f, lock_date(until, retries.now), hold) {
                Ok(bytes) => {
                    report.pushed += 1;
                    report.bytes += bytes;
                }
                Err(Failed::Station(e)) => return Err(e),
                Err(Failed::Store(e)) if ends_round(&e) => return Ok(Some(e)),
                Err(Failed::Store(e)) => {
                    let what = match f.clip_id {
                        Some(id) => format!("{} {id} {}", self.lang().pick("记录", "clip"), f.name),
                        None => format!(
                            "{} {} {}",
                            self.lang().pick("案卷文书", "document"),
                            f.document_id.unwrap_or(0),
                            f.name
                        ),
                    };
                    self.item_failed(send, retries, &f.item, what, &e, report)?;
                }
            }
        }
        Ok(None)
    }

    /// Remember a failed item and when to try it again, and say so in the round's report.
    fn item_failed(
        &self,
        send: &Sending,
        retries: &Retries,
        item: &str,
        what: String,
        e: &StoreError,
        report: &mut PushReport,
    ) -> Result<()> {
        let message = store_problem(e, send.endpoint, self.lang()).message;
        self.catalog
            .district_failed(item, &message, &retries.next_try(item))?;
        report.failed.push(PushFailure {
            item: item.to_string(),
            what,
            message,
        });
        Ok(())
    }

    /// An item that failed before went through: forget its back-off.
    fn item_cleared(&self, retries: &Retries, item: &str) -> Result<()> {
        if retries.failures.contains_key(item) {
            self.catalog.district_cleared(item)?;
        }
        Ok(())
    }

    /// Send one file (or adopt the version an interrupted push left) and record it.
    fn push_file(
        &self,
        send: &Sending,
        f: &PendingFile,
        until: DateTime<Utc>,
        hold: bool,
    ) -> std::result::Result<u64, Failed> {
        let key = object_key(send.branch, f);
        let held = send.store.head(&key)?;
        let stored = match held.filter(|s| s.metadata.get("sha256") == Some(&f.sha256)) {
            Some(s) => s,
            None => {
                let put = Put {
                    key: &key,
                    sha256: &f.sha256,
                    retain_until: until.timestamp(),
                    legal_hold: hold,
                    metadata: metadata(send.branch, f),
                    bytes_per_second: send.rate,
                    stop: send.stop,
                };
                send.store
                    .put_file(&put, &self.library.media_file(&f.media_path))?
            }
        };
        let copy = DistrictCopy {
            key,
            version_id: stored.version_id.clone(),
            retain_until: stored
                .retain_until
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .map_or_else(|| rfc3339(until), rfc3339),
            legal_hold: stored.legal_hold,
            pushed_at: self.now_text(),
        };
        self.apply_audited(|| {
            self.catalog.record_district_copy(f, &copy, stored.size)?;
            let detail = serde_json::json!({
                "item": f.item, "version_id": copy.version_id, "sha256": f.sha256,
                "bytes": stored.size, "retain_until": copy.retain_until,
                "legal_hold": copy.legal_hold,
            });
            self.audit_ok(
                AuditAction::DistrictPush,
                &copy.key,
                Some(&detail.to_string()),
            )
        })
        .map_err(Failed::Station)?;
        Ok(stored.size)
    }

    /// Keep each copy's lock in step with its clip: a hold sets a legal hold, its release
    /// clears it; a later earliest disposal (a longer retention setting) extends the lock.
    fn push_locks(
        &self,
        send: &Sending,
        retries: &Retries,
        terms: &Terms,
        report: &mut PushReport,
    ) -> Step {
        for c in self.catalog.district_clip_copies()? {
            let Some((until, hold)) = terms.get(&c.clip_id).copied() else {
                continue;
            };
            let until = rfc3339(until);
            let later = until > c.copy.retain_until;
            let item = format!("lock:{}", c.id);
            if (!later && hold == c.copy.legal_hold) || retries.waiting(&item) {
                continue;
            }
            let (key, version) = (&c.copy.key, &c.copy.version_id);
            let told = (|| {
                if later {
                    let secs = DateTime::parse_from_rfc3339(&until).map_or(0, |t| t.timestamp());
                    send.store.extend_retention(key, version, secs)?;
                }
                if hold != c.copy.legal_hold {
                    send.store.set_legal_hold(key, version, hold)?;
                }
                Ok(())
            })();
            match told {
                Ok(()) => self.item_cleared(retries, &item)?,
                Err(e) if ends_round(&e) => return Ok(Some(e)),
                Err(e) => {
                    let what = format!("{} {} {key}", self.lang().pick("记录", "clip"), c.clip_id);
                    self.item_failed(send, retries, &item, what, &e, report)?;
                    continue;
                }
            }
            let until = if later {
                until
            } else {
                c.copy.retain_until.clone()
            };
            self.apply_audited(|| {
                self.catalog.set_district_lock(c.id, &until, hold)?;
                let detail = serde_json::json!({
                    "clip": c.clip_id, "version_id": version, "retain_until": until,
                    "legal_hold": hold,
                });
                self.audit_ok(AuditAction::DistrictLock, key, Some(&detail.to_string()))
            })?;
            report.locks_changed += 1;
        }
        Ok(None)
    }

    /// Each journal file's unsent whole lines, as segments named by file and offset.
    fn push_journal(&self, send: &Sending, retries: &Retries, report: &mut PushReport) -> Step {
        let dir = self.library.journal_dir();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "jsonl"));
        files.sort();
        let until = self.kept_until(&self.now_text());
        for path in files {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let Some(name) = name else { continue };
            let item = format!("journal:{name}");
            if retries.waiting(&item) {
                continue;
            }
            loop {
                let sent = self.catalog.journal_sent(&name)?;
                let Some(body) = unsent_lines(&path, sent)? else {
                    break;
                };
                let end = sent + body.len() as u64;
                let end = match self.push_segment(send, &name, sent, end, body, until) {
                    Ok(end) => {
                        report.journal_segments += 1;
                        self.item_cleared(retries, &item)?;
                        end
                    }
                    Err(e) if ends_round(&e) => return Ok(Some(e)),
                    Err(e) => {
                        let what =
                            format!("{} {name} @{sent}", self.lang().pick("日志", "journal"));
                        self.item_failed(send, retries, &item, what, &e, report)?;
                        break;
                    }
                };
                self.catalog.set_journal_sent(&name, end)?;
            }
        }
        Ok(None)
    }

    fn push_segment(
        &self,
        send: &Sending,
        name: &str,
        sent: u64,
        end: u64,
        body: Vec<u8>,
        until: DateTime<Utc>,
    ) -> std::result::Result<u64, StoreError> {
        let stem = name.trim_end_matches(".jsonl");
        let key = format!("{}/journal/{stem}/{sent:012}.jsonl", send.branch);
        // Sent before (a round cut short, or a rebuilt catalog counting afresh): go on from
        // where that segment ended, so no name gets a second, different version.
        let there = send.store.head(&key)?;
        if let Some(before) = there.and_then(|s| s.metadata.get("end")?.parse::<u64>().ok()) {
            if before > sent {
                return Ok(before);
            }
        }
        use sha2::Digest;
        let sha256 = format!("{:x}", sha2::Sha256::digest(&body));
        let put = Put {
            key: &key,
            sha256: &sha256,
            retain_until: until.timestamp(),
            legal_hold: false,
            metadata: vec![
                ("station-branch", send.branch.to_string()),
                ("station-kind", "journal".into()),
                ("sha256", sha256.clone()),
                ("journal-file", name.to_string()),
                ("offset", sent.to_string()),
                ("end", end.to_string()),
            ],
            bytes_per_second: send.rate,
            stop: send.stop,
        };
        send.store.put_bytes(&put, body)?;
        Ok(end)
    }

    /// Stored at `stored_at`, kept at least the retention period (a case document, the journal).
    fn kept_until(&self, stored_at: &str) -> DateTime<Utc> {
        let from = DateTime::parse_from_rfc3339(stored_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| self.clock.now());
        from.checked_add_months(chrono::Months::new(self.settings().retention_months))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// The whole lines of `path` after its first `sent` bytes, at most [`SEGMENT`] of them (a
/// longer single line whole); none when no whole line is unsent.
fn unsent_lines(path: &Path, sent: u64) -> Result<Option<Vec<u8>>> {
    use std::io::{Read, Seek, SeekFrom};
    let err = |e| crate::error::Error::io("read", path, e);
    let mut file = std::fs::File::open(path).map_err(err)?;
    let len = file.metadata().map_err(err)?.len();
    if len <= sent {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(sent)).map_err(err)?;
    let mut body = Vec::new();
    (&mut file)
        .take(SEGMENT)
        .read_to_end(&mut body)
        .map_err(err)?;
    match body.iter().rposition(|b| *b == b'\n') {
        Some(last) => body.truncate(last + 1),
        // One line longer than a segment: read on to its end.
        None if body.len() as u64 == SEGMENT => {
            file.read_to_end(&mut body).map_err(err)?;
            match body.iter().rposition(|b| *b == b'\n') {
                Some(last) => body.truncate(last + 1),
                None => return Ok(None),
            }
        }
        // A torn last line, still being written or left by a crash: not yet.
        None => return Ok(None),
    }
    Ok(Some(body))
}

/// Failed once: again in 2 minutes; then 4, 8 … at most a day apart.
fn back_off(attempts: u32) -> Duration {
    Duration::minutes(1i64 << attempts.clamp(1, 11)).min(Duration::days(1))
}

/// The lock's date: the earliest disposal, but never in the past (the store refuses that; a
/// clip pushed late is still locked a day).
fn lock_date(until: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    until.max(now + Duration::days(1))
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `<branch>/clips/<day>/<recorder>/<sha256 16>-<name>` for a clip (the day by the recorder's
/// clock, as people look for it), `<branch>/documents/<case>/<sha256 16>-<name>` for a case
/// document: readable, and the same for the same file every time.
pub fn object_key(branch: &str, f: &PendingFile) -> String {
    let name = f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name);
    let tag = &f.sha256[..16.min(f.sha256.len())];
    let file = safe_component(&format!("{tag}-{name}"));
    let group = safe_component(&f.group);
    if f.clip_id.is_some() {
        let day = f
            .made_at
            .as_deref()
            .filter(|t| DateTime::parse_from_rfc3339(t).is_ok())
            .map_or("undated", |t| &t[..10]);
        format!("{branch}/clips/{day}/{group}/{file}")
    } else {
        format!("{branch}/documents/{group}/{file}")
    }
}

/// What the district reads without the catalog: the clip's identity and labels at push time
/// (later label changes reach it in the journal).
fn metadata(branch: &str, f: &PendingFile) -> Vec<(&'static str, String)> {
    let mut m = vec![
        ("station-branch", branch.to_string()),
        (
            "station-kind",
            if f.clip_id.is_some() {
                "clip"
            } else {
                "document"
            }
            .to_string(),
        ),
        ("sha256", f.sha256.clone()),
        ("original-name", f.name.clone()),
        ("stored-at", f.stored_at.clone()),
    ];
    let optional = [
        ("clip-id", f.clip_id.map(|i| i.to_string())),
        ("recorder", f.clip_id.map(|_| f.group.clone())),
        (
            "recorded-at",
            f.made_at.clone().filter(|_| f.clip_id.is_some()),
        ),
        ("officer", f.officer.clone()),
        ("case-number", f.case_number.clone()),
    ];
    m.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(name: &str, made_at: Option<&str>) -> PendingFile {
        PendingFile {
            item: "clip:1:ab".into(),
            clip_id: Some(1),
            document_id: None,
            media_path: "x".into(),
            sha256: "0123456789abcdef0123".into(),
            size: 1,
            group: "DSJ:01".into(),
            name: name.into(),
            made_at: made_at.map(str::to_string),
            stored_at: "2026-12-02T10:00:00Z".into(),
            officer: Some("张三".into()),
            case_number: None,
        }
    }

    #[test]
    fn a_clip_is_named_by_branch_day_recorder_and_its_own_name() {
        let f = clip("DCIM/100/执法 0001.MP4", Some("2026-12-01T23:10:00+08:00"));
        assert_eq!(
            object_key("FS-01", &f),
            "FS-01/clips/2026-12-01/DSJ_01/0123456789abcdef-执法 0001.MP4"
        );
        let undated = clip("a.mp4", None);
        assert!(object_key("FS-01", &undated).starts_with("FS-01/clips/undated/"));
    }

    #[test]
    fn failures_are_tried_again_less_and_less_often_but_at_least_daily() {
        assert_eq!(back_off(1), Duration::minutes(2));
        assert_eq!(back_off(3), Duration::minutes(8));
        assert_eq!(back_off(40), Duration::days(1));
    }

    #[test]
    fn a_lock_is_never_set_in_the_past() {
        let now = Utc::now();
        assert_eq!(
            lock_date(now - Duration::days(3), now),
            now + Duration::days(1)
        );
        let later = now + Duration::days(200);
        assert_eq!(lock_date(later, now), later);
    }
}
