//! The registry's spreadsheet: the template the window offers (Chinese headers, text columns so
//! Excel keeps an officer number's leading zero, an example on a second sheet) and the reading
//! of a filled one — XLSX (by calamine) or CSV in UTF-8 or, as Chinese Excel saves it, GB18030.
//! A leaf: bytes in, cells out; it knows nothing of the catalog.

use std::io::Cursor;

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, Workbook};

use crate::error::{Error, Result};

/// The columns, in the template's order: (header, English alias, width).
pub const COLUMNS: [(&str, &str, f64); 5] = [
    ("中队", "squad", 14.0),
    ("警号", "officer_number", 12.0),
    ("姓名", "name", 10.0),
    ("记录仪序列号", "serial", 20.0),
    ("记录仪型号", "model", 14.0),
];

/// Rows beyond this are refused: a registry of one branch is hundreds, not hundreds of
/// thousands, and a bigger sheet is the wrong file.
pub const MAX_ROWS: usize = 5000;

/// A filled sheet: each non-empty row's number as the spreadsheet shows it (1 = the header)
/// and its five cells, trimmed.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<(usize, [String; 5])>,
    /// Cells typed as numbers in the number columns (row, column index): Excel drops an
    /// officer number's leading zero in them.
    pub numeric: Vec<(usize, usize)>,
}

fn sheet_error(zh: String, en: String) -> Error {
    Error::input(zh, en)
}

/// Read a filled template; `name` (the file's name) tells CSV from a workbook.
pub fn read(bytes: &[u8], name: &str) -> Result<Table> {
    let grid = if name.to_ascii_lowercase().ends_with(".csv") {
        csv_grid(bytes)?
    } else {
        workbook_grid(bytes)?
    };
    table(grid)
}

/// What the workbook's parts say they unpack to, together.
fn unpacked_size(bytes: &[u8]) -> zip::result::ZipResult<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        total = total.saturating_add(archive.by_index_raw(i)?.size());
    }
    Ok(total)
}

/// A cell as text and whether it was a number.
type Grid = Vec<Vec<(String, bool)>>;

/// Cells beyond this column are ignored: the template's five are in the first few.
const MAX_COLUMNS: usize = 64;

/// The most a registry workbook may hold unpacked: a branch's few hundred rows are well under
/// 1 MB, while calamine reads a sheet's shared strings whole — 32 MB of zip can unpack to
/// gigabytes.
const MAX_UNPACKED: u64 = 64 << 20;

// Cell by cell (calamine's streaming reader), never as calamine's dense range: a prepared
// workbook with one cell at A1 and one at XFD1048576 would have it allocate 17 billion cells.
fn workbook_grid(bytes: &[u8]) -> Result<Grid> {
    let unreadable = |e: calamine::XlsxError| {
        sheet_error(
            format!("无法读取该表格文件（{e}）；请用模板填写后另存为 .xlsx 或 .csv"),
            format!("cannot read this spreadsheet ({e}); fill in the template and save it as .xlsx or .csv"),
        )
    };
    let unpacked = unpacked_size(bytes).map_err(|e| unreadable(calamine::XlsxError::Zip(e)))?;
    if unpacked > MAX_UNPACKED {
        return Err(sheet_error(
            format!(
                "该表格文件解压后有 {} MB，不像名册；请用模板填写",
                unpacked >> 20
            ),
            format!(
                "this spreadsheet unpacks to {} MB, not a registry; fill in the template",
                unpacked >> 20
            ),
        ));
    }
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let first = book.sheet_names().first().cloned().ok_or_else(|| {
        sheet_error(
            "表格中没有工作表".into(),
            "the workbook has no sheet".into(),
        )
    })?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut grid = Grid::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let (row, col) = (row as usize, col as usize);
        let (text, number) = cell_text(&Data::from(cell.get_value().clone()));
        if col >= MAX_COLUMNS || text.trim().is_empty() {
            continue;
        }
        if row > 2 * MAX_ROWS {
            return Err(too_many_rows());
        }
        if grid.len() <= row {
            grid.resize(row + 1, Vec::new());
        }
        if grid[row].len() <= col {
            grid[row].resize(col + 1, (String::new(), false));
        }
        grid[row][col] = (text, number);
    }
    Ok(grid)
}

fn too_many_rows() -> Error {
    sheet_error(
        format!("表格超过 {MAX_ROWS} 行；一次请导入一个单位的名册"),
        format!("more than {MAX_ROWS} rows; import one branch's registry at a time"),
    )
}

