//! `evidence-station devices …`: recorders and who holds them.

use std::process::ExitCode;

use station_core::{DeviceRegistration, Error};

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Register a recorder (or resolve one docked unregistered).
    Add {
        #[arg(long)]
        serial: String,
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        squad: Option<String>,
        #[arg(long)]
        officer: Option<String>,
        #[arg(long)]
        volume_label: Option<String>,
        /// Free this recorder after each fully verified docking: true or false.
        #[arg(long)]
        free_after_ingest: Option<bool>,
    },
    /// From a moment on (default now), an officer holds the recorder.
    Assign {
        #[arg(long)]
        serial: String,
        #[arg(long)]
        officer: String,
        /// YYYY-MM-DD HH:MM in the station's time zone, or RFC 3339.
        #[arg(long)]
        from: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Add {
            serial,
            model,
            squad,
            officer,
            volume_label,
            free_after_ingest,
        } => ctx
            .open(false)?
            .0
            .registry()
            .add_device(&DeviceRegistration {
                serial,
                model,
                squad,
                officer,
                volume_label,
                volume_uuid: None,
                free_after_ingest,
            })?,
        Command::Assign {
            serial,
            officer,
            from,
        } => {
            let (st, out) = ctx.open(false)?;
            let from = from.map(|f| st.parse_time(&f)).transpose()?;
            let n = st.registry().assign_device(&serial, &officer, from)?;
            out.say(
                format!("已登记；{n} 条记录按新的使用人重新标注。"),
                format!("assigned; {n} clips relabelled."),
            );
        }
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.registry().devices()?, |devices| {
                for d in devices {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{} {}",
                        d.serial,
                        d.model.as_deref().unwrap_or("-"),
                        d.squad.as_deref().unwrap_or("-"),
                        d.officer.as_deref().unwrap_or("-"),
                        if d.registered {
                            out.pick("已登记", "registered")
                        } else {
                            out.pick("未登记", "unregistered")
                        },
                        d.clips,
                        out.pick("条记录", "clips"),
                    );
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
