//! Typed errors with a stable code the UI and scripts branch on, and a message in Chinese and
//! English that says what happened and what to do.

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::closed_set::closed_set;
use crate::duties::{Duty, Purpose, Role};
use crate::lang::Lang;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable, machine-readable error codes. Never rename one: scripts and the UI match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    LibraryMissing,
    NotALibrary,
    LibraryMoved,
    LibraryBusy,
    CatalogTooNew,
    Catalog,
    Io,
    DiskFull,
    SourceMissing,
    SourceBusy,
    RecorderGone,
    SourceUnreadable,
    SourceVanished,
    SourceChanged,
    VerifyMismatch,
    InvalidSetting,
    InvalidInput,
    Cancelled,
    NotFound,
    NeedsConfirmation,
    InvalidState,
    ToolMissing,
    WillNotFit,
    NotSignedIn,
    Forbidden,
    LoginFailed,
    LoginThrottled,
    NeedsApproval,
    NoAdministrator,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::LibraryMissing => "library_missing",
            ErrorCode::NotALibrary => "not_a_library",
            ErrorCode::LibraryMoved => "library_moved",
            ErrorCode::LibraryBusy => "library_busy",
            ErrorCode::CatalogTooNew => "catalog_too_new",
            ErrorCode::Catalog => "catalog",
            ErrorCode::Io => "io",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::SourceMissing => "source_missing",
            ErrorCode::SourceBusy => "source_busy",
            ErrorCode::RecorderGone => "recorder_gone",
            ErrorCode::SourceUnreadable => "source_unreadable",
            ErrorCode::SourceVanished => "source_vanished",
            ErrorCode::SourceChanged => "source_changed",
            ErrorCode::VerifyMismatch => "verify_mismatch",
            ErrorCode::InvalidSetting => "invalid_setting",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NeedsConfirmation => "needs_confirmation",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::ToolMissing => "tool_missing",
            ErrorCode::WillNotFit => "will_not_fit",
            ErrorCode::NotSignedIn => "not_signed_in",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::LoginFailed => "login_failed",
            ErrorCode::LoginThrottled => "login_throttled",
            ErrorCode::NeedsApproval => "needs_approval",
            ErrorCode::NoAdministrator => "no_administrator",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no evidence library at {path}; run `evidence-station init` first")]
    LibraryMissing { path: PathBuf },
    #[error("{path} is not an evidence library (no catalog.sqlite)")]
    NotALibrary { path: PathBuf },
    #[error("the library at {path} was moved to {to}; use that folder (--library)")]
    LibraryMoved { path: PathBuf, to: PathBuf },
    #[error("the library at {path} is open in another program (a window, `evidence-station watch`); close it before moving the library")]
    LibraryInUse { path: PathBuf },
    #[error("the library at {path} is being moved; wait until the move has finished")]
    LibraryMoving { path: PathBuf },
    #[error("the catalog is from a newer version (schema {found}, this program knows {known})")]
    CatalogTooNew { found: i64, known: i64 },
    #[error("catalog error: {0}")]
    Catalog(#[from] rusqlite::Error),
    #[error("{op} {path}: {source}")]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the library disk is full at {path}")]
    DiskFull { path: PathBuf },
    #[error("recorder folder {path} does not exist or is not a folder")]
    SourceMissing { path: PathBuf },
    #[error("another ingest of {path} is running")]
    SourceBusy { path: PathBuf },
    #[error("the recorder at {path} went away during the ingest")]
    RecorderGone { path: PathBuf },
    #[error("invalid setting {key}: {reason}")]
    InvalidSetting { key: String, reason: Said },
    #[error("invalid input: {0}")]
    InvalidInput(Said),
    /// A value outside a closed set (a role, a level, a stage …) (code `invalid_input`).
    #[error("{} {value:?} is not known here; use one of: {}", what.1, allowed.iter().map(|a| a.0).collect::<Vec<_>>().join(", "))]
    NotOneOf {
        what: (&'static str, &'static str),
        value: String,
        /// Each allowed code with its Chinese name.
        allowed: Vec<(&'static str, &'static str)>,
    },
    /// A setting that protects evidence, asked to go beyond its floor (code `invalid_setting`).
    #[error("the setting {key} protects evidence and must be {allowed}; refused and recorded in the audit log")]
    ProtectsEvidence { key: String, allowed: String },
    /// An approval asked for longer than the station grants (code `invalid_input`).
    #[error("an approval lasts 1 to {max} days, not {days}")]
    ApprovalTooLong { days: u32, max: u32 },
    /// A new library asked for without its administrator (code `invalid_input`).
    #[error("a new library is created with its administrator: give --admin NAME (the password is asked for, or read with --password-stdin); nothing was created")]
    AdministratorNeeded,
    /// The first administrator asked for where accounts exist (code `invalid_state`).
    #[error("this library already has accounts; the administrator adds more with `accounts add`")]
    AlreadyHasAccounts,
    /// A library without accounts: nothing is done until its administrator exists.
    #[error("this library has no administrator yet, so nothing can be done in it; create one first: `evidence-station accounts bootstrap --admin NAME`")]
    NoAdministrator,
    /// A change to the catalog without its audit row: refused, nothing written (code `catalog`).
    #[error("a change to {} without its audit row was refused; nothing was written (a defect of this program: please report it)", tables.join(", "))]
    Unaudited { tables: Vec<String> },
    /// The journal beside the catalog records more than the catalog holds (code `catalog`).
    #[error("the catalog holds journal lines up to {catalog} but the journal goes on to {journal}: this catalog is older than its library's record; nothing was written. Run `evidence-station rebuild` as the administrator to restore the catalog from the journal")]
    JournalAhead { catalog: i64, journal: i64 },
    #[error("stopped on request")]
    Cancelled,
    #[error("no {what} {name:?}")]
    NotFound { what: Object, name: String },
    #[error("needs an explicit confirmation: {0}")]
    NeedsConfirmation(Said),
    #[error("not possible now: {0}")]
    InvalidState(Said),
    #[error("{tool} is not installed; install it with: {install}")]
    ToolMissing {
        tool: &'static str,
        install: &'static str,
    },
    #[error(
        "{path} has {free} bytes free; this needs {needed}: use a larger drive or free space first"
    )]
    WillNotFit {
        path: PathBuf,
        needed: u64,
        free: u64,
    },
    #[error("sign in first (--user NAME): this station has accounts")]
    NotSignedIn,
    #[error("{} may not {}", role.map_or("nobody signed in", |r| r.code()), what.label(Lang::En))]
    Forbidden { role: Option<Role>, what: Duty },
    #[error("wrong user name or password")]
    LoginFailed,
    #[error("too many failed sign-ins: try again after {until}")]
    LoginThrottled { until: String },
    #[error(
        "{purpose} of clip {clip} needs a live approval from the branch head: request access first"
    )]
    NeedsApproval { purpose: Purpose, clip: i64 },
    #[error("the stored original {path} no longer matches its digests: nothing was exported; run `evidence-station verify` and restore it from a long-term copy")]
    OriginalDamaged { path: PathBuf },
}

