//! Art. 23's reports: each finds one kind of problem over a period, computed from the catalog.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{rfc, ActivityRow};
use crate::access::Duty;
use crate::catalog::{ClipFilter, ClipSort};
use crate::closed_set::closed_set;
use crate::dock::DockFlag;
use crate::error::Result;
use crate::lang::Lang;
use crate::view::station_view;
use crate::Station;

closed_set! {
    /// Which report (art. 23).
    pub enum ReportKind as ("报表", "report") {
        /// Activities that should have been recorded (art. 9) and have no clip.
        Missing = "missing" ("缺少记录", "missing recordings"),
        /// Unexplained interruptions, each recorder's own (art. 11, 13).
        Gaps = "gaps" ("未说明的中断", "unexplained gaps"),
        /// High-risk activities (setting `two_devices_for`) filmed by fewer than two devices
        /// (art. 12).
        OneDevice = "one_device" ("仅一台设备记录的高风险执法", "high-risk activities on one device"),
        /// Art. 10 items not shown.
        Content = "content" ("缺少规定内容", "required content not shown"),
        /// Not stored the same day (art. 18): dockings that brought earlier days' clips, and
        /// activities whose officer's recorder was not docked that day.
        Late = "late" ("未当日存储", "late storage"),
        /// Numbers missing from a recorder's own file numbering, per docking.
        Sequence = "sequence" ("文件编号不连续", "numbering gaps"),
        /// Recorders in service not docked for `undocked_days` (default 3).
        Undocked = "undocked" ("长期未接入的记录仪", "recorders not docked"),
        /// Recorders used on a day without that day's pre-shift check (art. 14).
        Unchecked = "unchecked" ("未做出勤前检查的记录仪", "recorders used unchecked"),
        /// Recorders in service not serviced for `upkeep_days` (art. 14).
        Upkeep = "upkeep" ("逾期未维护的记录仪", "recorders overdue for upkeep"),
        /// Clips lacking art. 18's labels.
        Labels = "labels" ("缺少标注", "missing labels"),
        /// Views and copies attempted without approval.
        Refused = "refused" ("未经批准的调阅", "refused access"),
        /// Stored originals whose latest read-back found them changed or gone.
        Integrity = "integrity" ("原始文件校验异常", "integrity problems"),
        /// Clips and case documents waiting longer than `district_backlog_hours` to reach the
        /// district's store (art. 18).
        District = "district" ("报送区局积压", "district backlog"),
    }
}

closed_set! {
    /// What a report's row is about.
    pub enum ReportSubject as ("报表对象", "report subject") {
        Activity = "activity" ("执法活动", "activity"),
        Clip = "clip" ("记录", "clip"),
        Dock = "dock" ("接入", "docking"),
        Device = "device" ("记录仪", "recorder"),
        Document = "document" ("案件文书", "case document"),
    }
}

/// One row of a report: what it is about and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportRow {
    pub kind: ReportSubject,
    pub id: String,
    pub at: Option<String>,
    pub detail: String,
}

impl Station {
    /// Art. 9: activities that should have been recorded and were not (no clip linked).
    fn missing_report(&self, activities: &[ActivityRow]) -> Result<Vec<ReportRow>> {
        Ok(activities
            .iter()
            .filter(|a| a.clips.is_empty())
            .map(|a| ReportRow {
                kind: ReportSubject::Activity,
                id: a.id.to_string(),
                at: Some(rfc(a.start_unix)),
                detail: match self.lang() {
                    Lang::Zh => format!(
                        "{}（{}）没有视音频记录",
                        a.kind.label(Lang::Zh),
                        a.case_number
                    ),
                    Lang::En => format!(
                        "{} ({}) has no recording",
                        a.kind.label(Lang::En),
                        a.case_number
                    ),
                },
            })
            .collect())
    }

