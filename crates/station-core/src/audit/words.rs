//! The audit log in words: each row as one sentence a custodian or an inspector reads without
//! knowing the codes ("2026-12-02 09:14:03 kgy 调阅 记录 17（被拒绝）"), in the station's
//! zone and language. A leaf: pure, no clock is read here.

use chrono_tz::Tz;
use serde_json::Value;

use crate::catalog::{AuditAction, AuditEntry};
use crate::duties::Duty;
use crate::lang::Lang;

/// The row as a sentence: when, who, did what to what, and how it ended.
pub fn sentence(e: &AuditEntry, lang: Lang, tz: Tz) -> String {
    let when = crate::time::shown(&e.at, tz);
    let detail: Value = e
        .detail
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or(Value::Null);
    let action = AuditAction::from_code(&e.action);
    let deed = match action {
        Some(AuditAction::Refused) => refused(e.object.as_deref(), lang),
        Some(AuditAction::Label) => labelled(e.object.as_deref(), &detail, lang),
        // Its object is the medium's code ("cd"): named as people name it.
        Some(a @ AuditAction::PlanBurn) => {
            let medium = e
                .object
                .as_deref()
                .map(|m| crate::burn::MediumName::from_code(m).map_or(m, |m| m.label(lang)));
            with_object(a.label(lang), "", medium)
        }
        // Their object is the account itself, already named as the actor.
        Some(a @ (AuditAction::Login | AuditAction::LoginFailed | AuditAction::Logout)) => {
            a.label(lang).to_string()
        }
        Some(a) => with_object(a.label(lang), object_word(a, lang), e.object.as_deref()),
        // A row written by an older version under a name no longer used: shown as written.
        None => with_object(&e.action, "", e.object.as_deref()),
    };
    // The station acting by itself (a docking, the nightly check) is named as such.
    let actor = if e.actor == crate::STATION_ACTOR {
        lang.pick("本站（自动）", "the station")
    } else {
        e.actor.as_str()
    };
    format!("{when} {actor} {deed}{}", outcome(&e.outcome, lang))
}

fn with_object(action: &str, word: &str, object: Option<&str>) -> String {
    match object {
        Some(o) if word.is_empty() => format!("{action} {o}"),
        Some(o) => format!("{action} {word} {o}"),
        None => action.to_string(),
    }
}

/// What kind of thing an action's object names, so "调阅 17" reads "调阅 记录 17".
fn object_word(a: AuditAction, lang: Lang) -> &'static str {
    use AuditAction::*;
    let (zh, en) = match a {
        View | Copy | District | Store | Classify | OfficerSeen | Dispose | DisposeSkipped => {
            ("记录", "clip")
        }
        Hold | ReleaseHold => ("长期保存", "hold"),
        PlanBurn | WriteDisc | VerifyDisc | LocateDisc => ("光盘", "disc"),
        Dock | DockInterrupted | Ingest | FreeRecorder | AddDevice | AssignDevice => {
            ("记录仪", "recorder")
        }
        AccessRequest | AccessApprove | AccessReject => ("申请", "request"),
        ProposeDisposal | ApproveDisposal | RejectDisposal | RestoreDisposal
        | ConfirmMassDisposal | DisposalDone => ("批次", "batch"),
        CaseAdd | CaseDocument | CaseStage => ("案件", "case"),
        ActivityAdd | ActivityLink | GapExplain | GapAcknowledge | ContentTick => {
            ("执法活动", "activity")
        }
        AccountCreate | AccountChange | PasswordChange => ("账户", "account"),
        Setting => ("设置", "setting"),
        MoveLibrary => ("到", "to"),
        _ => ("", ""),
    };
    lang.pick(zh, en)
}

/// "被拒绝：无权审批销毁" — the duty the role lacked, in words.
fn refused(duty: Option<&str>, lang: Lang) -> String {
    let duty = duty
        .map(|d| Duty::from_code(d).map_or(d, |d| d.label(lang)))
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!("被拒绝：无权{duty}"),
        Lang::En => format!("was refused: may not {duty}"),
    }
}

