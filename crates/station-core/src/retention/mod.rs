//! Retention (art. 19): every record kept at least six months; five kinds kept long-term under
//! a hold; the rest disposed of only in a batch the branch head approved, after a grace period
//! during which it can be restored, leaving a tombstone. Every step is in the audit log.

mod forecast;
mod policy;

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub use forecast::{MonthCount, MonthForecast, RetentionOverview, StateCount};
pub use policy::{ClipRetention, HoldReason, RetentionPolicy, RetentionState, MINIMUM_MONTHS};

use crate::access::Duty;
use crate::audit::AuditAction;
pub use crate::catalog::{BatchRow, BatchState, HoldRow, Tombstone};
use crate::catalog::{RetentionClip, RetentionFacts};
use crate::error::{Error, Result};
use crate::manifest;
use crate::view::station_view;
use crate::Station;

/// What a hold is put on.
#[derive(Debug, Clone)]
pub enum HoldTarget {
    Clips(Vec<i64>),
    /// Every clip labelled with this case number, now or later.
    Case(String),
}

/// One clip's retention, as `retention status` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct ClipRetentionStatus {
    pub id: i64,
    pub state: RetentionState,
    /// By the recorder's clock (None: unknown).
    pub recorded_at: Option<String>,
    /// By the station's clock. The minimum period counts from the later of the two.
    pub stored_at: String,
    pub earliest_disposal: String,
    pub hold_reasons: Vec<String>,
    pub verified_copies: u32,
}

/// An approved disposal waits at least this long, and can be restored meanwhile.
pub const MINIMUM_GRACE_DAYS: u64 = 7;
/// A grace period longer than ten years is surely a typing error.
pub const MAXIMUM_GRACE_DAYS: u64 = 3650;
/// A disposal batch above this share of the library always needs a second confirmation.
pub const MAXIMUM_MASS_SHARE: f64 = 0.2;

/// A proposal, approval, rejection or restoration, as reported.
pub type DisposalBatch = BatchRow;

impl Station {
    /// The grace period of an approved disposal (within its floor and ceiling).
    pub(crate) fn disposal_grace_days(&self) -> i64 {
        self.settings().disposal_grace_days as i64
    }

    /// The share of the library above which a disposal batch needs confirming (never above
    /// the ceiling).
    pub(crate) fn disposal_max_share(&self) -> f64 {
        self.settings().disposal_max_share
    }

    /// When an approval given now may first be carried out.
    fn grace_end(&self) -> Result<String> {
        let grace = self.disposal_grace_days();
        Ok((self.clock.now() + Duration::days(grace)).to_rfc3339())
    }

    fn dispose_one(&self, clip: i64, b: &BatchRow) -> Result<()> {
        let Some(mut t) = self.catalog.tombstone_for(clip)? else {
            return Ok(());
        };
        t.batch_id = b.id;
        t.proposed_by = b.proposed_by.clone();
        t.approved_by = b.decided_by.clone().unwrap_or_default();
        t.disposed_at = self.now_text();
        // The record of the removal is durable before the removal.
        manifest::append_disposal(&self.library.manifests_dir(), &t)?;
        let path = self.library.media_file(&t.media_path);
        match crate::platform::remove_original(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("remove", &path, e)),
        }
        if let Some(dir) = path.parent() {
            let _ = crate::platform::sync_dir(dir);
        }
        let detail = serde_json::json!({
            "media_path": t.media_path, "sha256": t.sha256, "blake3": t.blake3, "size": t.size,
            "batch": b.id, "proposed_by": t.proposed_by, "approved_by": t.approved_by,
        })
        .to_string();
        self.apply_audited(|| {
            self.catalog.bury(&t)?;
            self.audit_ok(AuditAction::Dispose, &clip.to_string(), Some(&detail))
        })
    }

    fn batch_or_not_found(&self, id: i64) -> Result<BatchRow> {
        self.catalog.batch(id)?.ok_or_else(|| Error::NotFound {
            what: crate::error::Object::DisposalBatch,
            name: id.to_string(),
        })
    }

    fn proposed_batch(&self, id: i64) -> Result<BatchRow> {
        let b = self.batch_or_not_found(id)?;
        if b.state != BatchState::Proposed {
            return Err(Error::state(
                format!("批次 {id} 当前状态为 {}，不是待审批", b.state),
                format!("batch {id} is {}, not proposed", b.state),
            ));
        }
        Ok(b)
    }
}

