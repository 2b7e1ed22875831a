//! Art. 23's reports on paper, and a disc's label and the disc register.

use super::{Papers, CHECKED_BY, CUSTODIAN, DATE};
use crate::burn::{DiscRow, MediumName};
use crate::cases::ReportKind;
use crate::error::{human_bytes, Result};

use station_papers::{Paper, Section};

impl Papers<'_> {
    pub(super) fn report(
        &self,
        which: ReportKind,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Paper> {
        let rows = self.reports().get(which, from, to)?;
        let lang = self.lang();
        let period = match (from, to) {
            (None, None) => lang.pick("全部", "all").to_string(),
            (from, to) => format!("{} – {}", from.unwrap_or("…"), to.unwrap_or("…")),
        };
        let table = rows
            .iter()
            .map(|r| {
                vec![
                    r.kind.label(lang).to_string(),
                    r.id.clone(),
                    r.at.as_deref()
                        .map(|t| self.local_text(t))
                        .unwrap_or_default(),
                    r.detail.clone(),
                ]
            })
            .collect();
        Ok(Paper {
            facts: vec![
                self.fact("期间", "Period", period),
                self.fact("条数", "Rows", rows.len().to_string()),
            ],
            sections: vec![Section {
                columns: vec![
                    self.column("对象", "Subject", 0.8),
                    self.column("编号", "Number", 0.9),
                    self.column("时间", "Time", 1.5),
                    self.column("说明", "Finding", 5.0),
                ],
                rows: table,
                empty: lang.pick("没有发现问题", "nothing found").to_string(),
                ..Section::default()
            }],
            signatures: self.signatures(&[CHECKED_BY, DATE]),
            ..Paper::default()
        })
    }

    /// A disc's label, boxed at the size of a disc case's insert (120 mm), to cut out.
    pub(super) fn disc_label(&self, disc: &str) -> Result<Paper> {
        let text = self.discs().label(disc)?;
        let lang = self.lang();
        Ok(Paper {
            sections: vec![Section {
                heading: Some(
                    lang.pick(
                        "沿虚线剪下，放入光盘盒",
                        "Cut along the dashed line for the disc case",
                    )
                    .to_string(),
                ),
                card: Some(text.lines().map(str::to_string).collect()),
                ..Section::default()
            }],
            ..Paper::default()
        })
    }

    pub(super) fn disc_register(&self) -> Result<Paper> {
        let discs = self.discs().list()?;
        let lang = self.lang();
        let when =
            |t: &Option<String>| t.as_deref().map(|t| self.local_text(t)).unwrap_or_default();
        let rows = discs
            .iter()
            .map(|d| {
                let state = match image_file(d) {
                    // An image file is not a disc yet: say where it is.
                    Some(path) => format!(
                        "{}，{}：{path}",
                        d.state.label(lang),
                        lang.pick("镜像文件", "image file")
                    ),
                    None => d.state.label(lang).to_string(),
                };
                vec![
                    d.id.clone(),
                    d.copy_no.to_string(),
                    d.medium.label(lang).to_string(),
                    state,
                    d.clips.len().to_string(),
                    human_bytes(d.bytes),
                    when(&d.written_at),
                    d.written_by.clone().unwrap_or_default(),
                    d.location.clone().unwrap_or_default(),
                    when(&d.verified_at),
                ]
            })
            .collect();
        Ok(Paper {
            facts: vec![self.fact(
                "光盘和移动硬盘",
                "Discs and drives",
                discs.len().to_string(),
            )],
            sections: vec![Section {
                columns: vec![
                    self.column("编号", "Disc", 1.4),
                    self.column("份", "Copy", 0.4),
                    self.column("介质", "Medium", 0.9),
                    self.column("状态", "State", 1.6),
                    self.column("记录数", "Clips", 0.6),
                    self.column("数据量", "Data", 0.8),
                    self.column("刻录时间", "Written", 1.4),
                    self.column("刻录人", "By", 0.7),
                    self.column("存放地点", "Kept at", 1.4),
                    self.column("最近校验", "Last checked", 1.4),
                ],
                rows,
                empty: lang.pick("还没有光盘", "no disc yet").to_string(),
                ..Section::default()
            }],
            signatures: self.signatures(&[CUSTODIAN, DATE]),
            landscape: true,
            ..Paper::default()
        })
    }
}

/// Where a disc was written to an image file rather than a burner or a drive.
fn image_file(d: &DiscRow) -> Option<&str> {
    let t = d.target.as_deref()?;
    let device = t.starts_with("/dev/") || (t.len() <= 3 && t.as_bytes().get(1) == Some(&b':'));
    (d.medium != MediumName::Drive && !device).then_some(t)
}
