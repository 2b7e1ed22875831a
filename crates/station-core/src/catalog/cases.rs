//! Cases, enforcement activities, their clips and gap explanations in the catalog.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Catalog;
use crate::cases::ActivityKind;
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub cause: Option<String>,
    pub party: Option<String>,
    pub officers: Vec<String>,
    /// (stage, YYYY-MM-DD)
    pub stages: Vec<(String, String)>,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Activity"))]
pub struct ActivityRow {
    pub id: i64,
    #[serde(rename = "case")]
    pub case_number: String,
    pub kind: ActivityKind,
    pub place: Option<String>,
    pub start_unix: i64,
    pub end_unix: i64,
    pub officers: Vec<String>,
    pub clips: Vec<i64>,
    /// The case's stage it belongs to, if named.
    pub stage: Option<crate::cases::Stage>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GapExplanation {
    pub gap_from: i64,
    pub gap_to: i64,
    pub reason: String,
    pub resumed: bool,
    pub note: Option<String>,
    pub explained_by: String,
    pub explained_at: String,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
}

/// A case's stored text record.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseDocument {
    pub case_number: String,
    pub name: String,
    pub media_path: String,
    pub size: u64,
    pub sha256: String,
    pub blake3: String,
    pub added_by: String,
    pub added_at: String,
    /// The case's stage the record belongs to (absent from older manifest lines).
    #[serde(default)]
    pub stage: Option<crate::cases::Stage>,
}

/// A case's text record as a spot check sees it.
#[derive(Debug, Clone)]
pub struct DocumentDrawn {
    pub id: i64,
    pub officers: Vec<String>,
    pub stage_named: bool,
    /// Its latest read-back found it whole (or none has run since it was stored).
    pub intact: bool,
}

/// (item, clip, offset in seconds, ticked by)
pub type ContentTick = (String, i64, f64, String);

