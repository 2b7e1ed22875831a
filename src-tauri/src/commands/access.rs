//! Sign-in, accounts and access requests.

use serde::Serialize;
use station_core::access::AccessRequestRow;
use station_core::access::{AccessTarget, Account, Duty, Level, NewAccount, Purpose, Role};
use tauri::State;

use super::{with, with_mut, Answer};
use crate::Services;

/// Who is signed in, and whether this station has accounts at all.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Session {
    accounts: bool,
    user: Option<Account>,
    /// What the signed-in account may do: the window follows this, not role names.
    duties: Vec<Duty>,
}

#[tauri::command(async)]
pub fn session(services: State<'_, Services>) -> Answer<Session> {
    with(&services, |st| {
        Ok(Session {
            accounts: st.has_accounts()?,
            user: st.signed_in(),
            duties: st.duties()?,
        })
    })
}

#[tauri::command(async)]
pub fn sign_in(services: State<'_, Services>, name: String, password: String) -> Answer<Account> {
    let account = with_mut(&services, |st| st.sign_in(&name, &password))?;
    services.act_for_window();
    Ok(account)
}

#[tauri::command(async)]
pub fn sign_out(services: State<'_, Services>) -> Answer<()> {
    with_mut(&services, |st| st.sign_out())?;
    services.act_for_window();
    Ok(())
}

#[tauri::command(async)]
pub fn list_accounts(services: State<'_, Services>) -> Answer<Vec<Account>> {
    with(&services, |st| st.access().accounts())
}

#[tauri::command(async)]
pub fn create_account(services: State<'_, Services>, account: NewAccount) -> Answer<Account> {
    with(&services, |st| st.access().create_account(&account))
}

#[tauri::command(async)]
pub fn set_account(
    services: State<'_, Services>,
    name: String,
    role: Role,
    active: bool,
) -> Answer<()> {
    with(&services, |st| st.access().set_account(&name, role, active))
}

#[tauri::command(async)]
pub fn set_password(services: State<'_, Services>, name: String, password: String) -> Answer<()> {
    with(&services, |st| st.access().set_password(&name, &password))
}

/// A request for clips, or for a case (then `clips` is empty).
#[tauri::command(async)]
pub fn request_access(
    services: State<'_, Services>,
    clips: Vec<i64>,
    case: String,
    purpose: Purpose,
    level: Level,
    reason: String,
) -> Answer<i64> {
    with(&services, |st| {
        let target = if case.trim().is_empty() {
            AccessTarget::Clips(clips)
        } else {
            AccessTarget::Case(case)
        };
        st.access().request(&target, purpose, level, &reason)
    })
}

#[tauri::command(async)]
pub fn approve_access(
    services: State<'_, Services>,
    id: i64,
    days: Option<u32>,
    note: String,
) -> Answer<()> {
    with(&services, |st| {
        st.access().approve(
            id,
            days,
            Some(note.as_str()).filter(|n| !n.trim().is_empty()),
        )
    })
}

#[tauri::command(async)]
pub fn reject_access(services: State<'_, Services>, id: i64, note: String) -> Answer<()> {
    with(&services, |st| {
        st.access()
            .reject(id, Some(note.as_str()).filter(|n| !n.trim().is_empty()))
    })
}

#[tauri::command(async)]
pub fn list_access_requests(services: State<'_, Services>) -> Answer<Vec<AccessRequestRow>> {
    with(&services, |st| st.access().requests())
}
