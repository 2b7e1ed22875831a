//! Cases and the whole-process check (art. 2, 7–13, 23): a case's enforcement activities,
//! the clips that record them (suggested by officer and time), how much of each activity is
//! covered, every interruption and its explanation, and the reports that find what is
//! missing. Every flag is computed from the catalog.

mod content;
mod coverage;
mod kinds;
pub mod numbers;
mod reports;

use std::collections::HashMap;
use std::path::Path;

use chrono::DateTime;
use serde::Serialize;

pub use content::checklist;
pub use coverage::{coverage, coverage_by_device, DeviceGap, Gap};
pub use kinds::{ActivityKind, GapReason, Stage};
pub use reports::{ReportKind, ReportRow, ReportSubject};

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::Catalog;
pub use crate::catalog::{ActivityRow, CaseDocument, CaseRow, GapExplanation};
use crate::error::{one_of, Error, Result};
use crate::fixity::keep_verified_copy;
use crate::layout::safe_component;
use crate::view::station_view;
use crate::Station;

/// A new enforcement activity.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct NewActivity {
    pub case_number: String,
    pub kind: ActivityKind,
    pub place: Option<String>,
    /// RFC 3339 or local `YYYY-MM-DD HH:MM`.
    pub from: String,
    pub to: String,
    pub officers: Vec<String>,
    /// The case's stage it belongs to (art. 2); its clips with it.
    #[serde(default)]
    pub stage: Option<Stage>,
}

/// A correction to a registered case: what is given replaces (an empty cause or party
/// clears it), what is not stays.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct CaseEdit {
    /// A corrected number: the clips labelled with the old one follow it.
    pub number: Option<String>,
    pub cause: Option<String>,
    pub party: Option<String>,
}

/// One case's file: the case, the clips labelled with its number, its activities and its
/// text records.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFile {
    pub case: Option<CaseRow>,
    pub clips: Vec<crate::Clip>,
    pub activities: Vec<ActivityRow>,
    pub documents: Vec<CaseDocument>,
}

/// One interruption, numbered from 1 in time order, with its explanation if any.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityGap {
    pub n: usize,
    /// The recorder that stopped (art. 11 is per recorder); none where no device recorded
    /// any of the activity.
    pub device: Option<String>,
    /// Another device recorded the whole of this stretch: a break all the same.
    pub covered_by_other: bool,
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    pub activity: i64,
    pub from: String,
    pub to: String,
    /// The share recorded by at least one device.
    pub covered_ratio: f64,
    /// Each recorder's own share, by device.
    pub devices: Vec<DeviceCoverage>,
    /// Every recorder's breaks, by time then device.
    pub gaps: Vec<ActivityGap>,
    /// A high-risk kind (setting `two_devices_for`, art. 12) recorded by fewer than two
    /// devices.
    pub one_device_only: bool,
    /// (clip, device, start, end): the timeline, several devices side by side (art. 12).
    pub clips: Vec<TimelineClip>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeviceCoverage {
    pub device: String,
    pub covered_ratio: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineClip {
    pub clip: i64,
    pub device: String,
    pub from: String,
    pub to: String,
}

/// One item of an activity's required content (art. 10), ticked against a moment in a clip.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContentItem {
    pub item: &'static str,
    pub label: &'static str,
    pub clip: Option<i64>,
    pub offset_s: Option<f64>,
    pub ticked_by: Option<String>,
}

fn rfc(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .to_rfc3339()
}

