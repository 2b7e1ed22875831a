//! Roles and their duties: what each role may do, and the duty's name for people. A leaf:
//! the error messages and the access rules both read it, and it reads neither.

use crate::lang::Lang;

/// Work that needs a role. The custodian's routine work is allowed by role; viewing and
/// copying evidence also need a live approval (see [`Station::check_access`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    Ingest,
    Label,
    Registry,
    Settings,
    Accounts,
    Hold,
    ReleaseHold,
    ProposeDisposal,
    DecideDisposal,
    /// The second person's confirmation of a mass disposal.
    ConfirmMassDisposal,
    Burn,
    ExportWeek,
    DecideAccess,
    ReadAudit,
    Classify,
    SpotCheck,
    /// Read the records: clip lists, statistics, reports, holds, retention, the fixity check.
    ReadRecords,
    /// Rebuild the catalog from the disk.
    Rebuild,
}

impl Duty {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Duty::Ingest => "ingest",
            Duty::Label => "label",
            Duty::Registry => "registry",
            Duty::Settings => "settings",
            Duty::Accounts => "accounts",
            Duty::Hold => "hold",
            Duty::ReleaseHold => "release_hold",
            Duty::ProposeDisposal => "propose_disposal",
            Duty::DecideDisposal => "decide_disposal",
            Duty::ConfirmMassDisposal => "confirm_mass_disposal",
            Duty::Burn => "burn",
            Duty::ExportWeek => "export_week",
            Duty::DecideAccess => "decide_access",
            Duty::ReadAudit => "read_audit",
            Duty::Classify => "classify",
            Duty::SpotCheck => "spot_check",
            Duty::ReadRecords => "read_records",
            Duty::Rebuild => "rebuild",
        }
    }

    pub(crate) fn allowed(self, role: &str) -> bool {
        use Duty::*;
        match role {
            "custodian" => matches!(
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
            "branch_head" => matches!(
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
            "legal_inspector" => {
                matches!(
                    self,
                    ReadAudit | SpotCheck | ReadRecords | ConfirmMassDisposal
                )
            }
            // An officer reads lists narrowed to their level (and views only with approval).
            "officer" => matches!(self, ReadRecords),
            // The administrator sees the records' facts (lists narrowed to normal), never a
            // clip's content without an approval.
            "admin" => matches!(
                self,
                Accounts | Settings | Registry | ReadAudit | Rebuild | ReadRecords
            ),
            _ => false,
        }
    }
}

/// A duty's name for people, for the `forbidden` message.
pub fn duty_label(code: &str, lang: Lang) -> &'static str {
    let (zh, en) = match code {
        "ingest" => ("导入记录", "ingest recordings"),
        "label" => ("标注记录", "label records"),
        "registry" => ("管理设备和人员", "manage devices and officers"),
        "settings" => ("修改设置", "change settings"),
        "accounts" => ("管理账户", "manage accounts"),
        "hold" => ("设置长期保存", "set long-term holds"),
        "release_hold" => ("解除长期保存", "release holds"),
        "propose_disposal" => ("提出销毁申请", "propose disposals"),
        "decide_disposal" => ("审批销毁", "approve or reject disposals"),
        "burn" => ("刻录长期保存副本", "write long-term copies"),
        "export_week" => ("导出每周汇总", "export the weekly package"),
        "decide_access" => ("审批调阅申请", "approve or reject access requests"),
        "read_audit" => ("查看审计日志", "read the audit log"),
        "classify" => ("设定密级", "set confidentiality levels"),
        "approve_own" => ("批准自己的申请", "approve their own request"),
        "confirm_own" => (
            "确认自己提出或批准的大批量销毁（须由另一人确认）",
            "confirm a mass disposal they proposed or approved (someone else must)",
        ),
        "confirm_mass_disposal" => ("确认大批量销毁", "confirm a mass disposal"),
        "spot_check" => ("抽查", "run spot checks"),
        "read_records" => ("查阅记录", "read the records"),
        "rebuild" => ("重建目录", "rebuild the catalog"),
        _ => ("执行此操作", "do this"),
    };
    lang.pick(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Duty; 18] = [
        Duty::Ingest,
        Duty::Label,
        Duty::Registry,
        Duty::Settings,
        Duty::Accounts,
        Duty::Hold,
        Duty::ReleaseHold,
        Duty::ProposeDisposal,
        Duty::DecideDisposal,
        Duty::ConfirmMassDisposal,
        Duty::Burn,
        Duty::ExportWeek,
        Duty::DecideAccess,
        Duty::ReadAudit,
        Duty::Classify,
        Duty::SpotCheck,
        Duty::ReadRecords,
        Duty::Rebuild,
    ];

    /// The README's table of duties by role, as the code has it.
    #[test]
    fn the_duty_matrix_is_the_one_the_readme_shows() {
        let may = |role: &str| -> Vec<&str> {
            ALL.iter()
                .filter(|d| d.allowed(role))
                .map(|d| d.code())
                .collect()
        };
        assert_eq!(
            may("custodian"),
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
            may("branch_head"),
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
            may("legal_inspector"),
            [
                "confirm_mass_disposal",
                "read_audit",
                "spot_check",
                "read_records"
            ]
        );
        assert_eq!(may("officer"), ["read_records"]);
        assert_eq!(
            may("admin"),
            [
                "registry",
                "settings",
                "accounts",
                "read_audit",
                "read_records",
                "rebuild"
            ]
        );
        assert!(may("someone").is_empty());
        // No one both proposes and decides a disposal; every duty has a name for people.
        assert!(!may("custodian").contains(&"decide_disposal"));
        for d in ALL {
            assert_ne!(duty_label(d.code(), Lang::En), "do this", "{d:?}");
        }
    }
}
