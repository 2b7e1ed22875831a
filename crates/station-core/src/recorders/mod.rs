//! Recognising recorders and reading what their files say: names, kinds, container times.

mod identity;
mod media;
mod names;

use std::path::Path;

use chrono::{DateTime, FixedOffset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

pub use identity::{
    parse_identity, read_identity_files, serial_from_names, IdentityFile, RecognisedBy,
    DEFAULT_IDENTITY_FILES,
};
pub use media::{container_facts, read_container, ContainerFacts, Kind};
pub use names::{default_patterns, NameFacts, NamePattern, NamePatterns};

/// Something about a stored clip a person should know. Stored by code; the message is made in
/// the reader's language when shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub detail: String,
}

impl Warning {
    pub fn new(code: &str, detail: impl Into<String>) -> Warning {
        Warning {
            code: code.to_string(),
            detail: detail.into(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let d = &self.detail;
        match (self.code.as_str(), lang) {
            ("empty_file", Lang::Zh) => "文件为空（0 字节），已按原样保存。".into(),
            ("empty_file", Lang::En) => "The file is empty (0 bytes); stored as it is.".into(),
            ("metadata_unreadable", Lang::Zh) => format!("无法读取媒体信息（{d}），文件已按原样保存。"),
            ("metadata_unreadable", Lang::En) => format!("Media information unreadable ({d}); the file is stored as it is."),
            ("kind_mismatch", Lang::Zh) => format!("扩展名与文件内容不符（{d}）。"),
            ("kind_mismatch", Lang::En) => format!("The extension does not match the content ({d})."),
            ("name_not_utf8", Lang::Zh) => format!("文件名不是 UTF-8 编码，已按 GBK 解读为“{d}”。"),
            ("name_not_utf8", Lang::En) => format!("The file name is not UTF-8; read as GBK: “{d}”."),
            ("name_time_invalid", Lang::Zh) => format!("文件名中的时间 {d} 不是有效时间。"),
            ("name_time_invalid", Lang::En) => format!("The time {d} in the file name is not a valid time."),
            ("time_from_mtime", Lang::Zh) => "文件名和媒体信息中都没有录制时间，暂用文件修改时间。".into(),
            ("time_from_mtime", Lang::En) => "No recording time in the name or the container; the file's modification time is used.".into(),
            ("clock_implausible", Lang::Zh) => format!("录制时间 {d} 不合理，记录仪时钟可能未校准。"),
            ("clock_implausible", Lang::En) => format!("Recording time {d} is implausible; the recorder's clock may be wrong."),
            ("encrypted", Lang::Zh) => "记录仪标记为加密文件（_enc），无法读取媒体信息。".into(),
            ("encrypted", Lang::En) => "The recorder marked this file as encrypted (_enc); media information cannot be read.".into(),
            ("officer_mismatch", Lang::Zh) => format!("文件名中的警号与设备登记的使用人不一致（文件名 / 登记：{d}），以文件名为准。"),
            ("officer_mismatch", Lang::En) => format!("The officer number in the file name differs from the device's assignment (name / assigned: {d}); the name is used."),
            (_, _) => format!("{}: {d}", self.code),
        }
    }
}

/// The station's view of one stored file: what it is and when it was recorded.
#[derive(Debug, Clone)]
pub struct ClipFacts {
    pub kind: Kind,
    pub recorded_at: Option<DateTime<FixedOffset>>,
    pub time_source: Option<&'static str>,
    pub duration_s: Option<f64>,
    pub warnings: Vec<Warning>,
}

pub use crate::time::in_zone;

pub fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A verified copy to examine, with what is already known of it.
pub struct StoredFile<'a> {
    pub path: &'a Path,
    /// The first bytes of the file.
    pub head: &'a [u8],
    pub size: u64,
    pub extension: &'a str,
    pub name: &'a NameFacts,
    /// The recorder file's modification time.
    pub mtime_ns: i64,
}

/// Examine a stored copy. Never fails: whatever cannot be read becomes a warning.
pub fn examine(file: &StoredFile<'_>, tz: Tz, now: DateTime<Utc>) -> ClipFacts {
    let StoredFile {
        path: stored,
        head,
        size,
        extension,
        name,
        mtime_ns,
    } = *file;
    let mut warnings = Vec::new();
    let by_ext = Kind::from_extension(extension);
    let magic = Kind::from_magic(head);
    if let Some(k) = magic {
        if by_ext != Kind::Other && by_ext != k {
            warnings.push(Warning::new(
                "kind_mismatch",
                format!(".{extension} / {}", k.code()),
            ));
        }
    }
    let kind = magic.unwrap_or(by_ext);
    let encrypted = name.flags.iter().any(|f| f == "enc");
    let container = if size == 0 {
        warnings.push(Warning::new("empty_file", ""));
        ContainerFacts::default()
    } else if encrypted && magic.is_none() {
        warnings.push(Warning::new("encrypted", ""));
        ContainerFacts::default()
    } else if magic.is_none() && by_ext != Kind::Other {
        warnings.push(Warning::new(
            "metadata_unreadable",
            "content not recognised",
        ));
        ContainerFacts::default()
    } else {
        read_container(stored, head).unwrap_or_else(|detail| {
            warnings.push(Warning::new("metadata_unreadable", detail));
            ContainerFacts::default()
        })
    };
    if let Some(bad) = &name.bad_time {
        warnings.push(Warning::new("name_time_invalid", bad.clone()));
    }
    let (recorded_at, time_source) = if let Some(local) = name.local_time {
        (Some(in_zone(local, tz)), Some("file_name"))
    } else if let Some(utc) = container.created_utc {
        (
            Some(utc.with_timezone(&tz).fixed_offset()),
            Some("container"),
        )
    } else if let Some(local) = container.created_local {
        (Some(in_zone(local, tz)), Some("container"))
    } else {
        warnings.push(Warning::new("time_from_mtime", ""));
        let t = DateTime::from_timestamp_nanos(mtime_ns);
        (
            Some(t.with_timezone(&tz).fixed_offset()),
            Some("file_mtime"),
        )
    };
    if let Some(t) = recorded_at {
        let floor = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single();
        if floor.is_some_and(|f| t < f) || t > now + chrono::Duration::days(1) {
            warnings.push(Warning::new("clock_implausible", rfc3339(&t)));
        }
    }
    ClipFacts {
        kind,
        recorded_at,
        time_source,
        duration_s: container.duration_s,
        warnings,
    }
}
