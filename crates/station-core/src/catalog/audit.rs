//! The audit log: one row per action, append-only (triggers refuse UPDATE and DELETE) and
//! hash-chained: each row stores the previous row's hash and the BLAKE3 hash of its own
//! canonical content with that previous hash. An edited, deleted, inserted or swapped row
//! breaks the chain; the head hash copied into exports and discs catches a chain rewritten
//! from scratch. This is the single place rows are written.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Catalog;
use crate::closed_set::closed_set;
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: Option<String>,
    pub outcome: String,
    pub detail: Option<String>,
    /// The row as a sentence in the station's language and zone (`audit::words`), filled
    /// where rows are shown; never part of the hash chain.
    pub text: String,
}

closed_set! {
    /// What an audit row records, stored in the log as its code (rows written by earlier
    /// versions keep whatever name they were given).
    pub enum AuditAction as ("操作", "action") {
        AccessRequest = "access_request" ("申请调阅", "access requested"),
        AccessApprove = "access_approve" ("批准调阅", "access approved"),
        AccessReject = "access_reject" ("驳回调阅", "access rejected"),
        AccountChange = "account_change" ("修改账户", "account changed"),
        AccountCreate = "account_create" ("新建账户", "account created"),
        ActivityAdd = "activity_add" ("登记执法活动", "activity added"),
        ActivityLink = "activity_link" ("关联执法活动", "activity linked"),
        AddDevice = "add_device" ("登记记录仪", "recorder registered"),
        AddOfficer = "add_officer" ("登记执法人员", "officer registered"),
        AddSquad = "add_squad" ("登记中队", "squad registered"),
        ApproveDisposal = "approve_disposal" ("批准销毁", "disposal approved"),
        AssignDevice = "assign_device" ("分配记录仪", "recorder assigned"),
        AuditVerify = "audit_verify" ("校验审计日志", "audit log verified"),
        AuditView = "audit_view" ("查看审计日志", "audit log viewed"),
        CaseAdd = "case_add" ("登记案件", "case added"),
        CaseDocument = "case_document" ("附加案件文书", "case document attached"),
        CaseEdit = "case_edit" ("更正案件信息", "case corrected"),
        CaseStage = "case_stage" ("设置案件阶段", "case stage set"),
        Classify = "classify" ("设置密级", "confidentiality set"),
        ConfirmMassDisposal = "confirm_mass_disposal" ("复核大批量销毁", "mass disposal confirmed"),
        ContentTick = "content_tick" ("核对摄录要点", "content ticked"),
        Copy = "copy" ("复制", "copy"),
        DeviceCheck = "device_check" ("出勤前检查记录仪", "recorder checked before a shift"),
        DeviceMaintenance = "device_maintenance" ("记录仪维护保养", "recorder serviced"),
        DeviceStatus = "device_status" ("变更记录仪状态", "recorder status changed"),
        DisposalDone = "disposal_done" ("销毁完成", "disposal done"),
        Dispose = "dispose" ("销毁", "disposed"),
        DisposeSkipped = "dispose_skipped" ("跳过销毁", "disposal skipped"),
        District = "district" ("报送区局", "sent to the district"),
        DistrictSet = "district_set" ("设置区局存储", "district store set"),
        DistrictPush = "district_push" ("报送区局存储", "copied to the district store"),
        DistrictLock = "district_lock" ("区局存储锁定变更", "district copy's lock changed"),
        DistrictWeek = "district_week" ("写出区局周汇总", "district week written"),
        Dock = "dock" ("接入记录仪", "recorder docked"),
        DockInterrupted = "dock_interrupted" ("接入中断", "docking interrupted"),
        Export = "export" ("导出周包", "week exported"),
        ExportRequest = "export_request" ("导出调取包", "request exported"),
        FreeRecorder = "free_recorder" ("清空记录仪", "recorder freed"),
        GapAcknowledge = "gap_acknowledge" ("确认中断说明", "gap acknowledged"),
        GapExplain = "gap_explain" ("说明中断", "gap explained"),
        Hold = "hold" ("设为长期保存", "held long-term"),
        Ingest = "ingest" ("接入", "ingest"),
        ImportRegistry = "import_registry" ("导入名册", "registry imported"),
        Init = "init" ("建立证据库", "library founded"),
        Label = "label" ("标注", "labelled"),
        LocateDisc = "locate_disc" ("登记光盘存放位置", "disc located"),
        Login = "login" ("登录", "signed in"),
        LoginFailed = "login_failed" ("登录失败", "sign-in failed"),
        Logout = "logout" ("退出登录", "signed out"),
        OfficerSeen = "officer_seen" ("识别执法人员", "officer seen"),
        PasswordChange = "password_change" ("修改密码", "password changed"),
        PlanBurn = "plan_burn" ("规划刻录", "burn planned"),
        MoveLibrary = "move_library" ("迁移证据库", "library moved"),
        PrintPaper = "print_paper" ("打印文书", "paper printed"),
        ProposeDisposal = "propose_disposal" ("提出销毁", "disposal proposed"),
        RebuildCatalog = "rebuild_catalog" ("重建目录", "catalog rebuilt"),
        Refused = "refused" ("拒绝操作", "refused"),
        RejectDisposal = "reject_disposal" ("驳回销毁", "disposal rejected"),
        ReleaseHold = "release_hold" ("解除长期保存", "hold released"),
        RemoveOldLibrary = "remove_old_library" ("删除迁移前的旧证据库", "old library removed"),
        RestoreDisposal = "restore_disposal" ("恢复销毁批次", "disposal restored"),
        Setting = "setting" ("修改设置", "setting changed"),
        SpotCheckDraw = "spot_check_draw" ("抽查", "spot check drawn"),
        SpotCheckLedger = "spot_check_ledger" ("导出抽查台账", "spot-check ledger written"),
        SpotCheckReview = "spot_check_review" ("抽查评查", "spot check reviewed"),
        Store = "store" ("存储", "stored"),
        Verify = "verify" ("校验证据库", "library verified"),
        VerifyDisc = "verify_disc" ("校验光盘", "disc verified"),
        VerifyExport = "verify_export" ("校验导出包", "export verified"),
        View = "view" ("调阅", "viewed"),
        WriteDisc = "write_disc" ("写入光盘", "disc written"),
    }
}

