//! The disc register: planned, written and verified long-term copies.

use std::collections::HashMap;

use rusqlite::params;
use serde::Serialize;

use super::Catalog;
use crate::burn::MediumName;
use crate::closed_set::closed_set;
use crate::error::Result;

closed_set! {
    /// Where a long-term disc or drive volume stands.
    pub enum DiscState as ("光盘状态", "disc state") {
        Planned = "planned" ("已规划", "planned"),
        Written = "written" ("已写入", "written"),
        Verified = "verified" ("已校验", "verified"),
        Failed = "failed" ("校验失败", "failed"),
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Disc"))]
pub struct DiscRow {
    pub id: String,
    #[serde(rename = "media")]
    pub medium: MediumName,
    pub capacity: u64,
    pub bytes: u64,
    pub copy_no: u32,
    pub state: DiscState,
    pub planned_at: String,
    pub written_by: Option<String>,
    pub written_at: Option<String>,
    pub target: Option<String>,
    pub image_sha256: Option<String>,
    pub image_bytes: Option<u64>,
    pub verified_at: Option<String>,
    pub location: Option<String>,
    pub next_check: Option<String>,
    pub clips: Vec<i64>,
}

/// A disc about to be planned.
#[derive(Debug, Clone)]
pub struct PlannedDisc {
    pub id: String,
    pub medium: MediumName,
    pub capacity: u64,
    pub bytes: u64,
    /// Which of the clips' long-term copies this disc is (1, 2 …).
    pub copy_no: u32,
    pub clips: Vec<i64>,
}

impl Catalog {
    /// Replace the planned (unwritten) discs with a new plan.
    pub fn replace_planned_discs(&self, discs: &[PlannedDisc], at: &str) -> Result<()> {
        let tx = self.atomic()?;
        tx.execute(
            "DELETE FROM disc_clips WHERE disc_id IN (SELECT id FROM discs WHERE state = 'planned')",
            [],
        )?;
        tx.execute("DELETE FROM discs WHERE state = 'planned'", [])?;
        for d in discs {
            tx.execute(
                "INSERT INTO discs (id, medium, capacity, bytes, copy_no, state, planned_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'planned', ?6)",
                params![
                    d.id,
                    d.medium,
                    d.capacity as i64,
                    d.bytes as i64,
                    d.copy_no,
                    at
                ],
            )?;
            for c in &d.clips {
                tx.execute(
                    "INSERT INTO disc_clips (disc_id, clip_id, disc_path) VALUES (?1, ?2, '')",
                    params![d.id, c],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Per clip: copies on discs that are verified, and on discs written (verified or not yet).
    pub fn disc_copies(&self) -> Result<HashMap<i64, (u32, u32)>> {
        let mut stmt = self.conn.prepare(
            "SELECT dc.clip_id, sum(d.state = 'verified'), sum(d.state IN ('written', 'verified'))
             FROM disc_clips dc JOIN discs d ON d.id = dc.disc_id GROUP BY dc.clip_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn disc_ids_with_prefix(&self, prefix: &str) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM discs WHERE id LIKE ?1 || '%'",
            [prefix],
            |r| r.get(0),
        )?)
    }

    pub fn set_disc_path(&self, disc: &str, clip: i64, path: &str) -> Result<()> {
        self.write(
            "UPDATE disc_clips SET disc_path = ?3 WHERE disc_id = ?1 AND clip_id = ?2",
            params![disc, clip, path],
        )?;
        Ok(())
    }

    pub fn disc(&self, id: &str) -> Result<Option<DiscRow>> {
        Ok(self
            .discs_where("WHERE id = ?1", Some(id))?
            .into_iter()
            .next())
    }

    pub fn discs(&self) -> Result<Vec<DiscRow>> {
        self.discs_where("", None)
    }

    fn discs_where(&self, clause: &str, id: Option<&str>) -> Result<Vec<DiscRow>> {
        let sql = format!(
            "SELECT id, medium, capacity, bytes, copy_no, state, planned_at, written_by,
                    written_at, target, image_sha256, image_bytes, verified_at, location, next_check
             FROM discs {clause} ORDER BY id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let map = |r: &rusqlite::Row<'_>| {
            Ok(DiscRow {
                id: r.get(0)?,
                medium: r.get(1)?,
                capacity: r.get::<_, i64>(2)? as u64,
                bytes: r.get::<_, i64>(3)? as u64,
                copy_no: r.get(4)?,
                state: r.get(5)?,
                planned_at: r.get(6)?,
                written_by: r.get(7)?,
                written_at: r.get(8)?,
                target: r.get(9)?,
                image_sha256: r.get(10)?,
                image_bytes: r.get::<_, Option<i64>>(11)?.map(|b| b as u64),
                verified_at: r.get(12)?,
                location: r.get(13)?,
                next_check: r.get(14)?,
                clips: Vec::new(),
            })
        };
        let mut discs: Vec<DiscRow> = match id {
            Some(id) => stmt.query_map([id], map)?.collect::<Result<_, _>>()?,
            None => stmt.query_map([], map)?.collect::<Result<_, _>>()?,
        };
        for d in &mut discs {
            d.clips = self
                .conn
                .prepare_cached(
                    "SELECT clip_id FROM disc_clips WHERE disc_id = ?1 ORDER BY clip_id",
                )?
                .query_map([&d.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        Ok(discs)
    }

    pub fn disc_paths(&self, id: &str) -> Result<Vec<(i64, String)>> {
        Ok(self
            .conn
            .prepare(
                "SELECT clip_id, disc_path FROM disc_clips WHERE disc_id = ?1 ORDER BY disc_path",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?)
    }

    pub fn mark_disc_written(
        &self,
        id: &str,
        by: &str,
        at: &str,
        target: &str,
        image_sha256: Option<&str>,
        image_bytes: Option<u64>,
    ) -> Result<()> {
        self.write(
            "UPDATE discs SET state = 'written', written_by = ?2, written_at = ?3, target = ?4,
                 image_sha256 = ?5, image_bytes = ?6 WHERE id = ?1",
            params![
                id,
                by,
                at,
                target,
                image_sha256,
                image_bytes.map(|b| b as i64)
            ],
        )?;
        Ok(())
    }

    pub fn mark_disc_checked(&self, id: &str, ok: bool, at: &str, next_check: &str) -> Result<()> {
        self.write(
            "UPDATE discs SET state = ?2, verified_at = CASE WHEN ?2 = 'verified' THEN ?3 ELSE verified_at END,
                 next_check = ?4 WHERE id = ?1",
            params![id, if ok { "verified" } else { "failed" }, at, next_check],
        )?;
        Ok(())
    }

    pub fn set_disc_location(&self, id: &str, location: &str) -> Result<()> {
        self.write(
            "UPDATE discs SET location = ?2 WHERE id = ?1",
            params![id, location],
        )?;
        Ok(())
    }
}
