//! `evidence-station officers …`: officers (执法人员).

use std::process::ExitCode;

use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        /// 警号
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        squad: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Add { id, name, squad } => {
            let (st, _) = ctx.open(false)?;
            st.registry()
                .add_officer(&id, name.as_deref(), squad.as_deref())?
        }
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.registry().officers()?, |officers| {
                for o in officers {
                    println!(
                        "{}\t{}\t{}",
                        o.number,
                        o.name.as_deref().unwrap_or("-"),
                        o.squad.as_deref().unwrap_or("-")
                    );
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
