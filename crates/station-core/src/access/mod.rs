//! Who may do what (art. 17, 20, 21, 23): local accounts with roles and argon2id passwords,
//! throttled sign-in, access requests the branch head approves with an expiry, and each
//! clip's confidentiality level. There is no open station: a library without accounts (made
//! before accounts existed) refuses everything until its first account, the administrator.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration};
use serde::Serialize;

use crate::audit::AuditAction;

pub use crate::catalog::{AccessRequestRow, AccountRow, RequestState};
pub use crate::duties::{Duty, Level, Purpose, Role};
use crate::error::{Error, Result};
use crate::view::station_view;
use crate::Station;

/// An approval lasts at most a year; a longer one is surely a typing error.
pub const MAXIMUM_APPROVAL_DAYS: u32 = 366;
/// Failed sign-ins allowed before the account waits; each further failure doubles the wait.
const FREE_ATTEMPTS: u32 = 5;
const FIRST_WAIT_S: i64 = 30;
const LONGEST_WAIT_S: i64 = 15 * 60;

/// What a signed-in account is, as shown (never the password hash).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Account {
    pub name: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub officer_number: Option<String>,
    pub active: bool,
}

impl From<&AccountRow> for Account {
    fn from(a: &AccountRow) -> Account {
        Account {
            name: a.name.clone(),
            display_name: a.display_name.clone(),
            role: a.role,
            officer_number: a.officer_number.clone(),
            active: a.active,
        }
    }
}

/// Who signed in to a station, to hand to another connection (see [`Station::adopt`]).
#[derive(Debug, Clone)]
pub struct SignInToken(Option<AccountRow>);

/// A new account.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct NewAccount {
    pub name: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub officer_number: Option<String>,
    pub password: String,
}

impl NewAccount {
    /// An account with only its name, role and password.
    pub fn new(name: &str, role: Role, password: &str) -> NewAccount {
        NewAccount {
            name: name.to_string(),
            display_name: None,
            role,
            officer_number: None,
            password: password.to_string(),
        }
    }
}

/// What an access request covers.
#[derive(Debug, Clone)]
pub enum AccessTarget {
    Clips(Vec<i64>),
    Case(String),
}

fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < 8 {
        return Err(Error::input(
            "密码至少需要 8 个字符",
            "a password needs at least 8 characters",
        ));
    }
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw)
        .map_err(|e| Error::state(format!("无法生成随机盐：{e}"), format!("random salt: {e}")))?;
    let salt = SaltString::encode_b64(&raw)
        .map_err(|e| Error::state(format!("密码盐无效：{e}"), format!("password salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            Error::state(
                format!("密码哈希出错：{e}"),
                format!("password hashing: {e}"),
            )
        })
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

impl Station {
    /// Does this library enforce accounts?
    pub fn has_accounts(&self) -> Result<bool> {
        Ok(self.catalog.account_count()? > 0)
    }

    pub fn signed_in(&self) -> Option<Account> {
        self.user.as_ref().map(Account::from)
    }

