//! The district's console: what each branch has pushed, and whether the store still holds it as
//! the branch recorded it — read from the store alone. A branch's own record of what it sent is
//! its journal, which it pushes to the store too (`<branch>/journal/…`): each `district_copies`
//! row there names a key, the version the store confirmed and the clip's SHA-256.
//!
//! ```text
//!  list every version under <branch>/ ──► inventory: clips, documents, segments, bytes
//!        │
//!        ▼
//!  read the branch's journal segments ──► what it recorded sending (key, version, SHA-256)
//!        │
//!        ▼  for each record
//!  that version still there? ── no ──► missing
//!  its checksum (HEAD) = the SHA-256 recorded? ── no ──► checksum_differs
//!  a newer version under the same name, with other bytes? ── yes ──► replaced
//!  a sample read back in full = the SHA-256? ── no ──► read_back_differs
//! ```

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use station_district::{sha256_checksum, Endpoint, Store, StoreError, Version};

use crate::access::Duty;
use crate::catalog::journal_lines;
use crate::closed_set::closed_set;
use crate::error::Result;
use crate::Station;

use super::store_error;

/// What one branch has pushed, from the store's own listing.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BranchInventory {
    pub branch: String,
    pub clips: u64,
    pub documents: u64,
    pub journal_segments: u64,
    /// Versions of every kind (more than the objects when a name was written twice).
    pub versions: u64,
    pub bytes: u64,
    /// The newest write (RFC 3339).
    pub last_pushed_at: Option<String>,
    /// The ISO weeks its clips were recorded in (from the day in each clip's name), oldest
    /// first: the weeks `district week` can count for it.
    pub weeks: Vec<String>,
}

