//! Time as the station speaks it: time zones (the `time_zone` setting, else `TZ`, else the
//! system's), recorder wall-clock times put in a zone, local days, and the times people type.
//! A leaf: pure functions, no clock is read here.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// An IANA time zone by name.
pub fn parse_tz(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::setting(
            "time_zone",
            format!("没有时区 {name:?}；请用 IANA 名称，例如 Asia/Shanghai"),
            format!("unknown time zone {name:?}; use an IANA name such as Asia/Shanghai"),
        )
    })
}

/// The zone this process runs in: `TZ` where it names one (`Asia/Shanghai`, `:Asia/Shanghai`,
/// or a path into a zoneinfo folder), else the system's (on Windows the zone it is set to,
/// "China Standard Time" = Asia/Shanghai), else UTC (then set `time_zone`).
pub fn system_tz() -> Tz {
    // The process's zone does not change while it runs; asked once.
    static ZONE: std::sync::OnceLock<Tz> = std::sync::OnceLock::new();
    *ZONE.get_or_init(|| {
        std::env::var("TZ")
            .ok()
            .and_then(|tz| zone_named_by_tz_variable(&tz))
            .or_else(|| {
                iana_time_zone::get_timezone()
                    .ok()
                    .and_then(|n| n.parse().ok())
            })
            // Windows without the WinRT calendar iana-time-zone asks (Wine, some LTSC builds).
            .or_else(crate::platform::system_zone)
            .unwrap_or(Tz::UTC)
    })
}

/// What the `TZ` variable names, where it is a zone this program knows.
fn zone_named_by_tz_variable(tz: &str) -> Option<Tz> {
    let name = tz.trim().trim_start_matches(':');
    let name = name.rsplit_once("zoneinfo/").map_or(name, |(_, n)| n);
    name.parse().ok()
}

/// Put a recorder's local wall-clock time in a time zone.
pub fn in_zone(local: NaiveDateTime, tz: Tz) -> DateTime<FixedOffset> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.fixed_offset(),
        chrono::LocalResult::Ambiguous(t, _) => t.fixed_offset(),
        // A time skipped by a daylight-saving change: the recorder did not know; move on an hour.
        chrono::LocalResult::None => in_zone(local + chrono::Duration::hours(1), tz),
    }
}

/// The local day (YYYY-MM-DD) of a Unix time.
/// A stored RFC 3339 time as people read it in the station's zone ("2026-12-02 09:14:03");
/// text that is no time is shown as it is.
pub fn shown(rfc3339: &str, tz: Tz) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// Every IANA zone name the station knows, for the window's zone picker.
pub fn zone_names() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect()
}

pub fn local_day(t: i64, tz: Tz) -> String {
    DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .format("%Y-%m-%d")
        .to_string()
}

/// A time as people type it: RFC 3339, or a local `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DD`
/// (midnight) in `tz`.
pub fn parse_local(text: &str, tz: Tz) -> Result<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
    .map(|t| in_zone(t, tz))
    .ok_or_else(|| {
        Error::input(
            format!("时间 {text:?} 无法识别：请写成 YYYY-MM-DD HH:MM"),
            format!("time {text:?}: use YYYY-MM-DD HH:MM"),
        )
    })
}

/// The end of a range: a date names the whole day (up to the next midnight), RFC 3339 an
/// instant.
pub fn parse_until(text: &str, tz: Tz) -> Result<DateTime<FixedOffset>> {
    let t = parse_local(text, tz)?;
    Ok(if text.trim().len() == 10 {
        t + chrono::Duration::days(1)
    } else {
        t
    })
}

/// `[from, to)` as Unix times from typed times; empty or None for an open end.
pub fn parse_period(from: Option<&str>, to: Option<&str>, tz: Tz) -> Result<(i64, i64)> {
    fn given(t: Option<&str>) -> Option<&str> {
        t.map(str::trim).filter(|t| !t.is_empty())
    }
    Ok((
        match given(from) {
            Some(t) => parse_local(t, tz)?.timestamp(),
            None => i64::MIN,
        },
        match given(to) {
            Some(t) => parse_until(t, tz)?.timestamp(),
            None => i64::MAX,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tz_variable_names_a_zone_in_each_of_its_spellings() {
        for spelling in [
            "Asia/Shanghai",
            ":Asia/Shanghai",
            "/usr/share/zoneinfo/Asia/Shanghai",
        ] {
            assert_eq!(
                zone_named_by_tz_variable(spelling),
                Some(chrono_tz::Asia::Shanghai),
                "{spelling}"
            );
        }
        assert_eq!(zone_named_by_tz_variable("CST-8"), None);
    }

    #[test]
    fn typed_times_are_read_in_the_zone_and_a_date_ends_at_the_next_midnight() -> Result<()> {
        let tz = chrono_tz::Asia::Shanghai;
        assert_eq!(
            parse_local("2026-11-30 08:00", tz)?.to_rfc3339(),
            "2026-11-30T08:00:00+08:00"
        );
        assert_eq!(
            parse_until("2026-11-30", tz)?.to_rfc3339(),
            "2026-12-01T00:00:00+08:00"
        );
        assert_eq!(local_day(1_795_968_000, tz), "2026-11-30");
        assert!(parse_local("30.11.2026", tz).is_err());
        Ok(())
    }
}