    /// Sign in; repeated failures make the account wait, longer each time.
    pub fn sign_in(&mut self, name: &str, password: &str) -> Result<Account> {
        // Nobody can sign in to a library without accounts: say what to do, not "wrong password".
        self.require_administrator()?;
        let now = self.clock.now();
        let Some(a) = self.catalog.account(name.trim())? else {
            // Same answer and the same cost as a wrong password: no probing for names.
            let _ = password_matches(
                password,
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            );
            self.audit_as(name, AuditAction::LoginFailed, None, "refused", None)?;
            return Err(Error::LoginFailed);
        };
        if let Some(until) = a
            .locked_until
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .filter(|t| *t > now)
        {
            self.audit_as(&a.name, AuditAction::LoginFailed, None, "throttled", None)?;
            return Err(Error::LoginThrottled {
                until: until
                    .with_timezone(&self.time_zone())
                    .format("%H:%M:%S")
                    .to_string(),
            });
        }
        if !a.active || !password_matches(password, &a.password_hash) {
            let failed = a.failed_logins + 1;
            let locked = (failed >= FREE_ATTEMPTS).then(|| {
                let wait = (FIRST_WAIT_S << (failed - FREE_ATTEMPTS).min(10)).min(LONGEST_WAIT_S);
                (now + Duration::seconds(wait)).to_rfc3339()
            });
            let detail = serde_json::json!({ "failed_in_a_row": failed, "wait_until": locked });
            self.apply_audited(|| {
                self.catalog
                    .record_login(&a.name, failed, locked.as_deref())?;
                self.audit_as(
                    &a.name,
                    AuditAction::LoginFailed,
                    None,
                    "refused",
                    Some(&detail.to_string()),
                )
            })?;
            return Err(Error::LoginFailed);
        }
        self.user = Some(a.clone());
        let recorded = self.apply_audited(|| {
            self.catalog.record_login(&a.name, 0, None)?;
            self.audit_ok(AuditAction::Login, &a.name, None)
        });
        if let Err(e) = recorded {
            self.user = None;
            return Err(e);
        }
        Ok(Account::from(&a))
    }

    /// Proof of who signed in here, for another connection to the same library (a long job
    /// on its own thread, the media server) to act for them. Only a sign-in makes one.
    pub fn sign_in_token(&self) -> SignInToken {
        SignInToken(self.user.clone())
    }

    /// Act for whoever the token names (nobody: a token from a station nobody signed in to).
    pub fn adopt(&mut self, token: &SignInToken) {
        self.user = token.0.clone();
    }

    pub fn sign_out(&mut self) -> Result<()> {
        if let Some(u) = self.user.take() {
            self.audit_as(&u.name, AuditAction::Logout, Some(&u.name), "ok", None)?;
        }
        Ok(())
    }

    fn audit_as(
        &self,
        actor: &str,
        action: AuditAction,
        object: Option<&str>,
        outcome: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        self.catalog
            .audit(&self.now_text(), actor, action, object, outcome, detail)
    }

    /// The signed-in account as the catalog has it now: a role changed or an account
    /// disabled since the sign-in takes effect at once, in every window and the player.
    pub(crate) fn live_user(&self) -> Result<Option<AccountRow>> {
        let Some(u) = &self.user else {
            return Ok(None);
        };
        Ok(self.catalog.account(&u.name)?.filter(|a| a.active))
    }

    /// What the signed-in account may do now (nothing when nobody is signed in): the window
    /// shows and hides its screens by this, never by role names of its own.
    pub fn duties(&self) -> Result<Vec<Duty>> {
        Ok(match self.live_user()? {
            Some(u) => Duty::ALL
                .iter()
                .copied()
                .filter(|d| d.allowed(u.role))
                .collect(),
            None => Vec::new(),
        })
    }

    /// Refuse work the signed-in role may not do. A library without accounts (made before
    /// accounts existed) refuses everything until its administrator is created.
    pub fn require(&self, duty: Duty) -> Result<()> {
        self.require_administrator()?;
        let Some(u) = &self.live_user()? else {
            return Err(Error::NotSignedIn);
        };
        if duty.allowed(u.role) {
            Ok(())
        } else {
            self.audit_refused(duty, u.role)?;
            Err(Error::Forbidden {
                role: Some(u.role),
                what: duty,
            })
        }
    }

    /// There is no open station: until the first administrator exists, nothing is done.
    pub(crate) fn require_administrator(&self) -> Result<()> {
        if self.has_accounts()? {
            Ok(())
        } else {
            Err(Error::NoAdministrator)
        }
    }

    /// Refuse unless the signed-in role may do one of `duties`.
    pub fn require_one_of(&self, duties: &[Duty]) -> Result<()> {
        let user = self.live_user()?;
        let allowed = |d: &&Duty| user.as_ref().is_some_and(|u| d.allowed(u.role));
        match (duties.iter().find(allowed), duties.first()) {
            (Some(_), _) | (None, None) => Ok(()),
            (None, Some(first)) => self.require(*first),
        }
    }

