//! File-name patterns are data, not code paths: each is a regular expression over the file's
//! path relative to the recorder root, with optional named groups `serial`, `officer`, `date`
//! (YYYYMMDD), `time` (HHMMSS), `flags` (`_IMP`, `_SOS`, `_enc`, …), and the recorder's own
//! file number `seq` with its folder number `seq_dir` (DCF's 100–999), for sequence gaps. The shipped defaults
//! come first in order of trust; settings can add more (`name_patterns`).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamePattern {
    pub name: String,
    pub regex: String,
}

/// The shipped patterns.
pub fn default_patterns() -> Vec<NamePattern> {
    let p = |name: &str, regex: &str| NamePattern {
        name: name.to_string(),
        regex: regex.to_string(),
    };
    vec![
        // Body-worn recorders (GA/T 947): DSJ_<serial>_<officer>_<YYYYMMDD>_<HHMMSS>[_IMP|_SOS][_enc].<ext>
        p(
            "dsj",
            r"(?i)(?:^|/)DSJ_(?P<serial>[A-Z0-9]+)_(?P<officer>\d{6})_(?P<date>\d{8})_(?P<time>\d{6})(?P<flags>(?:_(?:IMP|SOS|ENC))*)\.[A-Z0-9]+$",
        ),
        // Camera cards (DCF): DCIM/100ABCDE/ABCD1234.JPG; times come from the container.
        p(
            "dcf",
            r"(?i)(?:^|/)DCIM/(?P<seq_dir>[1-9]\d\d)[A-Z0-9_]{5}/[A-Z0-9_]{4}(?P<seq>\d{4})\.[A-Z0-9]+$",
        ),
        // Many recorders and phones: …20240105_093000… or …20240105-093000… in the file name.
        p(
            "timestamp",
            r"(?:^|/)[^/]*?(?P<date>(?:19|20)\d{6})[_-]?(?P<time>\d{6})[^/]*$",
        ),
    ]
}

/// What a file's name says about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameFacts {
    pub pattern: Option<String>,
    pub serial: Option<String>,
    pub officer: Option<String>,
    /// The recorder's local time, not yet placed in a time zone.
    pub local_time: Option<NaiveDateTime>,
    /// The name had a date and time that is not a real one (e.g. month 13).
    pub bad_time: Option<String>,
    pub flags: Vec<String>,
    /// The recorder's running file number (folder × 10000 + file for DCF).
    pub seq: Option<i64>,
}

impl NameFacts {
    /// `_IMP` (important) and `_SOS` (emergency) both mark a clip important.
    pub fn important(&self) -> bool {
        self.flags.iter().any(|f| f == "IMP" || f == "SOS")
    }
}

pub struct NamePatterns {
    compiled: Vec<(String, Regex)>,
}

const GROUPS: &[&str] = &[
    "serial", "officer", "date", "time", "flags", "seq", "seq_dir",
];

impl NamePatterns {
    pub fn new(patterns: &[NamePattern]) -> Result<NamePatterns> {
        let mut compiled = Vec::with_capacity(patterns.len());
        for p in patterns {
            let re = Regex::new(&p.regex).map_err(|e| {
                Error::setting(
                    "name_patterns",
                    format!("{}：正则表达式有误：{e}", p.name),
                    format!("{}: {e}", p.name),
                )
            })?;
            if let Some(bad) = re.capture_names().flatten().find(|n| !GROUPS.contains(n)) {
                return Err(Error::setting(
                    "name_patterns",
                    format!(
                        "{}：没有分组 `{bad}`（可用：{}）",
                        p.name,
                        GROUPS.join("、")
                    ),
                    format!(
                        "{}: unknown group `{bad}` (allowed: {})",
                        p.name,
                        GROUPS.join(", ")
                    ),
                ));
            }
            if re.capture_names().flatten().any(|n| n == "date")
                != re.capture_names().flatten().any(|n| n == "time")
            {
                return Err(Error::setting(
                    "name_patterns",
                    format!("{}：`date` 与 `time` 须同时出现", p.name),
                    format!("{}: `date` and `time` go together", p.name),
                ));
            }
            compiled.push((p.name.clone(), re));
        }
        Ok(NamePatterns { compiled })
    }