fn retention_of(facts: &RetentionFacts, clip: &RetentionClip) -> ClipRetention {
    let (id, case) = (clip.id, clip.case_number.as_deref());
    let time = |unix: i64| DateTime::from_timestamp(unix, 0).unwrap_or(DateTime::<Utc>::MAX_UTC);
    let stored = time(clip.stored);
    let mut reasons: Vec<HoldReason> = facts
        .clip_holds
        .get(&id)
        .into_iter()
        .flatten()
        .chain(
            case.and_then(|c| facts.case_holds.get(c))
                .into_iter()
                .flatten(),
        )
        .filter_map(|r| HoldReason::from_code(r))
        .collect();
    reasons.sort_by_key(|r| r.code());
    reasons.dedup();
    ClipRetention {
        // Unknown recording time: the time of storage is all there is.
        recorded: clip.recorded.map(time).unwrap_or(stored),
        stored,
        active_holds: reasons,
        ever_held: facts.ever_held_clips.contains(&id)
            || case.is_some_and(|c| facts.ever_held_cases.contains(c)),
        verified_copies: facts.verified_copies.get(&id).copied().unwrap_or(0),
        in_pending_batch: facts.pending.contains(&id),
    }
}

impl Station {
    /// Each clip's earliest disposal and whether a hold keeps it: what the district's lock on
    /// its copy follows.
    pub(crate) fn clip_terms(
        &self,
    ) -> Result<std::collections::HashMap<i64, (DateTime<Utc>, bool)>> {
        let facts = self.catalog.retention_facts()?;
        let policy = self.retention().policy();
        Ok(facts
            .clips
            .iter()
            .map(|c| {
                let r = retention_of(&facts, c);
                (
                    c.id,
                    (policy.earliest_disposal(&r), !r.active_holds.is_empty()),
                )
            })
            .collect())
    }
}

station_view! {
    /// Retention (art. 19): the policy, long-term holds, each clip's state.
    Retention,
    retention
}

