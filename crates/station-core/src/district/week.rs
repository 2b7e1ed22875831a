//! The district's week over all its branches, from the store alone: each branch's catalog is
//! rebuilt from the journal it pushed (the same replay a station's own rebuild runs), and the
//! week's figures are counted on it the way the branch counts its own dashboard.
//!
//! ```text
//!  list <branch>/journal/… in the store ─► each journal file's segments, in order, end to end
//!        │                                  (a segment missing in the middle: what follows is
//!        ▼                                   not used, and the branch is marked incomplete)
//!  replay them into a scratch catalog ─► per officer: clips recorded in the week, video hours,
//!        │                               the late dockings that stored them, unexplained
//!        │                               gaps in the activities they took part in
//!        ▼
//!  each branch: complete (its journal reaches past the week's end), incomplete, or missing
//!  (it sent nothing recorded that week) ─► one row each; one XLSX for the district
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use station_district::Version;

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::cases::activity_coverage;
use crate::catalog::{journal_lines, Catalog};
use crate::closed_set::closed_set;
use crate::dock::DockFlag;
use crate::error::{Error, Result};
use crate::export::IsoWeek;
use crate::settings::Settings;
use crate::Lang;
use crate::Station;

use super::console::{branch_and_kind, Reach};

closed_set! {
    /// Whether a branch's week has reached the district.
    pub enum BranchWeekState as ("报送情况", "state") {
        Complete = "complete" ("已报齐", "complete"),
        Incomplete = "incomplete" ("未报齐（日志未到周末）", "incomplete (its journal stops before the week ends)"),
        Missing = "missing" ("本周无报送", "nothing sent for the week"),
    }
}

/// One officer's week at one branch.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficerWeek {
    pub squad: Option<String>,
    /// The officer's number (警号); `None`: clips no officer is labelled on.
    pub officer: Option<String>,
    pub name: Option<String>,
    pub clips: u64,
    pub video_hours: f64,
    /// Dockings in the week flagged as late storage that carried this officer's clips.
    pub late_dockings: u64,
    /// Unexplained gaps in the week's activities this officer took part in.
    pub unexplained_gaps: u64,
}

/// One branch's week, as the district reads it from the store.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BranchWeek {
    pub branch: String,
    pub state: BranchWeekState,
    pub clips: u64,
    pub video_hours: f64,
    pub late_dockings: u64,
    pub unexplained_gaps: u64,
    /// The newest journal line the district holds (RFC 3339).
    pub journal_until: Option<String>,
    /// What could not be read or replayed, for a person.
    pub problems: Vec<String>,
    pub officers: Vec<OfficerWeek>,
}

/// The district's week.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictWeek {
    pub week: String,
    /// `2026年第49周（11月30日–12月6日）`.
    pub words: String,
    pub branches: Vec<BranchWeek>,
    /// Branches that sent nothing for the week, or not all of it.
    pub missing: Vec<String>,
    /// The workbook written, when one was.
    pub file: Option<String>,
}

impl Station {
    /// Every branch's figures for `week`, from the store.
    pub fn district_week(&self, week: IsoWeek) -> Result<DistrictWeek> {
        self.require(Duty::ReadRecords)?;
        let (reach, versions) = self.district_listing(None)?;
        let mut by_branch: BTreeMap<&str, Vec<&Version>> = BTreeMap::new();
        for v in versions.iter().filter(|v| v.latest) {
            if let Some((b, kind)) = branch_and_kind(&v.key) {
                let segments = by_branch.entry(b).or_default();
                if kind == "journal" {
                    segments.push(v);
                }
            }
        }
        let scratch = self.library.staging_area("district-week")?;
        let mut branches = Vec::new();
        for (branch, segments) in by_branch {
            let dir = scratch.dir().join(crate::layout::safe_component(branch));
            let figures = self.branch_week(&reach, branch, &segments, &dir, week);
            // The scratch copy is the station's own; the store keeps the journal.
            let _ = std::fs::remove_dir_all(&dir);
            branches.push(figures?);
        }
        let missing = branches
            .iter()
            .filter(|b| b.state != BranchWeekState::Complete)
            .map(|b| b.branch.clone())
            .collect();
        Ok(DistrictWeek {
            week: week.to_string(),
            words: week.words(self.lang()),
            branches,
            missing,
            file: None,
        })
    }

