//! What leaves the station (art. 18 weekly aggregation, art. 5 and 20 district requests): BagIt
//! packages anyone can check with ordinary tools, with a ledger in Excel and CSV, the docking
//! records and audit entries, and the audit log's head at export time. The station remembers
//! what each package held, so a clip ingested after its week was exported goes into a
//! supplementary package of that week instead of nowhere.

pub mod bag;
mod ledger;
mod week;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use bag::BagCheck;
pub use ledger::{LedgerRow, HEADERS as LEDGER_HEADERS};
pub use week::IsoWeek;

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::NewExport;
pub use crate::catalog::{ExportRow, PackageKind};
use crate::error::{Error, Result};
use crate::events::EventSink;
use crate::lang::Lang;
use crate::layout::{safe_component, NameClaims};
use crate::retention::HoldReason;
use crate::view::station_view;
use crate::{Clip, Station};

/// The clips a district request asks for.
#[derive(Debug, Clone)]
pub enum Selection {
    Clips(Vec<i64>),
    Case(String),
}

/// A package written and read back.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportReport {
    /// `week`, `supplement` or `request`.
    pub kind: PackageKind,
    pub week: Option<String>,
    pub name: String,
    pub path: String,
    pub clips: usize,
    pub bytes: u64,
    pub manifest_sha256: String,
    pub check: BagCheck,
}

/// A week: what it holds, what of it has left the station, and in which packages.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekStatus {
    pub week: String,
    pub from: String,
    pub to: String,
    pub clips: u64,
    pub bytes: u64,
    pub exported: u64,
    /// Clips of the week in no package yet.
    pub pending: u64,
    /// The week has ended (in station time): its package is due (art. 18).
    pub complete: bool,
    pub packages: Vec<ExportRow>,
}

/// What a week holds, per officer: the Exports page's preview.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekSummary {
    pub week: String,
    pub from: String,
    pub to: String,
    pub clips: u64,
    pub bytes: u64,
    pub pending: u64,
    pub officers: Vec<OfficerShare>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficerShare {
    pub squad: Option<String>,
    pub officer: Option<String>,
    pub name: Option<String>,
    pub clips: u64,
    pub bytes: u64,
}

impl Station {
    /// Lay the clips out, write the package, read it back, and only then record it.
    fn write_package(
        &self,
        p: Package<'_>,
        clips: &[Clip],
        docks: &[crate::catalog::DockRow],
        audit: &[crate::catalog::AuditEntry],
        into: &Path,
        events: &dyn EventSink,
    ) -> Result<ExportReport> {
        if !into.is_dir() {
            let into = into.display();
            return Err(Error::input(
                format!("{into} 不是文件夹（请选择已挂载的移动硬盘或其中的文件夹）"),
                format!("{into} is not a folder (choose the mounted drive or a folder on it)"),
            ));
        }
        let (rows, payload) = self.lay_out(clips)?;
        let tags = self.tag_files(&rows, docks, audit, &p.identifier)?;
        let mut info = vec![
            ("Source-Organization", self.branch()?),
            ("Bagging-Date", self.today()),
            ("External-Identifier", p.identifier.clone()),
            ("Bag-Group-Identifier", p.group.clone()),
            ("Internal-Sender-Description", p.description.to_string()),
            ("Contact-Name", self.actor()),
        ];
        if let Some(r) = p.reason {
            info.push(("Internal-Sender-Identifier", r.to_string()));
        }
        let (check, manifest) = bag::write(into, &p.name, &payload, &info, &tags, events)?;
        let bytes = payload.iter().map(|x| x.size).sum();
        let report = ExportReport {
            kind: p.kind,
            week: p.week.clone(),
            path: into.join(&p.name).display().to_string(),
            name: p.name.clone(),
            clips: payload.len(),
            bytes,
            manifest_sha256: manifest.clone(),
            check,
        };
        let detail = serde_json::to_string(&report).unwrap_or_default();
        if !report.check.ok {
            self.catalog.audit(
                &self.now_text(),
                &self.actor(),
                AuditAction::Export,
                Some(&p.name),
                "problems",
                Some(&detail),
            )?;
            return Ok(report);
        }
        let clip_paths: Vec<(i64, String)> = clips
            .iter()
            .zip(&payload)
            .map(|(c, x)| (c.id, x.path.clone()))
            .collect();
        self.apply_audited(|| {
            self.catalog.record_export(&NewExport {
                kind: p.kind,
                week: p.week.as_deref(),
                name: &p.name,
                destination: &into.display().to_string(),
                reason: p.reason,
                by: &self.actor(),
                at: &self.now_text(),
                bytes,
                manifest_sha256: &manifest,
                clips: &clip_paths,
            })?;
            self.audit_ok(AuditAction::Export, &p.name, Some(&detail))
        })?;
        Ok(report)
    }