impl Retention<'_> {
    pub fn policy(&self) -> RetentionPolicy {
        let settings = self.settings();
        RetentionPolicy {
            months: settings.retention_months,
            copies_required: settings.copies_required,
        }
    }

    /// Put a long-term hold on clips or on a case.
    pub fn add_hold(
        &self,
        target: &HoldTarget,
        reason: HoldReason,
        note: Option<&str>,
    ) -> Result<i64> {
        let (case, clips) = match target {
            HoldTarget::Case(c) if c.trim().is_empty() => {
                return Err(Error::input("案件编号为空", "empty case number"))
            }
            HoldTarget::Case(c) => (Some(c.trim()), &[][..]),
            HoldTarget::Clips(ids) if ids.is_empty() => {
                return Err(Error::input("没有指定记录", "no clips named"))
            }
            HoldTarget::Clips(ids) => (None, ids.as_slice()),
        };
        if let Some(case) = case {
            self.require(Duty::Hold)?;
            self.refuse_a_case_without_clips(case)?;
        }
        if let Some(missing) = self.catalog.first_missing_clip(clips)? {
            return Err(Error::NotFound {
                what: crate::error::Object::Clip,
                name: missing.to_string(),
            });
        }
        self.act(Duty::Hold, || {
            let id = self.catalog.add_hold(
                reason,
                note,
                case,
                clips,
                &self.actor(),
                &self.now_text(),
            )?;
            let detail =
                serde_json::json!({ "reason": reason, "note": note, "case": case, "clips": clips });
            self.audit_ok(
                AuditAction::Hold,
                &id.to_string(),
                Some(&detail.to_string()),
            )?;
            Ok(id)
        })
    }

    /// A hold on a case number no clip carries protects nothing, and is most often a typo
    /// (ASCII brackets for 〔〕): refused, with the number that was probably meant.
    fn refuse_a_case_without_clips(&self, case: &str) -> Result<()> {
        if self.catalog.case_clips(case)?.0 > 0 {
            return Ok(());
        }
        let known = self.catalog.case_numbers()?;
        let near = crate::cases::numbers::near(case, &known).join("、");
        let (zh_hint, en_hint) = if near.is_empty() {
            (
                "请先在资料库中为记录标注案件编号，再设长期保存".to_string(),
                "label the clips with the case number in the Library first, then hold it"
                    .to_string(),
            )
        } else {
            (
                format!("是否是指 {near}？"),
                format!("did you mean {near}?"),
            )
        };
        Err(Error::input(
            format!("没有标注为案件 {case} 的记录，长期保存不会保护任何记录：{zh_hint}"),
            format!("no clip is labelled with case {case}, so the hold would protect nothing: {en_hint}"),
        ))
    }

    /// Release a hold; the reason is required.
    pub fn release_hold(&self, id: i64, note: &str) -> Result<()> {
        if note.trim().is_empty() {
            return Err(Error::input(
                "解除长期保存须写明理由（--note）",
                "a release needs a reason (--note)",
            ));
        }
        self.act(Duty::ReleaseHold, || {
            if !self
                .catalog
                .release_hold(id, &self.actor(), &self.now_text(), note.trim())?
            {
                return Err(Error::NotFound {
                    what: crate::error::Object::Hold,
                    name: id.to_string(),
                });
            }
            let detail = serde_json::json!({ "note": note.trim() }).to_string();
            self.audit_ok(AuditAction::ReleaseHold, &id.to_string(), Some(&detail))
        })
    }

    pub fn holds(&self) -> Result<Vec<HoldRow>> {
        self.require(Duty::ReadRecords)?;
        self.catalog.holds()
    }

    /// Every clip's retention state as of `as_of` (default now).
    pub fn status(&self, as_of: Option<DateTime<Utc>>) -> Result<Vec<ClipRetentionStatus>> {
        self.require(Duty::ReadRecords)?;
        let now = as_of.unwrap_or_else(|| self.clock.now());
        let policy = self.retention().policy();
        let facts = self.catalog.retention_facts()?;
        Ok(facts
            .clips
            .iter()
            .map(|c| {
                let r = retention_of(&facts, c);
                ClipRetentionStatus {
                    id: c.id,
                    state: policy.state(&r, now),
                    recorded_at: c.recorded.map(|_| r.recorded.to_rfc3339()),
                    stored_at: r.stored.to_rfc3339(),
                    earliest_disposal: policy.earliest_disposal(&r).to_rfc3339(),
                    hold_reasons: r
                        .active_holds
                        .iter()
                        .map(|h| h.code().to_string())
                        .collect(),
                    verified_copies: r.verified_copies,
                }
            })
            .collect())
    }

    /// The retention page's figures: clips per state, when the clips inside the minimum period
    /// become eligible (next 12 months), and what the library will have to hold.
    pub fn overview(&self) -> Result<RetentionOverview> {
        self.require(Duty::ReadRecords)?;
        let now = self.clock.now();
        let policy = self.retention().policy();
        let facts = self.catalog.retention_facts()?;
        let spans: Vec<forecast::ClipSpan> = facts
            .clips
            .iter()
            .map(|c| {
                let r = retention_of(&facts, c);
                forecast::ClipSpan {
                    state: policy.state(&r, now),
                    earliest_disposal: policy.earliest_disposal(&r),
                    size: c.size,
                }
            })
            .collect();
        let recent = self
            .catalog
            .bytes_ingested_since((now - Duration::days(90)).timestamp())?;
        let mut o =
            forecast::overview(&spans, now, self.time_zone(), 12, policy.months, recent / 3);
        if let Some((free, total)) = self.library_space() {
            o.disk_free = Some(free);
            o.disk_total = Some(total);
        }
        Ok(o)
    }

    pub fn tombstones(&self) -> Result<Vec<Tombstone>> {
        self.require(Duty::ReadRecords)?;
        self.catalog.tombstones()
    }
}

