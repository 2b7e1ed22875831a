//! `evidence-station export …`: BagIt packages for the district — the weekly aggregation and requests — and checking any copy of one.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::export::{BagCheck, ExportReport, IsoWeek, Selection};
use station_core::papers::PaperRequest;
use station_core::Error;

use crate::context::{exit, term, Context, Output};
use crate::progress;

#[derive(clap::Subcommand)]
pub enum Command {
    /// The week's package (a supplementary one for what was ingested after it was exported).
    Week {
        /// YYYY-Www in station time (default: the last complete week).
        #[arg(long)]
        week: Option<String>,
        /// The folder to write into, e.g. a mounted USB drive.
        #[arg(long)]
        to: PathBuf,
        /// Write the whole week again (another copy), even if it was exported.
        #[arg(long)]
        again: bool,
        #[arg(long)]
        json: bool,
    },
    /// The week's ledger (台账) as a PDF to print, as the week's package lists it.
    Ledger {
        /// YYYY-Www in station time (default: the last complete week).
        #[arg(long)]
        week: Option<String>,
        #[arg(long)]
        pdf: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Weeks with their packages and what is not yet exported.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// A district request (art. 20): chosen clips or a case.
    Request {
        #[arg(long = "clip", num_args = 1.., conflicts_with = "case_number", required_unless_present = "case_number")]
        clips: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        #[arg(long)]
        to: PathBuf,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Check a package against its manifests (any copy, anywhere).
    Verify {
        package: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Week {
            week,
            to,
            again,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            let week = match week {
                Some(w) => IsoWeek::parse(&w)?,
                None => st.exports().last_complete_week(),
            };
            let bar = progress::Bar::new(out.lang);
            let done = st.exports().week(week, &to, again, &bar);
            bar.finish();
            match done? {
                Some(r) => Ok(report(out, &r)),
                None => {
                    out.show(&None::<ExportReport>, |_| {
                        out.say(
                            format!("{week} 的记录都已导出，没有新内容。"),
                            format!("Everything of {week} is exported already."),
                        )
                    });
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Command::Ledger { week, pdf, json } => {
            let (st, out) = ctx.open(json)?;
            let week = match week {
                Some(w) => IsoWeek::parse(&w)?,
                None => st.exports().last_complete_week(),
            };
            let request = PaperRequest::WeekLedger {
                week: week.to_string(),
            };
            out.paper(&st, &request, &pdf)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Status { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.exports().status()?, |weeks| print_status(out, weeks));
            Ok(ExitCode::SUCCESS)
        }
        Command::Request {
            clips,
            case_number,
            to,
            reason,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            let selection = match case_number {
                Some(c) => Selection::Case(c),
                None => Selection::Clips(clips),
            };
            let bar = progress::Bar::new(out.lang);
            let done = st.exports().request(&selection, &to, &reason, &bar);
            bar.finish();
            Ok(report(out, &done?))
        }
        Command::Verify { package, json } => {
            let (st, out) = ctx.open(json)?;
            let bar = progress::Bar::new(out.lang);
            let check = st.exports().verify(&package, &bar);
            bar.finish();
            let check = check?;
            out.show(&check, |check| {
                let n = check.files_checked;
                if check.ok {
                    out.say(
                        format!("{n} 个文件全部与清单一致。"),
                        format!("all {n} files match the manifests."),
                    );
                } else {
                    print_problems(out, check);
                }
            });
            Ok(exit(check.ok))
        }
    }
}

/// A package written and read back.
fn report(out: Output, r: &ExportReport) -> ExitCode {
    out.show(r, |r| {
        let (name, n, bytes, path) = (&r.name, r.clips, progress::bytes(r.bytes), &r.path);
        if r.check.ok {
            out.say(
                format!("{name}：{n} 条记录（{bytes}），已回读校验，位于 {path}"),
                format!("{name}: {n} records ({bytes}), read back intact, at {path}"),
            );
        } else {
            print_problems(out, &r.check);
        }
    });
    exit(r.check.ok)
}

fn print_problems(out: Output, check: &BagCheck) {
    println!("{}", out.pick("校验失败！", "verification FAILED"));
    for f in &check.mismatched {
        println!("  ✗ {} {}", out.pick("不一致", "mismatched"), term(f));
    }
    for f in &check.missing {
        println!("  ✗ {} {}", out.pick("缺失", "missing"), term(f));
    }
    for f in &check.unexpected {
        println!(
            "  ✗ {} {}",
            out.pick("清单外文件", "not in the manifest"),
            term(f)
        );
    }
    for f in &check.outside {
        println!(
            "  ✗ {} {}",
            out.pick(
                "清单路径指向包外，已拒绝",
                "manifest path leads outside the package, refused"
            ),
            term(f)
        );
    }
    if !check.oxum_ok {
        println!("  ✗ Payload-Oxum");
    }
}

fn print_status(out: Output, weeks: &[station_core::export::WeekStatus]) {
    for w in weeks {
        let mark = if w.pending > 0 { "!" } else { " " };
        let names: Vec<&str> = w.packages.iter().map(|p| p.name.as_str()).collect();
        println!(
            "{mark} {}  {} {}  {} {}  {}",
            w.week,
            w.clips,
            out.pick("条", "clips"),
            w.pending,
            out.pick("条未导出", "not exported"),
            names.join(", ")
        );
    }
}