    /// The same as one XLSX in `dir` (区局周汇总-<week>.xlsx), recorded in the audit log.
    pub fn write_district_week(&self, week: IsoWeek, dir: &Path) -> Result<DistrictWeek> {
        let mut summary = self.district_week(week)?;
        let book = workbook(&summary).map_err(|e| {
            Error::state(
                format!("写入区局周汇总时出错：{e}"),
                format!("district week: {e}"),
            )
        })?;
        // A folder typed that is not there yet is made, as for the weekly export.
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        let to = dir.join(format!("区局周汇总-{week}.xlsx"));
        crate::destination::write_new(&to, &book)?;
        let detail = serde_json::json!({
            "to": to, "branches": summary.branches.len(), "missing": summary.missing,
        });
        self.audit_ok(
            AuditAction::DistrictWeek,
            &week.to_string(),
            Some(&detail.to_string()),
        )?;
        summary.file = Some(to.to_string_lossy().into_owned());
        Ok(summary)
    }

    /// Rebuild one branch's catalog from its journal in the store, and count its week.
    fn branch_week(
        &self,
        reach: &Reach,
        branch: &str,
        segments: &[&Version],
        dir: &Path,
        week: IsoWeek,
    ) -> Result<BranchWeek> {
        let mut problems = Vec::new();
        let journal = dir.join("journal");
        std::fs::create_dir_all(&journal).map_err(|e| Error::io("create", &journal, e))?;
        let mut files_until: Option<String> = None;
        for (file, body) in journal_files(reach, segments, self.lang(), &mut problems)? {
            let newest = journal_lines(&body).0.last().map(|l| l.body.time.clone());
            files_until = files_until.max(newest);
            let path = journal.join(&file);
            std::fs::write(&path, body).map_err(|e| Error::io("write", &path, e))?;
        }
        let catalog = Catalog::open_for_replay(&dir.join("catalog.sqlite"))?;
        let replay = catalog.replay_journal(&journal)?;
        problems.extend(replay.problems);
        let (from, to) = week.span(self.time_zone());
        let settings = Settings::from_values(&catalog.settings()?, self.time_zone())?;
        let (officers, late_dockings) =
            officer_weeks(&catalog, (from.timestamp(), to.timestamp()), &settings)?;
        let clips: u64 = officers.iter().map(|o| o.clips).sum();
        let reached = files_until
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .is_some_and(|t| t >= to);
        Ok(BranchWeek {
            branch: branch.to_string(),
            state: match (clips, reached && problems.is_empty()) {
                (0, _) => BranchWeekState::Missing,
                (_, true) => BranchWeekState::Complete,
                (_, false) => BranchWeekState::Incomplete,
            },
            clips,
            video_hours: officers.iter().map(|o| o.video_hours).sum(),
            late_dockings,
            unexplained_gaps: officers.iter().map(|o| o.unexplained_gaps).sum(),
            journal_until: files_until,
            problems,
            officers,
        })
    }
}

