use std::collections::HashMap;

/// A file's identity on its recorder: raw relative path, size, modification time (ns).
pub type SourceKey = (Vec<u8>, u64, i64);

use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::Catalog;
use crate::closed_set::closed_set;
use crate::duties::Level;
use crate::error::Result;

/// A verified original about to be recorded.
#[derive(Debug, Clone)]
pub struct NewClip {
    pub media_path: String,
    pub device_id: i64,
    pub dock_event_id: Option<i64>,
    pub source_path: String,
    pub source_path_raw: Vec<u8>,
    pub source_size: u64,
    pub source_mtime_ns: i64,
    pub size: u64,
    pub blake3: String,
    pub sha256: String,
    /// SM3 of the recorder's bytes; none for clips stored before the station computed it.
    pub sm3: Option<String>,
    pub kind: String,
    pub recorded_at: Option<String>,
    pub recorded_at_unix: Option<i64>,
    pub time_source: Option<String>,
    pub duration_s: Option<f64>,
    pub officer_id: Option<i64>,
    /// file_name | custodian | assignment
    pub officer_source: Option<String>,
    pub squad_id: Option<i64>,
    /// The recorder's own file number, where its names carry one.
    pub seq: Option<i64>,
    pub important: bool,
    pub flags: String,
    pub warnings: String,
    pub case_number: Option<String>,
    pub cause: Option<String>,
    pub party: Option<String>,
    pub ingested_at: String,
    pub verified_at: String,
}

/// A clip as stored, with the names of its device, officer and squad.
#[derive(Debug, Clone)]
pub struct ClipRow {
    pub id: i64,
    pub media_path: String,
    pub source_path: String,
    pub size: u64,
    pub blake3: String,
    pub sha256: String,
    pub sm3: Option<String>,
    pub kind: String,
    pub recorded_at: Option<String>,
    pub time_source: Option<String>,
    pub duration_s: Option<f64>,
    pub device: String,
    pub officer: Option<String>,
    pub squad: Option<String>,
    pub important: bool,
    pub flags: String,
    pub warnings: String,
    pub case_number: Option<String>,
    pub cause: Option<String>,
    pub party: Option<String>,
    pub dock_event_id: Option<i64>,
    pub ingested_at: String,
    pub verified_at: String,
    pub confidentiality: Level,
    /// The district's copy; none until the store has confirmed one.
    pub district: Option<super::DistrictCopy>,
}

#[derive(Debug, Clone, Default)]
pub struct ClipFilter {
    pub officer: Option<String>,
    pub squad: Option<String>,
    pub device: Option<String>,
    pub from_unix: Option<i64>,
    pub to_unix: Option<i64>,
    pub kind: Option<String>,
    pub case_number: Option<String>,
    pub party: Option<String>,
    pub important: Option<bool>,
    /// Only clips lacking one of the labels art. 18 requires (squad, officer, time, cause, party).
    pub missing_labels: bool,
    pub ids: Option<Vec<i64>>,
    /// Only clips copied by this docking.
    pub dock: Option<i64>,
    /// Only clips at these confidentiality levels (None: all).
    pub levels: Option<Vec<Level>>,
}

closed_set! {
    /// Orders the Library page offers; each is backed by an index.
    pub enum ClipSort as ("排序", "order") {
        RecordedDesc = "recorded_desc" ("拍摄时间，新的在前", "newest recording first"),
        RecordedAsc = "recorded_asc" ("拍摄时间，旧的在前", "oldest recording first"),
        IngestedDesc = "ingested_desc" ("接入时间，新的在前", "newest ingest first"),
        IngestedAsc = "ingested_asc" ("接入时间，旧的在前", "oldest ingest first"),
    }
}

impl Default for ClipSort {
    fn default() -> ClipSort {
        ClipSort::RecordedDesc
    }
}

