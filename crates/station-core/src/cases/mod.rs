//! Cases and the whole-process check (art. 2, 7–13, 23): a case's enforcement activities,
//! the clips that record them (suggested by officer and time), how much of each activity is
//! covered, every interruption and its explanation, and the reports that find what is
//! missing. Every flag is computed from the catalog.

mod content;
mod coverage;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub use content::checklist;
pub use coverage::{coverage, Gap};

use crate::access::Duty;
use crate::audit::AuditAction;
pub use crate::catalog::{ActivityRow, CaseDocument, CaseRow, GapExplanation};
use crate::catalog::{ClipFilter, ClipSort};
use crate::error::{one_of, Error, Result};
use crate::fixity::keep_verified_copy;
use crate::lang::Lang;
use crate::layout::safe_component;
use crate::Station;

pub const STAGES: [&str; 6] = [
    "registration",
    "investigation",
    "review",
    "service",
    "compulsion",
    "archiving",
];
pub const KINDS: [&str; 8] = [
    "inspection",
    "preservation",
    "seizure",
    "sealing",
    "hearing",
    "demolition",
    "service",
    "other",
];
pub const GAP_REASONS: [&str; 5] = ["fault", "battery", "storage", "weather", "other"];

/// A kind of activity as people name it.
fn kind_label(kind: &str, lang: Lang) -> &'static str {
    let (zh, en) = match kind {
        "inspection" => ("现场检查", "on-site inspection"),
        "preservation" => ("先行登记保存", "registration and preservation"),
        "seizure" => ("查封扣押", "seizure"),
        "sealing" => ("查封施工现场", "sealing a site"),
        "hearing" => ("听证", "hearing"),
        "demolition" => ("强制拆除", "forced demolition"),
        "service" => ("送达", "service"),
        _ => ("其他执法环节", "other contact"),
    };
    lang.pick(zh, en)
}

/// Art. 9: these kinds of action are recorded on audio/video from start to finish.
fn must_be_recorded(kind: &str) -> bool {
    kind != "other"
}

/// A new enforcement activity.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewActivity {
    pub case_number: String,
    pub kind: String,
    pub place: Option<String>,
    /// RFC 3339 or local `YYYY-MM-DD HH:MM`.
    pub from: String,
    pub to: String,
    pub officers: Vec<String>,
}

/// One interruption, numbered from 1 in time order, with its explanation if any.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityGap {
    pub n: usize,
    pub from: String,
    pub to: String,
    pub seconds: i64,
    /// `start`, `between` or `end` of the activity.
    pub place: &'static str,
    /// Explained: a reason, and either recording resumed with it spoken, or a written note
    /// the branch head acknowledged.
    pub explained: bool,
    pub explanation: Option<GapExplanation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub activity: i64,
    pub from: String,
    pub to: String,
    pub covered_ratio: f64,
    pub gaps: Vec<ActivityGap>,
    /// (clip, device, start, end): the timeline, several devices side by side (art. 12).
    pub clips: Vec<TimelineClip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineClip {
    pub clip: i64,
    pub device: String,
    pub from: String,
    pub to: String,
}

/// One item of an activity's required content (art. 10), ticked against a moment in a clip.
#[derive(Debug, Clone, Serialize)]
pub struct ContentItem {
    pub item: &'static str,
    pub label: &'static str,
    pub clip: Option<i64>,
    pub offset_s: Option<f64>,
    pub ticked_by: Option<String>,
}

/// One row of a report: what it is about (`activity`, `clip`, `device`, `dock`) and why.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub kind: &'static str,
    pub id: String,
    pub at: Option<String>,
    pub detail: String,
}

fn rfc(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .to_rfc3339()
}

impl Station {
    pub fn add_case(
        &self,
        number: &str,
        cause: Option<&str>,
        party: Option<&str>,
        officers: &[String],
    ) -> Result<i64> {
        self.act(Duty::Label, || {
            let number = number.trim();
            if number.is_empty() || self.catalog.case_id(number)?.is_some() {
                return Err(Error::InvalidInput(format!(
                    "case number {number:?} is empty or already registered"
                )));
            }
            let id = self.catalog.add_case(
                number,
                cause,
                party,
                officers,
                &self.actor(),
                &self.now_text(),
            )?;
            let detail =
                serde_json::json!({ "cause": cause, "party": party, "officers": officers });
            self.audit_ok(AuditAction::CaseAdd, number, Some(&detail.to_string()))?;
            Ok(id)
        })
    }

