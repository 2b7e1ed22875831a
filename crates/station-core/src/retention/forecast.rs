//! The retention page's figures, pure: how many clips are in each state, when the clips still
//! inside the minimum period become eligible, and how much the library will have to hold.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::RetentionState;

/// One clip as the forecast sees it.
pub struct ClipSpan {
    pub state: RetentionState,
    pub earliest_disposal: DateTime<Utc>,
    pub size: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StateCount {
    pub clips: u64,
    pub bytes: u64,
}

/// Clips (and bytes) leaving the minimum period in one month.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthCount {
    /// `YYYY-MM`, station time.
    pub month: String,
    pub clips: u64,
    pub bytes: u64,
}

/// The library's size at the start of a coming month.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthForecast {
    pub month: String,
    /// If eligible clips are disposed of as soon as they may be: long-term clips, clips still
    /// inside the minimum period, and new recordings at the recent rate (which stay six months).
    pub must_keep: u64,
    /// If nothing is ever disposed of.
    pub without_disposal: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionOverview {
    pub as_of: String,
    pub states: BTreeMap<RetentionState, StateCount>,
    pub upcoming: Vec<MonthCount>,
    pub forecast: Vec<MonthForecast>,
    /// Bytes recorded per month lately (the last 90 days, scaled to 30).
    pub monthly_intake: u64,
    pub disk_total: Option<u64>,
    pub disk_free: Option<u64>,
}

/// How many clips and bytes are in each state (every live state listed, if only with zero).
fn state_counts(clips: &[ClipSpan]) -> BTreeMap<RetentionState, StateCount> {
    let mut states: BTreeMap<RetentionState, StateCount> = [
        RetentionState::Minimum,
        RetentionState::Eligible,
        RetentionState::LongTerm,
        RetentionState::DisposalPending,
    ]
    .into_iter()
    .map(|s| (s, StateCount::default()))
    .collect();
    for c in clips {
        let e = states.entry(c.state).or_default();
        e.clips += 1;
        e.bytes += c.size;
    }
    states
}

/// Figures for the next `months` months from `now`, with `intake` new bytes a month of which
/// each stays `minimum_months`.
pub fn overview(
    clips: &[ClipSpan],
    now: DateTime<Utc>,
    tz: Tz,
    months: u32,
    minimum_months: u32,
    intake: u64,
) -> RetentionOverview {
    let states = state_counts(clips);
    // Month starts in station time: this month's, then one per coming month.
    let local = now.with_timezone(&tz);
    let this_month = tz
        .with_ymd_and_hms(local.year(), local.month(), 1, 0, 0, 0)
        .earliest()
        .unwrap_or(local);
    let starts: Vec<DateTime<Tz>> = (0..=months)
        .filter_map(|m| this_month.checked_add_months(Months::new(m)))
        .collect();
    let month_name = |t: &DateTime<Tz>| t.format("%Y-%m").to_string();
    let mut upcoming: Vec<MonthCount> = starts
        .iter()
        .take(months as usize)
        .map(|s| MonthCount {
            month: month_name(s),
            clips: 0,
            bytes: 0,
        })
        .collect();
    for c in clips.iter().filter(|c| c.state == RetentionState::Minimum) {
        let month = month_name(&c.earliest_disposal.with_timezone(&tz));
        if let Some(m) = upcoming.iter_mut().find(|m| m.month == month) {
            m.clips += 1;
            m.bytes += c.size;
        }
    }
    let stored: u64 = clips.iter().map(|c| c.size).sum();
    let forecast = starts
        .iter()
        .enumerate()
        .skip(1)
        .map(|(m, start)| {
            let at = start.with_timezone(&Utc);
            let kept: u64 = clips
                .iter()
                .filter(|c| match c.state {
                    RetentionState::LongTerm => true,
                    RetentionState::Minimum => c.earliest_disposal > at,
                    _ => false,
                })
                .map(|c| c.size)
                .sum();
            MonthForecast {
                month: month_name(start),
                must_keep: kept + intake * (m as u64).min(minimum_months as u64),
                without_disposal: stored + intake * m as u64,
            }
        })
        .collect();
    RetentionOverview {
        as_of: now.to_rfc3339(),
        states,
        upcoming,
        forecast,
        monthly_intake: intake,
        disk_total: None,
        disk_free: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
            .single()
            .expect("date")
    }

    #[test]
    fn counts_timeline_and_forecast() {
        let tz: Tz = "Asia/Shanghai".parse().expect("tz");
        let clips = vec![
            ClipSpan {
                state: RetentionState::Minimum,
                earliest_disposal: at(2026, 12, 20),
                size: 100,
            },
            ClipSpan {
                state: RetentionState::Minimum,
                earliest_disposal: at(2027, 2, 3),
                size: 50,
            },
            ClipSpan {
                state: RetentionState::LongTerm,
                earliest_disposal: at(2026, 1, 1),
                size: 1000,
            },
            ClipSpan {
                state: RetentionState::Eligible,
                earliest_disposal: at(2026, 10, 1),
                size: 7,
            },
        ];
        let o = overview(&clips, at(2026, 11, 29), tz, 12, 6, 10);
        assert_eq!(o.states[&RetentionState::Minimum].clips, 2);
        assert_eq!(o.states[&RetentionState::Eligible].bytes, 7);
        assert_eq!(o.states[&RetentionState::DisposalPending].clips, 0);
        assert_eq!(o.upcoming.len(), 12);
        assert_eq!(o.upcoming[0].month, "2026-11");
        assert_eq!(
            (o.upcoming[1].month.as_str(), o.upcoming[1].bytes),
            ("2026-12", 100)
        );
        assert_eq!(
            (o.upcoming[3].month.as_str(), o.upcoming[3].bytes),
            ("2027-02", 50)
        );
        // From 1 January: the December clip has gone, February's stays; one month of intake.
        assert_eq!(o.forecast[1].month, "2027-01");
        assert_eq!(o.forecast[1].must_keep, 1000 + 50 + 2 * 10);
        assert_eq!(o.forecast[1].without_disposal, 1157 + 2 * 10);
        // Intake stays at most six months: the must-keep line levels off.
        assert_eq!(o.forecast[11].must_keep, 1000 + 6 * 10);
    }
}
