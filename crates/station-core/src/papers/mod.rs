//! Papers to print (art. 16, 19, 22, 23): the docking receipt signed by officer and custodian,
//! the weekly ledger, the inspection ledger, each report, a disc's label and the disc register.
//!
//! Each is built here as a [`Paper`] — plain words in the station's language, times in its
//! zone — and typeset as PDF/A by `station-papers`. Saving one is audited: a paper carries
//! officers' names, parties and case numbers out of the station.
//!
//! ```text
//! PaperRequest ──build──▶ Paper ──station_papers::pdf──▶ bytes ──create_new──▶ FILE ──▶ audit row
//! ```

mod ledgers;
mod receipt;
mod reports;

use std::path::Path;

use serde::{Deserialize, Serialize};
pub use station_papers::{Column, Fact, Paper, Section};

use crate::audit::AuditAction;
use crate::cases::ReportKind;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::view::station_view;

/// Which paper, and of what.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "paper", rename_all = "snake_case")]
pub enum PaperRequest {
    /// The receipt of one docking (接收清单).
    Receipt { dock: i64 },
    /// The ledger of one week (`YYYY-Www`), as the weekly package lists it.
    WeekLedger { week: String },
    /// The inspection ledger (检查台账): every reviewed spot-check item.
    SpotChecks,
    /// One of art. 23's reports over a period.
    Report {
        which: ReportKind,
        from: Option<String>,
        to: Option<String>,
    },
    /// The label of one disc or drive.
    DiscLabel { disc: String },
    /// The register of every disc and drive.
    DiscRegister,
}

impl PaperRequest {
    /// The paper's title, also its file name: no character a file system refuses.
    pub fn title(&self, lang: Lang) -> String {
        match self {
            PaperRequest::Receipt { .. } => {
                lang.pick("执法记录仪接收清单", "Docking receipt").into()
            }
            PaperRequest::WeekLedger { .. } => lang.pick("执法记录周台账", "Weekly ledger").into(),
            PaperRequest::SpotChecks => lang.pick("执法记录检查台账", "Inspection ledger").into(),
            PaperRequest::Report { which, .. } => {
                format!("{}{}", lang.pick("报表：", "Report – "), which.label(lang))
            }
            PaperRequest::DiscLabel { disc } => {
                format!(
                    "{} {}",
                    lang.pick("光盘标签", "Disc label"),
                    crate::layout::safe_component(disc)
                )
            }
            PaperRequest::DiscRegister => lang.pick("长期保存光盘登记簿", "Disc register").into(),
        }
    }
}

/// A paper saved: where, how long, and any character no font here could draw (printed as
/// its code point, e.g. [U+2A6A5], so the reader must be told).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedPaper {
    pub path: String,
    pub title: String,
    pub pages: usize,
    pub bytes: u64,
    pub missing: Vec<String>,
}

station_view! {
    /// The papers the station prints.
    Papers,
    papers
}