    pub fn cases(&self) -> Result<Vec<CaseRow>> {
        self.require(Duty::ReadRecords)?;
        self.catalog.cases()
    }

    fn case_or_not_found(&self, number: &str) -> Result<i64> {
        self.catalog
            .case_id(number.trim())?
            .ok_or_else(|| Error::NotFound {
                what: "case",
                name: number.to_string(),
            })
    }

    /// A case with its clips (labelled with its number) and activities.
    pub fn case(&self, number: &str) -> Result<serde_json::Value> {
        self.case_or_not_found(number)?;
        let case = self
            .catalog
            .cases()?
            .into_iter()
            .find(|c| c.number == number.trim());
        let clips = self.list_clips(&crate::ClipQuery {
            case_number: Some(number.trim().to_string()),
            ..Default::default()
        })?;
        let activities: Vec<ActivityRow> = self
            .catalog
            .activities()?
            .into_iter()
            .filter(|a| a.case_number == number.trim())
            .collect();
        let documents = self
            .catalog
            .case_documents(self.case_or_not_found(number)?)?;
        Ok(serde_json::json!({
            "case": case, "clips": clips, "activities": activities, "documents": documents,
        }))
    }

    /// Store a scanned document as one of the case's text records: copied while hashing,
    /// synced, read back from the disk and compared before it counts, then read-only under
    /// `documents/<case>/` and in the manifest — the same proof as a clip.
    pub fn attach_document(&self, number: &str, file: &Path) -> Result<CaseDocument> {
        self.require(Duty::Label)?;
        let case = self.case_or_not_found(number)?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .ok_or_else(|| Error::InvalidInput(format!("{} is not a file", file.display())))?;
        let wanted = format!(
            "documents/{}/{}",
            safe_component(number.trim()),
            safe_component(&name)
        );
        let mut rel = wanted.clone();
        let mut n = 2;
        while self.catalog.media_path_taken(&rel)? || self.library.root().join(&rel).exists() {
            rel = crate::layout::numbered(&wanted, n);
            n += 1;
        }
        let work = self.library.staging_area("documents")?;
        let dest = self.library.root().join(&rel);
        let copied = keep_verified_copy(file, &work.dir().join("incoming"), &dest)?;
        let doc = CaseDocument {
            case_number: number.trim().to_string(),
            name,
            media_path: rel,
            size: copied.size,
            sha256: copied.sha256,
            blake3: copied.blake3,
            added_by: self.actor(),
            added_at: self.now_text(),
        };
        crate::manifest::append_document(&self.library.manifests_dir(), &doc)?;
        let detail = serde_json::to_string(&doc).unwrap_or_default();
        self.apply_audited(|| {
            self.catalog.add_case_document(case, &doc)?;
            self.audit_ok(AuditAction::CaseDocument, number.trim(), Some(&detail))
        })?;
        Ok(doc)
    }

    pub fn set_case_stage(&self, number: &str, stage: &str, day: &str) -> Result<()> {
        self.act(Duty::Label, || {
            one_of("stage", stage, &STAGES)?;
            let id = self.case_or_not_found(number)?;
            let day = self
                .parse_time(day)?
                .with_timezone(&self.tz)
                .format("%Y-%m-%d")
                .to_string();
            self.catalog.set_case_stage(id, stage, &day)?;
            let detail = serde_json::json!({ "stage": stage, "day": day });
            self.audit_ok(AuditAction::CaseStage, number, Some(&detail.to_string()))
        })
    }

    pub fn add_activity(&self, a: &NewActivity) -> Result<i64> {
        self.act(Duty::Label, || {
            one_of("kind", &a.kind, &KINDS)?;
            let case = self.case_or_not_found(&a.case_number)?;
            let (from, to) = (self.parse_time(&a.from)?, self.parse_time(&a.to)?);
            if to <= from {
                return Err(Error::InvalidInput(
                    "an activity ends after it starts".into(),
                ));
            }
            let id = self.catalog.add_activity(
                case,
                &a.kind,
                a.place.as_deref(),
                (from.timestamp(), to.timestamp()),
                &a.officers,
                &self.actor(),
                &self.now_text(),
            )?;
            let detail = serde_json::json!({
                "case": a.case_number, "kind": a.kind, "from": from.to_rfc3339(), "to": to.to_rfc3339(),
                "officers": a.officers, "place": a.place,
            });
            self.audit_ok(AuditAction::ActivityAdd, &id.to_string(), Some(&detail.to_string()))?;
            Ok(id)
        })
    }