impl ClipSort {
    fn sql(self) -> &'static str {
        match self {
            // No tie-breaker: every filter index is in recording order, and naming `id` too
            // would make SQLite sort the whole match instead of walking the index.
            ClipSort::RecordedDesc => " ORDER BY c.recorded_at_unix DESC",
            ClipSort::RecordedAsc => " ORDER BY c.recorded_at_unix",
            ClipSort::IngestedDesc => " ORDER BY c.id DESC",
            ClipSort::IngestedAsc => " ORDER BY c.id",
        }
    }
}

/// A clip's art. 18 labels — case number, cause (案由), party (当事人). Given to set them,
/// None leaves a label as it is and an empty string clears it; read back, None is unset.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct Labels {
    #[serde(rename = "case")]
    pub case_number: Option<String>,
    pub cause: Option<String>,
    pub party: Option<String>,
}

impl Labels {
    /// These labels over `old`: what is given replaces, an empty value clears.
    fn applied_to(&self, old: &Labels) -> Labels {
        let apply = |given: &Option<String>, was: &Option<String>| match given {
            Some(v) => Some(v.trim()).filter(|v| !v.is_empty()).map(str::to_string),
            None => was.clone(),
        };
        Labels {
            case_number: apply(&self.case_number, &old.case_number),
            cause: apply(&self.cause, &old.cause),
            party: apply(&self.party, &old.party),
        }
    }
}

/// One clip's labels before and after a change, for the audit log and the label manifest.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LabelChange {
    pub id: i64,
    pub media_path: String,
    pub old: Labels,
    pub new: Labels,
}

const SELECT_CLIP: &str = "SELECT c.id, c.media_path, c.source_path, c.size, c.blake3, c.sha256,
        c.kind, c.recorded_at, c.time_source, c.duration_s, d.serial, o.number, s.name,
        c.important, c.flags, c.warnings, c.case_number, c.cause, c.party, c.dock_event_id,
        c.ingested_at, c.verified_at, c.confidentiality,
        k.key, k.version_id, k.retain_until, k.legal_hold, k.pushed_at, c.sm3
    FROM clips c
    JOIN devices d ON d.id = c.device_id
    LEFT JOIN officers o ON o.id = c.officer_id
    LEFT JOIN squads s ON s.id = c.squad_id
    LEFT JOIN district_copies k ON k.clip_id = c.id AND k.sha256 = c.sha256";

fn clip_row(r: &Row<'_>) -> rusqlite::Result<ClipRow> {
    Ok(ClipRow {
        id: r.get(0)?,
        media_path: r.get(1)?,
        source_path: r.get(2)?,
        size: r.get::<_, i64>(3)? as u64,
        blake3: r.get(4)?,
        sha256: r.get(5)?,
        sm3: r.get(28)?,
        kind: r.get(6)?,
        recorded_at: r.get(7)?,
        time_source: r.get(8)?,
        duration_s: r.get(9)?,
        device: r.get(10)?,
        officer: r.get(11)?,
        squad: r.get(12)?,
        important: r.get(13)?,
        flags: r.get(14)?,
        warnings: r.get(15)?,
        case_number: r.get(16)?,
        cause: r.get(17)?,
        party: r.get(18)?,
        dock_event_id: r.get(19)?,
        ingested_at: r.get(20)?,
        verified_at: r.get(21)?,
        confidentiality: r.get(22)?,
        district: match r.get::<_, Option<String>>(23)? {
            Some(key) => Some(super::DistrictCopy {
                key,
                version_id: r.get(24)?,
                retain_until: r.get(25)?,
                legal_hold: r.get(26)?,
                pushed_at: r.get(27)?,
            }),
            None => None,
        },
    })
}

