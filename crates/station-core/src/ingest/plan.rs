//! Walk a mounted recorder and list what is on it. OS metadata is skipped and nothing else:
//! every other file, even an empty or unreadable one, is evidence.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::report::{EntryKind, NotAFile};
use crate::platform;
use crate::recorders::{NameFacts, NamePatterns, Warning};

/// Names an operating system leaves on removable media; never evidence.
const OS_JUNK: &[&str] = &[
    "System Volume Information",
    "$RECYCLE.BIN",
    ".Trashes",
    ".Spotlight-V100",
    ".fseventsd",
    "Thumbs.db",
    "desktop.ini",
];

pub fn is_os_junk(name: &OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes.starts_with(b"._")
        || OS_JUNK
            .iter()
            .any(|j| bytes.eq_ignore_ascii_case(j.as_bytes()))
}

#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub abs: PathBuf,
    /// The exact relative path bytes ('/'-separated): the file's identity on the recorder.
    pub rel_raw: Vec<u8>,
    /// The relative path for people: UTF-8, or decoded from GBK when the card's names are in
    /// that legacy code page.
    pub rel_display: String,
    pub name_warning: Option<Warning>,
    pub name: NameFacts,
    pub extension: String,
    pub size: u64,
    pub mtime_ns: i64,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
    /// Entries that could not even be listed: (relative path, error).
    pub errors: Vec<(String, std::io::Error)>,
    /// What is on the card but no file: links, pipes, devices. Never followed or opened,
    /// always reported.
    pub not_files: Vec<NotAFile>,
}

pub fn plan(root: &Path, patterns: &NamePatterns) -> Plan {
    let mut out = Plan::default();
    let walk = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_os_junk(e.file_name()));
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(|p| display_path(&raw_path(p)).0)
                    .unwrap_or_default();
                out.errors.push((rel, e.into()));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel_raw = raw_path(rel);
        let (rel_display, decoded) = display_path(&rel_raw);
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            out.not_files.push(NotAFile {
                path: rel_display,
                kind: EntryKind::of(kind),
            });
            continue;
        }
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(e) => {
                out.errors.push((rel_display, e.into()));
                continue;
            }
        };
        let extension = rel
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        out.files.push(PlannedFile {
            abs: entry.path().to_path_buf(),
            name: patterns.parse(&rel_display),
            name_warning: decoded.then(|| Warning::new("name_not_utf8", rel_display.clone())),
            rel_raw,
            rel_display,
            extension,
            size: meta.len(),
            mtime_ns: platform::mtime_ns(&meta),
        });
    }
    out
}

fn raw_path(rel: &Path) -> Vec<u8> {
    let bytes = rel.as_os_str().as_encoded_bytes().to_vec();
    if cfg!(windows) {
        bytes
            .into_iter()
            .map(|b| if b == b'\\' { b'/' } else { b })
            .collect()
    } else {
        bytes
    }
}

/// UTF-8 as it is; anything else decoded as GB18030 (a superset of GBK, what Chinese
/// recorders and Windows write). Returns whether it had to decode.
pub fn display_path(raw: &[u8]) -> (String, bool) {
    match std::str::from_utf8(raw) {
        Ok(s) => (s.to_string(), false),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(raw);
            (text.into_owned(), true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_exactly_the_os_metadata() {
        for j in [
            "Thumbs.db",
            "thumbs.db",
            "._DSJ_1.mp4",
            "$RECYCLE.BIN",
            "desktop.ini",
        ] {
            assert!(is_os_junk(OsStr::new(j)), "{j}");
        }
        for keep in [
            "DSJ_1.mp4",
            "Thumbs.db.mp4",
            "_x.mp4",
            ".hidden.mp4",
            "执法录像.mp4",
        ] {
            assert!(!is_os_junk(OsStr::new(keep)), "{keep}");
        }
    }

    #[test]
    fn gbk_names_are_decoded_for_people() {
        // "录像.mp4" in GBK
        let raw = [0xC2, 0xBC, 0xCF, 0xF1, b'.', b'm', b'p', b'4'];
        assert_eq!(display_path(&raw), ("录像.mp4".to_string(), true));
        assert_eq!(
            display_path("录像.mp4".as_bytes()),
            ("录像.mp4".to_string(), false)
        );
    }
}
