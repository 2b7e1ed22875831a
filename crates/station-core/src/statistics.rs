//! The 统计 dashboard: per week, month or year — hours of video and audio, photos, the share
//! of important files, per squad and officer; docking punctuality; activity coverage; open
//! flags. Computed from the catalog on demand.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike};
use serde::Serialize;

use crate::access::Duty;
use crate::closed_set::closed_set;
use crate::error::Result;
use crate::Station;

closed_set! {
    /// The length of the periods figures are counted by.
    pub enum Period as ("统计周期", "period") {
        Week = "week" ("周", "week"),
        Month = "month" ("月", "month"),
        Year = "year" ("年", "year"),
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "StatBucket"))]
pub struct Bucket {
    /// `2026-W48`, `2026-11` or `2026`.
    pub period: String,
    pub clips: u64,
    pub video_hours: f64,
    pub audio_hours: f64,
    pub photos: u64,
    pub important: u64,
    pub dockings: u64,
    pub late_dockings: u64,
    pub activities: u64,
    /// Mean covered share of the period's activities.
    pub coverage: Option<f64>,
    pub unexplained_gaps: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonShare {
    pub squad: Option<String>,
    pub officer: Option<String>,
    pub clips: u64,
    pub video_hours: f64,
    pub important: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Statistics {
    pub by: Period,
    pub buckets: Vec<Bucket>,
    pub people: Vec<PersonShare>,
    /// Clips lacking art. 18's labels now, whatever the period.
    pub missing_labels: u64,
}

type Buckets = BTreeMap<String, Bucket>;
type People = BTreeMap<(Option<String>, Option<String>), PersonShare>;

impl Station {
    /// Figures by `by` (`week`, `month` or `year`) for clips recorded in `[from, to)`.
    pub fn statistics(
        &self,
        by: Period,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Statistics> {
        self.require(Duty::ReadRecords)?;
        let span = self.parse_period(from, to)?;
        let tz = self.time_zone();
        let mut buckets = Buckets::new();
        let mut people = People::new();
        self.count_clips(span, by, &mut buckets, &mut people)?;
        for d in self.catalog.dock_events_in(i64::MAX, Some(span))? {
            if let Ok(t) = DateTime::parse_from_rfc3339(&d.started_at) {
                let b = buckets.entry(period_of(t.timestamp(), by, tz)).or_default();
                b.dockings += 1;
                b.late_dockings += u64::from(d.flags.contains(&crate::dock::DockFlag::LateStorage));
            }
        }
        self.count_activities(span, by, &mut buckets)?;
        let missing_labels = self.catalog.count_clips(&crate::catalog::ClipFilter {
            missing_labels: true,
            ..Default::default()
        })?;
        Ok(Statistics {
            by,
            buckets: buckets
                .into_iter()
                .map(|(period, b)| Bucket { period, ..b })
                .collect(),
            people: people.into_values().collect(),
            missing_labels,
        })
    }

    /// Clips recorded in `span`: per period, and per squad and officer.
    fn count_clips(
        &self,
        (from, to): (i64, i64),
        by: Period,
        buckets: &mut Buckets,
        people: &mut People,
    ) -> Result<()> {
        let tz = self.time_zone();
        for c in self.catalog.clip_facts()? {
            if c.recorded < from || c.recorded >= to {
                continue;
            }
            let b = buckets.entry(period_of(c.recorded, by, tz)).or_default();
            let hours = c.duration_s.unwrap_or(0.0) / 3600.0;
            b.clips += 1;
            match c.kind.as_str() {
                "video" => b.video_hours += hours,
                "audio" => b.audio_hours += hours,
                "photo" => b.photos += 1,
                _ => {}
            }
            b.important += u64::from(c.important);
            let p = people
                .entry((c.squad.clone(), c.officer.clone()))
                .or_default();
            p.squad = c.squad;
            p.officer = c.officer;
            p.clips += 1;
            if c.kind == "video" {
                p.video_hours += hours;
            }
            p.important += u64::from(c.important);
        }
        Ok(())
    }

    /// Activities started in `span`: how many, their unexplained gaps, their mean coverage.
    fn count_activities(
        &self,
        (from, to): (i64, i64),
        by: Period,
        buckets: &mut Buckets,
    ) -> Result<()> {
        let tz = self.time_zone();
        let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for a in self.catalog.activities()? {
            if a.start_unix < from || a.start_unix >= to {
                continue;
            }
            let c = self.activities().coverage(a.id)?;
            let key = period_of(a.start_unix, by, tz);
            let b = buckets.entry(key.clone()).or_default();
            b.activities += 1;
            b.unexplained_gaps += c.gaps.iter().filter(|g| !g.explained).count() as u64;
            ratios.entry(key).or_default().push(c.covered_ratio);
        }
        for (key, r) in ratios {
            if let Some(b) = buckets.get_mut(&key) {
                b.coverage = Some(r.iter().sum::<f64>() / r.len() as f64);
            }
        }
        Ok(())
    }
}

/// The period a Unix time falls in, in `tz`: `2026-W48`, `2026-11` or `2026`.
fn period_of(t: i64, by: Period, tz: chrono_tz::Tz) -> String {
    let local = DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .with_timezone(&tz);
    match by {
        Period::Week => {
            let w = local.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Period::Month => local.format("%Y-%m").to_string(),
        Period::Year => local.format("%Y").to_string(),
    }
}
