//! `evidence-station docks …`: the docking record.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::papers::PaperRequest;
use station_core::Error;

use crate::context::{term, Context};

#[derive(clap::Subcommand)]
pub enum Command {
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// The receipt of one docking (接收清单) as a PDF, for officer and custodian to sign.
    Receipt {
        dock: i64,
        #[arg(long)]
        pdf: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    let (json, limit) = match command {
        Command::List { json, limit } => (json, limit),
        Command::Receipt { dock, pdf, json } => {
            let (st, out) = ctx.open(json)?;
            out.paper(&st, &PaperRequest::Receipt { dock }, &pdf)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let (st, out) = ctx.open(json)?;
    out.show(&st.docks(limit)?, |docks| {
        for d in docks {
            let flags: Vec<&str> = d.flags.iter().map(|f| f.code()).collect();
            println!(
                "{:>5}  {}  {:<10} {:<9} {}/{}/{}/{}  {}",
                d.id,
                d.started_at.get(..19).unwrap_or(&d.started_at),
                term(&d.device),
                d.state,
                d.found,
                d.copied,
                d.skipped,
                d.failed,
                flags.join(",")
            );
        }
    });
    Ok(ExitCode::SUCCESS)
}
