//! The docking receipt (接收清单): what one docking took from a recorder, proven, for the
//! officer and the custodian to sign.

use super::{digest, Papers, CUSTODIAN, DATE, OFFICER};
use crate::catalog::ClipSort;
use crate::error::{human_bytes, Error, Object, Result};
use crate::lang::Lang;
use crate::{ClipQuery, Duty};

use station_papers::{Paper, Section};

impl Papers<'_> {
    pub(super) fn receipt(&self, dock: i64) -> Result<Paper> {
        self.require(Duty::ReadRecords)?;
        let d = self
            .catalog
            .dock_event(dock)?
            .ok_or_else(|| Error::NotFound {
                what: Object::Dock,
                name: dock.to_string(),
            })?;
        let mut filter = self.clips().filter(&ClipQuery::default())?;
        filter.dock = Some(dock);
        let clips = self.catalog.clips(&filter, ClipSort::RecordedAsc, None)?;
        let lang = self.lang();
        let names = self.officer_names()?;
        let mut officers: Vec<String> = Vec::new();
        let mut squads: Vec<String> = Vec::new();
        for c in &clips {
            if let Some(o) = &c.officer {
                let who = match names.get(o) {
                    Some(name) => format!("{name}（{o}）"),
                    None => o.clone(),
                };
                if !officers.contains(&who) {
                    officers.push(who);
                }
            }
            if let Some(s) = c.squad.as_ref().filter(|s| !squads.contains(s)) {
                squads.push(s.clone());
            }
        }
        let flags: Vec<String> = d
            .flags
            .iter()
            .map(|f| match d.flag_details.get(f) {
                Some(detail) => format!("{}：{detail}", f.label(lang)),
                None => f.label(lang).to_string(),
            })
            .collect();
        let proven = match (d.failed, lang) {
            (0, Lang::Zh) => "每个文件已读回，与记录仪上的原文件逐字节一致（SHA-256）".to_string(),
            (0, Lang::En) => "every file read back and identical to the recorder's original (SHA-256)".to_string(),
            (n, Lang::Zh) => format!("{n} 个文件未能复制或校验，仍在记录仪上，请重新接入"),
            (n, Lang::En) => format!("{n} files were not copied or did not verify; they are still on the recorder: dock it again"),
        };
        let facts = vec![
            self.fact("记录仪", "Recorder", d.device.clone()),
            self.fact("接入编号", "Docking", d.id.to_string()),
            self.fact("执法人员", "Officer", self.or_none(officers.join("、"))),
            self.fact("中队", "Squad", self.or_none(squads.join("、"))),
            self.fact("开始", "Started", self.local_text(&d.started_at)),
            self.fact(
                "完成",
                "Finished",
                d.finished_at
                    .as_deref()
                    .map(|t| self.local_text(t))
                    .unwrap_or_else(|| lang.pick("未完成", "not finished").to_string()),
            ),
            self.fact("状态", "State", d.state.label(lang)),
            self.fact("数据量", "Data", human_bytes(d.bytes)),
            self.fact(
                "文件",
                "Files",
                match lang {
                    Lang::Zh => format!(
                        "发现 {}，复制 {}，已在库中 {}，失败 {}",
                        d.found, d.copied, d.skipped, d.failed
                    ),
                    Lang::En => format!(
                        "found {}, copied {}, already stored {}, failed {}",
                        d.found, d.copied, d.skipped, d.failed
                    ),
                },
            ),
            self.fact("校验", "Verified", proven),
            self.fact("提示", "Flags", self.or_none(flags.join("；"))),
        ];
        let rows = clips
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    (i + 1).to_string(),
                    c.source_path.clone(),
                    c.recorded_at
                        .as_deref()
                        .map(|t| self.local_text(t))
                        .unwrap_or_default(),
                    c.duration_s.map(duration).unwrap_or_default(),
                    human_bytes(c.size),
                    digest(&c.sha256),
                ]
            })
            .collect();
        Ok(Paper {
            facts,
            sections: vec![Section {
                heading: Some(lang.pick("接收的文件", "Files received").to_string()),
                columns: vec![
                    self.column("序号", "No.", 0.5),
                    self.column("原文件", "Original file", 2.6),
                    self.column("录制时间", "Recorded", 1.9),
                    self.column("时长", "Length", 0.8),
                    self.column("大小", "Size", 0.9),
                    self.column("SHA-256", "SHA-256", 3.0),
                ],
                rows,
                empty: lang
                    .pick("这次接入没有复制新文件", "this docking copied no new file")
                    .to_string(),
                card: None,
            }],
            signatures: self.signatures(&[OFFICER, CUSTODIAN, DATE]),
            ..Paper::default()
        })
    }
}

/// 1:02:03 or 12:34.
fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s / 3600 {
        0 => format!("{}:{:02}", s / 60, s % 60),
        h => format!("{h}:{:02}:{:02}", s / 60 % 60, s % 60),
    }
}