impl Station {
    /// `number` trimmed, when it is neither empty nor a registered case's.
    fn unregistered<'n>(&self, number: &'n str) -> Result<&'n str> {
        let number = number.trim();
        if number.is_empty() || self.catalog.case_id(number)?.is_some() {
            return Err(Error::input(
                format!("案件编号 {number:?} 为空或已登记"),
                format!("case number {number:?} is empty or already registered"),
            ));
        }
        Ok(number)
    }

    fn case_or_not_found(&self, number: &str) -> Result<i64> {
        self.catalog
            .case_id(number.trim())?
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::Case,
                name: number.to_string(),
            })
    }

    fn activity_or_not_found(&self, id: i64) -> Result<ActivityRow> {
        self.catalog.activity(id)?.ok_or_else(|| Error::NotFound {
            what: crate::error::Object::Activity,
            name: id.to_string(),
        })
    }

    fn gap_bounds(&self, activity: i64, n: usize) -> Result<(i64, i64)> {
        let c = self.activities().coverage(activity)?;
        let g = c
            .gaps
            .get(n.wrapping_sub(1))
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::Gap,
                name: format!("{activity}#{n}"),
            })?;
        let t = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.timestamp())
                .unwrap_or(0)
        };
        Ok((t(&g.from), t(&g.to)))
    }
}

station_view! {
    /// Cases (art. 2): registered, read, their stages and text records.
    Cases,
    cases
}