closed_set! {
    /// What `district verify` found wrong with one object.
    pub enum FindingKind as ("核查结果", "finding") {
        Missing = "missing" ("分局记录的版本已不在区局存储中", "the version the branch recorded is gone"),
        ChecksumDiffers = "checksum_differs" ("区局存储的校验值与分局记录不符", "the store's checksum is not the one the branch recorded"),
        Replaced = "replaced" ("同名对象已被写入内容不同的新版本", "a newer version with other bytes was written under the same name"),
        ReadBackDiffers = "read_back_differs" ("抽样回读的内容与分局记录不符", "read back in full, the bytes are not the ones recorded"),
        JournalUnreadable = "journal_unreadable" ("分局日志段无法读取或校验", "a journal segment cannot be read or checked"),
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictFinding {
    pub branch: String,
    pub key: String,
    pub kind: FindingKind,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictVerifyReport {
    pub branches: Vec<String>,
    /// Copies the branches recorded, each checked against the store's checksum.
    pub checked: u64,
    /// Of those, read back in full.
    pub read_back: u64,
    /// Clips and documents in the store that no journal segment records yet (a round that
    /// was cut short before its journal went; not a fault by itself).
    pub unrecorded: u64,
    pub findings: Vec<DistrictFinding>,
}

/// The store, and its address for saying what went wrong.
pub(super) struct Reach {
    pub(super) store: Store,
    endpoint: Endpoint,
}

impl Reach {
    pub(super) fn failed(&self, e: StoreError) -> crate::error::Error {
        store_error(&e, &self.endpoint)
    }
}

/// One copy as the branch recorded it in its journal.
#[derive(Debug, Clone)]
struct Recorded {
    version_id: String,
    sha256: String,
}

impl Station {
    /// What each branch (or one) has pushed, from the store itself.
    pub fn district_inventory(&self, branch: Option<&str>) -> Result<Vec<BranchInventory>> {
        self.require(Duty::ReadRecords)?;
        let (_, versions) = self.district_listing(branch)?;
        let mut by_branch: BTreeMap<String, BranchInventory> = BTreeMap::new();
        for v in &versions {
            let Some((b, kind)) = branch_and_kind(&v.key) else {
                continue;
            };
            let inv = by_branch
                .entry(b.to_string())
                .or_insert_with(|| BranchInventory {
                    branch: b.to_string(),
                    ..Default::default()
                });
            inv.versions += 1;
            inv.bytes += v.size;
            if v.latest {
                match kind {
                    "clips" => {
                        inv.clips += 1;
                        if let Some(week) = recorded_week(&v.key) {
                            if let Err(at) = inv.weeks.binary_search(&week) {
                                inv.weeks.insert(at, week);
                            }
                        }
                    }
                    "documents" => inv.documents += 1,
                    "journal" => inv.journal_segments += 1,
                    _ => {}
                }
            }
            let at = chrono::DateTime::from_timestamp(v.modified, 0).map(|t| t.to_rfc3339());
            inv.last_pushed_at = inv.last_pushed_at.take().max(at);
        }
        Ok(by_branch.into_values().collect())
    }

    /// Check every copy the branches recorded against the store's checksum, and read `sample`
    /// of them back in full.
    pub fn verify_district(
        &self,
        branch: Option<&str>,
        sample: u64,
    ) -> Result<DistrictVerifyReport> {
        self.require(Duty::ReadRecords)?;
        let (reach, versions) = self.district_listing(branch)?;
        let mut report = DistrictVerifyReport::default();
        let mut by_branch: BTreeMap<&str, Vec<&Version>> = BTreeMap::new();
        for v in &versions {
            if let Some((b, _)) = branch_and_kind(&v.key) {
                by_branch.entry(b).or_default().push(v);
            }
        }
        for (b, versions) in by_branch {
            report.branches.push(b.to_string());
            let recorded = self.recorded_copies(&reach, b, &versions, &mut report)?;
            for v in versions.iter().filter(|v| v.latest) {
                let kind = branch_and_kind(&v.key).map(|(_, k)| k);
                if matches!(kind, Some("clips" | "documents")) && !recorded.contains_key(&v.key) {
                    report.unrecorded += 1;
                }
            }
            let mut keys: Vec<&String> = recorded.keys().collect();
            // A sample that is the same for the same store, spread over the whole branch.
            keys.sort_by_key(|k| *blake3::hash(k.as_bytes()).as_bytes());
            for (n, key) in keys.into_iter().enumerate() {
                let read = (n as u64) < sample;
                self.check_copy(&reach, b, key, &recorded[key], &versions, read, &mut report)?;
            }
        }
        Ok(report)
    }

    pub(super) fn district_listing(&self, branch: Option<&str>) -> Result<(Reach, Vec<Version>)> {
        let endpoint = self.district_endpoint()?;
        let store = Store::connect(&endpoint).map_err(|e| store_error(&e, &endpoint))?;
        let reach = Reach { store, endpoint };
        let prefix = branch.map(|b| format!("{b}/")).unwrap_or_default();
        let versions = reach.store.versions(&prefix).map_err(|e| reach.failed(e))?;
        Ok((reach, versions))
    }

    /// What a branch's journal segments say it sent: key → version and SHA-256.
    fn recorded_copies(
        &self,
        reach: &Reach,
        branch: &str,
        versions: &[&Version],
        report: &mut DistrictVerifyReport,
    ) -> Result<HashMap<String, Recorded>> {
        let mut segments: Vec<&&Version> = versions
            .iter()
            .filter(|v| v.latest && branch_and_kind(&v.key).is_some_and(|(_, k)| k == "journal"))
            .collect();
        segments.sort_by(|a, b| a.key.cmp(&b.key));
        let mut recorded = HashMap::new();
        for s in segments {
            let bytes = reach
                .store
                .get_bytes(&s.key, &s.version_id)
                .map_err(|e| reach.failed(e))?;
            let (lines, bad) = journal_lines(&bytes);
            if bad > 0 {
                report.findings.push(self.finding(
                    branch,
                    &s.key,
                    FindingKind::JournalUnreadable,
                    "",
                ));
            }
            let rows = lines
                .iter()
                .flat_map(|l| &l.body.changes)
                .filter(|c| c.table == "district_copies" && c.op == "insert");
            for c in rows {
                let text = |k: &str| c.row.get(k).and_then(|v| v.as_str()).map(str::to_string);
                if let (Some(key), Some(version_id), Some(sha256)) =
                    (text("key"), text("version_id"), text("sha256"))
                {
                    recorded.insert(key, Recorded { version_id, sha256 });
                }
            }
        }
        Ok(recorded)
    }

    /// One recorded copy against the store: still there, its checksum, no other bytes written
    /// over its name since, and (when `read`) its bytes in full.
    #[allow(clippy::too_many_arguments)]
    fn check_copy(
        &self,
        reach: &Reach,
        branch: &str,
        key: &str,
        r: &Recorded,
        versions: &[&Version],
        read: bool,
        report: &mut DistrictVerifyReport,
    ) -> Result<()> {
        let (store, fail) = (&reach.store, |e| reach.failed(e));
        report.checked += 1;
        let Some(head) = store.head_version(key, Some(&r.version_id)).map_err(fail)? else {
            report
                .findings
                .push(self.finding(branch, key, FindingKind::Missing, &r.version_id));
            return Ok(());
        };
        let expected = sha256_checksum(&r.sha256);
        let single_part = head.checksum.as_deref().is_some_and(|c| !c.contains('-'));
        let checksum_ok = if single_part {
            head.checksum == expected
        } else {
            // A composite of parts cannot be compared with the whole file's digest: the
            // store proved each part on upload; what it was sent as is in its metadata.
            head.metadata.get("sha256") == Some(&r.sha256)
        };
        if !checksum_ok {
            let got = head.checksum.clone().unwrap_or_default();
            report
                .findings
                .push(self.finding(branch, key, FindingKind::ChecksumDiffers, &got));
        }
        let newer = versions
            .iter()
            .find(|v| v.key == key && v.latest && v.version_id != r.version_id);
        if let Some(newer) = newer {
            let head = store
                .head_version(key, Some(&newer.version_id))
                .map_err(fail)?;
            let same = head.is_some_and(|h| {
                h.metadata.get("sha256") == Some(&r.sha256) && h.checksum.is_some()
            });
            if !same {
                report.findings.push(self.finding(
                    branch,
                    key,
                    FindingKind::Replaced,
                    &newer.version_id,
                ));
            }
        }
        if read {
            report.read_back += 1;
            let (sha256, _) = store.read_sha256(key, &r.version_id).map_err(fail)?;
            if sha256 != r.sha256 {
                report.findings.push(self.finding(
                    branch,
                    key,
                    FindingKind::ReadBackDiffers,
                    &sha256,
                ));
            }
        }
        Ok(())
    }

    fn finding(&self, branch: &str, key: &str, kind: FindingKind, detail: &str) -> DistrictFinding {
        let mut message = kind.label(self.lang()).to_string();
        if !detail.is_empty() {
            message = format!("{message}（{detail}）");
        }
        DistrictFinding {
            branch: branch.to_string(),
            key: key.to_string(),
            kind,
            message,
        }
    }
}

/// `xl-01/clips/…` → (`xl-01`, `clips`).
pub(super) fn branch_and_kind(key: &str) -> Option<(&str, &str)> {
    let mut parts = key.splitn(3, '/');
    Some((parts.next()?, parts.next()?))
}

/// The ISO week of the recording day a clip's key names (`<branch>/clips/<day>/…`).
fn recorded_week(key: &str) -> Option<String> {
    use chrono::Datelike;
    let day = key.split('/').nth(2)?;
    let w = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()?
        .iso_week();
    Some(
        crate::export::IsoWeek {
            year: w.year(),
            week: w.week(),
        }
        .to_string(),
    )
}
