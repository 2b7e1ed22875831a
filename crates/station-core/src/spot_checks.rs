//! The legal-affairs section's random spot checks (art. 6, 22): a sample drawn with a recorded
//! seed, so anyone can draw it again and see it was fair; each item reviewed against what the
//! station knows of it; the inspection ledger (检查台账) with scores per squad and officer.

use std::collections::BTreeMap;
use std::path::Path;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::{ClipFilter, ClipSort, NewSpotCheck};
pub use crate::catalog::{Sample, SpotCheckItem, SpotCheckRow};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::view::station_view;
use crate::Station;

/// What a spot check draws from.
#[derive(Debug, Clone, Default)]
pub struct Draw {
    pub seed: u64,
    pub size: u32,
    pub of_kind: Sample,
    pub squad: Option<String>,
    pub officer: Option<String>,
    /// Unix seconds, `[from, to)`.
    pub from: i64,
    pub to: i64,
}

/// The same population and seed always give the same sample: ChaCha8 seeded with `seed`
/// picks `size` distinct positions from the population sorted by id.
pub fn sample(population: &[i64], seed: u64, size: u32) -> Vec<i64> {
    let mut sorted = population.to_vec();
    sorted.sort_unstable();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = (size as usize).min(sorted.len());
    rand::seq::index::sample(&mut rng, sorted.len(), n)
        .into_iter()
        .map(|i| sorted[i])
        .collect()
}

#[derive(Debug, Clone, Default, Serialize)]
struct Checklist {
    recorded_completely: Option<bool>,
    labels_complete: Option<bool>,
    gaps_explained: Option<bool>,
    stored_on_time: Option<bool>,
    /// A text record: its latest read-back found it whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    document_intact: Option<bool>,
    /// A text record: the case's stage it belongs to is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    stage_named: Option<bool>,
    squad: Option<String>,
    officer: Option<String>,
}

impl Station {
    fn checklist(&self, of_kind: Sample, id: i64) -> Result<Checklist> {
        if of_kind == Sample::Document {
            let d = self
                .catalog
                .documents_added((0, 0), Some(id))?
                .into_iter()
                .find(|d| d.id == id)
                .ok_or_else(|| Error::NotFound {
                    what: crate::error::Object::Document,
                    name: id.to_string(),
                })?;
            return Ok(Checklist {
                document_intact: Some(d.intact),
                stage_named: Some(d.stage_named),
                officer: d.officers.first().cloned(),
                ..Checklist::default()
            });
        }
        if of_kind == Sample::Activity {
            let c = self.activities().coverage(id)?;
            let a = self.catalog.activity(id)?;
            return Ok(Checklist {
                recorded_completely: Some(c.gaps.is_empty() && c.covered_ratio > 0.0),
                labels_complete: None,
                gaps_explained: Some(c.gaps.iter().all(|g| g.explained)),
                stored_on_time: None,
                squad: None,
                officer: a.and_then(|a| a.officers.first().cloned()),
                ..Checklist::default()
            });
        }
        let clip = self.clips().get(id)?;
        let late = match clip.dock_event_id {
            Some(d) => self
                .catalog
                .dock_events(i64::MAX)?
                .into_iter()
                .find(|e| e.id == d)
                .is_some_and(|e| e.flags.contains(&crate::dock::DockFlag::LateStorage)),
            None => false,
        };
        Ok(Checklist {
            recorded_completely: None,
            labels_complete: Some(
                clip.squad.is_some()
                    && clip.officer.is_some()
                    && clip.recorded_at.is_some()
                    && clip.cause.is_some()
                    && clip.party.is_some(),
            ),
            gaps_explained: None,
            stored_on_time: Some(!late),
            squad: clip.squad,
            officer: clip.officer,
            ..Checklist::default()
        })
    }
}

station_view! {
    /// The legal-affairs section's spot checks (art. 22).
    SpotChecks,
    spot_checks
}

