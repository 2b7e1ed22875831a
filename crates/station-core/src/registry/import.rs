//! Importing squads, officers and recorders from the template (art. 4, 17): every row is
//! checked against the file and the registry first and reported with its problem; only a file
//! without a single problem is saved, in one transaction, through the same audited changes as
//! a registration by hand. Importing the same file twice changes nothing.

use std::collections::HashMap;
use std::path::Path;

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::{DeviceRow, OfficerRow};
use crate::closed_set::closed_set;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::registry::sheet::{self, Table, COLUMNS};
use crate::registry::{DeviceRegistration, Registry};

closed_set! {
    /// What importing a row does (or would do) to the registry.
    pub enum ImportOutcome as ("导入结果", "import outcome") {
        Added = "added" ("新增", "added"),
        Updated = "updated" ("更新", "updated"),
        Unchanged = "unchanged" ("无变化", "unchanged"),
        Error = "error" ("有错误", "error"),
    }
}

/// A row's problem: where it is (spreadsheet row, column header) and what to do about it.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProblem {
    pub row: usize,
    pub column: String,
    /// In the station's language.
    pub message: String,
}

/// One row as read, and its outcome.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportRow {
    pub row: usize,
    pub squad: String,
    pub officer: String,
    pub name: String,
    pub serial: String,
    pub model: String,
    pub outcome: ImportOutcome,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<ImportProblem>,
    /// Every row with what it does, for the preview.
    pub preview: Vec<ImportRow>,
    /// Whether the registry was changed (never with a problem, never on a dry run).
    pub saved: bool,
}

/// What the registry holds now, as far as a row can change it.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub squads: Vec<String>,
    pub officers: Vec<OfficerRow>,
    pub devices: Vec<DeviceRow>,
}

