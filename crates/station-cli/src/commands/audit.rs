//! `evidence-station audit …`: the hash-chained audit log, listed and verified (against the journal on disk and heads recorded elsewhere).

use std::process::ExitCode;

use station_core::audit::{AuditFilter, AuditVerification, JournalCheck};
use station_core::{Error, Lang};

use crate::context::{exit, term, Context, Output};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Walk the hash chain; exit 1 naming the first broken row.
    Verify {
        /// An export package, a disc's README.txt or volume, a file or `id:hash`: the chain
        /// must still hold the head recorded there.
        #[arg(long)]
        against: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Audit rows, newest first.
    List {
        #[arg(long)]
        json: bool,
        /// YYYY-MM-DD (local midnight) or RFC 3339.
        #[arg(long)]
        from: Option<String>,
        /// YYYY-MM-DD (the whole day included) or RFC 3339.
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        action: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Verify { against, json } => {
            let (st, out) = ctx.open(json)?;
            let v = st.audit().verify(against.as_deref())?;
            out.show(&v, |v| print_verification(out, v));
            Ok(exit(v.ok))
        }
        Command::List {
            json,
            from,
            to,
            user,
            action,
            limit,
        } => {
            let (st, out) = ctx.open(json)?;
            let from = from.map(|f| st.parse_time(&f)).transpose()?;
            let to = to.map(|t| st.parse_until(&t)).transpose()?;
            let filter = AuditFilter {
                from: from.map(|t| t.timestamp()),
                to: to.map(|t| t.timestamp()),
                actor: user,
                action,
                object: None,
            };
            out.show(&st.audit().list(&filter, limit)?, |rows| {
                // The row in words; `--json` gives the codes and the raw detail as stored.
                for r in rows {
                    println!("{:>6}  {}", r.id, term(&r.text));
                }
            });
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_verification(out: Output, v: &AuditVerification) {
    let c = &v.chain;
    let (rows, first) = (c.rows, c.first_broken.unwrap_or_default());
    match &c.problem {
        None => out.say(
            format!("审计日志哈希链完整：{rows} 行。"),
            format!("audit chain intact: {rows} rows."),
        ),
        Some(p) => out.say(
            format!("审计日志被改动！第 {first} 行起哈希链断开：{p}"),
            format!("audit log TAMPERED: the chain breaks at row {first}: {p}"),
        ),
    }
    if !c.triggers_present {
        println!(
            "{} {}",
            out.pick(
                "保护触发器被移除或改动！",
                "the protecting triggers were removed or changed!"
            ),
            c.altered_triggers.join(", ")
        );
    }
    if let Some(j) = &v.journal {
        print_journal_check(out, j);
    }
    if let Some(h) = &v.against {
        println!(
            "{} {} ({}): {}",
            out.pick("对照", "against"),
            h.head,
            h.source,
            match (h.found, out.lang) {
                (true, Lang::Zh) => "仍在链中，一致",
                (true, Lang::En) => "still in the chain",
                (false, Lang::Zh) => "链中已不存在——日志在此之后被改写！",
                (false, Lang::En) => "NOT in the chain: the log was rewritten since",
            }
        );
    }
}

/// What comparing the catalog with its journal on disk found, in a few lines.
fn print_journal_check(out: Output, j: &JournalCheck) {
    if j.ok() {
        let n = j.lines;
        out.say(
            format!("磁盘日志与目录一致：{n} 行。"),
            format!("the journal on disk agrees with the catalog: {n} lines."),
        );
        return;
    }
    if let Some(p) = &j.problem {
        println!(
            "{} {p}",
            out.pick("磁盘日志断开：", "the journal on disk is broken:")
        );
    }
    let ids = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    for (list, zh, en) in [
        (
            &j.not_in_journal,
            "目录中有、磁盘日志中没有的审计行：",
            "audit rows in the catalog but not in the journal:",
        ),
        (
            &j.not_in_catalog,
            "磁盘日志中有、目录中没有（或不同）的审计行：",
            "audit rows in the journal but not (or not so) in the catalog:",
        ),
    ] {
        if !list.is_empty() {
            println!("{} {}", out.pick(zh, en), ids(list));
        }
    }
    for u in &j.unreadable {
        println!(
            "{} {u}",
            out.pick("无法读取的日志行：", "unreadable journal line:")
        );
    }
}