impl Catalog {
    /// Catalogue a stored original under the next clip id never given before.
    pub fn insert_clip(&self, c: &NewClip) -> Result<i64> {
        self.write(
            "INSERT INTO clips (id, media_path, device_id, dock_event_id, source_path, source_path_raw,
                 source_size, source_mtime_ns, size, blake3, sha256, kind, recorded_at,
                 recorded_at_unix, time_source, duration_s, officer_id, squad_id, important, flags,
                 warnings, case_number, cause, party, ingested_at, verified_at, officer_source, seq,
                 sm3)
             VALUES ((SELECT last_id + 1 FROM identities WHERE kind = 'clip'),
                 ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
            params![
                c.media_path,
                c.device_id,
                c.dock_event_id,
                c.source_path,
                c.source_path_raw,
                c.source_size as i64,
                c.source_mtime_ns,
                c.size as i64,
                c.blake3,
                c.sha256,
                c.kind,
                c.recorded_at,
                c.recorded_at_unix,
                c.time_source,
                c.duration_s,
                c.officer_id,
                c.squad_id,
                c.important,
                c.flags,
                c.warnings,
                c.case_number,
                c.cause,
                c.party,
                c.ingested_at,
                c.verified_at,
                c.officer_source,
                c.seq,
                c.sm3
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every original already stored from this device, by (raw source path, size, mtime):
    /// what a re-dock skips without reading. Values: (media path, BLAKE3).
    pub fn stored_sources(&self, device_id: i64) -> Result<HashMap<SourceKey, (String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT source_path_raw, source_size, source_mtime_ns, media_path, blake3
             FROM clips WHERE device_id = ?1",
        )?;
        let rows = stmt.query_map([device_id], |r| {
            Ok((
                (r.get(0)?, r.get::<_, i64>(1)? as u64, r.get(2)?),
                (r.get(3)?, r.get(4)?),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn media_path_in_use(&self, media_path: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM clips WHERE media_path = ?1",
                [media_path],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// A stored original with exactly these bytes, if any: its media path.
    pub fn media_path_with_digest(&self, blake3: &str, size: u64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT media_path FROM clips WHERE blake3 = ?1 AND size = ?2 ORDER BY id LIMIT 1",
                params![blake3, size as i64],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Clips matching `f`, in `sort` order; `page` = (offset, limit).
    pub fn clips(
        &self,
        f: &ClipFilter,
        sort: ClipSort,
        page: Option<(u64, u64)>,
    ) -> Result<Vec<ClipRow>> {
        let (clause, args) = where_clause(f);
        let mut sql = format!("{SELECT_CLIP}{clause}{}", sort.sql());
        if let Some((offset, limit)) = page {
            sql.push_str(&format!(" LIMIT {limit} OFFSET {offset}"));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), clip_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many clips match `f`.
    pub fn count_clips(&self, f: &ClipFilter) -> Result<u64> {
        let (clause, args) = where_clause(f);
        // The filters name only columns of `clips`, so the count needs no joins.
        let sql = format!("SELECT count(*) FROM clips c{clause}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Set case number, cause and party on clips (None leaves a label as it is; an empty
    /// string clears it). One transaction; returns what changed.
    pub fn label_clips(&self, ids: &[i64], labels: &Labels) -> Result<Vec<LabelChange>> {
        let tx = self.atomic()?;
        let mut changes = Vec::new();
        for id in ids {
            let (media_path, old): (String, Labels) = tx.query_row(
                "SELECT media_path, case_number, cause, party FROM clips WHERE id = ?1",
                [id],
                |r| {
                    let old = Labels {
                        case_number: r.get(1)?,
                        cause: r.get(2)?,
                        party: r.get(3)?,
                    };
                    Ok((r.get(0)?, old))
                },
            )?;
            let new = labels.applied_to(&old);
            if new != old {
                tx.execute(
                    "UPDATE clips SET case_number = ?2, cause = ?3, party = ?4 WHERE id = ?1",
                    params![id, new.case_number, new.cause, new.party],
                )?;
                changes.push(LabelChange {
                    id: *id,
                    media_path,
                    old,
                    new,
                });
            }
        }
        tx.commit()?;
        Ok(changes)
    }

    /// Put back labels from the label manifest (catalog rebuild).
    pub fn restore_labels(&self, media_path: &str, labels: &Labels) -> Result<()> {
        self.write(
            "UPDATE clips SET case_number = ?2, cause = ?3, party = ?4 WHERE media_path = ?1",
            params![media_path, labels.case_number, labels.cause, labels.party],
        )?;
        Ok(())
    }

    pub fn first_missing_clip(&self, ids: &[i64]) -> Result<Option<i64>> {
        for id in ids {
            let found = self
                .conn
                .query_row("SELECT 1 FROM clips WHERE id = ?1", [id], |_| Ok(()))
                .optional()?;
            if found.is_none() {
                return Ok(Some(*id));
            }
        }
        Ok(None)
    }

    pub fn clip_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM clips", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

/// What the statistics need of a clip.
pub struct ClipFacts {
    pub recorded: i64,
    pub kind: String,
    pub duration_s: Option<f64>,
    pub important: bool,
    pub squad: Option<String>,
    pub officer: Option<String>,
    /// The docking that stored it.
    pub dock: Option<i64>,
}

impl Catalog {
    /// Every clip's recording time (ingest time where unknown), kind, duration, importance,
    /// squad and officer, in one pass.
    pub fn clip_facts(&self) -> Result<Vec<ClipFacts>> {
        let mut stmt = self.conn.prepare(
            "SELECT COALESCE(c.recorded_at_unix, CAST(strftime('%s', c.ingested_at) AS INTEGER)),
                    c.kind, c.duration_s, c.important, s.name, o.number, c.dock_event_id
             FROM clips c LEFT JOIN squads s ON s.id = c.squad_id
             LEFT JOIN officers o ON o.id = c.officer_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ClipFacts {
                recorded: r.get(0)?,
                kind: r.get(1)?,
                duration_s: r.get(2)?,
                important: r.get(3)?,
                squad: r.get(4)?,
                officer: r.get(5)?,
                dock: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn where_clause(f: &ClipFilter) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut add = |clause: &str, v: rusqlite::types::Value| {
        sql.push_str(clause);
        args.push(v);
    };
    if let Some(o) = &f.officer {
        add(
            " AND c.officer_id = (SELECT id FROM officers WHERE number = ?)",
            o.clone().into(),
        );
    }
    if let Some(s) = &f.squad {
        add(
            " AND c.squad_id = (SELECT id FROM squads WHERE name = ?)",
            s.clone().into(),
        );
    }
    if let Some(d) = &f.device {
        add(
            " AND c.device_id = (SELECT id FROM devices WHERE serial = ?)",
            d.clone().into(),
        );
    }
    if let Some(t) = f.from_unix {
        add(" AND c.recorded_at_unix >= ?", t.into());
    }
    if let Some(t) = f.to_unix {
        add(" AND c.recorded_at_unix < ?", t.into());
    }
    if let Some(k) = &f.kind {
        add(" AND c.kind = ?", k.clone().into());
    }
    if let Some(n) = &f.case_number {
        add(" AND c.case_number = ?", n.clone().into());
    }
    if let Some(p) = &f.party {
        add(" AND c.party = ?", p.clone().into());
    }
    if let Some(i) = f.important {
        add(" AND c.important = ?", i64::from(i).into());
    }
    if let Some(d) = f.dock {
        add(" AND c.dock_event_id = ?", d.into());
    }
    if let Some(levels) = &f.levels {
        let list = levels
            .iter()
            .map(|l| format!("'{}'", l.code()))
            .collect::<Vec<_>>()
            .join(",");
        sql.push_str(&format!(" AND c.confidentiality IN ({list})"));
    }
    if let Some(ids) = &f.ids {
        let list = ids
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        sql.push_str(&format!(" AND c.id IN ({list})"));
    }
    if f.missing_labels {
        sql.push_str(" AND c.labels_missing = 1");
    }
    (sql, args)
}