    pub fn activities(&self) -> Result<Vec<ActivityRow>> {
        self.catalog.activities()
    }

    fn activity_or_not_found(&self, id: i64) -> Result<ActivityRow> {
        self.catalog.activity(id)?.ok_or_else(|| Error::NotFound {
            what: "activity",
            name: id.to_string(),
        })
    }

    pub fn link_clips(&self, activity: i64, clips: &[i64]) -> Result<usize> {
        self.act(Duty::Label, || {
            self.activity_or_not_found(activity)?;
            if let Some(missing) = self.catalog.first_missing_clip(clips)? {
                return Err(Error::NotFound {
                    what: "clip",
                    name: missing.to_string(),
                });
            }
            let n = self.catalog.link_activity_clips(activity, clips)?;
            let detail = serde_json::json!({ "clips": clips }).to_string();
            self.audit_ok(
                AuditAction::ActivityLink,
                &activity.to_string(),
                Some(&detail),
            )?;
            Ok(n)
        })
    }

    /// Clips not yet linked whose officer was at the activity and whose recording overlaps it.
    pub fn suggest_clips(&self, activity: i64) -> Result<Vec<crate::Clip>> {
        let a = self.activity_or_not_found(activity)?;
        let ids: Vec<i64> = self
            .catalog
            .clips_of_officers_between(&a.officers, a.start_unix, a.end_unix)?
            .into_iter()
            .filter(|c| !a.clips.contains(c))
            .collect();
        self.clips_by_id(ids)
    }