impl AuditAction {
    /// The action a refused viewing or copying is recorded under.
    pub fn for_purpose(purpose: crate::duties::Purpose) -> AuditAction {
        use crate::duties::Purpose;
        match purpose {
            Purpose::Copy => AuditAction::Copy,
            Purpose::District => AuditAction::District,
            Purpose::View => AuditAction::View,
        }
    }
}

/// Which rows `audit list` shows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub to: Option<i64>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object: Option<String>,
}

/// What walking the chain found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainCheck {
    pub ok: bool,
    pub rows: u64,
    /// The first row whose stored hashes do not follow from its content and its predecessor.
    pub first_broken: Option<i64>,
    pub problem: Option<String>,
    /// `id:hash` of the newest row.
    pub head: Option<String>,
    /// Every guard trigger is in place with the SQL the station gave it.
    pub triggers_present: bool,
    /// Guards that are missing or whose SQL was changed, by name.
    pub altered_triggers: Vec<String>,
}

/// The triggers that keep the audit log append-only and clip ids unique. `audit verify`
/// compares their SQL with the text their migration gave them, not only their names: a trigger
/// dropped and recreated under the same name to do nothing is found.
const GUARDS: [&str; 5] = [
    "audit_log_no_update",
    "audit_log_no_delete",
    "audit_log_chained",
    "clips_id_never_reused",
    "clips_id_taken",
];

/// The `CREATE TRIGGER` statement for `name` as a migration wrote it, white space squeezed.
fn written_by_migration(name: &str) -> Option<String> {
    let start = format!("CREATE TRIGGER {name} ");
    super::MIGRATIONS.iter().find_map(|(_, sql)| {
        let from = sql.find(&start)?;
        let len = sql[from..].find("END;")? + "END".len();
        Some(squeezed(&sql[from..from + len]))
    })
}

