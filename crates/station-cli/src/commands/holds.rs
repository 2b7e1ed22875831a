//! `evidence-station holds …`: long-term holds (art. 19).

use std::process::ExitCode;

use station_core::retention::{HoldReason, HoldTarget};
use station_core::Error;

use crate::context::{term, Context};
use crate::progress;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Hold clips, or everything labelled with a case number (now and later), long-term.
    Add {
        #[arg(long = "clip", num_args = 1.., conflicts_with = "case_number", required_unless_present = "case_number")]
        clips: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        #[arg(long, value_enum)]
        reason: HoldReason,
        #[arg(long)]
        note: Option<String>,
    },
    /// Release a hold; the reason is required.
    Release {
        id: i64,
        #[arg(long)]
        note: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Add {
            clips,
            case_number,
            reason,
            note,
        } => {
            let (st, _) = ctx.open(false)?;
            let target = match case_number {
                Some(c) => HoldTarget::Case(c),
                None => HoldTarget::Clips(clips),
            };
            println!(
                "{}",
                st.retention().add_hold(&target, reason, note.as_deref())?
            );
        }
        Command::Release { id, note } => ctx.open(false)?.0.retention().release_hold(id, &note)?,
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.retention().holds()?, |holds| {
                for h in holds {
                    let target = h
                        .case_number
                        .clone()
                        .unwrap_or_else(|| format!("{:?}", h.clips));
                    let reason = h.reason.label(out.lang);
                    let released = h
                        .released_at
                        .as_ref()
                        .map(|t| format!("  ({} {t})", out.pick("已解除", "released")))
                        .unwrap_or_default();
                    let size = progress::bytes(h.bytes);
                    let covers = match out.lang {
                        station_core::Lang::Zh => format!("{} 条记录 {size}", h.covers),
                        station_core::Lang::En => format!("{} clips {size}", h.covers),
                    };
                    println!(
                        "{:>4}  {:<12} {}  {}  {}  {}{}",
                        h.id,
                        h.reason,
                        reason,
                        term(&target),
                        covers,
                        term(h.note.as_deref().unwrap_or_default()),
                        released
                    );
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
