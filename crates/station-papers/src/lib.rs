//! The station's papers — docking receipts, ledgers, reports, disc labels — as A4 PDF/A.
//!
//! A [`Paper`] is plain data the core fills in (every word already in the station's language);
//! `paper.typ` lays it out with Typst, which breaks Chinese lines, repeats table headers on
//! every page, numbers the pages and embeds the subset fonts. Text from the catalog reaches Typst
//! only as JSON strings, never as markup, so a party's name cannot change the page.

mod fonts;

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// One printed document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Paper {
    /// `zh` or `en`: hyphenation, line breaking and quotes follow it.
    pub lang: String,
    pub title: String,
    /// The branch's name, atop every page.
    pub branch: String,
    /// Label–value pairs under the title (recorder, officer, week …).
    pub facts: Vec<Fact>,
    pub sections: Vec<Section>,
    /// Labels of the lines people sign on, e.g. 执法人员（签名）.
    pub signatures: Vec<String>,
    /// Wide tables print across the page.
    pub landscape: bool,
    /// Left of every page's foot, e.g. when and by whom it was printed.
    pub footer: String,
    /// Right of every page's foot, with `{page}` and `{pages}` filled in, e.g. 第 {page} 页 共 {pages} 页.
    pub page_of: String,
    /// When it was printed: the PDF's date (PDF/A requires one); given, never read here.
    #[serde(skip)]
    pub printed: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A table, or a boxed card (a disc label cut to a disc case's 120 mm).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    pub heading: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Shown instead of an empty table, e.g. 无.
    pub empty: String,
    /// Lines of a card; when set, the section is the card and not a table.
    pub card: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub name: String,
    /// Relative width.
    pub width: f32,
}

impl Column {
    pub fn new(name: impl Into<String>, width: f32) -> Column {
        Column {
            name: name.into(),
            width,
        }
    }
}

/// Why a paper could not be made.
#[derive(Debug)]
pub enum PaperError {
    /// No font with Chinese characters on this computer.
    NoFont,
    /// Typst refused the document (a bug of ours, with Typst's words).
    Typeset(String),
}

const TEMPLATE: &str = include_str!("paper.typ");

/// A paper typeset.
#[derive(Debug, Clone)]
pub struct Typeset {
    /// PDF/A-2b.
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters no font found here can draw (a rare character in a name): printed as their
    /// code point, e.g. [U+2A6A5], so the reader must be told.
    pub missing: Vec<char>,
}

/// The paper as PDF/A-2b.
pub fn pdf(paper: &Paper) -> Result<Typeset, PaperError> {
    let fonts = fonts::load().ok_or(PaperError::NoFont)?;
    let mut data = serde_json::to_value(paper).map_err(|e| PaperError::Typeset(e.to_string()))?;
    data["fonts"] = fonts.families.iter().cloned().collect();
    data["region"] = match paper.lang.as_str() {
        "zh" => "cn".into(),
        _ => serde_json::Value::Null,
    };
    let mut world = Paperwork {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(FontBook::from_fonts(fonts.faces.iter())),
        fonts: fonts.faces.clone(),
        main: Source::new(file_id("/paper.typ")?, TEMPLATE.to_string()),
        data: Bytes::new(data.to_string().into_bytes()),
    };
    let mut document = layout(&world)?;
    let mut missing = Vec::new();
    for page in document.pages() {
        not_drawn(&page.frame, &mut missing);
    }
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        // PDF/A allows no "missing glyph" box (nor should a reader guess at one): such a
        // character is printed as its code point, e.g. [U+2A6A5], and named to the caller.
        let mut text = data.to_string();
        for c in &missing {
            text = text.replace(*c, &format!("[U+{:04X}]", u32::from(*c)));
        }
        world.data = Bytes::new(text.into_bytes());
        document = layout(&world)?;
    }
    let options = typst_pdf::PdfOptions {
        standards: typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
            .map_err(|e| PaperError::Typeset(e.message().to_string()))?,
        timestamp: paper.printed.and_then(timestamp),
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| PaperError::Typeset(messages(&errors)))?;
    Ok(Typeset {
        pdf,
        pages: document.pages().len(),
        missing,
    })
}

