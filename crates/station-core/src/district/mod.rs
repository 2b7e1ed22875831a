//! The district's object store (art. 18: the branch's records reach the district; and a
//! second copy of every clip off the station): connecting a station to it. The address,
//! bucket, branch code and access key are settings; the secret key is a file only the station
//! reads, never printed, logged or audited. `test_district` says in plain words whether the
//! bucket can keep evidence (versioning, Object Lock) and, if not, what to ask the district.
//! The S3 side is `station-district`; this module decides what the station asks of it.

mod console;
mod push;
mod week;

pub use crate::catalog::DistrictCopy;
pub use console::{BranchInventory, DistrictFinding, DistrictVerifyReport, FindingKind};
pub use push::{object_key, DistrictStatus, PushFailure, PushReport, Round};
pub use week::{BranchWeek, BranchWeekState, DistrictWeek, OfficerWeek};

use serde::{Deserialize, Serialize};
use station_district::{Endpoint, Store, StoreError};

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::settings;
use crate::Station;

/// How a branch is connected, as `district set` and the window give it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictConnection {
    pub url: String,
    pub bucket: String,
    pub branch: String,
    pub access_key: String,
}

/// The connection as shown: everything but the secret, of which only whether it is set.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictShown {
    pub url: Option<String>,
    pub bucket: Option<String>,
    pub branch: Option<String>,
    pub access_key: Option<String>,
    pub secret_set: bool,
}

/// One thing `district test` found wrong: a stable code and what to do, in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictProblem {
    pub code: String,
    pub message: String,
}

/// What `district test` found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistrictCheck {
    /// The store answered, took the key pair and has the bucket.
    pub reachable: bool,
    pub versioning: bool,
    pub object_lock: bool,
    /// Ready to keep evidence: reachable, versioning and Object Lock.
    pub ok: bool,
    pub problems: Vec<DistrictProblem>,
}

const KEYS: [&str; 4] = [
    "district_url",
    "district_bucket",
    "district_branch",
    "district_access_key",
];

impl Station {
    /// Connect the station to the district's store (the settings duty): the four settings and
    /// one audit row in one transaction, the secret (if given) into its private file first.
    pub fn set_district(&self, c: &DistrictConnection, secret: Option<&str>) -> Result<()> {
        self.require(Duty::Settings)?;
        let values = [&c.url, &c.bucket, &c.branch, &c.access_key].map(|v| v.trim());
        for (key, value) in KEYS.iter().zip(values) {
            if value.is_empty() {
                return Err(Error::setting(key, "不能为空", "empty"));
            }
            settings::check(key, value)?;
        }
        if let Some(secret) = secret {
            self.keep_district_secret(secret)?;
        }
        self.apply_audited(|| {
            for (key, value) in KEYS.iter().zip(values) {
                self.catalog.set_setting(key, value)?;
            }
            // The secret itself is never in the catalog, the journal or the audit log.
            let detail = serde_json::json!({
                "url": values[0], "bucket": values[1], "branch": values[2],
                "access_key": values[3], "secret": if secret.is_some() { "changed" } else { "kept" },
            });
            self.catalog.audit(
                &self.now_text(),
                &self.actor(),
                AuditAction::DistrictSet,
                Some(values[0]),
                "ok",
                Some(&detail.to_string()),
            )
        })?;
        self.reread_settings(self.catalog.data_version()?);
        Ok(())
    }

    /// Replace the secret key alone (the window's field): its file, and an audit row that says
    /// it changed and nothing of it.
    pub fn set_district_secret(&self, secret: &str) -> Result<()> {
        self.require(Duty::Settings)?;
        self.keep_district_secret(secret)?;
        self.apply_audited(|| {
            let detail = serde_json::json!({ "secret": "changed" }).to_string();
            self.catalog.audit(
                &self.now_text(),
                &self.actor(),
                AuditAction::DistrictSet,
                None,
                "ok",
                Some(&detail),
            )
        })
    }

    fn keep_district_secret(&self, secret: &str) -> Result<()> {
        if secret.trim().is_empty() {
            return Err(Error::setting("district_secret", "密钥不能为空", "empty"));
        }
        let path = self.library.district_secret();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        crate::platform::write_private(&path, secret.trim().as_bytes())
            .map_err(|e| Error::io("write", &path, e))
    }

    pub fn district(&self) -> Result<DistrictShown> {
        self.require(Duty::ReadRecords)?;
        let d = self.settings().district.clone();
        Ok(DistrictShown {
            url: d.url,
            bucket: d.bucket,
            branch: d.branch,
            access_key: d.access_key,
            secret_set: self.library.district_secret().is_file(),
        })
    }

    /// Whether a store is set, secret and all (the background queue runs only then).
    pub fn district_configured(&self) -> bool {
        let d = &self.settings().district;
        d.url.is_some()
            && d.bucket.is_some()
            && d.branch.is_some()
            && d.access_key.is_some()
            && self.library.district_secret().is_file()
    }

