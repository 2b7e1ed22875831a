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
pub struct PersonShare {
    pub squad: Option<String>,
    pub officer: Option<String>,
    pub clips: u64,
    pub video_hours: f64,
    pub important: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Statistics {
    pub by: Period,
    pub buckets: Vec<Bucket>,
    pub people: Vec<PersonShare>,
    /// Clips lacking art. 18's labels now, whatever the period.
    pub missing_labels: u64,
}

impl Station {
    /// Figures by `by` (`week`, `month` or `year`) for clips recorded in `[from, to)`.
    pub fn statistics(
        &self,
        by: Period,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Statistics> {
        self.require(Duty::ReadRecords)?;
        let period = |t: i64| -> String {
            let local = DateTime::from_timestamp(t, 0)
                .unwrap_or_default()
                .with_timezone(&self.tz());
            match by {
                Period::Week => {
                    let w = local.iso_week();
                    format!("{}-W{:02}", w.year(), w.week())
                }
                Period::Month => local.format("%Y-%m").to_string(),
                Period::Year => local.format("%Y").to_string(),
            }
        };
        let (from, to) = self.parse_period(from, to)?;
        let mut buckets: BTreeMap<String, Bucket> = BTreeMap::new();
        let mut people: BTreeMap<(Option<String>, Option<String>), PersonShare> = BTreeMap::new();
        for c in self.catalog.clip_facts()? {
            if c.recorded < from || c.recorded >= to {
                continue;
            }
            let b = buckets.entry(period(c.recorded)).or_default();
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
        for d in self.catalog.dock_events_in(i64::MAX, Some((from, to)))? {
            if let Ok(t) = DateTime::parse_from_rfc3339(&d.started_at) {
                let b = buckets.entry(period(t.timestamp())).or_default();
                b.dockings += 1;
                b.late_dockings += u64::from(d.flags.contains(&crate::dock::DockFlag::LateStorage));
            }
        }
        let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for a in self.catalog.activities()? {
            if a.start_unix < from || a.start_unix >= to {
                continue;
            }
            let c = self.activities().coverage(a.id)?;
            let key = period(a.start_unix);
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
}
