//! `evidence-station devices …`: recorders and who holds them.

use std::process::ExitCode;

use station_core::upkeep::{
    ClockReading, DeviceStatus, LensReading, MaintenanceKind, PreShiftCheck, Reading,
};
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
    /// Today's pre-shift check of a recorder in service (art. 14): battery, storage, clock,
    /// lens and microphone, by whoever is signed in.
    Check {
        serial: String,
        #[arg(long, ignore_case = true)]
        battery: Reading,
        #[arg(long, ignore_case = true)]
        storage: Reading,
        #[arg(long, ignore_case = true)]
        clock: ClockReading,
        #[arg(long, ignore_case = true, default_value = "ok")]
        lens_mic: LensReading,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mark a recorder in service, spare, in repair, lost or retired, saying why.
    Status {
        serial: String,
        #[arg(long = "set", value_name = "STATE")]
        state: DeviceStatus,
        #[arg(long)]
        reason: String,
    },
    /// Log upkeep done on a recorder: a regular service, a repair, a part replaced.
    Maintain {
        serial: String,
        #[arg(long)]
        kind: MaintenanceKind,
        #[arg(long)]
        note: String,
    },
    /// A recorder's status and its history, its pre-shift checks and its maintenance log.
    Upkeep {
        serial: String,
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
        Command::Check {
            serial,
            battery,
            storage,
            clock,
            lens_mic,
            note,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            let check = PreShiftCheck {
                battery,
                storage,
                clock,
                lens_mic,
                note,
            };
            let row = st.upkeep().check(&serial, &check)?;
            out.show(&row, |r| {
                out.say(
                    format!("{} {} 出勤前检查已记录。", r.device, r.day),
                    format!("{} checked before the shift of {}.", r.device, r.day),
                )
            });
        }
        Command::Status {
            serial,
            state,
            reason,
        } => {
            let (st, out) = ctx.open(false)?;
            st.upkeep().set_status(&serial, state, &reason)?;
            out.say(
                format!("{serial}：{}。", state.label(out.lang)),
                format!("{serial}: {}.", state.label(out.lang)),
            );
        }
        Command::Maintain { serial, kind, note } => {
            let (st, out) = ctx.open(false)?;
            st.upkeep().maintain(&serial, kind, &note)?;
            out.say(
                format!("{serial}：已记录{}。", kind.label(out.lang)),
                format!("{serial}: {} logged.", kind.label(out.lang)),
            );
        }
        Command::Upkeep { serial, json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.upkeep().record(&serial)?, |u| {
                println!("{}\t{}", u.device, u.status.label(out.lang));
                for s in &u.statuses {
                    println!(
                        "  {}\t{}\t{}\t{}",
                        s.set_at,
                        s.status.label(out.lang),
                        s.set_by,
                        s.reason
                    );
                }
                for c in &u.checks {
                    let l = out.lang;
                    println!(
                        "  {}\t{} {}\t{} {}\t{} {}\t{}",
                        c.day,
                        out.pick("电量", "battery"),
                        c.battery.label(l),
                        out.pick("存储", "storage"),
                        c.storage.label(l),
                        out.pick("时钟", "clock"),
                        c.clock.label(l),
                        c.checked_by
                    );
                }
                for m in &u.maintenance {
                    println!(
                        "  {}\t{}\t{}\t{}",
                        m.done_at,
                        m.kind.label(out.lang),
                        m.done_by,
                        m.note
                    );
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
