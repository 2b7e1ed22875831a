//! Accounts, access requests and confidentiality levels in the catalog.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Catalog, ClipFilter, ClipSort};
use crate::closed_set::closed_set;
use crate::duties::{Level, Purpose, Role};
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct AccountRow {
    pub name: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub officer_number: Option<String>,
    pub active: bool,
    pub created_at: String,
    #[serde(skip)]
    pub password_hash: String,
    pub failed_logins: u32,
    pub locked_until: Option<String>,
}

closed_set! {
    /// Where a request to view or copy stands.
    pub enum RequestState as ("申请状态", "request state") {
        Pending = "pending" ("待审批", "pending"),
        Approved = "approved" ("已批准", "approved"),
        Rejected = "rejected" ("已驳回", "rejected"),
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AccessRequest"))]
pub struct AccessRequestRow {
    pub id: i64,
    pub requester: String,
    pub purpose: Purpose,
    #[serde(rename = "case")]
    pub case_number: Option<String>,
    pub level: Level,
    pub reason: String,
    pub state: RequestState,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    pub expires_at: Option<String>,
    pub clips: Vec<i64>,
    /// What the approver decides on: each clip asked for (or, for a case, the case's first
    /// clips) with its time, officer, device and case.
    pub items: Vec<RequestedClip>,
}

/// A clip as the approver sees it in a request.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestedClip {
    pub id: i64,
    pub kind: String,
    pub recorded_at: Option<String>,
    pub duration_s: Option<f64>,
    pub officer: Option<String>,
    pub device: String,
    #[serde(rename = "case")]
    pub case_number: Option<String>,
}

/// A case request shows at most this many of its clips.
const CASE_ITEMS: u64 = 50;

/// What deciding access to a clip needs to know of it.
pub struct ClipAccessFacts {
    pub level: Level,
    pub officer: Option<String>,
}

impl Catalog {
    pub fn account_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM accounts", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create_account(
        &self,
        name: &str,
        display_name: Option<&str>,
        role: Role,
        officer_number: Option<&str>,
        password_hash: &str,
        at: &str,
    ) -> Result<()> {
        self.write(
            "INSERT INTO accounts (name, display_name, role, officer_number, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![name, display_name, role, officer_number, password_hash, at],
        )?;
        Ok(())
    }

    pub fn account(&self, name: &str) -> Result<Option<AccountRow>> {
        Ok(self
            .accounts_where("WHERE name = ?1", Some(name))?
            .into_iter()
            .next())
    }

    pub fn accounts(&self) -> Result<Vec<AccountRow>> {
        self.accounts_where("", None)
    }

    fn accounts_where(&self, clause: &str, name: Option<&str>) -> Result<Vec<AccountRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT name, display_name, role, officer_number, active, created_at, password_hash,
                    failed_logins, locked_until FROM accounts {clause} ORDER BY name"
        ))?;
        let map = |r: &rusqlite::Row<'_>| {
            Ok(AccountRow {
                name: r.get(0)?,
                display_name: r.get(1)?,
                role: r.get(2)?,
                officer_number: r.get(3)?,
                active: r.get(4)?,
                created_at: r.get(5)?,
                password_hash: r.get(6)?,
                failed_logins: r.get(7)?,
                locked_until: r.get(8)?,
            })
        };
        Ok(match name {
            Some(n) => stmt.query_map([n], map)?.collect::<Result<_, _>>()?,
            None => stmt.query_map([], map)?.collect::<Result<_, _>>()?,
        })
    }

    pub fn set_password_hash(&self, name: &str, hash: &str) -> Result<()> {
        self.write(
            "UPDATE accounts SET password_hash = ?2, failed_logins = 0, locked_until = NULL
             WHERE name = ?1",
            params![name, hash],
        )?;
        Ok(())
    }

    pub fn set_account(&self, name: &str, role: Role, active: bool) -> Result<()> {
        self.write(
            "UPDATE accounts SET role = ?2, active = ?3 WHERE name = ?1",
            params![name, role, active],
        )?;
        Ok(())
    }

    pub fn record_login(&self, name: &str, failed: u32, locked_until: Option<&str>) -> Result<()> {
        self.write(
            "UPDATE accounts SET failed_logins = ?2, locked_until = ?3 WHERE name = ?1",
            params![name, failed, locked_until],
        )?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create_access_request(
        &self,
        requester: &str,
        purpose: Purpose,
        case_number: Option<&str>,
        clips: &[i64],
        level: Level,
        reason: &str,
        at: &str,
    ) -> Result<i64> {
        let tx = self.atomic()?;
        tx.execute(
            "INSERT INTO access_requests (requester, purpose, case_number, level, reason, state, requested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
            params![requester, purpose, case_number, level, reason, at],
        )?;
        let id = tx.last_insert_rowid();
        for c in clips {
            tx.execute(
                "INSERT INTO access_request_clips (request_id, clip_id) VALUES (?1, ?2)",
                params![id, c],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Fix a case request to the clips the case holds now (at its approval); returns how many.
    pub fn fix_request_to_case_clips(&self, request: i64, case_number: &str) -> Result<usize> {
        self.write(
            "INSERT OR IGNORE INTO access_request_clips (request_id, clip_id)
             SELECT ?1, id FROM clips WHERE case_number = ?2",
            params![request, case_number],
        )
    }

    pub fn decide_access_request(
        &self,
        id: i64,
        state: RequestState,
        by: &str,
        at: &str,
        note: Option<&str>,
        expires_at: Option<&str>,
    ) -> Result<()> {
        self.write(
            "UPDATE access_requests SET state = ?2, decided_by = ?3, decided_at = ?4,
                 decision_note = ?5, expires_at = ?6 WHERE id = ?1 AND state = 'pending'",
            params![id, state, by, at, note, expires_at],
        )?;
        Ok(())
    }

    pub fn access_requests(&self) -> Result<Vec<AccessRequestRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, requester, purpose, case_number, level, reason, state, requested_at,
                    decided_by, decided_at, decision_note, expires_at
             FROM access_requests ORDER BY id DESC",
        )?;
        let mut rows: Vec<AccessRequestRow> = stmt
            .query_map([], |r| {
                Ok(AccessRequestRow {
                    id: r.get(0)?,
                    requester: r.get(1)?,
                    purpose: r.get(2)?,
                    case_number: r.get(3)?,
                    level: r.get(4)?,
                    reason: r.get(5)?,
                    state: r.get(6)?,
                    requested_at: r.get(7)?,
                    decided_by: r.get(8)?,
                    decided_at: r.get(9)?,
                    decision_note: r.get(10)?,
                    expires_at: r.get(11)?,
                    clips: Vec::new(),
                    items: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        for row in &mut rows {
            row.clips = self
                .conn
                .prepare_cached(
                    "SELECT clip_id FROM access_request_clips WHERE request_id = ?1 ORDER BY clip_id",
                )?
                .query_map([row.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            row.items = self.requested_clips(row)?;
        }
        Ok(rows)
    }

    fn requested_clips(&self, row: &AccessRequestRow) -> Result<Vec<RequestedClip>> {
        let filter = match &row.case_number {
            Some(case) if row.clips.is_empty() => ClipFilter {
                case_number: Some(case.clone()),
                ..ClipFilter::default()
            },
            _ => ClipFilter {
                ids: Some(row.clips.clone()),
                ..ClipFilter::default()
            },
        };
        let page = Some((0, CASE_ITEMS));
        Ok(self
            .clips(&filter, ClipSort::RecordedAsc, page)?
            .into_iter()
            .map(|c| RequestedClip {
                id: c.id,
                kind: c.kind,
                recorded_at: c.recorded_at,
                duration_s: c.duration_s,
                officer: c.officer,
                device: c.device,
                case_number: c.case_number,
            })
            .collect())
    }

    /// The levels of `user`'s approved, unexpired requests for one of `purposes` that cover
    /// `clip` (named, or in its case when approved): one query, as the player asks at every
    /// request.
    pub fn live_approval_levels(
        &self,
        user: &str,
        purposes: &[Purpose],
        clip: i64,
        now_unix: i64,
    ) -> Result<Vec<Level>> {
        let mut levels = Vec::new();
        for purpose in purposes {
            levels.extend(
                self.conn
                    .prepare_cached(
                        "SELECT r.level FROM access_requests r
                         WHERE r.requester = ?1 AND r.purpose = ?2 AND r.state = 'approved'
                           AND CAST(strftime('%s', r.expires_at) AS INTEGER) > ?4
                           AND EXISTS (SELECT 1 FROM access_request_clips c
                                       WHERE c.request_id = r.id AND c.clip_id = ?3)",
                    )?
                    .query_map(params![user, purpose, clip, now_unix], |r| {
                        r.get::<_, Level>(0)
                    })?
                    .collect::<Result<Vec<_>, _>>()?,
            );
        }
        Ok(levels)
    }

    pub fn access_request(&self, id: i64) -> Result<Option<AccessRequestRow>> {
        Ok(self.access_requests()?.into_iter().find(|r| r.id == id))
    }

    pub fn clip_access_facts(&self, id: i64) -> Result<Option<ClipAccessFacts>> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.confidentiality, o.number FROM clips c
                 LEFT JOIN officers o ON o.id = c.officer_id WHERE c.id = ?1",
                [id],
                |r| {
                    Ok(ClipAccessFacts {
                        level: r.get(0)?,
                        officer: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn set_confidentiality(&self, ids: &[i64], level: Level) -> Result<Vec<(i64, Level)>> {
        let tx = self.atomic()?;
        let mut changed = Vec::new();
        for id in ids {
            let old: Option<Level> = tx
                .query_row(
                    "SELECT confidentiality FROM clips WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(old) = old.filter(|o| *o != level) {
                tx.execute(
                    "UPDATE clips SET confidentiality = ?2 WHERE id = ?1",
                    params![id, level],
                )?;
                changed.push((*id, old));
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}
