//! ISO weeks in the station's time zone: Monday 00:00 to the next Monday 00:00 local time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// `YYYY-Www`, e.g. `2026-W48`.
    pub fn parse(s: &str) -> Result<IsoWeek> {
        let bad = || {
            Error::input(
                format!("周 {s:?} 无法识别：请写成 YYYY-Www，例如 2026-W48"),
                format!("week {s:?}: write it as YYYY-Www, e.g. 2026-W48"),
            )
        };
        let (y, w) = s.trim().split_once("-W").ok_or_else(bad)?;
        let (year, week) = (y.parse().map_err(|_| bad())?, w.parse().map_err(|_| bad())?);
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)?;
        Ok(IsoWeek { year, week })
    }

    /// The week holding `t`, in `tz`.
    pub fn of(t: DateTime<Utc>, tz: Tz) -> IsoWeek {
        let w = t.with_timezone(&tz).iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn previous(self) -> IsoWeek {
        let monday = self.monday() - Duration::days(7);
        let w = monday.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    fn monday(self) -> NaiveDate {
        // Checked in `parse` and true of every week `of` gives.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    /// The week as people name it: 2026年第49周（11月30日–12月6日）.
    pub fn words(self, lang: crate::lang::Lang) -> String {
        let (monday, sunday) = (self.monday(), self.monday() + Duration::days(6));
        match lang {
            crate::lang::Lang::Zh => format!(
                "{}年第{}周（{}月{}日–{}月{}日）",
                self.year,
                self.week,
                monday.month(),
                monday.day(),
                sunday.month(),
                sunday.day()
            ),
            crate::lang::Lang::En => format!(
                "week {} of {} ({} – {})",
                self.week,
                self.year,
                monday.format("%-d %b"),
                sunday.format("%-d %b")
            ),
        }
    }

    /// `[Monday 00:00, next Monday 00:00)` local time in `tz`, as UTC instants.
    pub fn span(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let local_midnight = |d: NaiveDate| {
            let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            // A zone whose clocks skip midnight: the first instant of that day.
            tz.from_local_datetime(&naive)
                .earliest()
                .or_else(|| {
                    tz.from_local_datetime(&(naive + Duration::hours(1)))
                        .earliest()
                })
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| naive.and_utc())
        };
        let monday = self.monday();
        (
            local_midnight(monday),
            local_midnight(monday + Duration::days(7)),
        )
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_week_boundaries() {
        let tz: Tz = "Asia/Shanghai".parse().expect("tz");
        let w = IsoWeek::parse("2026-W48").expect("week");
        assert_eq!(w.to_string(), "2026-W48");
        let (from, to) = w.span(tz);
        // Monday 23 November 2026 00:00 in Beijing is Sunday 16:00 UTC.
        assert_eq!(from.to_rfc3339(), "2026-11-22T16:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-11-29T16:00:00+00:00");
        // Sunday 23:59:59 local is this week; Monday 00:00:00 local the next.
        let sunday_last = tz
            .with_ymd_and_hms(2026, 11, 29, 23, 59, 59)
            .single()
            .expect("t")
            .with_timezone(&Utc);
        assert_eq!(IsoWeek::of(sunday_last, tz), w);
        assert_eq!(
            IsoWeek::of(sunday_last + Duration::seconds(1), tz).to_string(),
            "2026-W49"
        );
        assert_eq!(w.previous().to_string(), "2026-W47");
        assert_eq!(
            IsoWeek::parse("2027-W01")
                .expect("w")
                .previous()
                .to_string(),
            "2026-W53"
        );
        assert!(IsoWeek::parse("2026-W54").is_err());
        assert!(IsoWeek::parse("2026-48").is_err());
    }
}