    /// Each clip's place in the package and its row in the ledger.
    fn lay_out(&self, clips: &[Clip]) -> Result<(Vec<LedgerRow>, Vec<bag::Payload>)> {
        let names = self.officer_names()?;
        let retention: HashMap<i64, (crate::retention::RetentionState, Vec<String>)> = self
            .retention()
            .status(None)?
            .into_iter()
            .map(|s| (s.id, (s.state, s.hold_reasons)))
            .collect();
        let mut claims = NameClaims::default();
        let mut payload = Vec::new();
        let mut rows = Vec::new();
        for c in clips {
            let path = self.payload_path(c, &names, &mut claims);
            let (state, holds) = retention
                .get(&c.id)
                .cloned()
                .unwrap_or((crate::retention::RetentionState::Minimum, Vec::new()));
            rows.push(LedgerRow {
                squad: c.squad.clone().unwrap_or_default(),
                officer: c.officer.clone().unwrap_or_default(),
                officer_name: c
                    .officer
                    .as_ref()
                    .and_then(|o| names.get(o).cloned())
                    .unwrap_or_default(),
                recorded: self.local_clip_time(c),
                duration_s: c.duration_s,
                kind: c.kind.label(Lang::Zh),
                device: c.device.clone(),
                case_number: c.case_number.clone().unwrap_or_default(),
                cause: c.cause.clone().unwrap_or_default(),
                party: c.party.clone().unwrap_or_default(),
                important: c.important,
                holds: holds
                    .iter()
                    .filter_map(|h| HoldReason::from_code(h))
                    .map(|h| h.label(Lang::Zh))
                    .collect::<Vec<_>>()
                    .join("；"),
                retention: state.label(Lang::Zh),
                sha256: c.sha256.clone(),
                path: format!("data/{path}"),
            });
            payload.push(bag::Payload {
                source: c.path.clone().into(),
                path,
                sha256: c.sha256.clone(),
                sm3: c.sm3.clone(),
                size: c.size,
            });
        }
        Ok((rows, payload))
    }

    /// The package's tag files: the ledger (XLSX and CSV), the docking record, the audit rows
    /// and the audit head at export time.
    fn tag_files(
        &self,
        rows: &[LedgerRow],
        docks: &[crate::catalog::DockRow],
        audit: &[crate::catalog::AuditEntry],
        identifier: &str,
    ) -> Result<Vec<bag::Tag>> {
        let head = self.catalog.audit_head()?.unwrap_or_default();
        let audit_lines: String = audit
            .iter()
            .filter_map(|a| serde_json::to_string(a).ok())
            .map(|l| l + "\n")
            .collect();
        let head_text = format!(
            "审计日志导出时末条哈希 Audit log head at export time: {head}\n导出时间 Exported at: {}\n",
            self.now_text()
        );
        Ok(vec![
            bag::Tag {
                name: "ledger.xlsx",
                bytes: ledger::xlsx(rows, identifier)?,
            },
            bag::Tag {
                name: "ledger.csv",
                bytes: ledger::csv(rows),
            },
            bag::Tag {
                name: "docks.csv",
                bytes: docks_csv(docks),
            },
            bag::Tag {
                name: "audit.jsonl",
                bytes: audit_lines.into_bytes(),
            },
            bag::Tag {
                name: "audit-head.txt",
                bytes: head_text.into_bytes(),
            },
        ])
    }

