//! `evidence-station district …`: connecting the station to the district's object store.

use std::process::ExitCode;

use station_core::district::DistrictConnection;
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
    }
}
