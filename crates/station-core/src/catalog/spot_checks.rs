//! Spot checks and their reviewed items in the catalog.

use rusqlite::params;
use serde::Serialize;

use super::Catalog;
use crate::closed_set::closed_set;
use crate::error::Result;

closed_set! {
    /// What a spot check draws (art. 22).
    pub enum Sample as ("抽查对象", "what is drawn") {
        Clip = "clip" ("记录", "clips"),
        Activity = "activity" ("执法活动", "activities"),
        /// Cases' text records (scanned documents).
        Document = "document" ("案件文书", "case documents"),
    }
}

impl Default for Sample {
    fn default() -> Sample {
        Sample::Clip
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SpotCheck"))]
pub struct SpotCheckRow {
    pub id: i64,
    pub seed: u64,
    pub size: u32,
    pub of_kind: Sample,
    pub squad: Option<String>,
    pub officer: Option<String>,
    pub from_unix: i64,
    pub to_unix: i64,
    pub population: u64,
    pub drawn_by: String,
    pub drawn_at: String,
    pub items: Vec<SpotCheckItem>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpotCheckItem {
    /// The item's own id (what `spotcheck review ITEM` names).
    pub id: i64,
    pub check_id: i64,
    /// The drawn clip or activity.
    pub item_id: i64,
    pub result: Option<String>,
    pub checklist: Option<serde_json::Value>,
    pub note: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
}

/// A draw to record: (seed, size, kind, squad, officer, from, to, population, by, at).
pub struct NewSpotCheck<'a> {
    pub seed: u64,
    pub size: u32,
    pub of_kind: Sample,
    pub squad: Option<&'a str>,
    pub officer: Option<&'a str>,
    pub span: (i64, i64),
    pub population: u64,
    pub by: &'a str,
    pub at: &'a str,
}

impl Catalog {
    pub fn record_spot_check(&self, c: &NewSpotCheck<'_>, items: &[i64]) -> Result<i64> {
        let tx = self.atomic()?;
        tx.execute(
            "INSERT INTO spot_checks (seed, size, of_kind, squad, officer, from_unix, to_unix,
                                      population, drawn_by, drawn_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                c.seed as i64,
                c.size,
                c.of_kind,
                c.squad,
                c.officer,
                c.span.0,
                c.span.1,
                c.population as i64,
                c.by,
                c.at
            ],
        )?;
        let id = tx.last_insert_rowid();
        for item in items {
            tx.execute(
                "INSERT INTO spot_check_items (check_id, item_id) VALUES (?1, ?2)",
                params![id, item],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn review_spot_item(
        &self,
        item: i64,
        result: &str,
        checklist: &str,
        note: Option<&str>,
        by: &str,
        at: &str,
    ) -> Result<bool> {
        Ok(self.write(
            "UPDATE spot_check_items SET result = ?2, checklist = ?3, note = ?4, reviewed_by = ?5,
                 reviewed_at = ?6 WHERE id = ?1",
            params![item, result, checklist, note, by, at],
        )? > 0)
    }

    pub fn spot_checks(&self) -> Result<Vec<SpotCheckRow>> {
        let mut checks: Vec<SpotCheckRow> = self
            .conn
            .prepare(
                "SELECT id, seed, size, of_kind, squad, officer, from_unix, to_unix, population,
                        drawn_by, drawn_at FROM spot_checks ORDER BY id",
            )?
            .query_map([], |r| {
                Ok(SpotCheckRow {
                    id: r.get(0)?,
                    seed: r.get::<_, i64>(1)? as u64,
                    size: r.get(2)?,
                    of_kind: r.get(3)?,
                    squad: r.get(4)?,
                    officer: r.get(5)?,
                    from_unix: r.get(6)?,
                    to_unix: r.get(7)?,
                    population: r.get::<_, i64>(8)? as u64,
                    drawn_by: r.get(9)?,
                    drawn_at: r.get(10)?,
                    items: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        for c in &mut checks {
            c.items = self
                .conn
                .prepare_cached(
                    "SELECT id, check_id, item_id, result, checklist, note, reviewed_by, reviewed_at
                     FROM spot_check_items WHERE check_id = ?1 ORDER BY id",
                )?
                .query_map([c.id], |r| {
                    Ok(SpotCheckItem {
                        id: r.get(0)?,
                        check_id: r.get(1)?,
                        item_id: r.get(2)?,
                        result: r.get(3)?,
                        checklist: r
                            .get::<_, Option<String>>(4)?
                            .and_then(|j| serde_json::from_str(&j).ok()),
                        note: r.get(5)?,
                        reviewed_by: r.get(6)?,
                        reviewed_at: r.get(7)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        Ok(checks)
    }
}