impl SpotChecks<'_> {
    pub fn draw(&self, d: &Draw) -> Result<SpotCheckRow> {
        self.act(Duty::SpotCheck, || {
            if d.to <= d.from || d.size == 0 {
                return Err(Error::input(
                    "抽查须给出时段（--from 早于 --to），且抽取数量大于 0",
                    "a spot check needs a period (--from before --to) and a size above 0",
                ));
            }
            let population = self.population(d)?;
            let drawn = sample(&population, d.seed, d.size);
            let id = self.catalog.record_spot_check(
                &NewSpotCheck {
                    seed: d.seed,
                    size: d.size,
                    of_kind: d.of_kind,
                    squad: d.squad.as_deref(),
                    officer: d.officer.as_deref(),
                    span: (d.from, d.to),
                    population: population.len() as u64,
                    by: &self.actor(),
                    at: &self.now_text(),
                },
                &drawn,
            )?;
            let detail = serde_json::json!({ "seed": d.seed, "size": d.size, "of": d.of_kind,
                "population": population.len(), "drawn": drawn });
            self.audit_ok(
                AuditAction::SpotCheckDraw,
                &id.to_string(),
                Some(&detail.to_string()),
            )?;
            self.spot_checks()
                .list()?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| Error::NotFound {
                    what: crate::error::Object::SpotCheck,
                    name: id.to_string(),
                })
        })
    }

    /// What a draw chooses from: the clips recorded, the activities started or the cases'
    /// text records added in its period, narrowed to a squad or an officer.
    fn population(&self, d: &Draw) -> Result<Vec<i64>> {
        let squads: BTreeMap<String, Option<String>> = self
            .registry()
            .officers()?
            .into_iter()
            .map(|o| (o.number, o.squad))
            .collect();
        let of_people = |officers: &[String]| {
            d.officer.as_ref().is_none_or(|o| officers.contains(o))
                && d.squad.as_ref().is_none_or(|s| {
                    officers
                        .iter()
                        .any(|o| squads.get(o).cloned().flatten().as_ref() == Some(s))
                })
        };
        Ok(match d.of_kind {
            Sample::Document => self
                .catalog
                .documents_added((d.from, d.to), None)?
                .into_iter()
                .filter(|doc| of_people(&doc.officers))
                .map(|doc| doc.id)
                .collect(),
            Sample::Clip => self
                .catalog
                .clips(
                    &ClipFilter {
                        squad: d.squad.clone(),
                        officer: d.officer.clone(),
                        from_unix: Some(d.from),
                        to_unix: Some(d.to),
                        ..ClipFilter::default()
                    },
                    ClipSort::RecordedAsc,
                    None,
                )?
                .iter()
                .map(|c| c.id)
                .collect(),
            Sample::Activity => self
                .catalog
                .activities()?
                .into_iter()
                .filter(|a| a.start_unix >= d.from && a.start_unix < d.to)
                .filter(|a| of_people(&a.officers))
                .map(|a| a.id)
                .collect(),
        })
    }

    pub fn list(&self) -> Result<Vec<SpotCheckRow>> {
        self.catalog.spot_checks()
    }

    /// Review one drawn item; the station adds what it knows (coverage, gaps, labels,
    /// punctuality) to the ledger row.
    pub fn review(&self, item: i64, result: &str, note: Option<&str>) -> Result<()> {
        self.act(Duty::SpotCheck, || {
            if result != "pass" && result != "fail" {
                return Err(Error::input(
                    format!("抽查结果 {result:?} 无法识别：请填 pass（合格）或 fail（不合格）"),
                    format!("result {result:?}: pass or fail"),
                ));
            }
            let (check, entry) = self
                .spot_checks()
                .list()?
                .into_iter()
                .find_map(|c| {
                    let e = c.items.iter().find(|i| i.id == item).cloned();
                    e.map(|e| (c, e))
                })
                .ok_or_else(|| Error::NotFound {
                    what: crate::error::Object::SpotCheckItem,
                    name: item.to_string(),
                })?;
            let list = self.checklist(check.of_kind, entry.item_id)?;
            let json = serde_json::to_string(&list).unwrap_or_default();
            self.catalog.review_spot_item(
                item,
                result,
                &json,
                note,
                &self.actor(),
                &self.now_text(),
            )?;
            let detail = serde_json::json!({ "result": result, "note": note, "checklist": list });
            self.audit_ok(
                AuditAction::SpotCheckReview,
                &item.to_string(),
                Some(&detail.to_string()),
            )
        })
    }

    /// The inspection ledger as XLSX: every reviewed item, and scores per squad and officer.
    pub fn ledger(&self, to: &Path) -> Result<usize> {
        let (rows, scores) = self.ledger_table()?;
        let book = ledger(&rows, &scores).map_err(|e| {
            Error::state(format!("写入检查台账时出错：{e}"), format!("ledger: {e}"))
        })?;
        crate::destination::write_new(to, &book)?;
        let detail = serde_json::json!({ "to": to, "rows": rows.len() }).to_string();
        self.audit_ok(
            AuditAction::SpotCheckLedger,
            &to.display().to_string(),
            Some(&detail),
        )?;
        Ok(rows.len())
    }
}