impl Cases<'_> {
    pub fn add(
        &self,
        number: &str,
        cause: Option<&str>,
        party: Option<&str>,
        officers: &[String],
    ) -> Result<i64> {
        self.act(Duty::Label, || {
            let number = self.unregistered(number)?;
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

    pub fn list(&self) -> Result<Vec<CaseRow>> {
        self.require(Duty::ReadRecords)?;
        self.catalog.cases()
    }

    /// Every case number the station knows (registered cases and clips' labels), for the
    /// window's pickers: a number chosen is never a number mistyped.
    pub fn numbers(&self) -> Result<Vec<String>> {
        self.require(Duty::ReadRecords)?;
        self.catalog.case_numbers()
    }

    /// What happened to the case itself (registered, documents attached, stages set), newest
    /// first, in words as the audit log and a clip's history show it.
    pub fn history(&self, number: &str) -> Result<Vec<crate::catalog::AuditEntry>> {
        self.require(Duty::ReadRecords)?;
        let rows = self.catalog.audit_entries(Some(number.trim()), 200)?;
        Ok(self.in_words(rows))
    }

    /// A case with its clips (labelled with its number), activities and text records.
    pub fn get(&self, number: &str) -> Result<CaseFile> {
        let id = self.case_or_not_found(number)?;
        let number = number.trim();
        let case = self
            .catalog
            .cases()?
            .into_iter()
            .find(|c| c.number == number);
        let clips = self.clips().list(&crate::ClipQuery {
            case_number: Some(number.to_string()),
            ..Default::default()
        })?;
        let activities: Vec<ActivityRow> = self
            .catalog
            .activities()?
            .into_iter()
            .filter(|a| a.case_number == number)
            .collect();
        let documents = self.catalog.case_documents(id)?;
        Ok(CaseFile {
            case,
            clips,
            activities,
            documents,
        })
    }

    /// Store a scanned document as one of the case's text records: copied while hashing,
    /// synced, read back from the disk and compared before it counts, then read-only under
    /// `documents/<case>/` and in the manifest — the same proof as a clip.
    pub fn attach(&self, number: &str, file: &Path, stage: Option<Stage>) -> Result<CaseDocument> {
        self.require(Duty::Label)?;
        let case = self.case_or_not_found(number)?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .ok_or_else(|| {
                Error::input(
                    format!("{} 不是文件", file.display()),
                    format!("{} is not a file", file.display()),
                )
            })?;
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
            stage,
        };
        crate::manifest::append_document(&self.library.manifests_dir(), &doc)?;
        let detail = serde_json::to_string(&doc).unwrap_or_default();
        self.apply_audited(|| {
            self.catalog.add_case_document(case, &doc)?;
            self.audit_ok(AuditAction::CaseDocument, number.trim(), Some(&detail))
        })?;
        Ok(doc)
    }

    pub fn set_stage(&self, number: &str, stage: Stage, day: &str) -> Result<()> {
        self.act(Duty::Label, || {
            let id = self.case_or_not_found(number)?;
            let day = self
                .parse_time(day)?
                .with_timezone(&self.time_zone())
                .format("%Y-%m-%d")
                .to_string();
            self.catalog.set_case_stage(id, stage.code(), &day)?;
            let detail = serde_json::json!({ "stage": stage, "day": day });
            self.audit_ok(AuditAction::CaseStage, number, Some(&detail.to_string()))
        })
    }

    /// Correct a case after registration — a mistyped number, its cause, its party. The case,
    /// the clips labelled with a corrected number and the audit rows change in one
    /// transaction; the text records' manifest lines are written anew under the new number,
    /// so a catalog rebuilt from the manifests files them there too.
    pub fn edit(&self, number: &str, edit: &CaseEdit) -> Result<()> {
        let number = number.trim();
        let text = |v: &Option<String>| v.as_deref().map(str::trim).map(str::to_string);
        self.act(Duty::Label, || {
            let id = self.case_or_not_found(number)?;
            let new_number = match edit.number.as_deref().map(str::trim) {
                Some(n) if n != number => Some(self.unregistered(n)?),
                _ => None,
            };
            let old =
                self.catalog
                    .update_case(id, new_number, text(&edit.cause), text(&edit.party))?;
            let mut relabelled = 0;
            if let Some(n) = new_number {
                let clips = self.catalog.clip_ids_with_case(number)?;
                let labels = crate::catalog::Labels {
                    case_number: Some(n.to_string()),
                    ..Default::default()
                };
                relabelled = self.relabel(&clips, &labels)?;
                for doc in self.catalog.case_documents(id)? {
                    crate::manifest::append_document(&self.library.manifests_dir(), &doc)?;
                }
            }
            let detail = serde_json::json!({
                "old": old, "number": new_number, "cause": edit.cause, "party": edit.party,
                "relabelled_clips": relabelled,
            });
            self.audit_ok(
                AuditAction::CaseEdit,
                new_number.unwrap_or(number),
                Some(&detail.to_string()),
            )
        })
    }
}

station_view! {
    /// Enforcement activities (art. 9–13): their clips, coverage, interruptions and required content.
    Activities,
    activities
}

impl Activities<'_> {
    pub fn add(&self, a: &NewActivity) -> Result<i64> {
        self.act(Duty::Label, || {
            let case = self.case_or_not_found(&a.case_number)?;
            let (from, to) = (self.parse_time(&a.from)?, self.parse_time(&a.to)?);
            if to <= from {
                return Err(Error::input("执法活动的结束时间须晚于开始时间", "an activity ends after it starts"));
            }
            let id = self.catalog.add_activity(
                case,
                (a.kind, a.stage),
                a.place.as_deref(),
                (from.timestamp(), to.timestamp()),
                &a.officers,
                &self.actor(),
                &self.now_text(),
            )?;
            let detail = serde_json::json!({
                "case": a.case_number, "kind": a.kind, "from": from.to_rfc3339(), "to": to.to_rfc3339(),
                "officers": a.officers, "place": a.place, "stage": a.stage,
            });
            self.audit_ok(AuditAction::ActivityAdd, &id.to_string(), Some(&detail.to_string()))?;
            Ok(id)
        })
    }

    pub fn list(&self) -> Result<Vec<ActivityRow>> {
        self.catalog.activities()
    }

    pub fn link(&self, activity: i64, clips: &[i64]) -> Result<usize> {
        self.act(Duty::Label, || {
            self.activity_or_not_found(activity)?;
            if let Some(missing) = self.catalog.first_missing_clip(clips)? {
                return Err(Error::NotFound {
                    what: crate::error::Object::Clip,
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
    pub fn suggest(&self, activity: i64) -> Result<Vec<crate::Clip>> {
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
        activity_coverage(&self.catalog, &a, &self.settings())
    }

    /// Explain gap `n` of an activity: why, and whether recording resumed with the reason
    /// spoken; where it did not, the written explanation waits for the branch head.
    pub fn explain_gap(
        &self,
        activity: i64,
        n: usize,
        reason: GapReason,
        resumed: bool,
        note: Option<&str>,
    ) -> Result<()> {
        self.act(Duty::Label, || {
            if !resumed && note.is_none_or(|n| n.trim().is_empty()) {
                return Err(Error::input("中断后未恢复录制的，须填写书面说明（--note）", "a gap after which recording did not resume needs a written explanation (--note)"));
            }
            let bounds = self.gap_bounds(activity, n)?;
            self.catalog.explain_gap(
                activity,
                bounds,
                &GapExplanation {
                    gap_from: bounds.0,
                    gap_to: bounds.1,
                    reason: reason.code().to_string(),
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
                return Err(Error::state(
                    format!("执法活动 {activity} 的第 {n} 处中断尚无说明"),
                    format!("gap {n} of activity {activity} has no explanation yet"),
                ));
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
        Ok(checklist(a.kind)
            .iter()
            .map(|(key, zh, en)| {
                let t = ticks.iter().find(|t| t.0 == *key);
                ContentItem {
                    item: key,
                    label: self.lang().pick(zh, en),
                    clip: t.map(|t| t.1),
                    offset_s: t.map(|t| t.2),
                    ticked_by: t.map(|t| t.3.clone()),
                }
            })
            .collect())
    }

    /// Tick a checklist item against a moment in one of the activity's clips.
    pub fn tick(&self, activity: i64, item: &str, clip: i64, offset_s: f64) -> Result<()> {
        self.act(Duty::Label, || {
            let a = self.activity_or_not_found(activity)?;
            let keys: Vec<(&str, &str)> = checklist(a.kind).iter().map(|i| (i.0, i.1)).collect();
            one_of(("检查项", "item"), item, &keys)?;
            if !a.clips.contains(&clip) {
                return Err(Error::input(
                    format!("记录 {clip} 未关联到执法活动 {activity}"),
                    format!("clip {clip} is not linked to activity {activity}"),
                ));
            }
            // Within the clip: its known duration, else a day (no recorder records longer).
            let length = self.clips().get(clip)?.duration_s.unwrap_or(86_400.0);
            if !(offset_s.is_finite() && (0.0..=length).contains(&offset_s)) {
                return Err(Error::input(
                    format!("时间点是记录开始后的秒数，须在 0 到 {length:.0} 之间"),
                    format!("the offset is seconds into the clip, between 0 and {length:.0}"),
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
}

/// How much of activity `a` its clips cover, overall and per recorder, and every recorder's
/// gap longer than the settings' threshold with its explanation (also for a catalog rebuilt
/// from a branch's journal at the district).
pub(crate) fn activity_coverage(
    catalog: &Catalog,
    a: &ActivityRow,
    settings: &crate::settings::Settings,
) -> Result<Coverage> {
    let threshold = i64::from(settings.gap_threshold_s);
    let spans = catalog.clip_spans(&a.clips)?;
    let (ratio, _) = coverage(
        a.start_unix,
        a.end_unix,
        &spans.iter().map(|s| (s.2, s.3)).collect::<Vec<_>>(),
        threshold,
    );
    let by_device: Vec<(&str, f64, f64)> = spans.iter().map(|s| (s.1.as_str(), s.2, s.3)).collect();
    let (devices, gaps) = coverage_by_device(a.start_unix, a.end_unix, &by_device, threshold);
    let explanations: HashMap<(i64, i64), GapExplanation> = catalog
        .gap_explanations(a.id)?
        .into_iter()
        .map(|e| ((e.gap_from, e.gap_to), e))
        .collect();
    Ok(Coverage {
        activity: a.id,
        from: rfc(a.start_unix),
        to: rfc(a.end_unix),
        covered_ratio: ratio,
        one_device_only: settings.two_devices_for.contains(&a.kind) && devices.len() < 2,
        devices: devices
            .into_iter()
            .map(|(device, covered_ratio)| DeviceCoverage {
                device,
                covered_ratio,
            })
            .collect(),
        gaps: gaps
            .into_iter()
            .enumerate()
            .map(|(i, g)| {
                let e = explanations.get(&(g.gap.from, g.gap.to)).cloned();
                ActivityGap {
                    n: i + 1,
                    device: g.device,
                    covered_by_other: g.covered_by_other,
                    from: rfc(g.gap.from),
                    to: rfc(g.gap.to),
                    seconds: g.gap.to - g.gap.from,
                    place: g.gap.place,
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
