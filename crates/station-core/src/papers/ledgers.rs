//! The weekly ledger and the inspection ledger on paper: the same rows as their spreadsheets
//! (`export/ledger.rs`, `spot_checks.rs`), in Chinese as the district's forms are.

use super::{digest, Papers, BRANCH_HEAD, CUSTODIAN, DATE, INSPECTOR};
use crate::error::{human_bytes, Result};
use crate::export::{IsoWeek, LEDGER_HEADERS};
use crate::spot_checks::LEDGER_HEADERS as CHECK_HEADERS;

use station_papers::{Column, Paper, Section};

impl Papers<'_> {
    pub(super) fn week_ledger(&self, week: &str) -> Result<Paper> {
        let week = IsoWeek::parse(week)?;
        let (rows, bytes) = self.exports().ledger_rows(week)?;
        let lang = self.lang();
        // Every column of the spreadsheet but the last (the path inside the package).
        let widths = [
            0.5, 0.8, 0.8, 0.65, 1.5, 0.6, 0.5, 0.9, 1.4, 1.1, 1.0, 0.5, 0.9, 0.8, 3.2,
        ];
        let columns = LEDGER_HEADERS
            .iter()
            .zip(widths)
            .map(|(h, w)| Column::new(*h, w))
            .collect();
        // The spreadsheet's cells but the last (the path inside the package), the digest on
        // two lines.
        let table = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut cells = r.cells(i + 1).to_vec();
                cells.truncate(15);
                cells[14] = digest(&r.sha256);
                cells
            })
            .collect();
        Ok(Paper {
            facts: vec![
                self.fact("周", "Week", week.words(lang)),
                self.fact("记录", "Records", rows.len().to_string()),
                self.fact("数据量", "Data", human_bytes(bytes)),
            ],
            sections: vec![Section {
                columns,
                rows: table,
                empty: lang
                    .pick("这一周没有记录", "no records this week")
                    .to_string(),
                ..Section::default()
            }],
            signatures: self.signatures(&[CUSTODIAN, BRANCH_HEAD, DATE]),
            landscape: true,
            ..Paper::default()
        })
    }

    pub(super) fn spot_check_ledger(&self) -> Result<Paper> {
        let (mut rows, scores) = self.spot_checks().ledger_table()?;
        let lang = self.lang();
        for row in &mut rows {
            row[13] = self.local_text(&row[13]);
        }
        let widths = [
            0.6, 0.9, 0.7, 0.6, 0.9, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 1.8, 0.8, 1.4,
        ];
        let scores_rows = scores
            .iter()
            .map(|((squad, officer), (reviewed, passed))| {
                vec![
                    squad.clone(),
                    officer.clone(),
                    reviewed.to_string(),
                    passed.to_string(),
                    format!(
                        "{:.0}%",
                        f64::from(*passed) * 100.0 / f64::from((*reviewed).max(1))
                    ),
                ]
            })
            .collect();
        Ok(Paper {
            facts: vec![self.fact("评查项", "Items reviewed", rows.len().to_string())],
            sections: vec![
                Section {
                    columns: CHECK_HEADERS
                        .iter()
                        .zip(widths)
                        .map(|(h, w)| Column::new(*h, w))
                        .collect(),
                    rows: rows.into_iter().map(Vec::from).collect(),
                    empty: lang
                        .pick("还没有评查过的抽查项", "no item reviewed yet")
                        .to_string(),
                    ..Section::default()
                },
                Section {
                    heading: Some(
                        lang.pick("按中队和执法人员", "By squad and officer")
                            .to_string(),
                    ),
                    columns: vec![
                        Column::new("中队", 1.0),
                        Column::new("警号", 1.0),
                        Column::new("评查", 0.7),
                        Column::new("合格", 0.7),
                        Column::new("合格率", 0.7),
                    ],
                    rows: scores_rows,
                    empty: self.none_word(),
                    ..Section::default()
                },
            ],
            signatures: self.signatures(&[INSPECTOR, DATE]),
            landscape: true,
            ..Paper::default()
        })
    }
}
