//! `evidence-station settings …`: the station's settings.

use std::process::ExitCode;

use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    List,
    Get { key: String },
    Set { key: String, value: String },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    let (st, _) = ctx.open(false)?;
    match command {
        Command::List => {
            for (key, about) in station_core::SETTINGS {
                let value = st.setting(key)?.unwrap_or_default();
                println!("{key} = {value}\n    # {about}");
            }
        }
        Command::Get { key } => println!("{}", st.setting(&key)?.unwrap_or_default()),
        Command::Set { key, value } => st.set_setting(&key, &value)?,
    }
    Ok(ExitCode::SUCCESS)
}