fn cell_text(d: &Data) -> (String, bool) {
    match d {
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (format!("{}", *f as i64), true),
        Data::Float(f) => (f.to_string(), true),
        Data::String(s) => (s.clone(), false),
        Data::Bool(b) => (b.to_string(), false),
        Data::Empty => (String::new(), false),
        other => (other.to_string(), false),
    }
}

fn csv_grid(bytes: &[u8]) -> Result<Grid> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Excel in a Chinese Windows saves "CSV" in the local code page, GB18030's subset.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            sheet_error(
                format!("CSV 文件格式有误：{e}"),
                format!("the CSV file is malformed: {e}"),
            )
        })?;
        // The csv crate skips blank lines (and counts them into the next record's start);
        // keep each record on its own line, as a person counts them.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let rest = text.get(start..).unwrap_or_default();
        let start = start + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        let line = text.get(..start).unwrap_or_default().matches('\n').count();
        grid.resize(line.max(grid.len()), Vec::new());
        grid.push(record.iter().map(|c| (c.to_string(), false)).collect());
    }
    Ok(grid)
}

/// The header row is the first non-empty one; its cells name the columns (in any order).
fn table(grid: Grid) -> Result<Table> {
    let blank = |r: &[(String, bool)]| r.iter().all(|c| c.0.trim().is_empty());
    let Some(head) = grid.iter().position(|r| !blank(r)) else {
        return Err(sheet_error(
            "表格是空的".into(),
            "the sheet is empty".into(),
        ));
    };
    let places = columns(&grid[head])?;
    let mut out = Table::default();
    for (i, row) in grid.iter().enumerate().skip(head + 1) {
        if blank(row) {
            continue;
        }
        if out.rows.len() == MAX_ROWS {
            return Err(too_many_rows());
        }
        let number = i + 1;
        let cells = places.map(|p| {
            row.get(p)
                .map(|c| c.0.trim().to_string())
                .unwrap_or_default()
        });
        for (c, &p) in places.iter().enumerate() {
            if matches!(c, 1 | 3) && row.get(p).is_some_and(|cell| cell.1) {
                out.numeric.push((number, c));
            }
        }
        out.rows.push((number, cells));
    }
    Ok(out)
}

/// Where each of the five columns is in the header row.
fn columns(header: &[(String, bool)]) -> Result<[usize; 5]> {
    let find = |(zh, en, _): &(&str, &str, f64)| {
        header.iter().position(|(h, _)| {
            let h = h.trim();
            h == *zh || h.eq_ignore_ascii_case(en)
        })
    };
    let found: Vec<Option<usize>> = COLUMNS.iter().map(find).collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(c, _)| c.0)
        .collect();
    if !missing.is_empty() {
        return Err(sheet_error(
            format!(
                "第一行应是表头，缺少：{}；请使用窗口提供的导入模板",
                missing.join("、")
            ),
            format!(
                "the first row must be the header; missing: {}; use the template the window offers",
                missing.join(", ")
            ),
        ));
    }
    Ok(std::array::from_fn(|i| found[i].unwrap_or_default()))
}