closed_set! {
    /// What a `not_found` error did not find.
    pub enum Object as ("对象", "object") {
        AccessRequest = "access request" ("调阅申请", "access request"),
        Account = "account" ("账户", "account"),
        Activity = "activity" ("执法活动", "activity"),
        Case = "case" ("案件", "case"),
        Clip = "clip" ("记录", "clip"),
        Device = "device" ("设备", "device"),
        Disc = "disc" ("光盘", "disc"),
        Dock = "docking" ("接入记录", "docking"),
        Document = "document" ("案件文书", "case document"),
        DisposalBatch = "disposal batch" ("销毁批次", "disposal batch"),
        Gap = "gap" ("中断", "gap"),
        Hold = "hold" ("长期保存标记", "hold"),
        Officer = "officer" ("执法人员", "officer"),
        SpotCheck = "spot check" ("抽查", "spot check"),
        SpotCheckItem = "spot check item" ("抽查项", "spot check item"),
        Squad = "squad" ("中队", "squad"),
    }
}

/// What a person is told, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub zh: String,
    pub en: String,
}

impl Said {
    pub fn in_(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// English, for logs and `Display`.
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl Error {
    /// Input a person gave that cannot be used, said in both languages.
    pub fn input(zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::InvalidInput(Said {
            zh: zh.into(),
            en: en.into(),
        })
    }

    /// A setting's value that cannot be used, and why, in both languages.
    pub fn setting(key: &str, zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::InvalidSetting {
            key: key.to_string(),
            reason: Said {
                zh: zh.into(),
                en: en.into(),
            },
        }
    }

    /// Work that is not possible in the state things are in, said in both languages.
    pub fn state(zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::InvalidState(Said {
            zh: zh.into(),
            en: en.into(),
        })
    }

    /// Work that needs to be asked for again, explicitly, said in both languages.
    pub fn confirmation(zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::NeedsConfirmation(Said {
            zh: zh.into(),
            en: en.into(),
        })
    }

    pub fn io(op: &'static str, path: impl AsRef<Path>, source: io::Error) -> Error {
        if crate::platform::is_disk_full(&source) {
            return Error::DiskFull {
                path: path.as_ref().to_path_buf(),
            };
        }
        Error::Io {
            op,
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::LibraryMissing { .. } => ErrorCode::LibraryMissing,
            Error::NotALibrary { .. } => ErrorCode::NotALibrary,
            Error::LibraryMoved { .. } => ErrorCode::LibraryMoved,
            Error::LibraryInUse { .. } | Error::LibraryMoving { .. } => ErrorCode::LibraryBusy,
            Error::CatalogTooNew { .. } => ErrorCode::CatalogTooNew,
            Error::Catalog(e) if is_sqlite_full(e) => ErrorCode::DiskFull,
            Error::Catalog(_) => ErrorCode::Catalog,
            Error::Io { .. } => ErrorCode::Io,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::SourceMissing { .. } => ErrorCode::SourceMissing,
            Error::SourceBusy { .. } => ErrorCode::SourceBusy,
            Error::RecorderGone { .. } => ErrorCode::RecorderGone,
            Error::InvalidSetting { .. } => ErrorCode::InvalidSetting,
            Error::InvalidInput(_) | Error::ApprovalTooLong { .. } | Error::NotOneOf { .. } => {
                ErrorCode::InvalidInput
            }
            Error::JournalAhead { .. } | Error::Unaudited { .. } => ErrorCode::Catalog,
            Error::NoAdministrator => ErrorCode::NoAdministrator,
            Error::AdministratorNeeded => ErrorCode::InvalidInput,
            Error::AlreadyHasAccounts => ErrorCode::InvalidState,
            Error::ProtectsEvidence { .. } => ErrorCode::InvalidSetting,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::NeedsConfirmation(_) => ErrorCode::NeedsConfirmation,
            Error::InvalidState(_) => ErrorCode::InvalidState,
            Error::ToolMissing { .. } => ErrorCode::ToolMissing,
            Error::WillNotFit { .. } => ErrorCode::WillNotFit,
            Error::NotSignedIn => ErrorCode::NotSignedIn,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::LoginFailed => ErrorCode::LoginFailed,
            Error::LoginThrottled { .. } => ErrorCode::LoginThrottled,
            Error::NeedsApproval { .. } => ErrorCode::NeedsApproval,
            Error::OriginalDamaged { .. } => ErrorCode::VerifyMismatch,
        }
    }

    // Long by design: one arm per error kind and language, a table read row by row.
    /// What happened and what to do, for a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::LibraryMissing { path }, Lang::Zh) => format!(
                "{} 处没有证据库。请先运行 `evidence-station init` 创建，或用 --library 指定正确位置。",
                path.display()
            ),
            (Error::NotALibrary { path }, Lang::Zh) => format!(
                "{} 不是证据库（没有 catalog.sqlite）。请检查 --library 指定的位置。",
                path.display()
            ),
            (Error::LibraryMoved { path, to }, Lang::Zh) => format!(
                "{} 处的证据库已迁移到 {}，此处不再使用。请改用新位置（命令行用 --library 指定）。",
                path.display(),
                to.display()
            ),
            (Error::LibraryInUse { path }, Lang::Zh) => format!(
                "{} 处的证据库正被另一个程序使用（另一个窗口，或 evidence-station watch）。请先关闭它们，再迁移证据库。",
                path.display()
            ),
            (Error::LibraryMoving { path }, Lang::Zh) => format!(
                "{} 处的证据库正在迁移，请等迁移完成后再打开。",
                path.display()
            ),
            (Error::CatalogTooNew { found, known }, Lang::Zh) => format!(
                "目录数据库由更新版本的程序创建（结构版本 {found}，本程序只认识 {known}）。请升级本程序，切勿用旧版本写入。"
            ),
            (Error::Catalog(_), _) if self.code() == ErrorCode::DiskFull => {
                lang.pick("证据库所在磁盘已满，目录数据库无法写入。已保存的资料完好；请腾出空间后重新接入，未完成的部分会自动续传。",
                          "The library disk is full; the catalog cannot be written. Everything already stored is intact; free space and dock again, the rest resumes.").to_string()
            }
            (Error::Catalog(e), _) => catalog_message(e, lang),
            (Error::Io { op, path, source }, Lang::Zh) => {
                format!("{} {} 时出错：{source}", path.display(), op_zh(op))
            }
            (Error::DiskFull { path }, Lang::Zh) => format!(
                "磁盘已满（{}）。已保存的资料完好；请腾出空间后重新接入，未完成的部分会自动续传。",
                path.display()
            ),
            (Error::SourceMissing { path }, Lang::Zh) => {
                format!("找不到记录仪目录 {}，或它不是目录。请确认记录仪已连接。", path.display())
            }
            (Error::SourceBusy { path }, Lang::Zh) => format!(
                "{} 正在由另一个导入任务处理，请等待其完成。",
                path.display()
            ),
            (Error::RecorderGone { path }, Lang::Zh) => format!(
                "记录仪 {} 在导入过程中断开。已校验的文件已保存；未完成的文件没有入库，请重新连接后再次导入。",
                path.display()
            ),
            (Error::InvalidSetting { key, reason }, Lang::Zh) => {
                format!("设置 {key} 无效：{}", reason.zh)
            }
            (Error::InvalidInput(what), Lang::Zh) => format!("输入无效：{}", what.zh),
            (Error::NotOneOf { what, value, allowed }, Lang::Zh) => {
                let named: Vec<String> = allowed.iter().map(|(c, zh)| format!("{c}（{zh}）")).collect();
                format!("{}“{value}”无法识别，请使用以下之一：{}。", what.0, named.join("、"))
            }
            (Error::ProtectsEvidence { key, allowed }, Lang::Zh) => format!(
                "设置 {key} 用于保护证据，取值须为 {allowed}。此次修改已拒绝，并已记入审计日志。"
            ),
            (Error::AdministratorNeeded, Lang::Zh) => "新建证据库时必须同时创建管理员：请加上 --admin 名字（密码会提示输入，或用 --password-stdin 读取）。什么也没有创建。".to_string(),
            (Error::AlreadyHasAccounts, Lang::Zh) => "这个证据库已经有账户，不能再创建第一个管理员；需要新账户时，请由管理员用 `accounts add` 添加。".to_string(),
            (Error::NoAdministrator, Lang::Zh) => "这个证据库还没有管理员账户，因此任何操作都不能进行。请先创建管理员：`evidence-station accounts bootstrap --admin 名字`（或在本程序窗口中按提示创建）。".to_string(),
            (Error::Unaudited { tables }, Lang::Zh) => format!(
                "对 {} 的修改没有同时写入审计日志，已拒绝，什么也没有写入。这是本程序的缺陷，请报告技术人员。",
                tables.join("、")
            ),
            (Error::JournalAhead { catalog, journal }, Lang::Zh) => format!(
                "目录数据库只记到日志第 {catalog} 行，而证据库的日志已记到第 {journal} 行：这个目录数据库比证据库的记录旧（可能是放回了旧副本），继续写入会使记录分叉，因此什么也没有写入。请由管理员运行 `evidence-station rebuild` 从日志恢复目录。"
            ),
            (Error::ApprovalTooLong { days, max }, Lang::Zh) => {
                format!("调阅批准的有效期为 1 至 {max} 天，不能是 {days} 天。")
            }
            (Error::NeedsConfirmation(what), Lang::Zh) => format!(
                "此操作需要再次确认：{}。一次销毁超过设定比例的资料，请确认无误后加 --confirm-mass 再执行。",
                what.zh
            ),
            (Error::InvalidState(what), Lang::Zh) => format!("当前状态下不能这样做：{}", what.zh),
            (Error::ToolMissing { tool, install }, Lang::Zh) => {
                format!("本机没有安装 {tool}。请先安装：{install}")
            }
            (Error::WillNotFit { path, needed, free }, Lang::Zh) => format!(
                "{} 空间不足：需要 {}，可用 {}。请换用更大的移动硬盘或先腾出空间，什么也没有写入。",
                path.display(),
                human_bytes(*needed),
                human_bytes(*free)
            ),
            (Error::WillNotFit { path, needed, free }, Lang::En) => format!(
                "{} has {} free; this needs {}. Use a larger drive or free space first; nothing was written.",
                path.display(),
                human_bytes(*free),
                human_bytes(*needed)
            ),
            (Error::OriginalDamaged { path }, Lang::Zh) => format!(
                "证据库中的原始文件 {} 与其校验值不符，本次没有导出任何内容。请运行 `evidence-station verify` 检查，并从长期保存副本恢复。",
                path.display()
            ),
            (Error::NotSignedIn, Lang::Zh) => {
                "本工作站已启用账户，请先登录（命令行加 --user 用户名）。".into()
            }
            (Error::Forbidden { role, what }, Lang::Zh) => match role {
                Some(r) => format!("{} 角色无权{}。", r.label(Lang::Zh), what.label(Lang::Zh)),
                None => format!("未登录时无权{}。", what.label(Lang::Zh)),
            },
            (Error::Forbidden { role, what }, Lang::En) => format!(
                "The {} role may not {}.",
                role.map_or("nobody signed in", |r| r.code()),
                what.label(Lang::En)
            ),
            (Error::LoginFailed, Lang::Zh) => "用户名或密码错误。".into(),
            (Error::LoginThrottled { until }, Lang::Zh) => {
                format!("登录失败次数过多，请于 {until} 之后再试。")
            }
            (Error::NeedsApproval { purpose, clip }, Lang::Zh) => format!(
                "{}记录 {clip} 需要分局负责人批准且仍在有效期内的调阅申请。请先提出申请。",
                purpose.label(Lang::Zh)
            ),
            (Error::Cancelled, Lang::Zh) => "任务已按要求停止。已校验的文件已保存，其余的下次接入时继续。".into(),
            (Error::NotFound { what, name }, Lang::Zh) => {
                let hint = match what {
                    Object::Squad | Object::Officer | Object::Device => "请先登记。",
                    _ => "请检查编号是否正确。",
                };
                format!("没有找到{}“{name}”。{hint}", what.label(Lang::Zh))
            }
            (Error::DiskFull { path }, Lang::En) => format!(
                "The disk is full ({}). Everything already stored is intact; free space and dock again, the rest resumes.",
                path.display()
            ),
            (Error::RecorderGone { path }, Lang::En) => format!(
                "The recorder at {} went away during the ingest. Verified files are stored; unfinished ones are not. Reconnect it and ingest again.",
                path.display()
            ),
            (e, Lang::En) => e.to_string(),
        }
    }
}