/// "将 记录 17 标注为 案件 兖综执〔2024〕12号（原：无）".
fn labelled(clip: Option<&str>, detail: &Value, lang: Lang) -> String {
    let clip = clip.unwrap_or("?");
    let case = |side: &str| detail[side]["case_number"].as_str().map(str::to_string);
    let none = lang.pick("无", "none").to_string();
    let (new, old) = (case("new"), case("old"));
    if new == old {
        return match lang {
            Lang::Zh => format!("标注 记录 {clip}"),
            Lang::En => format!("labelled clip {clip}"),
        };
    }
    let (new, old) = (new.unwrap_or(none.clone()), old.unwrap_or(none));
    match lang {
        Lang::Zh => format!("将 记录 {clip} 标注为 案件 {new}（原：{old}）"),
        Lang::En => format!("labelled clip {clip} with case {new} (was: {old})"),
    }
}

fn outcome(code: &str, lang: Lang) -> String {
    // A docking's row ends as the docking did.
    if let Some(state) = crate::catalog::DockState::from_code(code) {
        if state == crate::catalog::DockState::Completed {
            return String::new();
        }
        return match lang {
            Lang::Zh => format!("（{}）", state.label(lang)),
            Lang::En => format!(" ({})", state.label(lang)),
        };
    }
    match (code, lang) {
        ("ok", _) | ("", _) => String::new(),
        ("refused", Lang::Zh) => "（被拒绝）".into(),
        ("refused", Lang::En) => " (refused)".into(),
        ("failed", Lang::Zh) => "（失败）".into(),
        ("failed", Lang::En) => " (failed)".into(),
        ("problems", Lang::Zh) => "（发现问题）".into(),
        ("problems", Lang::En) => " (problems found)".into(),
        (other, Lang::Zh) => format!("（{other}）"),
        (other, Lang::En) => format!(" ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        action: &str,
        object: Option<&str>,
        outcome: &str,
        detail: Option<&str>,
    ) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2026-12-02T01:14:03+00:00".into(),
            actor: "kgy".into(),
            action: action.into(),
            object: object.map(str::to_string),
            outcome: outcome.into(),
            detail: detail.map(str::to_string),
            text: String::new(),
        }
    }

    #[test]
    fn rows_read_as_sentences_in_the_stations_zone() {
        let tz: Tz = "Asia/Shanghai".parse().expect("zone");
        let view = entry("view", Some("17"), "refused", None);
        assert_eq!(
            sentence(&view, Lang::Zh, tz),
            "2026-12-02 09:14:03 kgy 调阅 记录 17（被拒绝）"
        );
        assert_eq!(
            sentence(&view, Lang::En, tz),
            "2026-12-02 09:14:03 kgy viewed clip 17 (refused)"
        );
        let no_duty = entry("refused", Some("read_audit"), "refused", None);
        let text = sentence(&no_duty, Lang::Zh, tz);
        assert!(
            text.starts_with("2026-12-02 09:14:03 kgy 被拒绝：无权"),
            "{text}"
        );
        assert!(!text.contains("read_audit"), "{text}");
        let label = entry(
            "label",
            Some("3"),
            "ok",
            Some(r#"{"old":{"case_number":null},"new":{"case_number":"兖综执〔2024〕12号"}}"#),
        );
        assert_eq!(
            sentence(&label, Lang::Zh, tz),
            "2026-12-02 09:14:03 kgy 将 记录 3 标注为 案件 兖综执〔2024〕12号（原：无）"
        );
        let docked = entry("ingest", Some("AP1"), "completed", None);
        assert_eq!(
            sentence(&docked, Lang::Zh, tz),
            "2026-12-02 09:14:03 kgy 接入 记录仪 AP1"
        );
        let stopped = entry("ingest", Some("AP1"), "stopped", None);
        assert_eq!(
            sentence(&stopped, Lang::Zh, tz),
            "2026-12-02 09:14:03 kgy 接入 记录仪 AP1（已中止）"
        );
        let login = entry("login", Some("kgy"), "ok", None);
        assert_eq!(
            sentence(&login, Lang::Zh, tz),
            "2026-12-02 09:14:03 kgy 登录"
        );
        let old = entry("some_old_action", None, "ok", None);
        assert_eq!(
            sentence(&old, Lang::Zh, tz),
            "2026-12-02 09:14:03 kgy some_old_action"
        );
    }
}