    /// Reach the store and say whether its bucket can keep evidence.
    pub fn test_district(&self) -> Result<DistrictCheck> {
        self.require(Duty::Settings)?;
        let endpoint = self.district_endpoint()?;
        let lang = self.lang();
        let mut check = DistrictCheck {
            reachable: false,
            versioning: false,
            object_lock: false,
            ok: false,
            problems: Vec::new(),
        };
        let found = Store::connect(&endpoint).and_then(|s| s.check_bucket());
        match found {
            Ok(b) => {
                check.reachable = true;
                check.versioning = b.versioning;
                check.object_lock = b.object_lock;
            }
            Err(e) => check.problems.push(store_problem(&e, &endpoint, lang)),
        }
        if check.reachable && !check.versioning {
            check.problems.push(problem("no_versioning", lang.pick(
                &format!("存储桶 {} 未启用版本控制：新内容会覆盖旧内容。请区局为它启用版本控制。", endpoint.bucket),
                &format!("bucket {} keeps no versions: a write replaces what was there. Ask the district to enable versioning.", endpoint.bucket),
            ).to_string()));
        }
        if check.reachable && !check.object_lock {
            check.problems.push(problem("no_object_lock", lang.pick(
                &format!("存储桶 {} 未启用对象锁定：报送的证据可以被删除。对象锁定只能在建桶时开启，请区局新建一个启用对象锁定的存储桶。", endpoint.bucket),
                &format!("bucket {} has no Object Lock: evidence sent there could be deleted. Object Lock is set when a bucket is made: ask the district for a new bucket with it.", endpoint.bucket),
            ).to_string()));
        }
        check.ok = check.reachable && check.versioning && check.object_lock;
        Ok(check)
    }

    /// The store's address and key pair, or what is missing.
    pub(crate) fn district_endpoint(&self) -> Result<Endpoint> {
        let d = self.settings().district.clone();
        let (Some(url), Some(bucket), Some(access_key), Some(_)) =
            (d.url, d.bucket, d.access_key, d.branch)
        else {
            return Err(Error::state(
                "尚未设置区局存储：请先设置地址、存储桶、分局代码和访问账号（district set）",
                "no district store is set: set its address, bucket, branch code and access key first (district set)",
            ));
        };
        let path = self.library.district_secret();
        let secret_key = std::fs::read_to_string(&path).map_err(|_| {
            Error::state(
                "尚未设置区局存储的密钥：请用 district set --secret-stdin 设置",
                "the district store's secret key is not set: set it with district set --secret-stdin",
            )
        })?;
        Ok(Endpoint {
            url,
            bucket,
            access_key,
            secret_key: secret_key.trim().to_string(),
        })
    }
}

fn problem(code: &str, message: String) -> DistrictProblem {
    DistrictProblem {
        code: code.to_string(),
        message,
    }
}

/// What a failure to reach the bucket means for the person at the station.
pub(crate) fn store_problem(e: &StoreError, endpoint: &Endpoint, lang: Lang) -> DistrictProblem {
    let (code, zh, en) = store_words(e, endpoint);
    problem(code, lang.pick(&zh, &en).to_string())
}

/// The same as an error, in both languages.
pub(crate) fn store_error(e: &StoreError, endpoint: &Endpoint) -> Error {
    let (_, zh, en) = store_words(e, endpoint);
    Error::state(zh, en)
}

fn store_words(e: &StoreError, endpoint: &Endpoint) -> (&'static str, String, String) {
    let (url, bucket) = (&endpoint.url, &endpoint.bucket);
    match e {
        StoreError::BadAddress(a) => (
            "bad_address",
            format!("{a} 不是 http:// 或 https:// 开头的网址"),
            format!("{a} is not an http:// or https:// address"),
        ),
        StoreError::Unreachable(why) => (
            "unreachable",
            format!("无法连接区局存储 {url}（{why}）。请检查网络、地址和端口，或询问区局存储是否在运行。"),
            format!("the district store at {url} does not answer ({why}). Check the network, the address and the port, or ask whether the store is running."),
        ),
        StoreError::Denied(code) => (
            "denied",
            format!("区局存储拒绝了访问账号或密钥（{code}）。请核对区局发给本分局的账号和密钥。"),
            format!("the district store refused the access key or secret ({code}). Check the pair the district issued to this branch."),
        ),
        StoreError::NoSuchBucket => (
            "no_bucket",
            format!("区局存储上没有名为 {bucket} 的存储桶。请核对名称，或请区局开设。"),
            format!("the district store has no bucket named {bucket}. Check the name, or ask the district to open it."),
        ),
        StoreError::Unreadable(why) => (
            "unreadable",
            format!("无法读取本站的文件：{why}"),
            format!("cannot read the station's file: {why}"),
        ),
        StoreError::NotAsRecorded { path, expected, found } => (
            "not_as_recorded",
            format!("{path} 的 SHA-256 为 {found}，与入库记录 {expected} 不符，未报送。请运行 verify 检查证据库。"),
            format!("{path} hashes to {found}, not {expected} as stored; it is not sent. Run verify to check the library."),
        ),
        StoreError::Unconfirmed { key, why } => (
            "unconfirmed",
            format!("区局存储未确认 {key} 的校验值（{why}），将重新报送。"),
            format!("the district store did not confirm {key} ({why}); it will be sent again."),
        ),
        StoreError::Stopped => (
            "stopped",
            "报送在上传中途停止（工作站正在关闭），下次将重新上传。".to_string(),
            "the push stopped mid-upload (the station is closing); it is sent again next time.".to_string(),
        ),
        StoreError::Refused { code, message } => (
            "refused",
            format!("区局存储答复：{code} {message}"),
            format!("the district store answered: {code} {message}"),
        ),
    }
}
