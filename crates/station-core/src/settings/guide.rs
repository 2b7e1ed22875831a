//! Every setting as a person meets it in the window: its name, what it means, its default,
//! the article it serves, the section it belongs to and how it is typed (a zone from a list,
//! sizes in GB, a share in per cent, folders one per line …). The CLI's `settings list` reads
//! the same. A leaf: no clock, no catalog.

use serde::Serialize;

use crate::closed_set::closed_set;

closed_set! {
    /// Where a setting sits on the settings page.
    pub enum SettingSection as ("设置分组", "settings section") {
        Station = "station" ("本站", "station"),
        Docking = "docking" ("接入记录仪", "docking"),
        Retention = "retention" ("保存与销毁", "retention and disposal"),
        Checks = "checks" ("校验与检查", "checks"),
        Access = "access" ("使用与权限", "access"),
        District = "district" ("区局存储", "district store"),
    }
}

/// How a setting is typed. The stored text is what `settings set` takes; the window converts
/// to and from the unit people use.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SettingKind {
    Text,
    /// An IANA zone, picked from a list.
    Zone,
    /// zh or en.
    Language,
    /// true or false.
    Switch,
    /// A whole number of `unit_zh`/`unit_en` between `min` and `max`.
    Number {
        unit_zh: &'static str,
        unit_en: &'static str,
        min: u64,
        max: u64,
    },
    /// Stored in MiB, shown in GB.
    Size {
        max_mib: u64,
    },
    /// Stored as a share 0–1, shown in per cent, at most `max`.
    Share {
        max: f64,
    },
    /// A list of folders, one per line.
    Folders,
    /// A list of names (files, volume labels), one per line.
    Names,
    /// File-name patterns, one `name = regular expression` per line.
    Patterns,
    /// Kinds of enforcement activity, picked from their list.
    ActivityKinds,
}

/// One setting, for people.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingGuide {
    pub key: &'static str,
    pub section: SettingSection,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub meaning_zh: &'static str,
    pub meaning_en: &'static str,
    /// The stored text used when none is set ("" where it depends on the PC).
    pub default: &'static str,
    /// The article of the regulation it serves, e.g. "第十九条".
    pub article: Option<&'static str>,
    pub kind: SettingKind,
}

const fn number(unit_zh: &'static str, unit_en: &'static str, min: u64, max: u64) -> SettingKind {
    SettingKind::Number {
        unit_zh,
        unit_en,
        min,
        max,
    }
}

macro_rules! guide {
    ($key:literal, $section:ident, ($name_zh:literal, $name_en:literal), ($zh:literal, $en:literal), $default:literal, $article:expr, $kind:expr) => {
        SettingGuide {
            key: $key,
            section: SettingSection::$section,
            name_zh: $name_zh,
            name_en: $name_en,
            meaning_zh: $zh,
            meaning_en: $en,
            default: $default,
            article: $article,
            kind: $kind,
        }
    };
}

