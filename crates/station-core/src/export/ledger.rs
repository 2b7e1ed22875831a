//! The ledger (台账) of a package: one row per record, as `ledger.xlsx` (written with
//! rust_xlsxwriter) and `ledger.csv` (UTF-8 with a BOM, so Excel reads the Chinese).

use rust_xlsxwriter::{Format, Workbook};

use crate::error::{Error, Result};

/// One record as the district reads it.
pub struct LedgerRow {
    pub squad: String,
    pub officer: String,
    pub officer_name: String,
    /// Station time, `YYYY-MM-DD HH:MM:SS`.
    pub recorded: String,
    pub duration_s: Option<f64>,
    pub kind: &'static str,
    pub device: String,
    pub case_number: String,
    pub cause: String,
    pub party: String,
    pub important: bool,
    pub holds: String,
    pub retention: &'static str,
    pub sha256: String,
    pub path: String,
}

pub const HEADERS: [&str; 16] = [
    "序号",
    "中队",
    "警号",
    "姓名",
    "录制开始时间",
    "时长（秒）",
    "类型",
    "设备编号",
    "案件编号",
    "案由",
    "当事人",
    "重要",
    "长期保存原因",
    "保存状态",
    "SHA-256",
    "包内路径",
];

impl LedgerRow {
    pub(crate) fn cells(&self, n: usize) -> [String; 16] {
        [
            n.to_string(),
            self.squad.clone(),
            self.officer.clone(),
            self.officer_name.clone(),
            self.recorded.clone(),
            self.duration_s
                .map(|d| format!("{d:.1}"))
                .unwrap_or_default(),
            self.kind.to_string(),
            self.device.clone(),
            self.case_number.clone(),
            self.cause.clone(),
            self.party.clone(),
            if self.important { "是" } else { "否" }.to_string(),
            self.holds.clone(),
            self.retention.to_string(),
            self.sha256.clone(),
            self.path.clone(),
        ]
    }
}

pub fn csv(rows: &[LedgerRow]) -> Vec<u8> {
    crate::table::csv(
        &HEADERS,
        rows.iter()
            .enumerate()
            .map(|(i, r)| r.cells(i + 1).to_vec()),
    )
}

pub fn xlsx(rows: &[LedgerRow], title: &str) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::state(
            format!("写入 ledger.xlsx 时出错：{e}"),
            format!("ledger.xlsx: {e}"),
        )
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账").map_err(fail)?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet
            .write_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        for (c, v) in r.cells(i + 1).iter().enumerate() {
            match c {
                0 => sheet.write_number(row, 0, (i + 1) as f64),
                5 if r.duration_s.is_some() => {
                    sheet.write_number(row, 5, r.duration_s.unwrap_or_default())
                }
                _ => sheet.write_string(row, c as u16, v),
            }
            .map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    for (c, w) in [6, 10, 10, 8, 20, 10, 6, 12, 22, 14, 12, 6, 18, 10, 66, 60]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *w as f64).map_err(fail)?;
    }
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(title));
    book.save_to_buffer().map_err(fail)
}
