//! The station's settings as one typed struct: each setting's meaning, default, floor and check
//! are here and nowhere else. The catalog's `settings` table holds what the administrator set;
//! [`Settings::from_values`] reads it (a stored value that no longer reads falls back to its
//! default), [`check`] decides whether a new value may be stored. No clock is read here.

use std::path::PathBuf;

use chrono_tz::Tz;

use crate::cases::ActivityKind;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::recorders::{default_patterns, NamePattern, NamePatterns, DEFAULT_IDENTITY_FILES};
use crate::retention::{
    MAXIMUM_GRACE_DAYS, MAXIMUM_MASS_SHARE, MINIMUM_GRACE_DAYS, MINIMUM_MONTHS,
};
use crate::time::parse_tz;

pub mod guide;

pub use guide::{SettingGuide, SettingKind, SettingSection, GUIDES};

/// Every setting, read and with its default where it is not set.
pub struct Settings {
    pub branch: Option<String>,
    /// Recorder clocks, local days, typed times.
    pub time_zone: Tz,
    pub language: Lang,
    /// The branch's own file-name patterns first, then the shipped ones; compiled.
    pub name_patterns: NamePatterns,
    /// Where recorders are mounted; empty: the operating system's usual places.
    pub mount_roots: Vec<PathBuf>,
    pub excluded_mounts: Vec<String>,
    pub identity_files: Vec<String>,
    pub free_recorder: bool,
    /// The window chimes when a docking ends (heard across the room).
    pub dock_sound: bool,
    pub low_space_mib: u64,
    pub clock_drift_s: u64,
    /// At least 1.
    pub max_parallel_docks: u64,
    /// Never below six months (art. 19).
    pub retention_months: u32,
    /// Between the floor and the ceiling.
    pub disposal_grace_days: u64,
    /// Never above the ceiling.
    pub disposal_max_share: f64,
    pub copies_required: u32,
    pub disc_recheck_days: u32,
    pub officer_view_own: bool,
    pub lock_minutes: u32,
    pub gap_threshold_s: u32,
    /// Art. 12: kinds of activity to be filmed by at least two devices; one device alone is
    /// flagged.
    pub two_devices_for: Vec<ActivityKind>,
    pub undocked_days: u32,
    /// A recorder in service is due for upkeep this many days after its last (art. 14).
    pub upkeep_days: u32,
    /// The whole library is read back at least every this many days, a share each night.
    pub verify_days: u32,
    /// From this hour of the station's day on, that day's share is due.
    pub verify_hour: u32,
    /// The district's object store; none set: nothing is sent.
    pub district: DistrictSettings,
    /// The stored pairs these were read from: a re-read that finds the same keeps them.
    pub(crate) values: Vec<(String, String)>,
}