/// `value` must be one of `allowed` (a set known only at run time, such as an activity
/// kind's checklist items); else a message listing them. Fixed sets are types (`closed_set!`).
pub(crate) fn one_of(
    what: (&'static str, &'static str),
    value: &str,
    allowed: &[(&'static str, &'static str)],
) -> Result<()> {
    if allowed.iter().any(|a| a.0 == value) {
        Ok(())
    } else {
        Err(Error::NotOneOf {
            what,
            value: value.to_string(),
            allowed: allowed.to_vec(),
        })
    }
}

/// What a catalog failure means, naming what failed where SQLite says it: the table and column
/// of a broken constraint, a catalog another program holds, a damaged catalog file.
fn catalog_message(e: &rusqlite::Error, lang: Lang) -> String {
    use rusqlite::ErrorCode as Code;
    let (code, detail) = match e {
        rusqlite::Error::SqliteFailure(f, detail) => (Some(f.code), detail.clone()),
        _ => (None, None),
    };
    let detail = detail.unwrap_or_else(|| e.to_string());
    // SQLite names the object: "UNIQUE constraint failed: squads.name".
    let object = detail.rsplit(": ").next().unwrap_or(&detail).to_string();
    let (zh, en) = match code {
        Some(Code::ConstraintViolation) => (
            format!("目录数据库拒绝了这次写入（{object} 已存在或不允许为空），什么也没有写入。"),
            format!("the catalog refused this write ({object} exists already or may not be empty); nothing was written."),
        ),
        Some(Code::DatabaseBusy | Code::DatabaseLocked) => (
            "证据库的目录数据库正被另一个程序写入，请稍后重试；已保存的资料不受影响。".to_string(),
            "another program is writing the library's catalog; try again shortly. Everything stored is intact.".to_string(),
        ),
        Some(Code::DatabaseCorrupt | Code::NotADatabase) => (
            "目录数据库文件 catalog.sqlite 已损坏。已保存的资料不受影响；请由管理员运行 `evidence-station rebuild` 从日志和清单恢复目录。".to_string(),
            "the catalog file catalog.sqlite is damaged. Everything stored is intact; the administrator restores it with `evidence-station rebuild`.".to_string(),
        ),
        Some(Code::ReadOnly | Code::CannotOpen | Code::PermissionDenied) => (
            format!("无法写入目录数据库 catalog.sqlite（{detail}）：请检查证据库文件夹的权限和磁盘。"),
            format!("the catalog catalog.sqlite cannot be written ({detail}): check the library folder's permissions and disk."),
        ),
        _ => (
            format!("目录数据库出错：{detail}。已保存的资料不受影响；请重试，如仍失败请联系技术人员。"),
            format!("catalog error: {detail}. Everything stored is intact; try again, and call the technician if it fails again."),
        ),
    };
    lang.pick(zh, en)
}

