//! `evidence-station discs …`: the disc register.

use std::process::ExitCode;

use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Record where a written disc or drive is kept.
    Locate {
        disc: String,
        #[arg(long)]
        location: String,
    },
    /// Print the text for a disc's label.
    Label { disc: String },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Locate { disc, location } => {
            ctx.open(false)?.0.discs().set_location(&disc, &location)?
        }
        Command::Label { disc } => print!("{}", ctx.open(false)?.0.discs().label(&disc)?),
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.discs().list()?, |discs| {
                for d in discs {
                    println!(
                        "{}  {:<6} {:<9} {} clips  {}  {}",
                        d.id,
                        d.medium,
                        d.state,
                        d.clips.len(),
                        d.verified_at.as_deref().unwrap_or("-"),
                        d.location.as_deref().unwrap_or("-")
                    );
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