impl Settings {
    /// The settings from the stored `(key, value)` pairs; `fallback_zone` where no time zone
    /// is set. Only branch patterns that do not compile are an error: a station cannot tell
    /// its recorders' files apart without them.
    pub fn from_values(values: &[(String, String)], fallback_zone: Tz) -> Result<Settings> {
        let get = |key: &str| {
            values
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let number =
            |key: &str, default: u64| get(key).and_then(|v| v.parse().ok()).unwrap_or(default);
        let small =
            |key: &str, default: u32| get(key).and_then(|v| v.parse().ok()).unwrap_or(default);
        let flag = |key: &str| get(key).and_then(|v| v.parse().ok()).unwrap_or(false);
        let text = |key: &str| {
            get(key)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let list = |key: &str| -> Vec<String> {
            get(key)
                .and_then(|v| serde_json::from_str(v).ok())
                .unwrap_or_default()
        };
        let identity_files = match list("identity_files") {
            l if l.is_empty() => DEFAULT_IDENTITY_FILES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            l => l,
        };
        let share = get("disposal_max_share").and_then(|v| v.parse::<f64>().ok());
        Ok(Settings {
            branch: get("branch").map(str::to_string),
            time_zone: get("time_zone")
                .and_then(|z| parse_tz(z).ok())
                .unwrap_or(fallback_zone),
            language: get("language").and_then(Lang::parse).unwrap_or_default(),
            name_patterns: NamePatterns::new(&all_patterns(get("name_patterns"))?)?,
            mount_roots: list("mount_roots").into_iter().map(PathBuf::from).collect(),
            excluded_mounts: list("excluded_mounts"),
            identity_files,
            free_recorder: flag("free_recorder"),
            dock_sound: get("dock_sound")
                .and_then(|v| v.parse().ok())
                .unwrap_or(true),
            // Read within range too: a value stored by hand past it is a typing error.
            low_space_mib: number("low_space_mib", 4096).min(number_range("low_space_mib").1),
            clock_drift_s: number("clock_drift_s", 120),
            max_parallel_docks: number("max_parallel_docks", 2).max(1),
            retention_months: small("retention_months", MINIMUM_MONTHS)
                .clamp(MINIMUM_MONTHS, MAXIMUM_MONTHS as u32),
            disposal_grace_days: number("disposal_grace_days", MINIMUM_GRACE_DAYS)
                .clamp(MINIMUM_GRACE_DAYS, MAXIMUM_GRACE_DAYS),
            disposal_max_share: share
                .filter(|s| s.is_finite())
                .unwrap_or(MAXIMUM_MASS_SHARE)
                .clamp(0.0, MAXIMUM_MASS_SHARE),
            copies_required: small("copies_required", 2).max(1),
            disc_recheck_days: small("disc_recheck_days", 365),
            officer_view_own: flag("officer_view_own"),
            lock_minutes: small("lock_minutes", 10),
            gap_threshold_s: small("gap_threshold_s", 30),
            two_devices_for: match get("two_devices_for") {
                Some(v) => activity_kinds(v).unwrap_or_else(|_| DEFAULT_TWO_DEVICES.to_vec()),
                None => DEFAULT_TWO_DEVICES.to_vec(),
            },
            undocked_days: small("undocked_days", 3),
            upkeep_days: small("upkeep_days", 90).clamp(1, 3650),
            verify_days: small("verify_days", 30).clamp(1, 3650),
            verify_hour: small("verify_hour", 1).min(23),
            district: DistrictSettings {
                url: text("district_url"),
                bucket: text("district_bucket"),
                branch: text("district_branch"),
                access_key: text("district_access_key"),
                bandwidth_mbps: small("district_bandwidth_mbps", 0),
                backlog_hours: small("district_backlog_hours", 24).max(1),
                console: flag("district_console"),
            },
            values: values.to_vec(),
        })
    }
}

/// Where the district's store is (the secret key is not a setting: see `district`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DistrictSettings {
    pub url: Option<String>,
    pub bucket: Option<String>,
    pub branch: Option<String>,
    pub access_key: Option<String>,
    /// 0: no limit.
    pub bandwidth_mbps: u32,
    pub backlog_hours: u32,
    /// This station is the district's console: the window shows the 分局汇总 page.
    pub console: bool,
}

/// What [`check`] found of a new value.
#[derive(Debug, PartialEq)]
pub enum Checked {
    /// It may be stored.
    Fine,
    /// It would weaken what protects evidence: refused, and the attempt goes on record. The
    /// text says what is allowed.
    BeyondFloor(String),
}

/// A retention period longer than a hundred years is surely a typing error.
const MAXIMUM_MONTHS: u64 = 1200;

/// The range a whole-number setting may take (its guide's): beyond it is a typing error, not
/// a choice.
fn number_range(key: &str) -> (u64, u64) {
    match GUIDES.iter().find(|g| g.key == key).map(|g| g.kind) {
        Some(SettingKind::Number { min, max, .. }) => (min, max),
        Some(SettingKind::Size { max_mib }) => (0, max_mib),
        _ => (0, u64::MAX),
    }
}

// Long by design: one arm per setting, so each setting's check is found by its name.
/// May `key` be set to `value`? A malformed value is an error; one past a floor that
/// protects evidence is [`Checked::BeyondFloor`].
pub fn check(key: &str, value: &str) -> Result<Checked> {
    let invalid = |zh: &str, en: &str| Error::setting(key, zh, en);
    let whole = |zh: &str, en: &str| value.parse::<u64>().map_err(|_| invalid(zh, en));
    let within = |ok: bool, allowed: String| {
        Ok(if ok {
            Checked::Fine
        } else {
            Checked::BeyondFloor(allowed)
        })
    };
    match key {
        "branch" if value.trim().is_empty() => Err(invalid("不能为空", "empty")),
        "branch" => Ok(Checked::Fine),
        "time_zone" => parse_tz(value).map(|_| Checked::Fine),
        "language" => Lang::parse(value)
            .map(|_| Checked::Fine)
            .ok_or_else(|| invalid("请填 zh（中文）或 en（英文）", "zh or en")),
        "name_patterns" => {
            NamePatterns::new(&all_patterns(Some(value))?)?;
            Ok(Checked::Fine)
        }
        "mount_roots" | "excluded_mounts" | "identity_files" => {
            serde_json::from_str::<Vec<String>>(value)
                .map(|_| Checked::Fine)
                .map_err(|_| {
                    invalid(
                        "须为 JSON 字符串列表，例如 [\"/media\"]",
                        "a JSON list of strings, e.g. [\"/media\"]",
                    )
                })
        }
        "low_space_mib"
        | "clock_drift_s"
        | "max_parallel_docks"
        | "disc_recheck_days"
        | "lock_minutes"
        | "gap_threshold_s"
        | "undocked_days"
        | "upkeep_days"
        | "copies_required"
        | "verify_days"
        | "verify_hour"
        | "district_bandwidth_mbps"
        | "district_backlog_hours" => {
            let n = whole("须为整数", "a whole number")?;
            let (lo, hi) = number_range(key);
            if (lo..=hi).contains(&n) {
                Ok(Checked::Fine)
            } else if key == "copies_required" && n == 0 {
                Err(invalid(
                    "第十九条：长期保存的记录至少需要一份校验过的副本",
                    "art. 19: long-term records need at least one verified copy",
                ))
            } else {
                Err(invalid(
                    &format!("须在 {lo} 到 {hi} 之间"),
                    &format!("between {lo} and {hi}"),
                ))
            }
        }
        "retention_months" => {
            let months = whole("须为整数（月数）", "a whole number of months")?;
            if months > MAXIMUM_MONTHS {
                return Err(invalid(
                    &format!("不能超过 {MAXIMUM_MONTHS} 个月"),
                    &format!("at most {MAXIMUM_MONTHS} months"),
                ));
            }
            within(
                months >= u64::from(MINIMUM_MONTHS),
                format!("≥ {MINIMUM_MONTHS}"),
            )
        }
        "disposal_grace_days" => {
            let days = whole("须为整数（天数）", "a whole number of days")?;
            within(
                (MINIMUM_GRACE_DAYS..=MAXIMUM_GRACE_DAYS).contains(&days),
                format!("{MINIMUM_GRACE_DAYS}–{MAXIMUM_GRACE_DAYS}"),
            )
        }
        "disposal_max_share" => {
            let share = value.parse::<f64>().map_err(|_| {
                invalid(
                    "须为 0 到 1 之间的比例，例如 0.2",
                    "a share between 0 and 1, e.g. 0.2",
                )
            })?;
            if !share.is_finite() {
                return Err(invalid("须为 0 到 1 之间的比例", "a share between 0 and 1"));
            }
            within(
                (0.0..=MAXIMUM_MASS_SHARE).contains(&share),
                format!("0–{MAXIMUM_MASS_SHARE}"),
            )
        }
        "district_url" | "district_bucket" | "district_branch" | "district_access_key" => {
            district_value(key, value.trim()).map_err(|(zh, en)| invalid(zh, en))?;
            Ok(Checked::Fine)
        }
        "two_devices_for" => activity_kinds(value).map(|_| Checked::Fine),
        "free_recorder" | "officer_view_own" | "dock_sound" | "district_console" => value
            .parse::<bool>()
            .map(|_| Checked::Fine)
            .map_err(|_| invalid("请填 true 或 false", "true or false")),
        _ => {
            let known = GUIDES.iter().map(|g| g.key).collect::<Vec<_>>();
            Err(invalid(
                &format!("没有这个设置项；可用的有：{}", known.join("、")),
                &format!("unknown setting; known: {}", known.join(", ")),
            ))
        }
    }
}

/// Art. 12's high-risk kinds by default: forced demolition, seizure, sealing a site.
pub const DEFAULT_TWO_DEVICES: [ActivityKind; 3] = [
    ActivityKind::Demolition,
    ActivityKind::Seizure,
    ActivityKind::Sealing,
];

/// A JSON list of activity-kind codes, e.g. `["demolition","seizure"]`.
fn activity_kinds(value: &str) -> Result<Vec<ActivityKind>> {
    let codes: Vec<String> = serde_json::from_str(value).map_err(|_| {
        Error::input(
            "须为执法活动类型的 JSON 列表，例如 [\"demolition\",\"seizure\"]".to_string(),
            "a JSON list of activity kinds, e.g. [\"demolition\",\"seizure\"]".to_string(),
        )
    })?;
    codes.iter().map(|c| c.parse::<ActivityKind>()).collect()
}

/// A district setting's value as S3 and the object keys need it; empty clears it.
fn district_value(key: &str, v: &str) -> std::result::Result<(), (&'static str, &'static str)> {
    let ascii = |extra: &str| {
        v.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    };
    let ends_alnum = v.starts_with(|c: char| c.is_ascii_alphanumeric())
        && v.ends_with(|c: char| c.is_ascii_alphanumeric());
    let fine = v.is_empty()
        || match key {
            "district_url" => {
                (v.starts_with("http://") || v.starts_with("https://"))
                    && !v.contains(char::is_whitespace)
            }
            "district_bucket" => {
                (3..=63).contains(&v.len())
                    && ascii(".-")
                    && !v.contains(|c: char| c.is_ascii_uppercase())
                    && ends_alnum
            }
            "district_branch" => v.len() <= 40 && ascii("-_") && ends_alnum,
            _ => v.chars().all(|c| c.is_ascii_graphic()),
        };
    if fine {
        return Ok(());
    }
    Err(match key {
        "district_url" => ("须为 http:// 或 https:// 开头的网址", "an address beginning http:// or https://"),
        "district_bucket" => (
            "存储桶名称为 3–63 个小写字母、数字、点或短横线，以字母或数字开头和结尾",
            "3–63 lowercase letters, digits, dots or hyphens, beginning and ending with a letter or digit",
        ),
        "district_branch" => (
            "分局代码为至多 40 个字母、数字、短横线或下划线",
            "at most 40 letters, digits, hyphens or underscores",
        ),
        _ => ("访问账号只能含可见的英文字母、数字和符号", "printable ASCII only"),
    })
}

/// The branch's own patterns first (they know its recorder models), then the shipped ones.
fn all_patterns(extra: Option<&str>) -> Result<Vec<NamePattern>> {
    let mut all: Vec<NamePattern> = match extra {
        Some(json) => serde_json::from_str(json).map_err(|e| {
            Error::setting(
                "name_patterns",
                format!("须为 [{{\"name\": …, \"regex\": …}}]：{e}"),
                format!("expected [{{\"name\": …, \"regex\": …}}]: {e}"),
            )
        })?,
        None => Vec::new(),
    };
    all.extend(default_patterns());
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The window and `settings list` show each guide's default: it must be the one the
    /// station uses, and be accepted as it stands.
    #[test]
    fn each_guides_default_is_the_one_used_and_passes_its_check() -> Result<()> {
        let stored: Vec<(String, String)> = GUIDES
            .iter()
            .filter(|g| !g.default.is_empty())
            .map(|g| (g.key.to_string(), g.default.to_string()))
            .collect();
        for (k, v) in &stored {
            assert_eq!(check(k, v)?, Checked::Fine, "{k} = {v}");
        }
        let facts = |s: &Settings| {
            format!(
                "{:?}",
                (
                    (
                        s.language,
                        s.free_recorder,
                        s.dock_sound,
                        s.low_space_mib,
                        s.clock_drift_s
                    ),
                    (
                        s.max_parallel_docks,
                        s.retention_months,
                        s.disposal_grace_days
                    ),
                    (s.disposal_max_share, s.copies_required, s.disc_recheck_days),
                    (
                        s.officer_view_own,
                        s.lock_minutes,
                        s.gap_threshold_s,
                        s.undocked_days
                    ),
                    (
                        s.verify_days,
                        s.verify_hour,
                        &s.mount_roots,
                        &s.excluded_mounts,
                        &s.identity_files
                    ),
                )
            )
        };
        let unset = Settings::from_values(&[], Tz::UTC)?;
        assert_eq!(
            facts(&Settings::from_values(&stored, Tz::UTC)?),
            facts(&unset)
        );
        assert!(check("no_such_setting", "1").is_err());
        Ok(())
    }

    #[test]
    fn every_setting_has_its_default_and_floors_hold_even_for_stored_values() -> Result<()> {
        let s = Settings::from_values(&[], Tz::UTC)?;
        assert_eq!(s.time_zone, Tz::UTC);
        assert_eq!(s.retention_months, 6);
        assert_eq!(s.disposal_grace_days, 7);
        assert_eq!(s.copies_required, 2);
        assert_eq!(s.max_parallel_docks, 2);
        assert_eq!(s.identity_files.len(), DEFAULT_IDENTITY_FILES.len());
        // A catalog edited behind the station's back cannot lower a floor.
        let s = Settings::from_values(
            &values(&[
                ("retention_months", "1"),
                ("disposal_grace_days", "0"),
                ("disposal_max_share", "NaN"),
                ("max_parallel_docks", "0"),
                ("time_zone", "Mars/Olympus"),
                ("low_space_mib", "lots"),
            ]),
            Tz::UTC,
        )?;
        assert_eq!(s.retention_months, 6);
        assert_eq!(s.disposal_grace_days, 7);
        assert_eq!(s.disposal_max_share, MAXIMUM_MASS_SHARE);
        assert_eq!(s.max_parallel_docks, 1);
        assert_eq!(s.time_zone, Tz::UTC);
        assert_eq!(s.low_space_mib, 4096);
        Ok(())
    }

    #[test]
    fn a_new_value_is_checked_and_floors_that_protect_evidence_refuse() -> Result<()> {
        assert_eq!(check("retention_months", "12")?, Checked::Fine);
        assert_eq!(
            check("retention_months", "5")?,
            Checked::BeyondFloor("≥ 6".into())
        );
        assert_eq!(
            check("disposal_grace_days", "3")?,
            Checked::BeyondFloor("7–3650".into())
        );
        assert_eq!(
            check("disposal_max_share", "0.5")?,
            Checked::BeyondFloor("0–0.2".into())
        );
        assert_eq!(check("time_zone", "Asia/Shanghai")?, Checked::Fine);
        for (key, bad) in [
            ("time_zone", "Mars/Olympus"),
            ("language", "fr"),
            ("copies_required", "0"),
            ("low_space_mib", "-1"),
            ("free_recorder", "yes"),
            ("mount_roots", "/media"),
            ("name_patterns", "[{\"name\":\"x\",\"regex\":\"(\"}]"),
            ("branch", " "),
            ("colour", "red"),
        ] {
            assert!(check(key, bad).is_err(), "{key} = {bad}");
        }
        Ok(())
    }
}