/// 1.5 GB, 300 MB: sizes as people read them in messages.
pub fn human_bytes(n: u64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i < units.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", units[i])
    }
}

fn op_zh(op: &str) -> &'static str {
    match op {
        "create" => "创建",
        "open" => "打开",
        "read" => "读取",
        "write" => "写入",
        "sync" => "同步到磁盘",
        "rename" => "移入资料库",
        "remove" => "删除",
        "list" => "列目录",
        "lock" => "加锁",
        _ => "处理",
    }
}

fn is_sqlite_full(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull)
}

/// A problem with one item (one file) that does not stop the job. Reported with a stable code.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemError {
    pub path: String,
    pub code: ErrorCode,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::ffi::c_int, detail: &str) -> Error {
        Error::Catalog(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            Some(detail.to_string()),
        ))
    }

    #[test]
    fn catalog_errors_say_what_failed_in_both_languages() {
        let unique = sqlite(
            rusqlite::ffi::SQLITE_CONSTRAINT,
            "UNIQUE constraint failed: squads.name",
        );
        assert!(unique.message(Lang::Zh).contains("squads.name 已存在"));
        assert!(unique
            .message(Lang::En)
            .contains("squads.name exists already"));
        let busy = sqlite(rusqlite::ffi::SQLITE_BUSY, "database is locked");
        assert!(busy.message(Lang::Zh).contains("另一个程序"));
        let corrupt = sqlite(
            rusqlite::ffi::SQLITE_CORRUPT,
            "database disk image is malformed",
        );
        assert!(corrupt.message(Lang::Zh).contains("rebuild"));
        assert!(corrupt.message(Lang::En).contains("rebuild"));
        assert_eq!(corrupt.code(), ErrorCode::Catalog);
        // The bilingual kinds keep their texts apart.
        let e = Error::state("批次 3 不在等待第二人确认", "batch 3 does not wait");
        assert_eq!(
            e.message(Lang::Zh),
            "当前状态下不能这样做：批次 3 不在等待第二人确认"
        );
        assert!(e.message(Lang::En).ends_with("batch 3 does not wait"));
    }
}
