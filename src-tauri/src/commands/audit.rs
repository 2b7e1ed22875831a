//! The audit log: listed and verified.

use station_core::audit::AuditVerification;
use station_core::audit::{AuditEntry, AuditFilter};
use tauri::State;

use super::{with, Answer};
use crate::Services;

/// Audit rows, newest first; `from`/`to` as YYYY-MM-DD (the `to` day included) or RFC 3339.
#[tauri::command(async)]
pub fn audit_list(
    services: State<'_, Services>,
    from: String,
    to: String,
    user: String,
    action: String,
    limit: i64,
) -> Answer<Vec<AuditEntry>> {
    with(&services, |st| {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let from = some(&from).map(|f| st.parse_time(&f)).transpose()?;
        let to = some(&to).map(|t| st.parse_until(&t)).transpose()?;
        st.audit().list(
            &AuditFilter {
                from: from.map(|t| t.timestamp()),
                to: to.map(|t| t.timestamp()),
                actor: some(&user),
                action: some(&action),
                object: None,
            },
            limit,
        )
    })
}

#[tauri::command(async)]
pub fn verify_audit(services: State<'_, Services>, against: String) -> Answer<AuditVerification> {
    with(&services, |st| {
        st.audit()
            .verify(Some(against.as_str()).filter(|a| !a.trim().is_empty()))
    })
}