    /// `<squad>/<officer> <name>/<YYYY-MM-DD>/<original file name>`, safe for Windows and
    /// FAT; a second file of the same name (in any letter case) gets ` (2)` before its
    /// extension.
    fn payload_path(
        &self,
        c: &Clip,
        names: &HashMap<String, String>,
        claims: &mut NameClaims,
    ) -> String {
        let officer = match (&c.officer, c.officer.as_ref().and_then(|o| names.get(o))) {
            (Some(o), Some(n)) => format!("{o} {n}"),
            (Some(o), None) => o.clone(),
            (None, _) => "未知人员".to_string(),
        };
        let day = self.local_clip_time(c).get(..10).unwrap_or("").to_string();
        let file = c.source_path.rsplit('/').next().unwrap_or(&c.source_path);
        let dir = format!(
            "{}/{}/{}",
            safe_component(c.squad.as_deref().unwrap_or("未分中队")),
            safe_component(&officer),
            safe_component(if day.is_empty() { "未知日期" } else { &day })
        );
        claims.claim(&format!("{dir}/{}", safe_component(file)))
    }

    /// A clip's recording time (its ingest time where unknown) in station time.
    fn local_clip_time(&self, c: &Clip) -> String {
        let t = c.recorded_at.as_deref().unwrap_or(&c.ingested_at);
        DateTime::parse_from_rfc3339(t)
            .map(|t| self.local_time(t.with_timezone(&Utc)))
            .unwrap_or_else(|_| t.to_string())
    }

    fn local_time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.time_zone())
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    fn branch(&self) -> Result<String> {
        Ok(self
            .setting("branch")?
            .filter(|b| !b.trim().is_empty())
            .unwrap_or_else(|| "分局".to_string()))
    }
}

/// What a package is, before it is written.
struct Package<'a> {
    kind: PackageKind,
    week: Option<String>,
    name: String,
    identifier: String,
    group: String,
    description: &'a str,
    reason: Option<&'a str>,
}

fn docks_csv(docks: &[crate::catalog::DockRow]) -> Vec<u8> {
    const HEADERS: [&str; 13] = [
        "接入编号",
        "设备",
        "挂载位置",
        "开始",
        "结束",
        "状态",
        "发现",
        "入库",
        "跳过",
        "失败",
        "字节",
        "记录仪剩余空间",
        "标记",
    ];
    let mut sorted: Vec<&crate::catalog::DockRow> = docks.iter().collect();
    sorted.sort_by_key(|d| d.id);
    let rows = sorted.into_iter().map(|d| {
        let flags: BTreeSet<&str> = d.flags.iter().map(|f| f.code()).collect();
        vec![
            d.id.to_string(),
            d.device.clone(),
            d.mount.clone(),
            d.started_at.clone(),
            d.finished_at.clone().unwrap_or_default(),
            d.state.to_string(),
            d.found.to_string(),
            d.copied.to_string(),
            d.skipped.to_string(),
            d.failed.to_string(),
            d.bytes.to_string(),
            d.free_bytes.map(|b| b.to_string()).unwrap_or_default(),
            flags.into_iter().collect::<Vec<_>>().join(" "),
        ]
    });
    crate::table::csv(&HEADERS, rows)
}

station_view! {
    /// Packages for the district (art. 5, 18, 20): the weekly aggregation, requests, and checking any copy.
    Exports,
    exports
}