impl Papers<'_> {
    /// The paper `request` asks for, in the station's language; each kind asks the duty its
    /// screen asks.
    pub fn build(&self, request: &PaperRequest) -> Result<Paper> {
        let mut paper = match request {
            PaperRequest::Receipt { dock } => self.receipt(*dock)?,
            PaperRequest::WeekLedger { week } => self.week_ledger(week)?,
            PaperRequest::SpotChecks => self.spot_check_ledger()?,
            PaperRequest::Report { which, from, to } => {
                self.report(*which, from.as_deref(), to.as_deref())?
            }
            PaperRequest::DiscLabel { disc } => self.disc_label(disc)?,
            PaperRequest::DiscRegister => self.disc_register()?,
        };
        paper.title = request.title(self.lang());
        self.frame(&mut paper);
        Ok(paper)
    }

    /// Save the paper in `folder` under its title and the time, e.g.
    /// 执法记录仪接收清单-20261202-193005.pdf (for printing from the system's PDF viewer).
    pub fn save_into(&self, request: &PaperRequest, folder: &Path) -> Result<SavedPaper> {
        std::fs::create_dir_all(folder).map_err(|e| Error::io("create", folder, e))?;
        let stamp = self
            .now()
            .with_timezone(&self.time_zone())
            .format("%Y%m%d-%H%M%S");
        let title = request.title(self.lang());
        self.save(request, &folder.join(format!("{title}-{stamp}.pdf")))
    }

    /// The paper typeset as PDF and written to `to` (never over an existing file), audited.
    pub fn save(&self, request: &PaperRequest, to: &Path) -> Result<SavedPaper> {
        let paper = self.build(request)?;
        let set = pdf(&paper)?;
        crate::destination::create_new(to, &set.pdf)?;
        let detail = serde_json::json!({ "paper": request, "to": to, "pages": set.pages });
        self.audit_ok(
            AuditAction::PrintPaper,
            &paper.title,
            Some(&detail.to_string()),
        )?;
        Ok(SavedPaper {
            path: to.display().to_string(),
            title: paper.title,
            pages: set.pages,
            bytes: set.pdf.len() as u64,
            missing: set.missing.iter().map(|c| c.to_string()).collect(),
        })
    }

    /// What every paper carries: the branch, the language, who printed it and when.
    fn frame(&self, paper: &mut Paper) {
        let lang = self.lang();
        let now = self.now();
        paper.lang = lang.pick("zh", "en").to_string();
        paper.branch = self
            .setting("branch")
            .ok()
            .flatten()
            .filter(|b| !b.trim().is_empty())
            .unwrap_or_else(|| {
                lang.pick("执法记录证据工作站", "Evidence Station")
                    .to_string()
            });
        let when = crate::time::shown(&now.to_rfc3339(), self.time_zone());
        let who = self.actor();
        paper.footer = match lang {
            Lang::Zh => format!("{who} 打印于 {when}"),
            Lang::En => format!("printed by {who} at {when}"),
        };
        paper.page_of = lang
            .pick("第 {page} 页 共 {pages} 页", "page {page} of {pages}")
            .to_string();
        paper.printed = Some(now);
    }

    fn fact(&self, zh: &str, en: &str, value: impl Into<String>) -> Fact {
        Fact {
            label: self.lang().pick(zh, en).to_string(),
            value: value.into(),
        }
    }

    fn column(&self, zh: &str, en: &str, width: f32) -> Column {
        Column::new(self.lang().pick(zh, en), width)
    }

    fn none_word(&self) -> String {
        self.lang().pick("无", "none").to_string()
    }

    /// `text`, or 无 when there is none.
    fn or_none(&self, text: String) -> String {
        if text.is_empty() {
            self.none_word()
        } else {
            text
        }
    }

    /// The lines signed at the foot, in the station's language.
    fn signatures(&self, lines: &[(&str, &str)]) -> Vec<String> {
        let lang = self.lang();
        lines
            .iter()
            .map(|(zh, en)| lang.pick(*zh, *en).to_string())
            .collect()
    }
}

/// Who signs a paper.
const OFFICER: (&str, &str) = ("执法人员（签名）", "Officer (signature)");
const CUSTODIAN: (&str, &str) = ("保管员（签名）", "Custodian (signature)");
const BRANCH_HEAD: (&str, &str) = ("分局负责人（签名）", "Branch head (signature)");
const INSPECTOR: (&str, &str) = ("检查人（签名）", "Inspector (signature)");
const CHECKED_BY: (&str, &str) = ("核查人（签名）", "Checked by (signature)");
const DATE: (&str, &str) = ("日期", "Date");

/// The paper typeset, or why it could not be in words for the reader.
pub fn pdf(paper: &Paper) -> Result<station_papers::Typeset> {
    station_papers::pdf(paper).map_err(|e| match e {
        station_papers::PaperError::NoFont => Error::ToolMissing {
            tool: "中文字体 / a Chinese font",
            install: if cfg!(windows) {
                "微软雅黑、黑体或宋体（Windows 自带；在“设置 → 字体”中恢复） / Microsoft YaHei, SimHei or SimSun (Settings → Fonts)"
            } else {
                "apt install fonts-noto-cjk"
            },
        },
        station_papers::PaperError::Typeset(why) => Error::state(
            format!("无法排版这份文书：{why}"),
            format!("the paper could not be typeset: {why}"),
        ),
    })
}

/// A SHA-256 as two lines of 32: a printed digest is read and compared by eye.
fn digest(hex: &str) -> String {
    match (hex.get(..32), hex.get(32..)) {
        (Some(a), Some(b)) if !b.is_empty() => format!("{a}\u{200b}{b}"),
        _ => hex.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_digest_breaks_in_the_middle_and_keeps_every_character() {
        let hex = "ab".repeat(32);
        let shown = super::digest(&hex);
        assert_eq!(shown.replace('\u{200b}', ""), hex);
        assert_eq!(shown.find('\u{200b}'), Some(32));
        assert_eq!(super::digest("abc"), "abc");
    }
}
