//! `evidence-station district …`: connecting the station to the district's object store.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::district::{DistrictConnection, Round};
use station_core::export::IsoWeek;
use station_core::Error;

use crate::context::{exit, Context};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Connect to the district's store (administrator). The secret key is read from one line
    /// of standard input with --secret-stdin (else the one set before is kept); it is never
    /// printed, logged or audited.
    Set {
        #[arg(long)]
        endpoint: String,
        #[arg(long)]
        bucket: String,
        #[arg(long = "branch-id")]
        branch: String,
        #[arg(long = "access-key")]
        access_key: String,
        #[arg(long)]
        secret_stdin: bool,
    },
    /// The connection as set (never the secret, only whether it is set).
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Reach the store and check that its bucket keeps versions and has Object Lock; exit 1
    /// with what to ask the district otherwise.
    Test {
        #[arg(long)]
        json: bool,
    },
    /// Send everything waiting to the district now, in the foreground (for scripts and
    /// headless stations): exit 0 when nothing is left waiting, 1 otherwise.
    Push {
        #[arg(long)]
        json: bool,
    },
    /// What is waiting for the district, what is there, what failed.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The district's console: what each branch has pushed, from the store itself.
    Inventory {
        #[arg(long = "branch")]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The district's console: every copy the branches recorded (in the journals they pushed)
    /// checked against the store's checksum, and N of them read back in full; exit 1 when
    /// anything is found.
    Verify {
        #[arg(long = "branch")]
        branch: Option<String>,
        #[arg(long, default_value_t = 0)]
        sample: u64,
        #[arg(long)]
        json: bool,
    },
    /// The district's console: one XLSX over all branches for a week (per branch and officer
    /// the clips, hours, late dockings and unexplained gaps, from the journals they pushed);
    /// exit 1 when a branch's week is missing or incomplete.
    Week {
        /// YYYY-Www, e.g. 2026-W48.
        #[arg(long)]
        week: String,
        /// The folder the workbook is written to.
        #[arg(long)]
        to: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Set {
            endpoint,
            bucket,
            branch,
            access_key,
            secret_stdin,
        } => {
            let (st, out) = ctx.open(false)?;
            let secret = secret_stdin.then(crate::signin::stdin_line).transpose()?;
            let connection = DistrictConnection {
                url: endpoint,
                bucket,
                branch,
                access_key,
            };
            st.set_district(&connection, secret.as_deref())?;
            out.say("已设置区局存储。", "district store set.");
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { json } => {
            let (st, out) = ctx.open(json)?;
            let shown = st.district()?;
            out.show(&shown, |d| {
                let none = || out.pick("（未设置）", "(not set)").to_string();
                let line = |zh: &str, en: &str, v: &Option<String>| {
                    println!("{} {}", out.pick(zh, en), v.clone().unwrap_or_else(none));
                };
                line("地址：", "address:", &d.url);
                line("存储桶：", "bucket:", &d.bucket);
                line("分局代码：", "branch code:", &d.branch);
                line("访问账号：", "access key:", &d.access_key);
                let secret = if d.secret_set {
                    out.pick("已设置", "set")
                } else {
                    out.pick("未设置", "not set")
                };
                println!("{} {secret}", out.pick("密钥：", "secret key:"));
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Test { json } => {
            let (st, out) = ctx.open(json)?;
            let check = st.test_district()?;
            out.show(&check, |c| {
                if c.ok {
                    out.say(
                        "区局存储可用：存储桶已启用版本控制和对象锁定。",
                        "the district store is ready: its bucket keeps versions and has Object Lock.",
                    );
                }
                for p in &c.problems {
                    println!("✗ {}", p.message);
                }
            });
            Ok(exit(check.ok))
        }
        Command::Push { json } => {
            let (st, out) = ctx.open(json)?;
            let report = st.push_district(Round::Foreground)?;
            out.show(&report, |r| {
                println!(
                    "{} {} ({})",
                    out.pick("已报送：", "sent:"),
                    r.pushed,
                    crate::progress::bytes(r.bytes)
                );
                if r.locks_changed > 0 {
                    println!(
                        "{} {}",
                        out.pick("锁定或保全变更：", "locks changed:"),
                        r.locks_changed
                    );
                }
                for f in &r.failed {
                    println!("✗ {} {}", f.what, f.message);
                }
                if let Some(why) = &r.stopped {
                    println!("✗ {why}");
                }
                println!("{} {}", out.pick("仍待报送：", "still waiting:"), r.pending);
            });
            Ok(exit(report.pending == 0 && report.stopped.is_none()))
        }
        Command::Status { json } => {
            let (st, out) = ctx.open(json)?;
            let status = st.district_status()?;
            out.show(&status, |s| {
                println!(
                    "{} {} ({})",
                    out.pick("待报送：", "waiting:"),
                    s.pending,
                    crate::progress::bytes(s.bytes_pending)
                );
                println!("{} {}", out.pick("已报送：", "sent:"), s.pushed);
                println!(
                    "{} {}",
                    out.pick("失败待重试：", "failed, to retry:"),
                    s.failed
                );
                if let Some(t) = &s.oldest_pending_at {
                    println!("{} {t}", out.pick("最早待报送：", "waiting since:"));
                }
                if s.backlog {
                    out.say(
                        "✗ 报送积压超过设定时限",
                        "✗ the backlog is older than the setting allows",
                    );
                }
                if let Some(e) = &s.last_error {
                    println!("{} {e}", out.pick("最近错误：", "last error:"));
                }
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Inventory { branch, json } => {
            let (st, out) = ctx.open(json)?;
            let branches = st.district_inventory(branch.as_deref())?;
            out.show(&branches, |list| {
                for b in list {
                    println!(
                        "{}  {} {}  {} {}  {} {}  {}  {}",
                        b.branch,
                        out.pick("记录", "clips"),
                        b.clips,
                        out.pick("案卷文书", "documents"),
                        b.documents,
                        out.pick("日志段", "journal segments"),
                        b.journal_segments,
                        crate::progress::bytes(b.bytes),
                        b.last_pushed_at.as_deref().unwrap_or("—"),
                    );
                }
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify {
            branch,
            sample,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            let report = st.verify_district(branch.as_deref(), sample)?;
            out.show(&report, |r| {
                println!(
                    "{} {}，{} {}",
                    out.pick("已核对：", "checked:"),
                    r.checked,
                    out.pick("完整回读：", "read back:"),
                    r.read_back
                );
                for f in &r.findings {
                    println!("✗ {} {}：{}", f.branch, f.key, f.message);
                }
                if r.findings.is_empty() {
                    out.say(
                        "区局存储中的记录与各分局登记一致。",
                        "the store holds what the branches recorded.",
                    );
                }
            });
            Ok(exit(report.findings.is_empty()))
        }
        Command::Week { week, to, json } => {
            let (st, out) = ctx.open(json)?;
            let summary = st.write_district_week(IsoWeek::parse(&week)?, &to)?;
            out.show(&summary, |w| {
                println!("{}", w.words);
                for b in &w.branches {
                    println!(
                        "{}  {}  {} {}  {:.1} h  {} {}  {} {}",
                        b.branch,
                        b.state.label(out.lang),
                        out.pick("录像", "clips"),
                        b.clips,
                        b.video_hours,
                        out.pick("逾期存储", "late dockings"),
                        b.late_dockings,
                        out.pick("未说明中断", "unexplained gaps"),
                        b.unexplained_gaps,
                    );
                    for p in &b.problems {
                        println!("  ✗ {p}");
                    }
                }
                if let Some(file) = &w.file {
                    println!("{} {file}", out.pick("已写出：", "written:"));
                }
            });
            Ok(exit(summary.missing.is_empty()))
        }
    }
}
