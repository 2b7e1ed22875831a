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
    let (st, out) = ctx.open(false)?;
    match command {
        Command::List => {
            for g in station_core::GUIDES {
                let value = st.setting(g.key)?.unwrap_or_default();
                let (name, meaning) = (
                    out.pick(g.name_zh, g.name_en),
                    out.pick(g.meaning_zh, g.meaning_en),
                );
                let article = g.article.map(|a| format!("（{a}）")).unwrap_or_default();
                println!("{} = {value}\n    # {name}：{meaning}{article}", g.key);
            }
        }
        Command::Get { key } => println!("{}", st.setting(&key)?.unwrap_or_default()),
        Command::Set { key, value } => st.set_setting(&key, &value)?,
    }
    Ok(ExitCode::SUCCESS)
}