station_view! {
    /// Approved, recoverable disposal: proposed, approved, confirmed by a second person, restored, carried out.
    Disposal,
    disposal
}

impl Disposal<'_> {
    /// Propose every clip that may be disposed of as of `as_of` in one batch; None when
    /// there is none.
    pub fn propose(&self, as_of: Option<DateTime<Utc>>) -> Result<Option<DisposalBatch>> {
        self.require(Duty::ProposeDisposal)?;
        let now = as_of.unwrap_or_else(|| self.clock.now());
        let policy = self.retention().policy();
        let facts = self.catalog.retention_facts()?;
        let ids: Vec<i64> = facts
            .clips
            .iter()
            .filter(|c| {
                let r = retention_of(&facts, c);
                !r.in_pending_batch && policy.may_dispose(&r, now)
            })
            .map(|c| c.id)
            .collect();
        if ids.is_empty() {
            return Ok(None);
        }
        self.apply_audited(|| {
            let id = self.catalog.create_batch(
                &now.to_rfc3339(),
                &self.actor(),
                &self.now_text(),
                &ids,
            )?;
            let detail =
                serde_json::json!({ "as_of": now.to_rfc3339(), "clips": ids.len() }).to_string();
            self.audit_ok(AuditAction::ProposeDisposal, &id.to_string(), Some(&detail))?;
            self.catalog.batch(id)
        })
    }

    /// The branch head approves a proposed batch: its files are removed after the grace
    /// period (`disposal_grace_days`, default 7) unless restored before. A batch larger than
    /// `disposal_max_share` of the library (default 20 %) needs `confirm_mass`, and then
    /// a second person's confirmation before its grace period starts
    /// ([`Disposal::confirm_mass`]).
    pub fn approve(&self, batch: i64, confirm_mass: bool) -> Result<DisposalBatch> {
        self.require(Duty::DecideDisposal)?;
        let b = self.proposed_batch(batch)?;
        if b.proposed_by == self.actor() {
            return Err(self.forbidden(Duty::ApproveOwn));
        }
        let total = self.clips().count()?.max(1);
        let share = b.clips.len() as f64 / total as f64;
        let max_share = self.disposal_max_share();
        if share > max_share && !confirm_mass {
            return Err(Error::confirmation(
                format!(
                    "批次 {batch} 将销毁全部 {total} 条记录中的 {} 条（{:.0} %，超过 {:.0} %）",
                    b.clips.len(),
                    share * 100.0,
                    max_share * 100.0
                ),
                format!(
                "batch {batch} would dispose of {} of {total} clips ({:.0} %, more than {:.0} %)",
                b.clips.len(),
                share * 100.0,
                max_share * 100.0
            ),
            ));
        }
        let mass = share > max_share;
        let remove_after = (!mass).then(|| self.grace_end()).transpose()?;
        self.apply_audited(|| {
            self.catalog.decide_batch(
                batch,
                &self.actor(),
                &self.now_text(),
                true,
                remove_after.as_deref(),
                mass,
            )?;
            let detail = serde_json::json!({
                "remove_after": remove_after, "clips": b.clips.len(), "mass_confirmed": mass,
                "awaits_second": mass,
            })
            .to_string();
            self.audit_ok(
                AuditAction::ApproveDisposal,
                &batch.to_string(),
                Some(&detail),
            )?;
            self.batch_or_not_found(batch)
        })
    }

    /// The second person's confirmation of an approved mass disposal (someone other than
    /// its proposer and its approver): only now does its grace period start.
    pub fn confirm_mass(&self, batch: i64) -> Result<DisposalBatch> {
        self.require(Duty::ConfirmMassDisposal)?;
        let b = self.batch_or_not_found(batch)?;
        let me = self.actor();
        if me == b.proposed_by || b.decided_by.as_deref() == Some(me.as_str()) {
            return Err(self.forbidden(Duty::ConfirmOwn));
        }
        let remove_after = self.grace_end()?;
        self.apply_audited(|| {
            if !self
                .catalog
                .confirm_batch(batch, &me, &self.now_text(), &remove_after)?
            {
                return Err(Error::state(
                    format!("批次 {batch} 不在等待第二人确认"),
                    format!("batch {batch} does not wait for a second confirmation"),
                ));
            }
            let detail = serde_json::json!({ "remove_after": remove_after }).to_string();
            self.audit_ok(
                AuditAction::ConfirmMassDisposal,
                &batch.to_string(),
                Some(&detail),
            )?;
            self.batch_or_not_found(batch)
        })
    }

    pub fn reject(&self, batch: i64) -> Result<DisposalBatch> {
        self.act(Duty::DecideDisposal, || {
            self.proposed_batch(batch)?;
            self.catalog.decide_batch(
                batch,
                &self.actor(),
                &self.now_text(),
                false,
                None,
                false,
            )?;
            self.audit_ok(AuditAction::RejectDisposal, &batch.to_string(), None)?;
            self.batch_or_not_found(batch)
        })
    }

    /// Take back an approved batch during its grace period: nothing is removed.
    pub fn restore(&self, batch: i64) -> Result<DisposalBatch> {
        self.require_one_of(&[Duty::DecideDisposal, Duty::ProposeDisposal])?;
        let b = self.batch_or_not_found(batch)?;
        self.apply_audited(|| {
            if !self
                .catalog
                .restore_batch(batch, &self.actor(), &self.now_text())?
            {
                return Err(Error::state(format!("批次 {batch} 当前状态为 {}；只有已批准且仍在等待期内的批次可以恢复", b.state), format!(
                    "batch {batch} is {}; only an approved batch whose grace period has not ended can be restored",
                    b.state
                )));
            }
            self.audit_ok(AuditAction::RestoreDisposal, &batch.to_string(), None)?;
            self.batch_or_not_found(batch)
        })
    }

    /// Carry out approved batches whose grace period has ended. Each clip is checked again
    /// (a hold set since the approval keeps it), its tombstone is written to the disposal
    /// manifest and the catalog, and only then its original is removed. Returns the clips
    /// removed.
    pub fn run(&self) -> Result<u64> {
        self.require(Duty::ProposeDisposal)?;
        let now = self.clock.now();
        let policy = self.retention().policy();
        let mut removed = 0;
        for id in self.catalog.batch_ids(BatchState::Approved)? {
            let b = self.batch_or_not_found(id)?;
            let due = b
                .remove_after
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .is_some_and(|t| t <= now);
            if !due {
                continue;
            }
            let facts = self.catalog.retention_facts()?;
            let in_batch: HashSet<i64> = b.clips.iter().copied().collect();
            for c in facts.clips.iter().filter(|c| in_batch.contains(&c.id)) {
                let mut r = retention_of(&facts, c);
                r.in_pending_batch = false;
                if !policy.may_dispose(&r, now) {
                    let detail =
                        serde_json::json!({ "batch": id, "why": "held or not yet eligible" })
                            .to_string();
                    self.audit_ok(
                        AuditAction::DisposeSkipped,
                        &c.id.to_string(),
                        Some(&detail),
                    )?;
                    continue;
                }
                self.dispose_one(c.id, &b)?;
                removed += 1;
            }
            self.apply_audited(|| {
                self.catalog.finish_batch(id)?;
                self.audit_ok(AuditAction::DisposalDone, &id.to_string(), None)
            })?;
        }
        Ok(removed)
    }

    /// Every disposal batch, newest first.
    pub fn batches(&self) -> Result<Vec<DisposalBatch>> {
        self.catalog
            .all_batch_ids()?
            .into_iter()
            .map(|id| self.batch_or_not_found(id))
            .collect()
    }

    pub fn batch(&self, id: i64) -> Result<DisposalBatch> {
        self.batch_or_not_found(id)
    }
}