/// Every setting the station understands, in the order the settings page shows them.
pub const GUIDES: &[SettingGuide] = &[
    guide!("branch", Station, ("分局名称", "Branch name"), ("印在导出包、光盘标签和台账上", "printed on packages, disc labels and ledgers"), "", None, SettingKind::Text),
    guide!("time_zone", Station, ("时区", "Time zone"), ("记录仪时钟按此时区读取，界面与报表也按此显示时间", "recorder clocks are read in it; screens and reports show times in it"), "", Some("第十三条"), SettingKind::Zone),
    guide!("language", Station, ("界面语言", "Language"), ("界面、报表和命令行的语言", "of the window, reports and the command line"), "zh", None, SettingKind::Language),
    guide!("mount_roots", Docking, ("记录仪挂载位置", "Where recorders appear"), ("在这些位置出现的记录仪会被自动接入；留空则用本机的常用位置（Windows 为所有可移动磁盘）", "recorders that appear here are docked automatically; empty: this PC's usual places (on Windows every removable drive)"), "[]", None, SettingKind::Folders),
    guide!("excluded_mounts", Docking, ("不接入的磁盘", "Drives never docked"), ("这些位置、卷标或卷序列号的磁盘不是记录仪，从不接入", "drives with these paths, labels or serials are no recorders and never docked"), "[]", None, SettingKind::Names),
    guide!("identity_files", Docking, ("记录仪标识文件", "Recorder identity files"), ("记录仪上写有其序列号的文件名", "files on a recorder that name its serial"), r#"["DEVICE.TXT","DEVICEINFO.TXT","SN.TXT","TIME.TXT"]"#, None, SettingKind::Names),
    guide!("name_patterns", Docking, ("文件名规则（高级）", "File-name patterns (advanced)"), ("本分局记录仪型号的文件命名方式，先于内置规则使用；每行一条：名称 = 正则表达式", "how this branch's recorder models name files, tried before the built-in ones; one per line: name = regular expression"), "[]", Some("第十八条"), SettingKind::Patterns),
    guide!("free_recorder", Docking, ("入库校验后清空记录仪", "Free the recorder after ingest"), ("只删除已入库且回读校验一致的文件，记录仪的标识文件保留；默认关闭", "deletes only files stored and read back identical, never the identity files; off by default"), "false", Some("第十六条"), SettingKind::Switch),
    guide!("dock_sound", Docking, ("接入完成提示音", "Sound when a docking ends"), ("复制完成或出错时发出提示音，保管员不必盯着屏幕", "a tone when a copy ends or fails, so the custodian need not watch the screen"), "true", None, SettingKind::Switch),
    guide!("low_space_mib", Docking, ("记录仪空间不足提醒", "Recorder short of space"), ("接入后记录仪剩余空间少于此值时提醒，下一班可能录不下", "flag a recorder with less free space than this after docking"), "4096", Some("第十四条"), SettingKind::Size { max_mib: 1 << 20 }),
    guide!("clock_drift_s", Docking, ("记录仪时钟偏差提醒", "Recorder clock off by"), ("记录仪时钟与本机相差超过此值时提醒校准", "flag a recorder whose clock is off by more than this"), "120", Some("第十四条"), number("秒", "seconds", 1, 86_400)),
    guide!("max_parallel_docks", Docking, ("同时复制的记录仪数", "Recorders copied at once"), ("同时接入更多时排队", "more wait their turn"), "2", None, number("台", "recorders", 1, 64)),
    guide!("retention_months", Retention, ("最短保存期限", "Minimum retention"), ("记录至少保存这么久才可提出销毁；不得少于 6 个月", "clips are kept at least this long before disposal can be proposed; never below 6 months"), "6", Some("第十九条"), number("个月", "months", 6, 1200)),
    guide!("disposal_grace_days", Retention, ("销毁宽限期", "Disposal grace period"), ("批准销毁后等待这么久才真正删除，期间可恢复", "an approved disposal waits this long and can be restored meanwhile"), "7", Some("第十九条"), number("天", "days", 7, 3650)),
    guide!("disposal_max_share", Retention, ("大批量销毁复核比例", "Mass disposal above"), ("一批销毁超过证据库的这个比例时，须另一人复核", "a batch above this share of the library needs a second person"), "0.2", Some("第十九条"), SettingKind::Share { max: 0.2 }),
    guide!("copies_required", Retention, ("长期保存副本份数", "Long-term copies"), ("每条长期保存记录需要的校验一致的光盘或移动硬盘副本", "verified disc or drive copies each held clip needs"), "2", Some("第十九条"), number("份", "copies", 1, 10)),
    guide!("disc_recheck_days", Checks, ("光盘复检周期", "Disc re-check every"), ("光盘和移动硬盘每隔这么久回读校验一次", "discs and drives are read back this often"), "365", Some("第十九条"), number("天", "days", 1, 3650)),
    guide!("verify_days", Checks, ("证据库全部校验周期", "Whole library checked every"), ("每晚回读一部分，保证每个原始文件至少这么久校验一遍", "a share is read back each night so every original is checked at least this often"), "30", Some("第十七条"), number("天", "days", 1, 3650)),
    guide!("verify_hour", Checks, ("每晚校验开始时间", "Nightly check from"), ("每天这个钟点之后开始当天的校验（本站时区）", "each day's share starts after this hour (station time)"), "1", None, number("点", "o'clock", 0, 23)),
    guide!("gap_threshold_s", Checks, ("中断说明门槛", "Interruptions to explain"), ("执法活动中超过此时长的录像中断须说明理由", "breaks in an activity's recording longer than this must be explained"), "30", Some("第十一条"), number("秒", "seconds", 1, 86_400)),
    guide!("two_devices_for", Checks, ("须两台以上设备拍摄的执法活动", "Activities filmed by two devices"), ("这些类型的执法活动只有一台设备记录时列入报表（强制拆除等可能出现暴力抗法的现场须专人另行拍摄）", "activities of these kinds recorded by one device only are reported (where violent resistance may occur a second person films as well)"), r#"["demolition","seizure","sealing"]"#, Some("第十二条"), SettingKind::ActivityKinds),
    guide!("undocked_days", Checks, ("长期未接入提醒", "Recorder not docked for"), ("记录仪超过这么多天未接入时列入报表", "recorders not docked for this many days are listed"), "3", Some("第十六条"), number("天", "days", 1, 365)),
    guide!("upkeep_days", Checks, ("记录仪维护周期", "Recorder upkeep every"), ("在用的记录仪距上次维护保养超过这么多天时列入报表", "recorders in service not serviced for this many days are listed"), "90", Some("第十四条"), number("天", "days", 1, 3650)),
    guide!("officer_view_own", Access, ("执法人员可看本人记录", "Officers see their own clips"), ("开启后执法人员无需审批即可调阅本人的记录；默认关闭", "officers may view their own clips without a request; off by default"), "false", Some("第二十条"), SettingKind::Switch),
    guide!("lock_minutes", Access, ("无操作自动锁定", "Lock the window after"), ("窗口闲置这么久后需重新登录", "the window asks to sign in again after this long idle"), "10", Some("第二十条"), number("分钟", "minutes", 1, 10_080)),
    guide!("district_url", District, ("区局存储地址", "District store address"), ("区局对象存储的网址，由区局提供；留空则不向区局报送", "the address of the district's object store, given by the district; empty: nothing is sent"), "", Some("第十八条"), SettingKind::Text),
    guide!("district_bucket", District, ("区局存储桶", "District bucket"), ("区局为各分局开设的存储桶名称（须启用版本和对象锁定）", "the bucket the district opened for its branches (with versioning and object lock)"), "", Some("第十八条"), SettingKind::Text),
    guide!("district_branch", District, ("本分局代码", "This branch's code"), ("区局分配的分局代码，写在每个对象的名称中；字母、数字和短横线", "the code the district gave this branch, in every object's name; letters, digits and hyphens"), "", None, SettingKind::Text),
    guide!("district_access_key", District, ("访问账号", "Access key"), ("区局发给本分局的访问账号；密钥另行设置，不在此显示", "the access key the district issued to this branch; its secret is set apart and never shown"), "", None, SettingKind::Text),
    guide!("district_bandwidth_mbps", District, ("报送带宽上限", "Sending at most"), ("向区局报送时每秒最多发送的兆比特数，不挤占分局网络；0 为不限", "megabits a second the station sends to the district at most, so the branch's network stays usable; 0: no limit"), "0", None, number("Mbit/s", "Mbit/s", 0, 100_000)),
    guide!("district_backlog_hours", District, ("报送积压提醒", "Flag a backlog older than"), ("有记录等待报送超过这么久时在接入页、概览和报表中提醒", "clips waiting longer than this to reach the district are flagged on the dock page, the dashboard and in reports"), "24", Some("第十八条"), number("小时", "hours", 1, 8760)),
    guide!("district_console", District, ("本机为区局汇总工作站", "This is the district's console"), ("开启后显示分局汇总页：各分局报送的记录、核查和周汇总；所用账号须能读取整个存储桶", "shows the 分局汇总 page: what each branch pushed, its check and the week's summary; the access key must read the whole bucket"), "false", Some("第十八条"), SettingKind::Switch),
];
