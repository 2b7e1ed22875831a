//! The audit log as the station shows and proves it: listing, and walking the hash chain —
//! alone, or against a head hash that left the station in an export or on a disc, so a chain
//! rewritten from scratch inside the database still contradicts the copies outside it.

pub mod words;

use std::path::Path;

use serde::Serialize;

use crate::access::Duty;
pub use crate::catalog::{
    audit_row_hash, AuditAction, AuditEntry, AuditFilter, ChainCheck, JournalCheck,
};
use crate::view::station_view;

use crate::error::{Error, Result};
use crate::Station;

/// `audit verify`'s answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditVerification {
    pub ok: bool,
    pub chain: ChainCheck,
    /// The journal on disk followed, and its audit rows compared with the catalog's.
    pub journal: Option<JournalCheck>,
    /// Checked against a head hash taken from outside the station.
    pub against: Option<HeadCheck>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeadCheck {
    /// Where the head hash was read.
    pub source: String,
    pub head: String,
    /// The chain still holds that row, unchanged.
    pub found: bool,
}

impl Station {
    /// Rows as sentences in the station's language and zone, for the log and a clip's history.
    pub(crate) fn in_words(&self, mut rows: Vec<AuditEntry>) -> Vec<AuditEntry> {
        let (lang, tz) = (self.lang(), self.time_zone());
        for row in &mut rows {
            row.text = words::sentence(row, lang, tz);
        }
        rows
    }
}

/// The head hash in an export package (audit-head.txt), a disc or drive volume (README.txt),
/// any text file, or the text itself: `id:hash`, or a bare 64-hex-digit hash.
fn recorded_head(source: &str) -> Result<String> {
    let path = Path::new(source);
    let text = if path.is_dir() {
        ["audit-head.txt", "README.txt"]
            .iter()
            .find_map(|f| std::fs::read_to_string(path.join(f)).ok())
            .unwrap_or_default()
    } else if path.is_file() {
        std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?
    } else {
        source.to_string()
    };
    let head = regex::Regex::new(r"(\d+:)?[0-9a-f]{64}")
        .ok()
        .and_then(|re| re.find(&text).map(|m| m.as_str().to_string()));
    head.ok_or_else(|| {
        Error::input(format!("{source} 中没有审计链头哈希（应为导出包的 audit-head.txt、光盘的 README.txt，或 编号:哈希）"), format!(
            "no audit head hash in {source} (an export's audit-head.txt, a disc's README.txt, or id:hash)"
        ))
    })
}

station_view! {
    /// The audit log: listed, and its hash chain verified.
    Audit,
    audit
}

impl Audit<'_> {
    /// Walk the whole chain; with `against`, also check that the head hash recorded in an
    /// export package, a disc's README.txt, a file or given as text is still in the chain.
    pub fn verify(&self, against: Option<&str>) -> Result<AuditVerification> {
        self.require(Duty::ReadAudit)?;
        let chain = self.catalog.verify_audit_chain()?;
        let against = match against {
            None => None,
            Some(a) => {
                let head = recorded_head(a)?;
                Some(HeadCheck {
                    found: self.catalog.audit_chain_holds(&head)?,
                    source: a.to_string(),
                    head,
                })
            }
        };
        let journal = self.catalog.check_journal()?;
        let ok = chain.ok
            && chain.triggers_present
            && journal.as_ref().is_none_or(|j| j.ok())
            && against.as_ref().is_none_or(|h| h.found);
        let v = AuditVerification {
            ok,
            chain,
            journal,
            against,
        };
        let detail = serde_json::to_string(&v).unwrap_or_default();
        // The verification itself is on record (after the walk, so it does not change it).
        self.catalog.audit(
            &self.now_text(),
            &self.actor(),
            AuditAction::AuditVerify,
            None,
            if ok { "ok" } else { "problems" },
            Some(&detail),
        )?;
        Ok(v)
    }

    /// Audit rows matching `filter`, newest first. Looking at the log is itself logged.
    pub fn list(&self, filter: &AuditFilter, limit: i64) -> Result<Vec<AuditEntry>> {
        self.require(Duty::ReadAudit)?;
        let rows = self.in_words(self.catalog.audit_list(filter, limit)?);
        self.catalog.audit(
            &self.now_text(),
            &self.actor(),
            AuditAction::AuditView,
            None,
            "ok",
            Some(&serde_json::json!({ "rows": rows.len() }).to_string()),
        )?;
        Ok(rows)
    }
}
