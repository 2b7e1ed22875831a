//! Tables for people's spreadsheets — an export's ledger and docking list, a volume's
//! MANIFEST.csv — as CSV that Excel and LibreOffice open in Chinese (UTF-8 with a byte-order
//! mark, CRLF, quoting as RFC 4180 says), with no cell a spreadsheet would evaluate.

use std::borrow::Cow;

/// A CSV file of `headers` and `rows`; text that could start a formula is neutralised.
pub fn csv(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    // Writing into a Vec cannot fail; a record of the wrong length is the caller's bug,
    // kept visible as an empty file rather than a panic.
    let write = || -> csv::Result<()> {
        out.write_record(headers)?;
        for row in rows {
            out.write_record(row.iter().map(|c| neutral(c).into_owned()))?;
        }
        out.flush()?;
        Ok(())
    };
    match write() {
        Ok(()) => out.into_inner().unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// The leading-apostrophe rule (OWASP, "CSV injection"): text that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is what a spreadsheet reads as a formula, so it gets a `'`
/// in front. A plain number (`-3.5`) is left as it is.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_be_formulas_are_text_and_numbers_stay_numbers() {
        assert_eq!(
            neutral("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutral("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutral("+86 138"), "'+86 138");
        assert_eq!(neutral("-3.5"), "-3.5");
        assert_eq!(neutral("王某某"), "王某某");
        let text = String::from_utf8(csv(
            &["名称", "备注"],
            [
                vec!["a,b".to_string(), "=1+1".to_string()],
                vec!["x\"y".into(), "7".into()],
            ],
        ))
        .expect("utf8");
        assert_eq!(
            text,
            "\u{feff}名称,备注\r\n\"a,b\",'=1+1\r\n\"x\"\"y\",7\r\n"
        );
    }
}
