//! `evidence-station spotcheck …`: the legal-affairs section's random spot checks and their ledger (art. 22).

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::papers::PaperRequest;
use station_core::spot_checks::{Draw, Sample};
use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Draw a sample that the same seed draws again.
    Draw {
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        size: u32,
        #[arg(long)]
        squad: Option<String>,
        #[arg(long)]
        officer: Option<String>,
        /// clip (default) or activity.
        #[arg(long, value_enum, default_value_t = Sample::Clip)]
        of: Sample,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the review of one drawn item (its `id` in the draw).
    Review {
        item: i64,
        /// pass or fail.
        #[arg(long)]
        result: String,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// The inspection ledger (检查台账) as XLSX (`--to`) and/or as a PDF to print (`--pdf`).
    Ledger {
        #[arg(long, required_unless_present = "pdf")]
        to: Option<PathBuf>,
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Draw {
            seed,
            size,
            squad,
            officer,
            of,
            from,
            to,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            let check = st.spot_checks().draw(&Draw {
                seed,
                size,
                of_kind: of,
                squad,
                officer,
                from: st.parse_time(&from)?.timestamp(),
                to: st.parse_until(&to)?.timestamp(),
            })?;
            out.show(&check, |check| {
                println!("{}", check.id);
                for i in &check.items {
                    println!("  {}  {} {}", i.id, check.of_kind, i.item_id);
                }
            });
        }
        Command::Review { item, result, note } => {
            ctx.open(false)?
                .0
                .spot_checks()
                .review(item, &result, note.as_deref())?
        }
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.spot_checks().list()?, |all| {
                for c in all {
                    println!(
                        "{:>4}  seed {}  {} of {} {}s  {}",
                        c.id,
                        c.seed,
                        c.items.len(),
                        c.population,
                        c.of_kind,
                        c.drawn_at
                    );
                }
            });
        }
        Command::Ledger { to, pdf } => {
            let (st, out) = ctx.open(false)?;
            if let Some(to) = to {
                println!("{}", st.spot_checks().ledger(&to)?);
            }
            if let Some(pdf) = pdf {
                out.paper(&st, &PaperRequest::SpotChecks, &pdf)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