/// The template: the sheet to fill (headers only, every column text) and an example sheet.
pub fn template() -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::state(
            format!("写入导入模板时出错：{e}"),
            format!("writing the import template: {e}"),
        )
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let fill = book.add_worksheet();
    fill.set_name("名册").map_err(fail)?;
    header(fill, &bold, &text).map_err(fail)?;
    let example = book.add_worksheet();
    example.set_name("示例").map_err(fail)?;
    header(example, &bold, &text).map_err(fail)?;
    let rows = [
        ["一中队", "", "", "", ""],
        ["一中队", "080001", "张三", "DSJ-A8-0001", "DSJ-A8"],
        ["一中队", "080002", "李四", "DSJ-A8-0002", "DSJ-A8"],
        ["二中队", "080101", "王五", "", ""],
        ["二中队", "", "", "DSJ-A8-0103", "DSJ-A8"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            example
                .write_string_with_format(r as u32 + 1, c as u16, *v, &text)
                .map_err(fail)?;
        }
    }
    let notes = [
        "每行一项：只填中队 = 登记中队；填警号、姓名 = 登记执法人员；填记录仪序列号 = 登记记录仪，同一行的警号即其使用人（不填警号 = 中队备用机）。",
        "已登记的会按表格更新（姓名、中队、型号、使用人），相同的不变；任何一行有错时什么都不保存。",
        "警号、序列号请保持文本格式，以免开头的 0 被去掉。",
    ];
    for (i, note) in notes.iter().enumerate() {
        example
            .write_string(rows.len() as u32 + 3 + i as u32, 0, *note)
            .map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

fn header(
    sheet: &mut rust_xlsxwriter::Worksheet,
    bold: &Format,
    text: &Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    for (c, (zh, _, width)) in COLUMNS.iter().enumerate() {
        sheet.write_with_format(0, c as u16, *zh, bold)?;
        sheet.set_column_width(c as u16, *width)?;
        sheet.set_column_format(c as u16, text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_that_unpacks_to_more_than_a_registry_is_refused_before_it_is_read() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        zip.start_file("xl/sharedStrings.xml", stored)
            .expect("entry");
        zip.write_all(&vec![b'a'; (MAX_UNPACKED + 1) as usize])
            .expect("write");
        let bytes = zip.finish().expect("zip").into_inner();
        let e = read(&bytes, "名册.xlsx").expect_err("refused");
        let said = e.message(crate::lang::Lang::Zh);
        assert!(said.contains("解压后有 64 MB"), "{said}");
    }

    #[test]
    fn the_template_reads_back_with_its_example() {
        let bytes = template().expect("template");
        // The sheet to fill is empty but for its header.
        let filled = read(&bytes, "名册.xlsx").expect("read");
        assert!(filled.rows.is_empty());
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(&bytes)).expect("open");
        assert_eq!(book.sheet_names(), vec!["名册", "示例"]);
        let example = book.worksheet_range("示例").expect("example");
        assert_eq!(example.get((2, 1)), Some(&Data::String("080001".into())));
    }

    #[test]
    fn csv_in_utf8_with_bom_or_gb18030_and_columns_in_any_order() {
        let text = "姓名,警号,中队,记录仪序列号,记录仪型号\n\n张三,080001,一中队,,\n";
        let utf8 = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let gb = encoding_rs::GB18030.encode(text).0.into_owned();
        for bytes in [utf8, gb] {
            let t = read(&bytes, "x.CSV").expect("csv");
            assert_eq!(t.rows.len(), 1);
            let (row, cells) = &t.rows[0];
            assert_eq!(*row, 3, "the blank line still counts as a row");
            assert_eq!(cells[0], "一中队");
            assert_eq!(cells[1], "080001");
            assert_eq!(cells[2], "张三");
        }
    }

    #[test]
    fn a_sheet_without_the_header_is_refused_naming_what_is_missing() {
        let e = read("a,b\n1,2\n".as_bytes(), "x.csv").expect_err("no header");
        let text = e.to_string();
        assert!(text.contains("中队") && text.contains("警号"), "{text}");
        assert!(read(b"not a workbook", "x.xlsx").is_err());
        assert!(read(b"", "x.csv").is_err());
    }

    #[test]
    fn a_number_cell_in_the_number_columns_is_noted() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, (zh, _, _)) in COLUMNS.iter().enumerate() {
            sheet.write(0, c as u16, *zh).expect("head");
        }
        sheet.write(1, 1, 80001).expect("number");
        sheet.write(1, 2, "张三").expect("name");
        let bytes = book.save_to_buffer().expect("save");
        let t = read(&bytes, "x.xlsx").expect("read");
        assert_eq!(t.rows[0].1[1], "80001");
        assert_eq!(t.numeric, vec![(2, 1)]);
    }

    /// Two cells far apart must not make the reader allocate the sheet between them.
    #[test]
    fn a_workbook_prepared_to_exhaust_memory_is_refused_or_read_in_its_cells() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, (zh, _, _)) in COLUMNS.iter().enumerate() {
            sheet.write(0, c as u16, *zh).expect("head");
        }
        sheet.write(1, 1, "080001").expect("cell");
        sheet.write(1_048_575, 16_383, "far").expect("far cell");
        let bytes = book.save_to_buffer().expect("save");
        let t = read(&bytes, "x.xlsx").expect("read");
        assert_eq!(t.rows.len(), 1, "the far cell lies beyond the columns read");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write(0, 0, "中队").expect("head");
        sheet.write(1_048_575, 0, "far").expect("far row");
        let bytes = book.save_to_buffer().expect("save");
        assert!(
            read(&bytes, "x.xlsx").is_err(),
            "a row a million down is refused"
        );
    }

    #[test]
    fn an_absurd_number_of_rows_is_refused() {
        let mut text = String::from("中队,警号,姓名,记录仪序列号,记录仪型号\n");
        for i in 0..=MAX_ROWS {
            text.push_str(&format!("一中队,{i},,,\n"));
        }
        assert!(read(text.as_bytes(), "x.csv").is_err());
    }
}
