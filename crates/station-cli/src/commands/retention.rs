//! `evidence-station retention …`: the retention state of every clip.

use std::process::ExitCode;

use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    Status {
        /// YYYY-MM-DD (local midnight) or RFC 3339; default now.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    let Command::Status { as_of, json } = command;
    let (st, out) = ctx.open(json)?;
    let as_of = as_of
        .map(|t| st.parse_time(&t))
        .transpose()?
        .map(|t| t.to_utc());
    out.show(&st.retention().status(as_of)?, |status| {
        for c in status {
            println!(
                "{:>6}  {:<17} {}  {}",
                c.id,
                c.state.code(),
                c.earliest_disposal.get(..10).unwrap_or(""),
                c.hold_reasons.join(",")
            );
        }
    });
    Ok(ExitCode::SUCCESS)
}