impl SpotChecks<'_> {
    /// Every reviewed item as a row of the ledger, and the scores per squad and officer.
    pub(crate) fn ledger_table(&self) -> Result<(Vec<[String; 14]>, Scores)> {
        self.require(Duty::SpotCheck)?;
        let mut rows = Vec::new();
        let mut scores: Scores = BTreeMap::new();
        for check in self.list()? {
            for item in check.items.iter().filter(|i| i.result.is_some()) {
                let (row, passed) = ledger_row(&check, item);
                let s = scores.entry((row[4].clone(), row[5].clone())).or_default();
                s.0 += 1;
                s.1 += u32::from(passed);
                rows.push(row);
            }
        }
        Ok((rows, scores))
    }
}

/// Per (squad, officer): items reviewed, items passed.
pub(crate) type Scores = BTreeMap<(String, String), (u32, u32)>;

pub(crate) const LEDGER_HEADERS: [&str; 14] = [
    "抽查编号",
    "随机种子",
    "抽查对象",
    "编号",
    "中队",
    "警号",
    "全程记录",
    "标注完整",
    "中断已说明",
    "按时存储",
    "结论",
    "说明",
    "检查人",
    "检查时间",
];

/// One reviewed item as a ledger row (squad and officer in columns 4 and 5), and whether it
/// passed.
fn ledger_row(check: &SpotCheckRow, item: &crate::catalog::SpotCheckItem) -> ([String; 14], bool) {
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "是",
        Some(false) => "否",
        None => "—",
    };
    let list: Option<Checklist> = item
        .checklist
        .clone()
        .and_then(|j| serde_json::from_value::<serde_json::Value>(j).ok())
        .map(|j| Checklist {
            recorded_completely: j["recorded_completely"].as_bool(),
            labels_complete: j["labels_complete"].as_bool(),
            gaps_explained: j["gaps_explained"].as_bool(),
            stored_on_time: j["stored_on_time"].as_bool(),
            squad: j["squad"].as_str().map(str::to_string),
            officer: j["officer"].as_str().map(str::to_string),
            ..Checklist::default()
        });
    let passed = item.result.as_deref() == Some("pass");
    let l = list.as_ref();
    let row = [
        check.id.to_string(),
        check.seed.to_string(),
        check.of_kind.label(Lang::Zh).to_string(),
        item.item_id.to_string(),
        l.and_then(|l| l.squad.clone()).unwrap_or_default(),
        l.and_then(|l| l.officer.clone()).unwrap_or_default(),
        yes_no(l.and_then(|l| l.recorded_completely)).to_string(),
        yes_no(l.and_then(|l| l.labels_complete)).to_string(),
        yes_no(l.and_then(|l| l.gaps_explained)).to_string(),
        yes_no(l.and_then(|l| l.stored_on_time)).to_string(),
        if passed { "合格" } else { "不合格" }.to_string(),
        item.note.clone().unwrap_or_default(),
        item.reviewed_by.clone().unwrap_or_default(),
        item.reviewed_at.clone().unwrap_or_default(),
    ];
    (row, passed)
}

/// The workbook: the ledger, and the scores per squad and officer.
fn ledger(
    rows: &[[String; 14]],
    scores: &Scores,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("检查台账")?;
    for (c, h) in LEDGER_HEADERS.iter().enumerate() {
        sheet.write_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v)?;
        }
    }
    let scores_sheet = book.add_worksheet();
    scores_sheet.set_name("评分")?;
    for (c, h) in ["中队", "警号", "抽查数", "合格数", "合格率（%）"]
        .iter()
        .enumerate()
    {
        scores_sheet.write_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, ((squad, officer), (n, ok))) in scores.iter().enumerate() {
        let r = (i + 1) as u32;
        scores_sheet.write_string(r, 0, squad)?;
        scores_sheet.write_string(r, 1, officer)?;
        scores_sheet.write_number(r, 2, *n as f64)?;
        scores_sheet.write_number(r, 3, *ok as f64)?;
        scores_sheet.write_number(r, 4, (*ok as f64 * 1000.0 / *n as f64).round() / 10.0)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_sample() {
        let population: Vec<i64> = (1..=200).collect();
        let a = sample(&population, 20261129, 10);
        let mut shuffled = population.clone();
        shuffled.reverse();
        assert_eq!(
            a,
            sample(&shuffled, 20261129, 10),
            "order of the population does not matter"
        );
        assert_ne!(a, sample(&population, 20261130, 10));
        assert_eq!(a.len(), 10);
        assert_eq!(sample(&population[..3], 1, 10).len(), 3);
    }
}