    fn audit_refused(&self, duty: Duty, role: Role) -> Result<()> {
        let detail = serde_json::json!({ "duty": duty, "role": role }).to_string();
        self.catalog.audit(
            &self.now_text(),
            &self.actor(),
            AuditAction::Refused,
            Some(duty.code()),
            "refused",
            Some(&detail),
        )
    }

    /// Refuse work the signed-in role may not do for this one object, though the role may do
    /// it elsewhere (approving one's own request).
    pub(crate) fn forbidden(&self, duty: Duty) -> Error {
        Error::Forbidden {
            role: self.user.as_ref().map(|u| u.role),
            what: duty,
        }
    }

    fn account_or_not_found(&self, name: &str) -> Result<AccountRow> {
        self.catalog.account(name)?.ok_or_else(|| Error::NotFound {
            what: crate::error::Object::Account,
            name: name.to_string(),
        })
    }

    fn record_access_request(
        &self,
        purpose: Purpose,
        level: Level,
        case: Option<&str>,
        clips: &[i64],
        reason: &str,
    ) -> Result<i64> {
        let id = self.catalog.create_access_request(
            &self.actor(),
            purpose,
            case,
            clips,
            level,
            reason.trim(),
            &self.now_text(),
        )?;
        let detail = serde_json::json!({
            "purpose": purpose, "level": level, "case": case, "clips": clips, "reason": reason.trim(),
        });
        self.audit_ok(
            AuditAction::AccessRequest,
            &id.to_string(),
            Some(&detail.to_string()),
        )?;
        Ok(id)
    }

    fn decide_access(
        &self,
        id: i64,
        approve: bool,
        days: Option<u32>,
        note: Option<&str>,
    ) -> Result<()> {
        self.require(Duty::DecideAccess)?;
        let r = self
            .catalog
            .access_request(id)?
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::AccessRequest,
                name: id.to_string(),
            })?;
        if r.state != RequestState::Pending {
            return Err(Error::state(
                format!("申请 {id} 已经是 {} 状态", r.state),
                format!("request {id} is already {}", r.state),
            ));
        }
        if r.requester == self.actor() {
            return Err(self.forbidden(Duty::ApproveOwn));
        }
        let days = days.unwrap_or(7);
        if !(1..=MAXIMUM_APPROVAL_DAYS).contains(&days) {
            return Err(Error::ApprovalTooLong {
                days,
                max: MAXIMUM_APPROVAL_DAYS,
            });
        }
        let expires =
            approve.then(|| (self.clock.now() + Duration::days(i64::from(days))).to_rfc3339());
        let state = if approve {
            RequestState::Approved
        } else {
            RequestState::Rejected
        };
        self.apply_audited(|| {
            // An approval covers the clips the case holds now: relabelling later neither
            // widens nor narrows what the branch head saw and approved.
            let covered = match (&r.case_number, approve) {
                (Some(case), true) => self.catalog.fix_request_to_case_clips(id, case)?,
                _ => r.clips.len(),
            };
            self.catalog.decide_access_request(
                id,
                state,
                &self.actor(),
                &self.now_text(),
                note,
                expires.as_deref(),
            )?;
            let detail = serde_json::json!({
                "expires_at": expires, "note": note, "requester": r.requester, "clips": covered,
            });
            self.audit_ok(
                if approve {
                    AuditAction::AccessApprove
                } else {
                    AuditAction::AccessReject
                },
                &id.to_string(),
                Some(&detail.to_string()),
            )
        })
    }

    /// The highest confidentiality level the signed-in user sees in lists.
    pub(crate) fn visible_level(&self) -> Result<Level> {
        Ok(match self.live_user()?.map(|u| u.role) {
            Some(Role::Custodian | Role::BranchHead) => Level::State,
            Some(Role::LegalInspector) => Level::Business,
            Some(Role::Officer) => Level::Privacy,
            Some(Role::Admin) | None => Level::Normal,
        })
    }
}

station_view! {
    /// Accounts and access to evidence (art. 17, 20, 21): accounts, requests and their decisions, the check before a view or copy, confidentiality.
    Access,
    access
}

