//! Roles and their duties: what each role may do, and the duty's name for people; and the
//! terms access is granted in — confidentiality levels and purposes. A leaf: the catalog, the
//! error messages and the access rules all read it, and it reads none of them. The access
//! rules themselves are in [`crate::access`], which re-exports these types.

use crate::closed_set::closed_set;

closed_set! {
    /// A station account's role.
    pub enum Role as ("角色", "role") {
        Custodian = "custodian" ("保管员", "custodian"),
        BranchHead = "branch_head" ("分局负责人", "branch head"),
        LegalInspector = "legal_inspector" ("法制科", "legal inspector"),
        Officer = "officer" ("执法人员", "officer"),
        Admin = "admin" ("系统管理员", "administrator"),
    }
}

closed_set! {
    /// Work that needs a role. The custodian's routine work is allowed by role; viewing and
    /// copying evidence also need a live approval (see [`crate::access::Access::check`]). The
    /// label finishes "… may not": 保管员 角色无权 + 审批销毁.
    pub enum Duty as ("职责", "duty") {
        Ingest = "ingest" ("导入记录", "ingest recordings"),
        Label = "label" ("标注记录", "label records"),
        Registry = "registry" ("管理设备和人员", "manage devices and officers"),
        Settings = "settings" ("修改设置", "change settings"),
        Accounts = "accounts" ("管理账户", "manage accounts"),
        Hold = "hold" ("设置长期保存", "set long-term holds"),
        ReleaseHold = "release_hold" ("解除长期保存", "release holds"),
        ProposeDisposal = "propose_disposal" ("提出销毁申请", "propose disposals"),
        DecideDisposal = "decide_disposal" ("审批销毁", "approve or reject disposals"),
        /// The second person's confirmation of a mass disposal.
        ConfirmMassDisposal = "confirm_mass_disposal" ("确认大批量销毁", "confirm a mass disposal"),
        Burn = "burn" ("刻录长期保存副本", "write long-term copies"),
        ExportWeek = "export_week" ("导出每周汇总", "export the weekly package"),
        DecideAccess = "decide_access" ("审批调阅申请", "approve or reject access requests"),
        ReadAudit = "read_audit" ("查看审计日志", "read the audit log"),
        Classify = "classify" ("设定密级", "set confidentiality levels"),
        SpotCheck = "spot_check" ("抽查", "run spot checks"),
        /// Read the records: clip lists, statistics, reports, holds, retention, the fixity check.
        ReadRecords = "read_records" ("查阅记录", "read the records"),
        /// Rebuild the catalog from the disk.
        Rebuild = "rebuild" ("重建目录", "rebuild the catalog"),
        /// Move the library to another folder or disk, and clear the old one.
        MoveLibrary = "move_library" ("迁移证据库", "move the library"),
        /// Nobody has this duty: the approver of a request is never its requester.
        ApproveOwn = "approve_own" ("批准自己的申请", "approve their own request"),
        /// Nobody has this duty: a mass disposal's second person is someone else.
        ConfirmOwn = "confirm_own" (
            "确认自己提出或批准的大批量销毁（须由另一人确认）",
            "confirm a mass disposal they proposed or approved (someone else must)"
        ),
    }
}

closed_set! {
    /// A clip's confidentiality level (art. 21), lowest first: lists and approvals compare them.
    pub enum Level as ("密级", "confidentiality level") {
        Normal = "normal" ("普通", "normal"),
        Privacy = "privacy" ("个人隐私", "personal privacy"),
        Business = "business" ("商业秘密", "business secret"),
        State = "state" ("国家秘密", "state secret"),
    }
}

impl Level {
    /// Levels up to and including this one, for list filters.
    pub fn and_below(self) -> Vec<Level> {
        Level::ALL.iter().copied().filter(|l| *l <= self).collect()
    }
}

closed_set! {
    /// What an access request is for.
    pub enum Purpose as ("调阅用途", "purpose") {
        View = "view" ("查看", "view"),
        Copy = "copy" ("复制", "copy"),
        /// A copy for the district.
        District = "district" ("报送上级", "copy for the district"),
    }
}

impl Duty {
    pub(crate) fn allowed(self, role: Role) -> bool {
        use Duty::*;
        match role {
            Role::Custodian => matches!(
                self,
                Ingest
                    | Label
                    | Registry
                    | Hold
                    | ProposeDisposal
                    | Burn
                    | ExportWeek
                    | Classify
                    | ReadRecords
            ),
            Role::BranchHead => matches!(
                self,
                Label
                    | Hold
                    | ReleaseHold
                    | DecideDisposal
                    | ConfirmMassDisposal
                    | DecideAccess
                    | ReadAudit
                    | Classify
                    | ReadRecords
            ),
            Role::LegalInspector => {
                matches!(
                    self,
                    ReadAudit | SpotCheck | ReadRecords | ConfirmMassDisposal
                )
            }
            // An officer reads lists narrowed to their level (and views only with approval).
            Role::Officer => matches!(self, ReadRecords),
            // The administrator sees the records' facts (lists narrowed to normal), never a
            // clip's content without an approval.
            Role::Admin => matches!(
                self,
                Accounts | Settings | Registry | ReadAudit | Rebuild | MoveLibrary | ReadRecords
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table of duties by role, as the code has it.
    #[test]
    fn the_duty_matrix_is_the_one_the_readme_shows() {
        let may = |role: Role| -> Vec<&str> {
            Duty::ALL
                .iter()
                .filter(|d| d.allowed(role))
                .map(|d| d.code())
                .collect()
        };
        assert_eq!(
            may(Role::Custodian),
            [
                "ingest",
                "label",
                "registry",
                "hold",
                "propose_disposal",
                "burn",
                "export_week",
                "classify",
                "read_records"
            ]
        );
        assert_eq!(
            may(Role::BranchHead),
            [
                "label",
                "hold",
                "release_hold",
                "decide_disposal",
                "confirm_mass_disposal",
                "decide_access",
                "read_audit",
                "classify",
                "read_records"
            ]
        );
        assert_eq!(
            may(Role::LegalInspector),
            [
                "confirm_mass_disposal",
                "read_audit",
                "spot_check",
                "read_records"
            ]
        );
        assert_eq!(may(Role::Officer), ["read_records"]);
        assert_eq!(
            may(Role::Admin),
            [
                "registry",
                "settings",
                "accounts",
                "read_audit",
                "read_records",
                "rebuild",
                "move_library"
            ]
        );
        // No one both proposes and decides a disposal; every duty has a name for people.
        assert!(!may(Role::Custodian).contains(&"decide_disposal"));
        assert!(Role::ALL
            .iter()
            .all(|r| !Duty::ApproveOwn.allowed(*r) && !Duty::ConfirmOwn.allowed(*r)));
    }
}