fn layout(world: &Paperwork) -> Result<PagedDocument, PaperError> {
    typst::compile(world)
        .output
        .map_err(|errors| PaperError::Typeset(messages(&errors)))
}

/// Characters set with glyph 0, the font's "missing glyph" box.
fn not_drawn(frame: &typst::layout::Frame, into: &mut Vec<char>) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Group(group) => not_drawn(&group.frame, into),
            typst::layout::FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let chars = text.text.get(glyph.range()).unwrap_or_default().chars();
                    into.extend(chars.filter(|c| !c.is_whitespace()));
                }
            }
            _ => {}
        }
    }
}

fn timestamp(t: chrono::DateTime<chrono::Utc>) -> Option<typst_pdf::Timestamp> {
    use chrono::{Datelike, Timelike};
    let time = Datetime::from_ymd_hms(
        t.year(),
        u8::try_from(t.month()).ok()?,
        u8::try_from(t.day()).ok()?,
        u8::try_from(t.hour()).ok()?,
        u8::try_from(t.minute()).ok()?,
        u8::try_from(t.second()).ok()?,
    )?;
    Some(typst_pdf::Timestamp::new_utc(time))
}

fn messages(errors: &[typst::diag::SourceDiagnostic]) -> String {
    let list: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    list.join("; ")
}

fn file_id(path: &str) -> Result<FileId, PaperError> {
    let vpath = VirtualPath::new(path).map_err(|e| PaperError::Typeset(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The template's world: one source, one data file, the fonts found; nothing from disk or
/// the network.
struct Paperwork {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data: Bytes,
}

static DATA: LazyLock<Option<FileId>> = LazyLock::new(|| file_id("/paper.json").ok());

impl World for Paperwork {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == *DATA {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Paper {
        Paper {
            lang: "zh".into(),
            title: "接收清单".into(),
            branch: "兴城执法分局 #set page(paper: \"a5\") ]".into(),
            facts: vec![Fact {
                label: "记录仪".into(),
                value: "DSJ-001".into(),
            }],
            sections: vec![Section {
                heading: Some("文件".into()),
                columns: vec![Column::new("文件名", 2.0), Column::new("大小", 1.0)],
                rows: (0..120)
                    .map(|i| vec![format!("FILE{i:04}.MP4"), "1.0 GB".into()])
                    .collect(),
                ..Section::default()
            }],
            signatures: vec!["执法人员（签名）".into(), "保管员（签名）".into()],
            footer: "打印于 2026-12-02 19:00".into(),
            page_of: "第 {page} 页 共 {pages} 页".into(),
            printed: chrono::DateTime::from_timestamp(1_796_000_000, 0),
            ..Paper::default()
        }
    }

    #[test]
    fn a_long_table_runs_over_pages_and_markup_in_the_data_stays_text() {
        let set = pdf(&receipt()).expect("pdf");
        assert!(set.pdf.starts_with(b"%PDF-"));
        // 120 rows do not fit one A4 page; had the branch's `#set page(paper: "a5")` been
        // read as markup, Typst would have set A5 pages or failed on the stray `]`.
        assert!(set.pages >= 3, "{} pages", set.pages);
        assert_eq!(set.missing, Vec::<char>::new());
    }

    #[test]
    fn a_character_no_font_can_draw_is_named() {
        let mut paper = receipt();
        paper.facts[0].value = "DSJ-001 \u{13000}".into();
        let set = pdf(&paper).expect("pdf");
        assert_eq!(set.missing, vec!['\u{13000}']);
        assert!(set.pdf.starts_with(b"%PDF-"));
    }
}