/// SQL with every run of white space made one space, for comparing trigger texts.
fn squeezed(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hash of one row: BLAKE3 over its canonical content (a JSON array of every column, the
/// id first) and the previous row's hash.
pub fn audit_row_hash(e: &AuditEntry, prev_hash: &str) -> String {
    let canonical = serde_json::json!([
        e.id, e.at, e.actor, e.action, e.object, e.outcome, e.detail, prev_hash
    ]);
    blake3::hash(canonical.to_string().as_bytes())
        .to_hex()
        .to_string()
}

const COLUMNS: &str = "id, at, actor, action, object, outcome, detail";

impl Catalog {
    /// Append one row to the chain. Writers in other processes wait: the previous hash is read
    /// and the row written under one write lock.
    pub fn audit(
        &self,
        at: &str,
        actor: &str,
        action: AuditAction,
        object: Option<&str>,
        outcome: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        let unit = self.atomic()?;
        let (last, prev): (i64, String) = unit
            .query_row(
                "SELECT id, COALESCE(row_hash, '') FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, String::new()));
        let entry = AuditEntry {
            id: last + 1,
            at: at.to_string(),
            actor: actor.to_string(),
            action: action.code().to_string(),
            object: object.map(str::to_string),
            outcome: outcome.to_string(),
            detail: detail.map(str::to_string),
            text: String::new(),
        };
        let hash = audit_row_hash(&entry, &prev);
        unit.execute(
            "INSERT INTO audit_log (id, at, actor, action, object, outcome, detail, prev_hash, row_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![entry.id, at, actor, entry.action, object, outcome, detail, prev, hash],
        )?;
        unit.commit()
    }

    /// Chain the rows written before the chain existed (once, at the first open after the
    /// migration; the triggers allow exactly this).
    pub(super) fn chain_legacy_audit_rows(&self) -> Result<()> {
        let unchained: i64 = self.conn.query_row(
            "SELECT count(*) FROM audit_log WHERE row_hash IS NULL",
            [],
            |r| r.get(0),
        )?;
        if unchained == 0 {
            return Ok(());
        }
        let tx = self.atomic()?;
        let rows: Vec<(AuditEntry, Option<String>)> = tx
            .prepare(&format!(
                "SELECT {COLUMNS}, row_hash FROM audit_log ORDER BY id"
            ))?
            .query_map([], |r| Ok((audit_row(r)?, r.get(7)?)))?
            .collect::<Result<_, _>>()?;
        let mut prev = String::new();
        for (e, stored) in rows {
            let hash = match stored {
                Some(h) => h,
                None => {
                    let h = audit_row_hash(&e, &prev);
                    tx.execute(
                        "UPDATE audit_log SET prev_hash = ?2, row_hash = ?3 WHERE id = ?1",
                        params![e.id, prev, h],
                    )?;
                    h
                }
            };
            prev = hash;
        }
        tx.commit()?;
        Ok(())
    }

    /// The guard triggers that are missing or not as the station wrote them.
    pub(super) fn altered_guards(&self) -> Result<Vec<String>> {
        let mut altered = Vec::new();
        for name in GUARDS {
            let found: Option<String> = self
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            let expected = written_by_migration(name);
            if expected.is_none() || found.as_deref().map(squeezed) != expected {
                altered.push(name.to_string());
            }
        }
        Ok(altered)
    }

    /// Walk the whole chain from the first row.
    pub fn verify_audit_chain(&self) -> Result<ChainCheck> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS}, prev_hash, row_hash FROM audit_log ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        let mut check = ChainCheck {
            ok: true,
            rows: 0,
            first_broken: None,
            problem: None,
            head: None,
            triggers_present: false,
            altered_triggers: self.altered_guards()?,
        };
        check.triggers_present = check.altered_triggers.is_empty();
        let mut prev = String::new();
        let mut last_id = 0;
        while let Some(r) = rows.next()? {
            let e = audit_row(r)?;
            let stored_prev: Option<String> = r.get(7)?;
            let stored: Option<String> = r.get(8)?;
            check.rows += 1;
            let problem = if e.id != last_id + 1 {
                Some(format!(
                    "row {} follows row {last_id}: rows are missing",
                    e.id
                ))
            } else if stored_prev.as_deref() != Some(prev.as_str()) {
                Some(format!(
                    "row {} does not follow the row before it (deleted, inserted or reordered rows)",
                    e.id
                ))
            } else if stored.as_deref() != Some(audit_row_hash(&e, &prev).as_str()) {
                Some(format!("row {} was changed after it was written", e.id))
            } else {
                None
            };
            if let Some(p) = problem {
                check.ok = false;
                check.first_broken = Some(e.id);
                check.problem = Some(p);
                break;
            }
            prev = stored.unwrap_or_default();
            last_id = e.id;
            check.head = Some(format!("{}:{prev}", e.id));
        }
        Ok(check)
    }

    /// Is `hash` (a row hash, or `id:hash`) the hash of a row in the chain?
    pub fn audit_chain_holds(&self, hash: &str) -> Result<bool> {
        let (id, hash) = match hash.split_once(':') {
            Some((id, h)) => (id.parse::<i64>().ok(), h),
            None => (None, hash),
        };
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM audit_log WHERE row_hash = ?1",
                [hash],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.is_some() && (id.is_none() || found == id))
    }

    pub fn audit_list(&self, f: &AuditFilter, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM audit_log
             WHERE (?1 IS NULL OR CAST(strftime('%s', at) AS INTEGER) >= ?1)
               AND (?2 IS NULL OR CAST(strftime('%s', at) AS INTEGER) < ?2)
               AND (?3 IS NULL OR actor = ?3)
               AND (?4 IS NULL OR action = ?4)
               AND (?5 IS NULL OR object = ?5)
             ORDER BY id DESC LIMIT ?6"
        ))?;
        let rows = stmt.query_map(
            params![f.from, f.to, f.actor, f.action, f.object, limit],
            audit_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Entries made in `[from, to)` (unix), oldest first.
    pub fn audit_between(&self, from: i64, to: i64) -> Result<Vec<AuditEntry>> {
        let mut entries = self.audit_list(
            &AuditFilter {
                from: Some(from),
                to: Some(to),
                ..AuditFilter::default()
            },
            i64::MAX,
        )?;
        entries.reverse();
        Ok(entries)
    }

    /// The newest entries first; only those about `object` when given.
    pub fn audit_entries(&self, object: Option<&str>, limit: i64) -> Result<Vec<AuditEntry>> {
        self.audit_list(
            &AuditFilter {
                object: object.map(str::to_string),
                ..AuditFilter::default()
            },
            limit,
        )
    }

    /// `id:hash` of the newest row: what a disc, an export or a district package records of
    /// the log when it is made.
    pub fn audit_head(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(format!(
                        "{}:{}",
                        r.get::<_, i64>(0)?,
                        r.get::<_, Option<String>>(1)?.unwrap_or_default()
                    ))
                },
            )
            .optional()?)
    }
}

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        object: r.get(4)?,
        outcome: r.get(5)?,
        detail: r.get(6)?,
        text: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guards_are_found_as_the_migrations_wrote_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Catalog::open(&dir.path().join("c.sqlite"), true).expect("open");
        assert_eq!(c.altered_guards().expect("guards"), Vec::<String>::new());
        // Dropped and recreated under the same name to do nothing, by another hand (the
        // station's own connection refuses a commit outside its door): found by its text.
        rusqlite::Connection::open(dir.path().join("c.sqlite"))
            .expect("outside hand")
            .execute_batch(
                "DROP TRIGGER audit_log_no_delete;
                 CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END;
                 DROP TRIGGER clips_id_taken;",
            )
            .expect("tamper");
        assert_eq!(
            c.altered_guards().expect("guards"),
            vec![
                "audit_log_no_delete".to_string(),
                "clips_id_taken".to_string()
            ]
        );
    }
}
