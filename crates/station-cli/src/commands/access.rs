//! `evidence-station access …`: requests to view or copy evidence, approved by the branch head (art. 20).

use std::process::ExitCode;

use station_core::access::{AccessTarget, Level, Purpose};
use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Ask to view or copy clips, or a case.
    Request {
        #[arg(long = "clip", num_args = 1.., conflicts_with = "case_number", required_unless_present = "case_number")]
        clips: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        #[arg(long, value_enum)]
        purpose: Purpose,
        /// The highest confidentiality the request covers.
        #[arg(long, value_enum, default_value_t = Level::Normal)]
        level: Level,
        #[arg(long)]
        reason: String,
    },
    /// Approve a request (branch head; never one's own).
    Approve {
        id: i64,
        /// Days until it expires (default 7).
        #[arg(long)]
        days: Option<u32>,
        #[arg(long)]
        note: Option<String>,
    },
    Reject {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Request {
            clips,
            case_number,
            purpose,
            level,
            reason,
        } => {
            let (st, _) = ctx.open(false)?;
            let target = match case_number {
                Some(c) => AccessTarget::Case(c),
                None => AccessTarget::Clips(clips),
            };
            println!("{}", st.access().request(&target, purpose, level, &reason)?);
        }
        Command::Approve { id, days, note } => {
            ctx.open(false)?
                .0
                .access()
                .approve(id, days, note.as_deref())?
        }
        Command::Reject { id, note } => ctx.open(false)?.0.access().reject(id, note.as_deref())?,
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.access().requests()?, |all| {
                for r in all {
                    println!(
                        "{:>4}  {:<9} {:<12} {:<8} {:<8} {}  {}",
                        r.id,
                        r.state,
                        r.requester,
                        r.purpose,
                        r.level,
                        r.case_number
                            .clone()
                            .unwrap_or_else(|| format!("{:?}", r.clips)),
                        r.expires_at.as_deref().unwrap_or("")
                    );
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
