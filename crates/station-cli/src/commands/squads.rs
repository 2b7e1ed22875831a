//! `evidence-station squads …`: squads (中队/组).

use std::process::ExitCode;

use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        name: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Add { name } => ctx.open(false)?.0.registry().add_squad(&name)?,
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.registry().squads()?, |squads| {
                for s in squads {
                    println!("{}\t{} 人\t{} 台", s.name, s.officers, s.devices);
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