impl Exports<'_> {
    /// The ISO week (station time) a day or time falls in, as the window's week picker asks.
    pub fn week_of(&self, day: &str) -> Result<String> {
        let t = self.parse_time(day)?;
        Ok(IsoWeek::of(t.to_utc(), self.time_zone()).to_string())
    }

    /// The week a custodian exports by default: the last complete one.
    pub fn last_complete_week(&self) -> IsoWeek {
        IsoWeek::of(self.clock.now(), self.time_zone()).previous()
    }

    /// Which package of `week` is due and what it holds: the whole week the first time (or
    /// `again`), else a supplement with what was not yet exported; None when nothing is new.
    fn week_payload(
        &self,
        week: IsoWeek,
        all: Vec<i64>,
        base: String,
        again: bool,
    ) -> Result<Option<(PackageKind, String, Vec<i64>)>> {
        let done: HashSet<i64> = self
            .catalog
            .clips_exported_for_week(&week.to_string())?
            .into_iter()
            .collect();
        if done.is_empty() || again {
            return Ok(Some((PackageKind::Week, base, all)));
        }
        let pending: Vec<i64> = all.into_iter().filter(|c| !done.contains(c)).collect();
        if pending.is_empty() {
            return Ok(None);
        }
        let n = self
            .catalog
            .exports()?
            .iter()
            .filter(|e| {
                e.kind == PackageKind::Supplement && e.week.as_deref() == Some(&week.to_string())
            })
            .count();
        Ok(Some((
            PackageKind::Supplement,
            format!("{base}_补充{:02}", n + 1),
            pending,
        )))
    }

    /// Export `week` into the folder `into`: the whole week the first time, then a
    /// supplementary package with whatever was ingested since; None when nothing is new.
    /// `again` writes the whole week once more (another copy for the district): its payload
    /// manifest is identical to the first package's when nothing was added.
    pub fn week(
        &self,
        week: IsoWeek,
        into: &Path,
        again: bool,
        events: &dyn EventSink,
    ) -> Result<Option<ExportReport>> {
        self.require(Duty::ExportWeek)?;
        let (from, to) = week.span(self.time_zone());
        let all = self
            .catalog
            .clips_recorded_between(from.timestamp(), to.timestamp())?;
        let branch = self.branch()?;
        let base = format!("{}_{week}", safe_component(&branch));
        let Some((kind, name, ids)) = self.week_payload(week, all, base, again)? else {
            return Ok(None);
        };
        if ids.is_empty() {
            return Err(Error::input(
                format!(
                    "{week}（{} – {}）没有记录",
                    self.local_time(from),
                    self.local_time(to)
                ),
                format!(
                    "week {week} ({} – {}) holds no records",
                    self.local_time(from),
                    self.local_time(to)
                ),
            ));
        }
        let docks = self
            .catalog
            .dock_events_in(i64::MAX, Some((from.timestamp(), to.timestamp())))?;
        let audit = self
            .catalog
            .audit_between(from.timestamp(), to.timestamp())?;
        let group = format!("{branch} {week}");
        let report = self.write_package(
            Package {
                kind,
                week: Some(week.to_string()),
                name,
                identifier: if kind == PackageKind::Week {
                    group.clone()
                } else {
                    format!("{group} 补充")
                },
                group,
                description: "执法记录仪音视频记录周汇总（第十八条） / weekly aggregation of recordings (art. 18)",
                reason: None,
            },
            &self.clips_by_id(ids)?,
            &docks,
            &audit,
            into,
            events,
        )?;
        Ok(Some(report))
    }

    /// A district request (art. 20): the same kind of package for chosen clips or a case.
    /// Until accounts and approvals exist, who asked and why is recorded in the audit log.
    pub fn request(
        &self,
        selection: &Selection,
        into: &Path,
        reason: &str,
        events: &dyn EventSink,
    ) -> Result<ExportReport> {
        if reason.trim().is_empty() {
            return Err(Error::input(
                "报送上级须写明理由（--reason）",
                "a district request needs its reason (--reason)",
            ));
        }
        let clips = self.selected(selection)?;
        if clips.is_empty() {
            return Err(Error::input(
                "申请中没有任何记录",
                "the request names no records",
            ));
        }
        for c in &clips {
            self.access()
                .check(c.id, crate::access::Purpose::District)?;
        }
        let branch = self.branch()?;
        let n = self
            .catalog
            .exports()?
            .iter()
            .filter(|e| e.kind == PackageKind::Request)
            .count();
        let name = format!(
            "{}_调取_{}_{:03}",
            safe_component(&branch),
            self.clock
                .now()
                .with_timezone(&self.time_zone())
                .format("%Y%m%d"),
            n + 1
        );
        let detail = serde_json::json!({
            "reason": reason.trim(),
            "clips": clips.iter().map(|c| c.id).collect::<Vec<_>>(),
            "to": into,
        })
        .to_string();
        self.audit_ok(AuditAction::ExportRequest, &name, Some(&detail))?;
        let (docks, audit) = self.records_of(&clips)?;
        self.write_package(
            Package {
                kind: PackageKind::Request,
                week: None,
                identifier: format!("{branch} {name}"),
                group: format!("{branch} 调取"),
                name,
                description:
                    "区局调取执法记录（第二十条） / district request for records (art. 20)",
                reason: Some(reason.trim()),
            },
            &clips,
            &docks,
            &audit,
            into,
            events,
        )
    }

    /// The clips a request names: chosen ones (each must exist), or a case's.
    fn selected(&self, selection: &Selection) -> Result<Vec<Clip>> {
        Ok(match selection {
            Selection::Clips(ids) => {
                if let Some(missing) = self.catalog.first_missing_clip(ids)? {
                    return Err(Error::NotFound {
                        what: crate::error::Object::Clip,
                        name: missing.to_string(),
                    });
                }
                self.clips_by_id(ids.clone())?
            }
            Selection::Case(case) => self.clips().list(&crate::ClipQuery {
                case_number: Some(case.trim().to_string()),
                ..Default::default()
            })?,
        })
    }

    /// The dockings that brought these clips and every audit row about them, oldest first.
    fn records_of(
        &self,
        clips: &[Clip],
    ) -> Result<(
        Vec<crate::catalog::DockRow>,
        Vec<crate::catalog::AuditEntry>,
    )> {
        let dock_ids: HashSet<i64> = clips.iter().filter_map(|c| c.dock_event_id).collect();
        let docks: Vec<_> = self
            .catalog
            .dock_events(i64::MAX)?
            .into_iter()
            .filter(|d| dock_ids.contains(&d.id))
            .collect();
        let mut audit = Vec::new();
        for c in clips {
            audit.extend(
                self.catalog
                    .audit_entries(Some(&c.id.to_string()), 10_000)?,
            );
        }
        audit.sort_by_key(|a| a.id);
        Ok((docks, audit))
    }

    /// Every week that holds clips, newest first, with its packages and what is not yet out.
    pub fn status(&self) -> Result<Vec<WeekStatus>> {
        let exported = self.catalog.clips_in_week_packages()?;
        let tz = self.time_zone();
        let mut weeks: BTreeMap<IsoWeek, (u64, u64, u64)> = BTreeMap::new();
        for (id, at, size) in self.catalog.clip_times()? {
            let t = DateTime::from_timestamp(at, 0).unwrap_or_default();
            let w = weeks.entry(IsoWeek::of(t, tz)).or_default();
            w.0 += 1;
            w.1 += size;
            w.2 += u64::from(exported.contains(&id));
        }
        let packages = self.catalog.exports()?;
        Ok(weeks
            .into_iter()
            .rev()
            .map(|(week, (clips, bytes, done))| {
                let (from, to) = week.span(tz);
                let name = week.to_string();
                WeekStatus {
                    packages: packages
                        .iter()
                        .filter(|p| p.week.as_deref() == Some(&name))
                        .cloned()
                        .collect(),
                    week: name,
                    from: from.to_rfc3339(),
                    to: to.to_rfc3339(),
                    clips,
                    bytes,
                    exported: done,
                    pending: clips - done,
                    complete: to <= self.now(),
                }
            })
            .collect())
    }

    /// The ledger of `week` as its package lists it (every clip recorded in the week), and
    /// the bytes they hold.
    pub(crate) fn ledger_rows(&self, week: IsoWeek) -> Result<(Vec<LedgerRow>, u64)> {
        self.require(Duty::ExportWeek)?;
        let (from, to) = week.span(self.time_zone());
        let ids = self
            .catalog
            .clips_recorded_between(from.timestamp(), to.timestamp())?;
        let clips = self.clips_by_id(ids)?;
        let bytes = clips.iter().map(|c| c.size).sum();
        Ok((self.lay_out(&clips)?.0, bytes))
    }

    /// What `week` holds, per officer.
    pub fn week_summary(&self, week: IsoWeek) -> Result<WeekSummary> {
        let (from, to) = week.span(self.time_zone());
        let ids = self
            .catalog
            .clips_recorded_between(from.timestamp(), to.timestamp())?;
        let done: HashSet<i64> = self
            .catalog
            .clips_exported_for_week(&week.to_string())?
            .into_iter()
            .collect();
        let names = self.officer_names()?;
        let clips = self.clips_by_id(ids)?;
        let mut shares: BTreeMap<(Option<String>, Option<String>), (u64, u64)> = BTreeMap::new();
        for c in &clips {
            let s = shares
                .entry((c.squad.clone(), c.officer.clone()))
                .or_default();
            s.0 += 1;
            s.1 += c.size;
        }
        Ok(WeekSummary {
            week: week.to_string(),
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            clips: clips.len() as u64,
            bytes: clips.iter().map(|c| c.size).sum(),
            pending: clips.iter().filter(|c| !done.contains(&c.id)).count() as u64,
            officers: shares
                .into_iter()
                .map(|((squad, officer), (clips, bytes))| OfficerShare {
                    name: officer.as_ref().and_then(|o| names.get(o).cloned()),
                    squad,
                    officer,
                    clips,
                    bytes,
                })
                .collect(),
        })
    }

    pub fn list(&self) -> Result<Vec<ExportRow>> {
        self.catalog.exports()
    }

    /// Check a package again (where it was written, or a copy of it anywhere): every file
    /// against its manifest. A package the station wrote gets the result in its register entry.
    pub fn verify(&self, bag: &Path, events: &dyn EventSink) -> Result<BagCheck> {
        let name = bag
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if !bag.join("bagit.txt").is_file() {
            return Err(Error::input(
                format!("{} 不是 BagIt 导出包（没有 bagit.txt）", bag.display()),
                format!("{} is not a BagIt package (no bagit.txt)", bag.display()),
            ));
        }
        let check = bag::validate(bag, &name, events)?;
        let manifest = crate::fixity::sha256_on_disk(&bag.join("manifest-sha256.txt"));
        let known = self
            .catalog
            .exports()?
            .into_iter()
            .find(|e| e.name == name && Some(&e.manifest_sha256) == manifest.as_ref());
        let detail = serde_json::to_string(&check).unwrap_or_default();
        self.apply_audited(|| {
            if let Some(e) = &known {
                self.catalog
                    .mark_export_checked(e.id, check.ok, &self.now_text())?;
            }
            self.catalog.audit(
                &self.now_text(),
                &self.actor(),
                AuditAction::VerifyExport,
                Some(&bag.display().to_string()),
                if check.ok { "ok" } else { "problems" },
                Some(&detail),
            )
        })?;
        Ok(check)
    }
}