/// The changes one good row makes, in the order they are applied.
#[derive(Debug, Default, Clone, PartialEq)]
struct Changes {
    squad: bool,
    officer: Option<Change>,
    device: Option<Change>,
    /// The recorder's holder differs from its current one.
    reassign: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Change {
    Add,
    Update,
}

/// Check every row and say what it would do; pure: the registry comes in as `known`.
fn plan(table: &Table, known: &Known, lang: Lang) -> (ImportReport, Vec<(usize, Changes)>) {
    let mut state = State::new(known);
    let mut report = ImportReport {
        rows: table.rows.len(),
        added: 0,
        updated: 0,
        unchanged: 0,
        errors: Vec::new(),
        preview: Vec::new(),
        saved: false,
    };
    let mut changes = Vec::new();
    for (index, (number, cells)) in table.rows.iter().enumerate() {
        let problems = state.check(*number, cells, &table.numeric, lang);
        let outcome = if problems.is_empty() {
            let c = state.apply(*number, cells);
            let outcome = c.outcome();
            if outcome != ImportOutcome::Unchanged {
                changes.push((index, c));
            }
            outcome
        } else {
            report.errors.extend(problems);
            ImportOutcome::Error
        };
        match outcome {
            ImportOutcome::Added => report.added += 1,
            ImportOutcome::Updated => report.updated += 1,
            ImportOutcome::Unchanged => report.unchanged += 1,
            ImportOutcome::Error => {}
        }
        let [squad, officer, name, serial, model] = cells.clone();
        report.preview.push(ImportRow {
            row: *number,
            squad,
            officer,
            name,
            serial: serial.to_ascii_uppercase(),
            model,
            outcome,
        });
    }
    (report, changes)
}

impl Changes {
    fn outcome(&self) -> ImportOutcome {
        let parts = [self.squad.then_some(Change::Add), self.officer, self.device];
        if parts.contains(&Some(Change::Add)) {
            ImportOutcome::Added
        } else if parts.contains(&Some(Change::Update)) {
            ImportOutcome::Updated
        } else {
            ImportOutcome::Unchanged
        }
    }
}

/// The registry as the rows so far would leave it, so a later row is judged against the
/// earlier ones (the second row naming a squad does not add it again; a conflict is caught).
struct State {
    squads: Vec<String>,
    /// number → (name, squad, first row of the file that named it)
    officers: HashMap<String, OfficerState>,
    /// serial → (model, squad, holder, registered, row of the file that set it)
    devices: HashMap<String, DeviceState>,
}

type OfficerState = (Option<String>, Option<String>, Option<usize>);

#[derive(Clone)]
struct DeviceState {
    model: Option<String>,
    squad: Option<String>,
    holder: Option<String>,
    registered: bool,
    row: Option<usize>,
}

fn given(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

impl State {
    fn new(known: &Known) -> State {
        State {
            squads: known.squads.clone(),
            officers: known
                .officers
                .iter()
                .map(|o| (o.number.clone(), (o.name.clone(), o.squad.clone(), None)))
                .collect(),
            devices: known
                .devices
                .iter()
                .map(|d| {
                    let state = DeviceState {
                        model: d.model.clone(),
                        squad: d.squad.clone(),
                        holder: d.officer.clone(),
                        registered: d.registered,
                        row: None,
                    };
                    (d.serial.clone(), state)
                })
                .collect(),
        }
    }

    /// Every problem of one row; none means it can be applied.
    fn check(
        &self,
        row: usize,
        cells: &[String; 5],
        numeric: &[(usize, usize)],
        lang: Lang,
    ) -> Vec<ImportProblem> {
        let mut out = Vec::new();
        let mut say = |column: usize, zh: String, en: String| {
            out.push(ImportProblem {
                row,
                column: COLUMNS[column].0.to_string(),
                message: lang.pick(&zh, &en).to_string(),
            })
        };
        let [_, number, name, serial, model] = cells;
        for (c, v) in cells.iter().enumerate() {
            if v.chars().count() > 64 || v.chars().any(char::is_control) {
                say(
                    c,
                    "内容过长或含控制字符（最多 64 个字）".into(),
                    "too long or has control characters (at most 64)".into(),
                );
            }
        }
        for (c, v) in [(1, number), (3, serial)] {
            if v.chars().any(char::is_whitespace) {
                say(
                    c,
                    format!("“{v}”中有空格"),
                    format!("“{v}” contains a space"),
                );
            }
        }
        if number.is_empty() && !name.is_empty() {
            say(
                1,
                "填写了姓名却没有警号".into(),
                "a name without an officer number".into(),
            );
        }
        if serial.is_empty() && !model.is_empty() {
            say(
                3,
                "填写了型号却没有记录仪序列号".into(),
                "a model without a serial".into(),
            );
        }
        if let Some(problem) = self.lost_zero(row, number, numeric) {
            say(1, problem.0, problem.1);
        }
        self.conflicts(cells, &mut say);
        out
    }

    /// "80001" typed as a number where the registry knows "080001".
    fn lost_zero(
        &self,
        row: usize,
        number: &str,
        numeric: &[(usize, usize)],
    ) -> Option<(String, String)> {
        if !numeric.contains(&(row, 1)) {
            return None;
        }
        let known = self
            .officers
            .keys()
            .find(|k| *k != number && k.trim_start_matches('0') == number)?;
        Some((
            format!("警号 {number} 是数字格式，可能丢了开头的 0（已登记 {known}）；请把该列设为文本后重填"),
            format!("officer number {number} is a number cell and may have lost its leading zero ({known} is registered); make the column text and retype it"),
        ))
    }

    /// A row that contradicts an earlier row of the same file.
    fn conflicts(&self, cells: &[String; 5], say: &mut impl FnMut(usize, String, String)) {
        let [squad, number, name, serial, model] = cells;
        if let Some((n, s, Some(at))) = self.officers.get(number.as_str()) {
            let differs = |mine: &str, theirs: &Option<String>| {
                !mine.is_empty() && theirs.as_deref().is_some_and(|t| t != mine)
            };
            if differs(name, n) || differs(squad, s) {
                say(
                    1,
                    format!("与第 {at} 行的警号 {number} 不一致"),
                    format!("disagrees with row {at} on officer {number}"),
                );
            }
        }
        let serial = serial.to_ascii_uppercase();
        if let Some(d) = self.devices.get(&serial).filter(|d| d.row.is_some()) {
            let at = d.row.unwrap_or_default();
            let differs = |mine: &str, theirs: &Option<String>| {
                !mine.is_empty() && theirs.as_deref() != Some(mine)
            };
            if differs(number, &d.holder) || differs(model, &d.model) || differs(squad, &d.squad) {
                say(
                    3,
                    format!("与第 {at} 行的记录仪 {serial} 不一致"),
                    format!("disagrees with row {at} on recorder {serial}"),
                );
            }
        }
    }

    /// Record a good row's effect and say what it changes.
    fn apply(&mut self, row: usize, cells: &[String; 5]) -> Changes {
        let [squad, number, name, serial, model] = cells;
        let mut c = Changes::default();
        if !squad.is_empty() && !self.squads.contains(squad) {
            self.squads.push(squad.clone());
            c.squad = true;
        }
        if !number.is_empty() {
            let was = self.officers.get(number.as_str()).cloned();
            let (name_was, squad_was) = was.clone().map(|e| (e.0, e.1)).unwrap_or_default();
            let name_now = given(name).or(name_was.clone());
            let squad_now = given(squad).or(squad_was.clone());
            c.officer = match &was {
                None => Some(Change::Add),
                Some(_) if (&name_now, &squad_now) != (&name_was, &squad_was) => {
                    Some(Change::Update)
                }
                Some(_) => None,
            };
            let first = was.and_then(|e| e.2).unwrap_or(row);
            self.officers
                .insert(number.clone(), (name_now, squad_now, Some(first)));
        }
        if !serial.is_empty() {
            let serial = serial.to_ascii_uppercase();
            let (change, reassign) = self.apply_device(row, &serial, squad, number, model);
            (c.device, c.reassign) = (change, reassign);
        }
        c
    }

    /// The recorder's change, and whether its holder changes.
    fn apply_device(
        &mut self,
        row: usize,
        serial: &str,
        squad: &str,
        holder: &str,
        model: &str,
    ) -> (Option<Change>, bool) {
        let was = self.devices.get(serial).cloned();
        let old = |f: fn(&DeviceState) -> Option<String>| was.as_ref().and_then(f);
        let now = DeviceState {
            model: given(model).or(old(|d| d.model.clone())),
            squad: given(squad).or(old(|d| d.squad.clone())),
            holder: given(holder).or(old(|d| d.holder.clone())),
            registered: true,
            row: Some(was.as_ref().and_then(|d| d.row).unwrap_or(row)),
        };
        let reassign = !holder.is_empty() && old(|d| d.holder.clone()).as_deref() != Some(holder);
        let change = match &was {
            None => Some(Change::Add),
            Some(d) if !d.registered => Some(Change::Add),
            Some(d) if (&d.model, &d.squad, &d.holder) != (&now.model, &now.squad, &now.holder) => {
                Some(Change::Update)
            }
            Some(_) => None,
        };
        self.devices.insert(serial.to_string(), now);
        (change, reassign)
    }
}

/// A registry file bigger than this is not a registry (a branch's is a few hundred KB).
const MAX_FILE_BYTES: u64 = 32 << 20;

impl Registry<'_> {
    /// Read a filled template and check every row; unless `dry_run`, save it when no row has
    /// a problem — all rows in one transaction, each change audited as if made by hand.
    pub fn import(&self, file: &Path, dry_run: bool) -> Result<ImportReport> {
        self.require(Duty::Registry)?;
        let table = read_file(file)?;
        if dry_run {
            return Ok(self.judge(&table)?.0);
        }
        // Judged again inside the saving transaction: the registry may have changed since the
        // file was checked (a recorder docked unregistered, another window's edit).
        self.apply_audited(|| {
            let (mut report, changes) = self.judge(&table)?;
            if !report.errors.is_empty() {
                return Ok(report);
            }
            for (index, c) in &changes {
                self.apply_row(&table.rows[*index].1, c)?;
            }
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let detail = serde_json::json!({
                "rows": report.rows, "added": report.added,
                "updated": report.updated, "unchanged": report.unchanged,
            })
            .to_string();
            self.audit_ok(
                AuditAction::ImportRegistry,
                name.as_deref().unwrap_or_default(),
                Some(&detail),
            )?;
            report.saved = true;
            Ok(report)
        })
    }

    /// Every row judged against the registry as it is now.
    fn judge(&self, table: &Table) -> Result<(ImportReport, Vec<(usize, Changes)>)> {
        let known = Known {
            squads: self.catalog.squads()?.into_iter().map(|s| s.name).collect(),
            officers: self.catalog.officers()?,
            devices: self.catalog.devices()?,
        };
        Ok(plan(table, &known, self.lang()))
    }

    fn apply_row(&self, cells: &[String; 5], c: &Changes) -> Result<()> {
        let [squad, number, name, serial, model] = cells;
        if c.squad {
            self.add_squad(squad)?;
        }
        if c.officer.is_some() {
            self.add_officer(number, given(name).as_deref(), given(squad).as_deref())?;
        }
        if c.device.is_some() {
            self.add_device(&DeviceRegistration {
                serial: serial.clone(),
                model: given(model),
                squad: given(squad),
                officer: c.reassign.then(|| number.clone()),
                ..DeviceRegistration::default()
            })?;
        }
        Ok(())
    }
}

/// Write the template to `to`, never over an existing file (a filled registry, say).
pub fn write_template(to: &Path) -> Result<()> {
    crate::destination::create_new(to, &sheet::template()?)
}

fn read_file(file: &Path) -> Result<Table> {
    let unreadable = |e: std::io::Error| {
        Error::input(
            format!("无法读取 {}：{e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        )
    };
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::input(
            format!(
                "{} 有 {} MB，不像名册；请选择用导入模板填写的文件",
                file.display(),
                size >> 20
            ),
            format!(
                "{} is {} MB, not a registry; choose the filled-in import template",
                file.display(),
                size >> 20
            ),
        ));
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    sheet::read(&bytes, &file.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 5]]) -> Table {
        Table {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 2, r.map(str::to_string)))
                .collect(),
            numeric: Vec::new(),
        }
    }

    fn outcomes(r: &ImportReport) -> Vec<ImportOutcome> {
        r.preview.iter().map(|p| p.outcome).collect()
    }

    fn known() -> Known {
        Known {
            squads: vec!["一中队".into()],
            officers: vec![OfficerRow {
                number: "080001".into(),
                name: Some("张三".into()),
                squad: Some("一中队".into()),
            }],
            devices: vec![DeviceRow {
                serial: "A1".into(),
                model: Some("DSJ".into()),
                squad: Some("一中队".into()),
                officer: Some("080001".into()),
                status: crate::catalog::DeviceStatus::InService,
                registered: true,
                volume_label: None,
                volume_uuid: None,
                free_after_ingest: None,
                clips: 0,
            }],
        }
    }

    #[test]
    fn each_row_is_added_updated_or_unchanged_against_the_registry_and_earlier_rows() {
        use ImportOutcome::*;
        let t = table(&[
            ["一中队", "080001", "张三", "", ""],
            ["二中队", "", "", "", ""],
            ["二中队", "080002", "李四", "", ""],
            ["二中队", "", "", "", ""],
            ["一中队", "080001", "张三", "b2", ""],
            ["", "080002", "", "A1", ""],
        ]);
        let (r, changes) = plan(&t, &known(), Lang::Zh);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(
            outcomes(&r),
            [Unchanged, Added, Added, Unchanged, Added, Updated]
        );
        assert_eq!((r.rows, r.added, r.updated, r.unchanged), (6, 3, 1, 2));
        assert_eq!(r.preview[4].serial, "B2", "serials are upper-cased");
        // Only rows that change something are applied; the last hands A1 to 李四.
        assert_eq!(changes.len(), 4);
        let (_, last) = changes.last().expect("changes");
        assert!(last.reassign && last.device == Some(Change::Update));
    }

    #[test]
    fn the_same_file_again_changes_nothing() {
        let t = table(&[
            ["三中队", "080009", "赵六", "C3", "DSJ"],
            ["三中队", "", "", "C4", ""],
        ]);
        let (first, changes) = plan(&t, &known(), Lang::Zh);
        assert_eq!(first.added, 2);
        // The registry as the first import left it.
        let mut after = known();
        after.squads.push("三中队".into());
        after.officers.push(OfficerRow {
            number: "080009".into(),
            name: Some("赵六".into()),
            squad: Some("三中队".into()),
        });
        for (serial, holder, model) in [("C3", Some("080009"), Some("DSJ")), ("C4", None, None)] {
            let mut d = known().devices[0].clone();
            (d.serial, d.officer, d.model) =
                (serial.into(), holder.map(Into::into), model.map(Into::into));
            d.squad = Some("三中队".into());
            after.devices.push(d);
        }
        let (again, changes_again) = plan(&t, &after, Lang::Zh);
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
        assert!(changes_again.is_empty());
        assert_eq!(changes.len(), 2);
    }

    #[test]
    fn rows_that_contradict_earlier_rows_or_are_incomplete_are_errors_with_their_place() {
        let mut t = table(&[
            ["一中队", "080002", "李四", "D1", ""],
            ["二中队", "080002", "李四", "", ""],
            ["", "080003", "", "D1", ""],
            ["", "", "王五", "", "DSJ"],
            ["", "0800 04", "", "", ""],
            ["", "80001", "", "", ""],
        ]);
        t.numeric.push((7, 1));
        let (r, changes) = plan(&t, &known(), Lang::Zh);
        let at: Vec<(usize, &str)> = r
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (3, "警号"),
                (4, "记录仪序列号"),
                (5, "警号"),
                (5, "记录仪序列号"),
                (6, "警号"),
                (7, "警号"),
            ]
        );
        assert!(
            r.errors[0].message.contains("第 2 行"),
            "{}",
            r.errors[0].message
        );
        assert!(
            r.errors[5].message.contains("080001"),
            "{}",
            r.errors[5].message
        );
        assert_eq!(r.preview[0].outcome, ImportOutcome::Added);
        assert_eq!(changes.len(), 1, "only the good row would be applied");
    }
}