    /// Art. 18: what was not stored the same day — dockings that brought clips recorded on an
    /// earlier day, and activities of a past day whose officer's recorder was not docked on it.
    fn late_report(
        &self,
        activities: &[ActivityRow],
        period: (i64, i64),
    ) -> Result<Vec<ReportRow>> {
        let mut rows = self.flag_report(DockFlag::LateStorage, period)?;
        let tz = self.time_zone();
        let today = local_day(tz, self.clock.now().timestamp());
        let docked_days = self.docked_days_by_officer()?;
        let assignments = self.registry().assignments()?;
        let mut device_days: HashMap<String, BTreeSet<String>> = HashMap::new();
        for d in self.catalog.dock_events(i64::MAX)? {
            if let Ok(t) = DateTime::parse_from_rfc3339(&d.started_at) {
                device_days
                    .entry(d.device)
                    .or_default()
                    .insert(local_day(tz, t.timestamp()));
            }
        }
        for a in activities {
            let day = local_day(tz, a.start_unix);
            // Today's shift may not be over: its recorders are docked at its end.
            if day >= today {
                continue;
            }
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
                        kind: ReportSubject::Activity,
                        id: a.id.to_string(),
                        at: Some(rfc(a.start_unix)),
                        detail: match self.lang() {
                            Lang::Zh => format!("执法人员 {o} 的记录仪 {day} 未接入，未当日存储"),
                            Lang::En => format!(
                                "officer {o}'s recorder was not docked on {day}: not stored that day"
                            ),
                        },
                    });
                }
            }
        }
        Ok(rows)
    }

    /// Every unexplained interruption.
    fn gaps_report(&self, activities: &[ActivityRow]) -> Result<Vec<ReportRow>> {
        let mut rows = Vec::new();
        for a in activities {
            for g in self
                .activities()
                .coverage(a.id)?
                .gaps
                .iter()
                .filter(|g| !g.explained)
            {
                rows.push(ReportRow {
                    kind: ReportSubject::Activity,
                    id: a.id.to_string(),
                    at: Some(g.from.clone()),
                    detail: gap_detail(self.lang(), g),
                });
            }
        }
        Ok(rows)
    }

    /// Art. 12: high-risk activities recorded by fewer than two devices.
    fn one_device_report(&self, activities: &[ActivityRow]) -> Result<Vec<ReportRow>> {
        let mut rows = Vec::new();
        for a in activities {
            let c = self.activities().coverage(a.id)?;
            if c.one_device_only {
                let n = c.devices.len();
                rows.push(ReportRow {
                    kind: ReportSubject::Activity,
                    id: a.id.to_string(),
                    at: Some(rfc(a.start_unix)),
                    detail: match self.lang() {
                        Lang::Zh => format!(
                            "{}（{}）仅 {n} 台设备记录，须两台以上（第十二条）",
                            a.kind.label(Lang::Zh),
                            a.case_number
                        ),
                        Lang::En => format!(
                            "{} ({}) filmed by {n} device(s), two or more needed (art. 12)",
                            a.kind.label(Lang::En),
                            a.case_number
                        ),
                    },
                });
            }
        }
        Ok(rows)
    }

    /// Art. 10's items not ticked.
    fn content_report(&self, activities: &[ActivityRow]) -> Result<Vec<ReportRow>> {
        let mut rows = Vec::new();
        for a in activities {
            let open: Vec<&str> = self
                .activities()
                .required_content(a.id)?
                .iter()
                .filter(|i| i.clip.is_none())
                .map(|i| i.item)
                .collect();
            if !open.is_empty() {
                rows.push(ReportRow {
                    kind: ReportSubject::Activity,
                    id: a.id.to_string(),
                    at: Some(rfc(a.start_unix)),
                    detail: format!(
                        "{}{}",
                        self.lang()
                            .pick("未记录第十条要求的内容：", "required content not shown: "),
                        open.join(", ")
                    ),
                });
            }
        }
        Ok(rows)
    }

    /// Views and copies attempted without approval.
    fn refused_report(&self, (from, to): (i64, i64)) -> Result<Vec<ReportRow>> {
        let mut rows = Vec::new();
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
                    kind: ReportSubject::Clip,
                    id: e.object.clone().unwrap_or_default(),
                    at: Some(e.at.clone()),
                    detail: match self.lang() {
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
        Ok(rows)
    }

    /// Dockings that raised `flag`.
    fn flag_report(&self, flag: DockFlag, (from, to): (i64, i64)) -> Result<Vec<ReportRow>> {
        let mut rows = Vec::new();
        for d in self.catalog.dock_events_in(i64::MAX, Some((from, to)))? {
            if d.flags.contains(&flag) {
                rows.push(ReportRow {
                    kind: ReportSubject::Dock,
                    id: d.id.to_string(),
                    at: Some(d.started_at.clone()),
                    detail: format!(
                        "{}: {}",
                        d.device,
                        d.flag_details.get(&flag).cloned().unwrap_or_default()
                    ),
                });
            }
        }
        Ok(rows)
    }

    /// Recorders in service not docked for `undocked_days` (spare, in repair, lost and
    /// retired ones are not expected at the dock).
    fn undocked_report(&self) -> Result<Vec<ReportRow>> {
        let mut rows = Vec::new();
        let days = i64::from(self.settings().undocked_days);
        let now = self.clock.now();
        let last = self.last_docked_by_device()?;
        let in_service = self
            .registry()
            .devices()?
            .into_iter()
            .filter(|d| d.status == crate::upkeep::DeviceStatus::InService);
        for d in in_service {
            let when = last.get(&d.serial).copied();
            if when.is_none_or(|t| now - t > Duration::days(days)) {
                rows.push(ReportRow {
                    kind: ReportSubject::Device,
                    id: d.serial.clone(),
                    at: when.map(|t| t.to_rfc3339()),
                    detail: match self.lang() {
                        Lang::Zh => format!("超过 {days} 天未接入"),
                        Lang::En => format!("not docked for more than {days} days"),
                    },
                });
            }
        }
        Ok(rows)
    }

    /// Art. 14: each day in the period a recorder recorded without that day's pre-shift check.
    fn unchecked_report(&self, (from, to): (i64, i64)) -> Result<Vec<ReportRow>> {
        let tz = self.time_zone();
        let checked: BTreeSet<(String, String)> = self
            .catalog
            .device_checks(None)?
            .into_iter()
            .map(|c| (c.device, c.day))
            .collect();
        let used: BTreeSet<(String, String)> = self
            .catalog
            .device_recording_times(from, to)?
            .into_iter()
            .map(|(device, t)| (device, local_day(tz, t)))
            .collect();
        Ok(used
            .difference(&checked)
            .map(|(device, day)| ReportRow {
                kind: ReportSubject::Device,
                id: device.clone(),
                at: Some(day.clone()),
                detail: match self.lang() {
                    Lang::Zh => format!("{day} 使用前未做出勤前检查（电量、存储、时钟）"),
                    Lang::En => {
                        format!("used on {day} without a pre-shift check (battery, storage, clock)")
                    }
                },
            })
            .collect())
    }

    /// Art. 14: recorders in service whose last upkeep (or registration) is `upkeep_days` ago.
    fn upkeep_report(&self) -> Result<Vec<ReportRow>> {
        let days = i64::from(self.settings().upkeep_days);
        let now = self.clock.now();
        let mut rows = Vec::new();
        for (serial, status, since) in self.catalog.device_upkeep_state()? {
            let Ok(since_t) = DateTime::parse_from_rfc3339(&since) else {
                continue;
            };
            if status == crate::upkeep::DeviceStatus::InService
                && now - since_t.with_timezone(&Utc) > Duration::days(days)
            {
                rows.push(ReportRow {
                    kind: ReportSubject::Device,
                    id: serial,
                    at: Some(since),
                    detail: match self.lang() {
                        Lang::Zh => format!("超过 {days} 天未维护保养"),
                        Lang::En => format!("not serviced for more than {days} days"),
                    },
                });
            }
        }
        Ok(rows)
    }

    /// Clips lacking art. 18's labels.
    fn labels_report(&self, (from, to): (i64, i64)) -> Result<Vec<ReportRow>> {
        let mut rows = Vec::new();
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
                kind: ReportSubject::Clip,
                id: c.id.to_string(),
                at: c.recorded_at.clone(),
                detail: self
                    .lang()
                    .pick(
                        "缺少中队、执法人员、时间、案由或当事人（第十八条）",
                        "lacks squad, officer, time, cause or party (art. 18)",
                    )
                    .to_string(),
            });
        }
        Ok(rows)
    }

    /// The days (station time) each officer's clips were docked.
    fn docked_days_by_officer(&self) -> Result<HashMap<String, BTreeSet<String>>> {
        let tz = self.time_zone();
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
                        .insert(local_day(tz, t.timestamp()));
                }
            }
        }
        Ok(days)
    }

    /// Every stored original whose latest read-back (nightly or full) failed, until a later
    /// one finds it whole: the state now, whatever the period.
    fn integrity_report(&self) -> Result<Vec<ReportRow>> {
        let lang = self.lang();
        Ok(self
            .fixity_problems()?
            .into_iter()
            .map(|p| {
                let found = p.result.label(lang);
                let why = p.detail.map(|d| format!("（{d}）")).unwrap_or_default();
                ReportRow {
                    kind: if p.what == "clip" {
                        ReportSubject::Clip
                    } else {
                        ReportSubject::Document
                    },
                    id: p.id.to_string(),
                    at: Some(p.checked_at),
                    detail: format!("{found}：{}{why}", p.path),
                }
            })
            .collect())
    }

    /// Each record waiting too long for the district, with the store's last answer about it.
    fn district_report(&self) -> Result<Vec<ReportRow>> {
        let failures = self.catalog.district_failures()?;
        Ok(self
            .district_overdue()?
            .into_iter()
            .map(|p| {
                let why = failures.get(&p.item).map(|f| f.last_error.clone());
                let waiting = self
                    .lang()
                    .pick("尚未报送区局存储", "not yet in the district store");
                ReportRow {
                    kind: if p.clip_id.is_some() {
                        ReportSubject::Clip
                    } else {
                        ReportSubject::Document
                    },
                    id: p.clip_id.or(p.document_id).unwrap_or_default().to_string(),
                    at: Some(p.stored_at),
                    detail: match why {
                        Some(why) => format!("{}：{}（{why}）", p.name, waiting),
                        None => format!("{}：{}", p.name, waiting),
                    },
                }
            })
            .collect())
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

station_view! {
    /// Art. 23's reports.
    Reports,
    reports
}

impl Reports<'_> {
    /// Report `which` over `[from, to)`. `from` and `to` are dates (the `to` day included) or
    /// RFC 3339; empty or None for an open end.
    pub fn get(
        &self,
        which: ReportKind,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<ReportRow>> {
        // The refused-access report shows the audit log's content.
        self.require(if which == ReportKind::Refused {
            Duty::ReadAudit
        } else {
            Duty::ReadRecords
        })?;
        let period = self.parse_period(from, to)?;
        let in_period = |t: i64| t >= period.0 && t < period.1;
        let activities: Vec<ActivityRow> = self
            .catalog
            .activities()?
            .into_iter()
            .filter(|a| in_period(a.start_unix))
            .collect();
        match which {
            ReportKind::Missing => self.missing_report(&activities),
            ReportKind::Gaps => self.gaps_report(&activities),
            ReportKind::OneDevice => self.one_device_report(&activities),
            ReportKind::Content => self.content_report(&activities),
            ReportKind::Refused => self.refused_report(period),
            ReportKind::Late => self.late_report(&activities, period),
            ReportKind::Sequence => self.flag_report(DockFlag::SequenceGap, period),
            ReportKind::Undocked => self.undocked_report(),
            ReportKind::Unchecked => self.unchecked_report(period),
            ReportKind::Upkeep => self.upkeep_report(),
            ReportKind::Labels => self.labels_report(period),
            ReportKind::Integrity => self.integrity_report(),
            ReportKind::District => self.district_report(),
        }
    }
}

/// A gap as a report says it: its number, which recorder, how long, where, and whether
/// another device recorded meanwhile.
fn gap_detail(lang: Lang, g: &super::ActivityGap) -> String {
    let device = g.device.as_deref().unwrap_or("—");
    match lang {
        Lang::Zh => format!(
            "第 {} 处中断：记录仪 {device} {} 秒（{}）未说明{}",
            g.n,
            g.seconds,
            match g.place {
                "start" => "开始时",
                "end" => "结束前",
                _ => "中途",
            },
            if g.covered_by_other {
                "（其间其他设备在录）"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "gap {}: recorder {device}, {} s ({}) unexplained{}",
            g.n,
            g.seconds,
            g.place,
            if g.covered_by_other {
                " (another device recorded meanwhile)"
            } else {
                ""
            }
        ),
    }
}

fn local_day(tz: chrono_tz::Tz, t: i64) -> String {
    crate::time::local_day(t, tz)
}