    /// How much of the activity its clips cover, and every gap longer than
    /// `gap_threshold_s` (default 30 s) with its explanation.
    pub fn coverage(&self, activity: i64) -> Result<Coverage> {
        let a = self.activity_or_not_found(activity)?;
        let spans = self.catalog.clip_spans(&a.clips)?;
        let threshold = self.setting_number("gap_threshold_s", 30)? as i64;
        let (ratio, gaps) = coverage(
            a.start_unix,
            a.end_unix,
            &spans.iter().map(|s| (s.2, s.3)).collect::<Vec<_>>(),
            threshold,
        );
        let explanations: HashMap<(i64, i64), GapExplanation> = self
            .catalog
            .gap_explanations(activity)?
            .into_iter()
            .map(|e| ((e.gap_from, e.gap_to), e))
            .collect();
        Ok(Coverage {
            activity,
            from: rfc(a.start_unix),
            to: rfc(a.end_unix),
            covered_ratio: ratio,
            gaps: gaps
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let e = explanations.get(&(g.from, g.to)).cloned();
                    ActivityGap {
                        n: i + 1,
                        from: rfc(g.from),
                        to: rfc(g.to),
                        seconds: g.to - g.from,
                        place: g.place,
                        explained: e.as_ref().is_some_and(|e| {
                            e.resumed
                                || (e.note.as_deref().is_some_and(|n| !n.trim().is_empty())
                                    && e.acknowledged_by.is_some())
                        }),
                        explanation: e,
                    }
                })
                .collect(),
            clips: spans
                .into_iter()
                .map(|(clip, device, from, to)| TimelineClip {
                    clip,
                    device,
                    from: rfc(from as i64),
                    to: rfc(to.ceil() as i64),
                })
                .collect(),
        })
    }

    fn gap_bounds(&self, activity: i64, n: usize) -> Result<(i64, i64)> {
        let c = self.coverage(activity)?;
        let g = c
            .gaps
            .get(n.wrapping_sub(1))
            .ok_or_else(|| Error::NotFound {
                what: "gap",
                name: format!("{activity}#{n}"),
            })?;
        let t = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.timestamp())
                .unwrap_or(0)
        };
        Ok((t(&g.from), t(&g.to)))
    }

    /// Explain gap `n` of an activity: why, and whether recording resumed with the reason
    /// spoken; where it did not, the written explanation waits for the branch head.
    pub fn explain_gap(
        &self,
        activity: i64,
        n: usize,
        reason: &str,
        resumed: bool,
        note: Option<&str>,
    ) -> Result<()> {
        self.act(Duty::Label, || {
            one_of("reason", reason, &GAP_REASONS)?;
            if !resumed && note.is_none_or(|n| n.trim().is_empty()) {
                return Err(Error::InvalidInput(
                    "a gap after which recording did not resume needs a written explanation (--note)"
                        .into(),
                ));
            }
            let bounds = self.gap_bounds(activity, n)?;
            self.catalog.explain_gap(
                activity,
                bounds,
                &GapExplanation {
                    gap_from: bounds.0,
                    gap_to: bounds.1,
                    reason: reason.to_string(),
                    resumed,
                    note: note.map(|n| n.trim().to_string()),
                    explained_by: self.actor(),
                    explained_at: self.now_text(),
                    acknowledged_by: None,
                    acknowledged_at: None,
                },
            )?;
            let detail = serde_json::json!({ "gap": n, "from": rfc(bounds.0), "to": rfc(bounds.1),
                "reason": reason, "resumed": resumed, "note": note });
            self.audit_ok(
                AuditAction::GapExplain,
                &activity.to_string(),
                Some(&detail.to_string()),
            )
        })
    }

    /// The branch head acknowledges a written explanation.
    pub fn acknowledge_gap(&self, activity: i64, n: usize) -> Result<()> {
        self.act(Duty::DecideAccess, || {
            let bounds = self.gap_bounds(activity, n)?;
            if !self
                .catalog
                .acknowledge_gap(activity, bounds, &self.actor(), &self.now_text())?
            {
                return Err(Error::InvalidState(format!(
                    "gap {n} of activity {activity} has no explanation yet"
                )));
            }
            let detail = serde_json::json!({ "gap": n }).to_string();
            self.audit_ok(
                AuditAction::GapAcknowledge,
                &activity.to_string(),
                Some(&detail),
            )
        })
    }

    /// Art. 10's checklist for the activity's kind, with what is ticked.
    pub fn required_content(&self, activity: i64) -> Result<Vec<ContentItem>> {
        let a = self.activity_or_not_found(activity)?;
        let ticks = self.catalog.content_ticks(activity)?;
        Ok(checklist(&a.kind)
            .iter()
            .map(|(key, zh, en)| {
                let t = ticks.iter().find(|t| t.0 == *key);
                ContentItem {
                    item: key,
                    label: self.lang.pick(zh, en),
                    clip: t.map(|t| t.1),
                    offset_s: t.map(|t| t.2),
                    ticked_by: t.map(|t| t.3.clone()),
                }
            })
            .collect())
    }

    /// Tick a checklist item against a moment in one of the activity's clips.
    pub fn tick_content(&self, activity: i64, item: &str, clip: i64, offset_s: f64) -> Result<()> {
        self.act(Duty::Label, || {
            let a = self.activity_or_not_found(activity)?;
            let keys: Vec<&str> = checklist(&a.kind).iter().map(|i| i.0).collect();
            one_of("item", item, &keys)?;
            if !a.clips.contains(&clip) {
                return Err(Error::InvalidInput(format!(
                    "clip {clip} is not linked to activity {activity}"
                )));
            }
            if offset_s < 0.0 {
                return Err(Error::InvalidInput(
                    "the offset is seconds into the clip".into(),
                ));
            }
            self.catalog.tick_content(
                activity,
                item,
                clip,
                offset_s,
                &self.actor(),
                &self.now_text(),
            )?;
            let detail = serde_json::json!({ "item": item, "clip": clip, "offset_s": offset_s });
            self.audit_ok(
                AuditAction::ContentTick,
                &activity.to_string(),
                Some(&detail.to_string()),
            )
        })
    }

    /// Art. 23's reports over `[from, to)`: `missing` (activities that must be recorded with
    /// no clip, or whose officers' recorders were not docked that day), `gaps` (unexplained),
    /// `content` (art. 10 items not shown), `late` and `sequence` (dockings flagged late
    /// storage or a recorder's numbering gap), `undocked` (recorders not docked for
    /// `undocked_days`, default 3), `labels` (clips lacking art. 18's labels), `refused`
    /// (views and copies attempted without approval). `from` and `to` are dates
    /// (the `to` day included) or RFC 3339; empty or None for an open end.
    pub fn report(
        &self,
        which: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<ReportRow>> {
        // The refused-access report shows the audit log's content.
        self.require(if which == "refused" {
            Duty::ReadAudit
        } else {
            Duty::ReadRecords
        })?;
        let (from, to) = self.parse_period(from, to)?;
        let in_period = |t: i64| t >= from && t < to;
        let activities: Vec<ActivityRow> = self
            .catalog
            .activities()?
            .into_iter()
            .filter(|a| in_period(a.start_unix))
            .collect();
        let mut rows = Vec::new();
        match which {
            "missing" => {
                let docked_days = self.docked_days_by_officer()?;
                let assignments = self.assignments()?;
                let mut device_days: HashMap<String, BTreeSet<String>> = HashMap::new();
                for d in self.catalog.dock_events(i64::MAX)? {
                    if let Ok(t) = DateTime::parse_from_rfc3339(&d.started_at) {
                        device_days
                            .entry(d.device)
                            .or_default()
                            .insert(self.local_day(t.timestamp()));
                    }
                }
                for a in &activities {
                    if must_be_recorded(&a.kind) && a.clips.is_empty() {
                        rows.push(ReportRow {
                            kind: "activity",
                            id: a.id.to_string(),
                            at: Some(rfc(a.start_unix)),
                            detail: match self.lang {
                                Lang::Zh => format!(
                                    "{}（{}）没有视音频记录",
                                    kind_label(&a.kind, Lang::Zh),
                                    a.case_number
                                ),
                                Lang::En => format!(
                                    "{} ({}) has no recording",
                                    kind_label(&a.kind, Lang::En),
                                    a.case_number
                                ),
                            },
                        });
                    }
                    let day = self.local_day(a.start_unix);
                    for o in &a.officers {
                        // The recorders the officer held then (assignment history); without
                        // one on record, the dockings that stored the officer's clips.
                        let held: Vec<&str> = assignments
                            .iter()
                            .filter(|h| {
                                &h.officer == o
                                    && h.from_unix <= a.start_unix
                                    && h.to_unix.is_none_or(|t| a.start_unix < t)
                            })
                            .map(|h| h.device.as_str())
                            .collect();
                        let docked = if held.is_empty() {
                            docked_days.get(o).is_some_and(|d| d.contains(&day))
                        } else {
                            held.iter()
                                .any(|d| device_days.get(*d).is_some_and(|s| s.contains(&day)))
                        };
                        if !docked {
                            rows.push(ReportRow {
                                kind: "activity",
                                id: a.id.to_string(),
                                at: Some(rfc(a.start_unix)),
                                detail: match self.lang {
                                    Lang::Zh => format!("执法人员 {o} 的记录仪 {day} 未接入"),
                                    Lang::En => {
                                        format!("officer {o}'s recorder was not docked on {day}")
                                    }
                                },
                            });
                        }
                    }
                }
            }
            "gaps" => {
                for a in &activities {
                    for g in self.coverage(a.id)?.gaps.iter().filter(|g| !g.explained) {
                        rows.push(ReportRow {
                            kind: "activity",
                            id: a.id.to_string(),
                            at: Some(g.from.clone()),
                            detail: match self.lang {
                                Lang::Zh => format!(
                                    "第 {} 处中断 {} 秒（{}）未说明",
                                    g.n,
                                    g.seconds,
                                    match g.place {
                                        "start" => "开始时",
                                        "end" => "结束前",
                                        _ => "中途",
                                    }
                                ),
                                Lang::En => format!(
                                    "gap {} of {} s ({}) unexplained",
                                    g.n, g.seconds, g.place
                                ),
                            },
                        });
                    }
                }
            }
            "content" => {
                for a in activities.iter().filter(|a| must_be_recorded(&a.kind)) {
                    let open: Vec<&str> = self
                        .required_content(a.id)?
                        .iter()
                        .filter(|i| i.clip.is_none())
                        .map(|i| i.item)
                        .collect();
                    if !open.is_empty() {
                        rows.push(ReportRow {
                            kind: "activity",
                            id: a.id.to_string(),
                            at: Some(rfc(a.start_unix)),
                            detail: format!(
                                "{}{}",
                                self.lang.pick(
                                    "未记录第十条要求的内容：",
                                    "required content not shown: "
                                ),
                                open.join(", ")
                            ),
                        });
                    }
                }
            }
            "refused" => {
                for e in self.catalog.audit_list(
                    &crate::catalog::AuditFilter {
                        from: Some(from).filter(|f| *f != i64::MIN),
                        to: Some(to).filter(|t| *t != i64::MAX),
                        ..Default::default()
                    },
                    i64::MAX,
                )? {
                    let attempt = matches!(e.action.as_str(), "view" | "copy" | "district");
                    if attempt && e.outcome == "refused" {
                        rows.push(ReportRow {
                            kind: "clip",
                            id: e.object.clone().unwrap_or_default(),
                            at: Some(e.at.clone()),
                            detail: match self.lang {
                                Lang::Zh => format!(
                                    "{} 未经批准{}",
                                    e.actor,
                                    match e.action.as_str() {
                                        "view" => "调阅",
                                        "copy" => "复制",
                                        _ => "区局调取",
                                    }
                                ),
                                Lang::En => format!("{} by {} without approval", e.action, e.actor),
                            },
                        });
                    }
                }
            }
            "sequence" | "late" => {
                let flag = if which == "late" {
                    crate::docking::LATE_STORAGE
                } else {
                    crate::docking::SEQUENCE_GAP
                };
                for d in self.catalog.dock_events_in(i64::MAX, Some((from, to)))? {
                    if d.flags.iter().any(|f| f == flag) {
                        rows.push(ReportRow {
                            kind: "dock",
                            id: d.id.to_string(),
                            at: Some(d.started_at.clone()),
                            detail: format!(
                                "{}: {}",
                                d.device,
                                d.flag_details
                                    .get(crate::docking::LATE_STORAGE)
                                    .cloned()
                                    .unwrap_or_default()
                            ),
                        });
                    }
                }
            }
            "undocked" => {
                let days = self.setting_number("undocked_days", 3)? as i64;
                let now = self.clock.now();
                let last = self.last_docked_by_device()?;
                for d in self.devices()? {
                    let when = last.get(&d.serial).copied();
                    if when.is_none_or(|t| now - t > Duration::days(days)) {
                        rows.push(ReportRow {
                            kind: "device",
                            id: d.serial.clone(),
                            at: when.map(|t| t.to_rfc3339()),
                            detail: match self.lang {
                                Lang::Zh => format!("超过 {days} 天未接入"),
                                Lang::En => format!("not docked for more than {days} days"),
                            },
                        });
                    }
                }
            }
            "labels" => {
                let missing = self.catalog.clips(
                    &ClipFilter {
                        missing_labels: true,
                        from_unix: Some(from).filter(|f| *f != i64::MIN),
                        to_unix: Some(to).filter(|t| *t != i64::MAX),
                        ..ClipFilter::default()
                    },
                    ClipSort::RecordedAsc,
                    None,
                )?;
                for c in missing {
                    rows.push(ReportRow {
                        kind: "clip",
                        id: c.id.to_string(),
                        at: c.recorded_at.clone(),
                        detail: self
                            .lang
                            .pick(
                                "缺少中队、执法人员、时间、案由或当事人（第十八条）",
                                "lacks squad, officer, time, cause or party (art. 18)",
                            )
                            .to_string(),
                    });
                }
            }
            other => {
                return Err(Error::InvalidInput(format!(
                    "report {other:?}: missing, gaps, content, late, sequence, undocked, labels or refused"
                )))
            }
        }
        Ok(rows)
    }

    fn local_day(&self, t: i64) -> String {
        DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .with_timezone(&self.tz)
            .format("%Y-%m-%d")
            .to_string()
    }

    /// The days (station time) each officer's clips were docked.
    fn docked_days_by_officer(&self) -> Result<HashMap<String, BTreeSet<String>>> {
        let mut days: HashMap<String, BTreeSet<String>> = HashMap::new();
        let clips = self
            .catalog
            .clips(&ClipFilter::default(), ClipSort::RecordedAsc, None)?;
        let docks: HashMap<i64, String> = self
            .catalog
            .dock_events(i64::MAX)?
            .into_iter()
            .map(|d| (d.id, d.started_at))
            .collect();
        for c in clips {
            if let (Some(o), Some(at)) = (
                c.officer,
                c.dock_event_id
                    .and_then(|d| docks.get(&d))
                    .or(Some(&c.ingested_at)),
            ) {
                if let Ok(t) = DateTime::parse_from_rfc3339(at) {
                    days.entry(o)
                        .or_default()
                        .insert(self.local_day(t.timestamp()));
                }
            }
        }
        Ok(days)
    }

    fn last_docked_by_device(&self) -> Result<HashMap<String, DateTime<Utc>>> {
        let mut last: HashMap<String, DateTime<Utc>> = HashMap::new();
        for d in self.catalog.dock_events(i64::MAX)? {
            if let Ok(t) = DateTime::parse_from_rfc3339(&d.started_at) {
                let t = t.with_timezone(&Utc);
                let e = last.entry(d.device).or_insert(t);
                if t > *e {
                    *e = t;
                }
            }
        }
        Ok(last)
    }
}