impl Access<'_> {
    /// Create an account. The first one must be the administrator (first-run setup); after
    /// that only an administrator creates accounts.
    pub fn create_account(&self, new: &NewAccount) -> Result<Account> {
        let first = !self.has_accounts()?;
        if first && new.role != Role::Admin {
            return Err(Error::input(
                "第一个账户必须是系统管理员（角色 admin）",
                "the first account is the administrator (role admin)",
            ));
        }
        if !first {
            self.require(Duty::Accounts)?;
        }
        let name = new.name.trim();
        if name.is_empty() || self.catalog.account(name)?.is_some() {
            return Err(Error::input(
                format!("账户名 {name:?} 为空或已被使用"),
                format!("account name {name:?} is empty or taken"),
            ));
        }
        if new.role == Role::Officer && new.officer_number.as_deref().unwrap_or("").is_empty() {
            return Err(Error::input(
                "执法人员账户须填写其警号",
                "an officer's account names their officer number (警号)",
            ));
        }
        let hash = hash_password(&new.password)?;
        self.apply_audited(|| {
            self.catalog.create_account(
                name,
                new.display_name.as_deref(),
                new.role,
                new.officer_number.as_deref(),
                &hash,
                &self.now_text(),
            )?;
            let detail = serde_json::json!({ "role": new.role, "officer": new.officer_number });
            self.audit_ok(AuditAction::AccountCreate, name, Some(&detail.to_string()))
        })?;
        Ok(Account {
            name: name.to_string(),
            display_name: new.display_name.clone(),
            role: new.role,
            officer_number: new.officer_number.clone(),
            active: true,
        })
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        self.require(Duty::Accounts)?;
        Ok(self.catalog.accounts()?.iter().map(Account::from).collect())
    }

    /// Change a role or disable an account (administrators only; never one's own).
    pub fn set_account(&self, name: &str, role: Role, active: bool) -> Result<()> {
        self.require(Duty::Accounts)?;
        let old = self.account_or_not_found(name)?;
        if self.user.as_ref().is_some_and(|u| u.name == old.name) {
            return Err(Error::input(
                "管理员不能修改自己的账户",
                "administrators do not change their own account",
            ));
        }
        let detail = serde_json::json!({
            "old": { "role": old.role, "active": old.active },
            "new": { "role": role, "active": active },
        });
        self.apply_audited(|| {
            self.catalog.set_account(name, role, active)?;
            self.audit_ok(AuditAction::AccountChange, name, Some(&detail.to_string()))
        })
    }

    /// A new password: one's own, or any account's by an administrator.
    pub fn set_password(&self, name: &str, password: &str) -> Result<()> {
        let own = self.user.as_ref().is_some_and(|u| u.name == name);
        if !own {
            self.require(Duty::Accounts)?;
        }
        self.account_or_not_found(name)?;
        let hash = hash_password(password)?;
        self.apply_audited(|| {
            self.catalog.set_password_hash(name, &hash)?;
            self.audit_ok(AuditAction::PasswordChange, name, None)
        })
    }

    /// Ask to view or copy clips, or to send them to the district (art. 20).
    pub fn request(
        &self,
        target: &AccessTarget,
        purpose: Purpose,
        level: Level,
        reason: &str,
    ) -> Result<i64> {
        self.require_administrator()?;
        if self.user.is_none() {
            return Err(Error::NotSignedIn);
        }
        if reason.trim().is_empty() {
            return Err(Error::input(
                "调阅申请须写明理由",
                "an access request needs its reason",
            ));
        }
        let (case, clips) = match target {
            AccessTarget::Case(c) if c.trim().is_empty() => {
                return Err(Error::input("案件编号为空", "empty case number"))
            }
            AccessTarget::Case(c) => (Some(c.trim()), &[][..]),
            AccessTarget::Clips(ids) if ids.is_empty() => {
                return Err(Error::input("没有指定记录", "no clips named"))
            }
            AccessTarget::Clips(ids) => (None, ids.as_slice()),
        };
        if let Some(missing) = self.catalog.first_missing_clip(clips)? {
            return Err(Error::NotFound {
                what: crate::error::Object::Clip,
                name: missing.to_string(),
            });
        }
        self.apply_audited(|| self.record_access_request(purpose, level, case, clips, reason))
    }

    /// The branch head approves a request for `days` (default 7); never their own.
    pub fn approve(&self, id: i64, days: Option<u32>, note: Option<&str>) -> Result<()> {
        self.decide_access(id, true, days, note)
    }

    pub fn reject(&self, id: i64, note: Option<&str>) -> Result<()> {
        self.decide_access(id, false, None, note)
    }

    pub fn requests(&self) -> Result<Vec<AccessRequestRow>> {
        self.require_administrator()?;
        if self.user.is_none() {
            return Err(Error::NotSignedIn);
        }
        self.catalog.access_requests()
    }

    /// May the signed-in user view (`view`) or copy (`copy`, `district`) this clip now? The
    /// custodian's routine copies (burning, the weekly export) are duties, not this check. A
    /// refusal is an audit row (art. 23's report of refused access reads them).
    pub fn check(&self, clip: i64, purpose: Purpose) -> Result<()> {
        let Some(level) = self.missing_approval(clip, purpose)? else {
            return Ok(());
        };
        let detail = serde_json::json!({ "purpose": purpose, "level": level }).to_string();
        self.catalog.audit(
            &self.now_text(),
            &self.actor(),
            AuditAction::for_purpose(purpose),
            Some(&clip.to_string()),
            "refused",
            Some(&detail),
        )?;
        Err(Error::NeedsApproval { purpose, clip })
    }

    /// May the signed-in user see this clip's thumbnail? Asked without recording a refusal: a
    /// list that shows thumbnails is not an attempt to view (opening the player is), and one
    /// refused row per thumbnail would fill the report of refused access with browsing.
    pub fn may_view(&self, clip: i64) -> Result<bool> {
        Ok(self.missing_approval(clip, Purpose::View)?.is_none())
    }

    /// None when the signed-in user holds what `purpose` needs on `clip`; else the clip's
    /// confidentiality level, which a refusal records.
    fn missing_approval(&self, clip: i64, purpose: Purpose) -> Result<Option<Level>> {
        self.require_administrator()?;
        let Some(u) = &self.live_user()? else {
            return Err(Error::NotSignedIn);
        };
        let facts = self
            .catalog
            .clip_access_facts(clip)?
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::Clip,
                name: clip.to_string(),
            })?;
        let (level, officer) = (facts.level, facts.officer);
        // An officer may see their own recordings where the branch allows it.
        if purpose == Purpose::View
            && u.role == Role::Officer
            && officer.is_some()
            && officer == u.officer_number
            && level <= Level::Privacy
            && self.settings().officer_view_own
        {
            return Ok(None);
        }
        // A view is also covered by an approval to copy.
        let purposes: &[Purpose] = if purpose == Purpose::View {
            &[Purpose::View, Purpose::Copy]
        } else {
            &[purpose]
        };
        let live = self
            .catalog
            .live_approval_levels(&u.name, purposes, clip, self.clock.now().timestamp())?
            .iter()
            // Copies of a confidential clip need an approval that names its level.
            .any(|l| purpose == Purpose::View || *l >= level);
        Ok((!live).then_some(level))
    }

    /// Set the confidentiality level of clips (normal, privacy 个人隐私, business 商业秘密,
    /// state 国家秘密).
    pub fn classify(&self, ids: &[i64], level: Level) -> Result<usize> {
        self.require(Duty::Classify)?;
        if let Some(missing) = self.catalog.first_missing_clip(ids)? {
            return Err(Error::NotFound {
                what: crate::error::Object::Clip,
                name: missing.to_string(),
            });
        }
        self.apply_audited(|| {
            let changed = self.catalog.set_confidentiality(ids, level)?;
            for (id, old) in &changed {
                let detail = serde_json::json!({ "old": old, "new": level }).to_string();
                self.audit_ok(AuditAction::Classify, &id.to_string(), Some(&detail))?;
            }
            Ok(changed.len())
        })
    }
}