impl Catalog {
    pub fn add_case(
        &self,
        number: &str,
        cause: Option<&str>,
        party: Option<&str>,
        officers: &[String],
        by: &str,
        at: &str,
    ) -> Result<i64> {
        let tx = self.atomic()?;
        tx.execute(
            "INSERT INTO cases (number, cause, party, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![number, cause, party, by, at],
        )?;
        let id = tx.last_insert_rowid();
        for o in officers {
            tx.execute(
                "INSERT OR IGNORE INTO case_officers (case_id, officer) VALUES (?1, ?2)",
                params![id, o],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn case_id(&self, number: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM cases WHERE number = ?1", [number], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// How many clips carry `number`, and their bytes.
    pub fn case_clips(&self, number: &str) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT count(*), coalesce(sum(size), 0) FROM clips WHERE case_number = ?1",
            [number],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    }

    /// Every case number the station knows: registered cases and the clips' labels.
    pub fn case_numbers(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT number FROM cases
             UNION SELECT case_number FROM clips WHERE case_number IS NOT NULL ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn cases(&self) -> Result<Vec<CaseRow>> {
        let mut rows: Vec<CaseRow> = self
            .conn
            .prepare("SELECT id, number, cause, party, created_at FROM cases ORDER BY id DESC")?
            .query_map([], |r| {
                Ok(CaseRow {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    cause: r.get(2)?,
                    party: r.get(3)?,
                    officers: Vec::new(),
                    stages: Vec::new(),
                    created_at: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        for c in &mut rows {
            c.officers = self.strings(
                "SELECT officer FROM case_officers WHERE case_id = ?1 ORDER BY officer",
                c.id,
            )?;
            c.stages = self
                .conn
                .prepare_cached(
                    "SELECT stage, day FROM case_stages WHERE case_id = ?1 ORDER BY day, stage",
                )?
                .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
        }
        Ok(rows)
    }

    pub fn set_case_stage(&self, case_id: i64, stage: &str, day: &str) -> Result<()> {
        self.write(
            "INSERT INTO case_stages (case_id, stage, day) VALUES (?1, ?2, ?3)
             ON CONFLICT (case_id, stage) DO UPDATE SET day = excluded.day",
            params![case_id, stage, day],
        )?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn add_activity(
        &self,
        case_id: i64,
        (kind, stage): (ActivityKind, Option<crate::cases::Stage>),
        place: Option<&str>,
        span: (i64, i64),
        officers: &[String],
        by: &str,
        at: &str,
    ) -> Result<i64> {
        let tx = self.atomic()?;
        tx.execute(
            "INSERT INTO activities (case_id, kind, place, start_unix, end_unix, created_by, created_at, stage)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![case_id, kind, place, span.0, span.1, by, at, stage],
        )?;
        let id = tx.last_insert_rowid();
        for o in officers {
            tx.execute(
                "INSERT OR IGNORE INTO activity_officers (activity_id, officer) VALUES (?1, ?2)",
                params![id, o],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn link_activity_clips(&self, activity: i64, clips: &[i64]) -> Result<usize> {
        let mut n = 0;
        for c in clips {
            n += self.write(
                "INSERT OR IGNORE INTO activity_clips (activity_id, clip_id) VALUES (?1, ?2)",
                params![activity, c],
            )?;
        }
        Ok(n)
    }

    pub fn activities(&self) -> Result<Vec<ActivityRow>> {
        self.activities_where("", None)
    }

    pub fn activity(&self, id: i64) -> Result<Option<ActivityRow>> {
        Ok(self
            .activities_where("WHERE a.id = ?1", Some(id))?
            .into_iter()
            .next())
    }

    fn activities_where(&self, clause: &str, id: Option<i64>) -> Result<Vec<ActivityRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.id, c.number, a.kind, a.place, a.start_unix, a.end_unix, a.stage
             FROM activities a JOIN cases c ON c.id = a.case_id {clause} ORDER BY a.start_unix"
        ))?;
        let map = |r: &rusqlite::Row<'_>| {
            Ok(ActivityRow {
                id: r.get(0)?,
                case_number: r.get(1)?,
                kind: r.get(2)?,
                place: r.get(3)?,
                start_unix: r.get(4)?,
                end_unix: r.get(5)?,
                officers: Vec::new(),
                clips: Vec::new(),
                stage: r.get(6)?,
            })
        };
        let mut rows: Vec<ActivityRow> = match id {
            Some(id) => stmt.query_map([id], map)?.collect::<Result<_, _>>()?,
            None => stmt.query_map([], map)?.collect::<Result<_, _>>()?,
        };
        for a in &mut rows {
            a.officers = self.strings(
                "SELECT officer FROM activity_officers WHERE activity_id = ?1 ORDER BY officer",
                a.id,
            )?;
            a.clips = self
                .conn
                .prepare_cached(
                    "SELECT clip_id FROM activity_clips WHERE activity_id = ?1 ORDER BY clip_id",
                )?
                .query_map([a.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        Ok(rows)
    }

    fn strings(&self, sql: &str, id: i64) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// Clips of these officers recorded (at least partly) in `[from, to)`.
    pub fn clips_of_officers_between(
        &self,
        officers: &[String],
        from: i64,
        to: i64,
    ) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for o in officers {
            ids.extend(
                self.conn
                    .prepare_cached(
                        "SELECT c.id FROM clips c JOIN officers o ON o.id = c.officer_id
                         WHERE o.number = ?1 AND c.recorded_at_unix < ?3
                           AND c.recorded_at_unix + COALESCE(c.duration_s, 0) > ?2
                         ORDER BY c.recorded_at_unix",
                    )?
                    .query_map(params![o, from, to], |r| r.get::<_, i64>(0))?
                    .collect::<Result<Vec<_>, _>>()?,
            );
        }
        Ok(ids)
    }

    /// (clip, device, start, end) of these clips, in recording order; clips without a
    /// recording time are left out.
    pub fn clip_spans(&self, ids: &[i64]) -> Result<Vec<(i64, String, f64, f64)>> {
        let mut out = Vec::new();
        for id in ids {
            let row = self
                .conn
                .query_row(
                    "SELECT c.id, d.serial, c.recorded_at_unix, COALESCE(c.duration_s, 0)
                     FROM clips c JOIN devices d ON d.id = c.device_id
                     WHERE c.id = ?1 AND c.recorded_at_unix IS NOT NULL",
                    [id],
                    |r| {
                        let start = r.get::<_, i64>(2)? as f64;
                        Ok((r.get(0)?, r.get(1)?, start, start + r.get::<_, f64>(3)?))
                    },
                )
                .optional()?;
            out.extend(row);
        }
        out.sort_by(|a, b| a.2.total_cmp(&b.2));
        Ok(out)
    }

    pub fn explain_gap(&self, activity: i64, gap: (i64, i64), e: &GapExplanation) -> Result<()> {
        self.write(
            "INSERT INTO gap_explanations (activity_id, gap_from, gap_to, reason, resumed, note,
                                           explained_by, explained_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (activity_id, gap_from, gap_to) DO UPDATE SET reason = excluded.reason,
                 resumed = excluded.resumed, note = excluded.note,
                 explained_by = excluded.explained_by, explained_at = excluded.explained_at,
                 acknowledged_by = NULL, acknowledged_at = NULL",
            params![
                activity,
                gap.0,
                gap.1,
                e.reason,
                e.resumed,
                e.note,
                e.explained_by,
                e.explained_at
            ],
        )?;
        Ok(())
    }

    pub fn acknowledge_gap(
        &self,
        activity: i64,
        gap: (i64, i64),
        by: &str,
        at: &str,
    ) -> Result<bool> {
        Ok(self.write(
            "UPDATE gap_explanations SET acknowledged_by = ?4, acknowledged_at = ?5
             WHERE activity_id = ?1 AND gap_from = ?2 AND gap_to = ?3",
            params![activity, gap.0, gap.1, by, at],
        )? > 0)
    }

    pub fn gap_explanations(&self, activity: i64) -> Result<Vec<GapExplanation>> {
        Ok(self
            .conn
            .prepare(
                "SELECT gap_from, gap_to, reason, resumed, note, explained_by, explained_at,
                        acknowledged_by, acknowledged_at
                 FROM gap_explanations WHERE activity_id = ?1",
            )?
            .query_map([activity], |r| {
                Ok(GapExplanation {
                    gap_from: r.get(0)?,
                    gap_to: r.get(1)?,
                    reason: r.get(2)?,
                    resumed: r.get(3)?,
                    note: r.get(4)?,
                    explained_by: r.get(5)?,
                    explained_at: r.get(6)?,
                    acknowledged_by: r.get(7)?,
                    acknowledged_at: r.get(8)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    pub fn tick_content(
        &self,
        activity: i64,
        item: &str,
        clip: i64,
        offset_s: f64,
        by: &str,
        at: &str,
    ) -> Result<()> {
        self.write(
            "INSERT INTO activity_content (activity_id, item, clip_id, offset_s, ticked_by, ticked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (activity_id, item) DO UPDATE SET clip_id = excluded.clip_id,
                 offset_s = excluded.offset_s, ticked_by = excluded.ticked_by,
                 ticked_at = excluded.ticked_at",
            params![activity, item, clip, offset_s, by, at],
        )?;
        Ok(())
    }

    /// (item, clip, offset, by) of each ticked item.
    pub fn content_ticks(&self, activity: i64) -> Result<Vec<ContentTick>> {
        Ok(self
            .conn
            .prepare(
                "SELECT item, clip_id, offset_s, ticked_by FROM activity_content
                 WHERE activity_id = ?1",
            )?
            .query_map([activity], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Correct a case's number, cause or party (None leaves one; an empty cause or party
    /// clears it); returns the case as it was.
    pub fn update_case(
        &self,
        id: i64,
        number: Option<&str>,
        cause: Option<String>,
        party: Option<String>,
    ) -> Result<serde_json::Value> {
        let old = self.conn.query_row(
            "SELECT number, cause, party FROM cases WHERE id = ?1",
            [id],
            |r| {
                Ok(serde_json::json!({
                    "number": r.get::<_, String>(0)?, "cause": r.get::<_, Option<String>>(1)?,
                    "party": r.get::<_, Option<String>>(2)?,
                }))
            },
        )?;
        let given = |v: Option<String>| v.map(|v| Some(v).filter(|v| !v.is_empty()));
        let (cause, party) = (given(cause), given(party));
        self.write(
            "UPDATE cases SET number = COALESCE(?2, number),
                 cause = CASE WHEN ?3 THEN ?4 ELSE cause END,
                 party = CASE WHEN ?5 THEN ?6 ELSE party END
             WHERE id = ?1",
            params![
                id,
                number,
                cause.is_some(),
                cause.flatten(),
                party.is_some(),
                party.flatten()
            ],
        )?;
        Ok(old)
    }

    /// Text records added in `[from, to)` (unix seconds), with their case's officers; or the
    /// one record `only`, whenever it was added.
    pub fn documents_added(
        &self,
        (from, to): (i64, i64),
        only: Option<i64>,
    ) -> Result<Vec<DocumentDrawn>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.stage IS NOT NULL,
                    COALESCE((SELECT f.result = 'ok' FROM fixity_checks f
                              WHERE f.what = 'document' AND f.item_id = d.id), 1),
                    (SELECT group_concat(o.officer, ',') FROM case_officers o WHERE o.case_id = c.id)
             FROM case_documents d JOIN cases c ON c.id = d.case_id
             WHERE CASE WHEN ?3 IS NULL
                   THEN CAST(unixepoch(d.added_at) AS INTEGER) >= ?1
                        AND CAST(unixepoch(d.added_at) AS INTEGER) < ?2
                   ELSE d.id = ?3 END
             ORDER BY d.id",
        )?;
        let rows = stmt.query_map(params![from, to, only], |r| {
            let officers: Option<String> = r.get(3)?;
            Ok(DocumentDrawn {
                id: r.get(0)?,
                stage_named: r.get(1)?,
                intact: r.get(2)?,
                officers: officers
                    .map(|o| o.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The clips labelled with this case number.
    pub fn clip_ids_with_case(&self, number: &str) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM clips WHERE case_number = ?1 ORDER BY id")?;
        let rows = stmt.query_map([number], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_case_document(&self, case_id: i64, d: &CaseDocument) -> Result<()> {
        self.write(
            "INSERT INTO case_documents (case_id, name, media_path, size, sha256, blake3, added_by, added_at, stage)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![case_id, d.name, d.media_path, d.size as i64, d.sha256, d.blake3, d.added_by, d.added_at, d.stage],
        )?;
        Ok(())
    }

    pub fn case_documents(&self, case_id: i64) -> Result<Vec<CaseDocument>> {
        Ok(self
            .conn
            .prepare(
                "SELECT c.number, d.name, d.media_path, d.size, d.sha256, d.blake3, d.added_by, d.added_at,
                        d.stage
                 FROM case_documents d JOIN cases c ON c.id = d.case_id
                 WHERE d.case_id = ?1 ORDER BY d.id",
            )?
            .query_map([case_id], |r| {
                Ok(CaseDocument {
                    case_number: r.get(0)?,
                    name: r.get(1)?,
                    media_path: r.get(2)?,
                    size: r.get::<_, i64>(3)? as u64,
                    sha256: r.get(4)?,
                    blake3: r.get(5)?,
                    added_by: r.get(6)?,
                    added_at: r.get(7)?,
                    stage: r.get(8)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Every case document with its id, for the fixity check.
    pub fn media_path_taken(&self, media_path: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM case_documents WHERE media_path = ?1)",
            [media_path],
            |r| r.get(0),
        )?)
    }
}
