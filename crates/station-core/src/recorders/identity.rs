//! Which recorder is this? In order of trust: what the custodian says, an identity file the
//! device exposes, the serial in its file names, the volume's UUID or label as registered, and
//! last the mount point's name (what the OS shows as the volume label).

use std::io::Read;
use std::path::Path;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::NameFacts;

/// Identity files looked for at the recorder's root (case-insensitive) unless settings say
/// otherwise. Lines `serial=…` / `SN: …` / `time=YYYY-MM-DD HH:MM:SS`, or a bare serial.
pub const DEFAULT_IDENTITY_FILES: &[&str] = &["DEVICE.TXT", "DEVICEINFO.TXT", "SN.TXT", "TIME.TXT"];

/// What the identity files said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdentityFile {
    pub serial: Option<String>,
    /// The recorder's clock at the moment the file was read (its local time).
    pub clock: Option<NaiveDateTime>,
}

/// How the recorder was recognised, for the docking record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RecognisedBy {
    Custodian,
    IdentityFile,
    FileNames,
    VolumeUuid,
    VolumeLabel,
    MountName,
}

/// Read the identity files at `root`. Small reads only; nothing is written.
pub fn read_identity_files(root: &Path, names: &[String]) -> IdentityFile {
    let mut out = IdentityFile::default();
    let Ok(entries) = std::fs::read_dir(root) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            continue;
        }
        let Ok(file) = crate::platform::open_untrusted(&entry.path()) else {
            continue;
        };
        let mut text = String::new();
        if file.take(4096).read_to_string(&mut text).is_err() {
            continue;
        }
        let parsed = parse_identity(&text);
        out.serial = out.serial.or(parsed.serial);
        out.clock = out.clock.or(parsed.clock);
    }
    out
}

pub fn parse_identity(text: &str) -> IdentityFile {
    let mut out = IdentityFile::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (key, value) = match line.split_once(['=', ':']) {
            Some((k, v)) if !k.trim().chars().all(|c| c.is_ascii_digit()) => {
                (k.trim().to_ascii_lowercase(), v.trim())
            }
            _ => (String::new(), line),
        };
        match key.as_str() {
            "serial" | "sn" | "deviceid" | "device_id" | "device" | "id" => {
                out.serial = Some(value.to_ascii_uppercase());
            }
            "time" | "datetime" | "clock" | "now" => {
                out.clock = [
                    "%Y-%m-%d %H:%M:%S",
                    "%Y-%m-%dT%H:%M:%S",
                    "%Y%m%d%H%M%S",
                    "%Y/%m/%d %H:%M:%S",
                ]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok());
            }
            "" if out.serial.is_none()
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
            {
                out.serial = Some(value.to_ascii_uppercase());
            }
            _ => {}
        }
    }
    out
}

/// The serial most of the recorder's file names carry.
pub fn serial_from_names<'a>(names: impl Iterator<Item = &'a NameFacts>) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for n in names {
        if let Some(s) = &n.serial {
            *counts.entry(s).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_files_in_the_usual_shapes() {
        let f = parse_identity("SN: a12345\r\ntime=2024-01-05 20:01:02\n");
        assert_eq!(f.serial.as_deref(), Some("A12345"));
        assert_eq!(
            f.clock.map(|t| t.to_string()).as_deref(),
            Some("2024-01-05 20:01:02")
        );
        assert_eq!(
            parse_identity("DSJ-8821\n").serial.as_deref(),
            Some("DSJ-8821")
        );
        assert_eq!(parse_identity("model=X9\n").serial, None);
        assert_eq!(parse_identity("clock=garbage").clock, None);
    }
}
