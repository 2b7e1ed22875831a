//! `evidence-station docks …`: the docking record.

use std::process::ExitCode;

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
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    let Command::List { json, limit } = command;
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