/// Each journal file of a branch as the store holds it: its segments end to end, in order of
/// offset, stopping at the first that does not begin where the last ended.
fn journal_files(
    reach: &Reach,
    segments: &[&Version],
    lang: Lang,
    problems: &mut Vec<String>,
) -> Result<BTreeMap<String, Vec<u8>>> {
    // `<branch>/journal/<file stem>/<offset:012>.jsonl`
    let mut by_file: BTreeMap<String, BTreeMap<u64, &Version>> = BTreeMap::new();
    for v in segments {
        let mut parts = v.key.rsplitn(3, '/');
        let (Some(offset), Some(stem)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let Ok(offset) = offset.trim_end_matches(".jsonl").parse::<u64>() {
            let file = format!("{stem}.jsonl");
            by_file.entry(file).or_default().insert(offset, v);
        }
    }
    let mut files = BTreeMap::new();
    for (file, pieces) in by_file {
        let mut body = Vec::new();
        for (offset, v) in pieces {
            if offset != body.len() as u64 {
                let at = body.len();
                problems.push(lang.pick(
                    format!("{file}：区局存储缺少第 {at} 字节起的日志段"),
                    format!("{file}: the store lacks the segment from byte {at}"),
                ));
                break;
            }
            let bytes = reach
                .store
                .get_bytes(&v.key, &v.version_id)
                .map_err(|e| reach.failed(e))?;
            body.extend_from_slice(&bytes);
        }
        files.insert(file, body);
    }
    Ok(files)
}

/// Per squad and officer: clips recorded in `span`, video hours, the late dockings that stored
/// them, unexplained gaps in the activities of `span` they took part in; and the late dockings
/// of the week over all officers (one docking may carry several officers' clips).
fn officer_weeks(
    catalog: &Catalog,
    (from, to): (i64, i64),
    settings: &Settings,
) -> Result<(Vec<OfficerWeek>, u64)> {
    let names: Names = catalog
        .officers()?
        .into_iter()
        .map(|o| (o.number, (o.name, o.squad)))
        .collect();
    let mut rows: Rows = BTreeMap::new();
    // A late docking counts for the week whose recordings it stored late, whenever it was.
    let late: HashSet<i64> = catalog
        .dock_events_in(i64::MAX, None)?
        .into_iter()
        .filter(|d| d.flags.contains(&DockFlag::LateStorage))
        .map(|d| d.id)
        .collect();
    let mut late_by: BTreeMap<Option<String>, HashSet<i64>> = BTreeMap::new();
    for c in catalog.clip_facts()? {
        if c.recorded < from || c.recorded >= to {
            continue;
        }
        if let Some(dock) = c.dock.filter(|d| late.contains(d)) {
            late_by.entry(c.officer.clone()).or_default().insert(dock);
        }
        let r = row(&mut rows, &names, c.officer, c.squad);
        r.clips += 1;
        if c.kind == "video" {
            r.video_hours += c.duration_s.unwrap_or(0.0) / 3600.0;
        }
    }
    let all_late: HashSet<i64> = late_by.values().flatten().copied().collect();
    for (officer, docks) in late_by {
        row(&mut rows, &names, officer, None).late_dockings = docks.len() as u64;
    }
    for a in catalog.activities()? {
        if a.start_unix < from || a.start_unix >= to {
            continue;
        }
        let gaps = activity_coverage(catalog, &a, settings)?
            .gaps
            .iter()
            .filter(|g| !g.explained)
            .count() as u64;
        for officer in &a.officers {
            row(&mut rows, &names, Some(officer.clone()), None).unexplained_gaps += gaps;
        }
    }
    Ok((rows.into_values().collect(), all_late.len() as u64))
}

/// Officer number → (name, squad), as the branch registered them.
type Names = HashMap<String, (Option<String>, Option<String>)>;
type Rows = BTreeMap<Option<String>, OfficerWeek>;

/// The officer's row, made with their registered name and squad the first time.
fn row<'a>(
    rows: &'a mut Rows,
    names: &Names,
    officer: Option<String>,
    squad: Option<String>,
) -> &'a mut OfficerWeek {
    rows.entry(officer.clone()).or_insert_with(|| {
        let (name, registered) = officer
            .as_ref()
            .and_then(|o| names.get(o).cloned())
            .unwrap_or_default();
        OfficerWeek {
            squad: registered.or(squad),
            officer,
            name,
            ..OfficerWeek::default()
        }
    })
}

/// 分局汇总 (one row per branch) and 民警明细 (one per officer), the missing branches marked.
fn workbook(w: &DistrictWeek) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let hours = Format::new().set_num_format("0.00");
    let sheet = book.add_worksheet();
    sheet.set_name("分局汇总")?;
    sheet.write_with_format(0, 0, format!("区局周汇总 {}", w.words), &bold)?;
    let heads = [
        "分局",
        "报送情况",
        "录像条数",
        "录像时长（小时）",
        "逾期存储接入",
        "未说明中断",
        "日志截至",
        "问题",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, b) in w.branches.iter().enumerate() {
        let r = i as u32 + 3;
        sheet.write_string(r, 0, &b.branch)?;
        sheet.write_string(r, 1, b.state.label(crate::lang::Lang::Zh))?;
        sheet.write_number(r, 2, b.clips as f64)?;
        sheet.write_number_with_format(r, 3, b.video_hours, &hours)?;
        sheet.write_number(r, 4, b.late_dockings as f64)?;
        sheet.write_number(r, 5, b.unexplained_gaps as f64)?;
        sheet.write_string(r, 6, b.journal_until.as_deref().unwrap_or(""))?;
        sheet.write_string(r, 7, b.problems.join("；"))?;
    }
    let people = book.add_worksheet();
    people.set_name("民警明细")?;
    let heads = [
        "分局",
        "中队",
        "警号",
        "姓名",
        "录像条数",
        "录像时长（小时）",
        "逾期存储接入",
        "未说明中断",
    ];
    for (c, h) in heads.iter().enumerate() {
        people.write_with_format(0, c as u16, *h, &bold)?;
    }
    let rows = w
        .branches
        .iter()
        .flat_map(|b| b.officers.iter().map(move |o| (b, o)));
    for (i, (b, o)) in rows.enumerate() {
        let r = i as u32 + 1;
        people.write_string(r, 0, &b.branch)?;
        people.write_string(r, 1, o.squad.as_deref().unwrap_or(""))?;
        people.write_string(r, 2, o.officer.as_deref().unwrap_or("（未标注）"))?;
        people.write_string(r, 3, o.name.as_deref().unwrap_or(""))?;
        people.write_number(r, 4, o.clips as f64)?;
        people.write_number_with_format(r, 5, o.video_hours, &hours)?;
        people.write_number(r, 6, o.late_dockings as f64)?;
        people.write_number(r, 7, o.unexplained_gaps as f64)?;
    }
    book.save_to_buffer()
}