    /// The first pattern that matches wins.
    pub fn parse(&self, rel_path: &str) -> NameFacts {
        for (name, re) in &self.compiled {
            let Some(c) = re.captures(rel_path) else {
                continue;
            };
            let group = |g: &str| c.name(g).map(|m| m.as_str().to_string());
            let mut facts = NameFacts {
                pattern: Some(name.clone()),
                serial: group("serial").map(|s| s.to_ascii_uppercase()),
                officer: group("officer"),
                ..NameFacts::default()
            };
            if let (Some(d), Some(t)) = (group("date"), group("time")) {
                match (
                    NaiveDate::parse_from_str(&d, "%Y%m%d"),
                    NaiveTime::parse_from_str(&t, "%H%M%S"),
                ) {
                    (Ok(d), Ok(t)) => facts.local_time = Some(d.and_time(t)),
                    _ => facts.bad_time = Some(format!("{d}_{t}")),
                }
            }
            let number = |g: &str| group(g).and_then(|n| n.parse::<i64>().ok());
            facts.seq = number("seq").map(|n| number("seq_dir").unwrap_or(0) * 10_000 + n);
            if let Some(f) = group("flags") {
                facts.flags = f
                    .split('_')
                    .filter(|s| !s.is_empty())
                    .map(|s| match s.to_ascii_uppercase().as_str() {
                        "ENC" => "enc".to_string(),
                        other => other.to_string(),
                    })
                    .collect();
            }
            return facts;
        }
        NameFacts::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> NamePatterns {
        NamePatterns::new(&default_patterns()).expect("defaults compile")
    }

    #[test]
    fn dsj_names_give_serial_officer_time_and_flags() {
        let f = defaults().parse("DCIM/DSJ_A12345_012345_20240105_093012_SOS_enc.mp4");
        assert_eq!(f.pattern.as_deref(), Some("dsj"));
        assert_eq!(f.serial.as_deref(), Some("A12345"));
        assert_eq!(f.officer.as_deref(), Some("012345"));
        assert_eq!(
            f.local_time.map(|t| t.to_string()).as_deref(),
            Some("2024-01-05 09:30:12")
        );
        assert_eq!(f.flags, vec!["SOS", "enc"]);
        assert!(f.important());
        let plain = defaults().parse("DSJ_A12345_012345_20240105_093012.MP4");
        assert!(!plain.important());
        assert!(defaults()
            .parse("DSJ_A12345_012345_20240105_093012_IMP.jpg")
            .important());
    }

    #[test]
    fn an_impossible_time_in_a_name_is_reported_not_guessed() {
        let f = defaults().parse("DSJ_A1_000001_20241305_256100.mp4");
        assert_eq!(f.local_time, None);
        assert_eq!(f.bad_time.as_deref(), Some("20241305_256100"));
        assert_eq!(f.serial.as_deref(), Some("A1"));
    }

    #[test]
    fn dcf_cards_and_plain_timestamps() {
        let f = defaults().parse("DCIM/100CANON/IMG_0001.JPG");
        assert_eq!(f.pattern.as_deref(), Some("dcf"));
        assert_eq!(f.seq, Some(1_000_001));
        assert_eq!(f.local_time, None);
        let f = defaults().parse("录像/VID_20240105_093012_001.mp4");
        assert_eq!(f.pattern.as_deref(), Some("timestamp"));
        assert!(f.local_time.is_some());
        assert_eq!(defaults().parse("notes.txt"), NameFacts::default());
    }

    #[test]
    fn settings_patterns_are_checked() {
        let bad = NamePattern {
            name: "x".into(),
            regex: "(?P<who>.*)".into(),
        };
        assert!(NamePatterns::new(&[bad]).is_err());
        let broken = NamePattern {
            name: "x".into(),
            regex: "(".into(),
        };
        assert!(NamePatterns::new(&[broken]).is_err());
        let custom = NamePattern {
            name: "hik".into(),
            regex: r"^(?P<serial>HK\d+)-(?P<date>\d{8})(?P<time>\d{6})\.mp4$".into(),
        };
        let p = NamePatterns::new(&[custom]).expect("custom compiles");
        assert_eq!(
            p.parse("HK77-20240105093012.mp4").serial.as_deref(),
            Some("HK77")
        );
    }
}
