//! `evidence-station clips …`: stored clips — listed, labelled, classified.

use std::process::ExitCode;

use chrono::NaiveDate;
use station_core::access::Level;
use station_core::recorders::Kind;
use station_core::{ClipQuery, Error, Labels};

use crate::context::{term, Context};
use crate::progress;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Set clips' confidentiality.
    Classify {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long, value_enum)]
        level: Level,
    },
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        officer: Option<String>,
        #[arg(long)]
        squad: Option<String>,
        #[arg(long)]
        device: Option<String>,
        /// First day, YYYY-MM-DD (station time zone).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day, YYYY-MM-DD, inclusive.
        #[arg(long)]
        to: Option<NaiveDate>,
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        /// Case number.
        #[arg(long = "case")]
        case_number: Option<String>,
        /// Party (当事人).
        #[arg(long)]
        party: Option<String>,
        /// Only clips lacking squad, officer, time, cause or party (art. 18).
        #[arg(long)]
        missing_labels: bool,
    },
    /// Label clips: case number, cause (案由), party (当事人). An empty value clears one.
    Label {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        party: Option<String>,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::List {
            json,
            officer,
            squad,
            device,
            from,
            to,
            kind,
            case_number,
            party,
            missing_labels,
        } => {
            let (st, out) = ctx.open(json)?;
            let clips = st.clips().list(&ClipQuery {
                officer,
                squad,
                device,
                from,
                to,
                kind,
                case_number,
                party,
                important: None,
                missing_labels,
            })?;
            out.show(&clips, |clips| {
                for c in clips {
                    println!(
                        "{:>6}  {:<25}  {:<5}  {:>10}  {:<10} {:<8} {}{}{}",
                        c.id,
                        c.recorded_at.as_deref().unwrap_or("-"),
                        c.kind,
                        progress::bytes(c.size),
                        term(&c.device),
                        term(c.officer.as_deref().unwrap_or("-")),
                        term(&c.source_path),
                        if c.important { "  ★" } else { "" },
                        c.warnings
                            .first()
                            .map(|w| format!("  ⚠ {}", term(&w.message)))
                            .unwrap_or_default()
                    );
                }
                println!("{} {}", clips.len(), out.pick("条记录", "clips"));
            });
        }
        Command::Label {
            ids,
            case_number,
            cause,
            party,
        } => {
            let (st, out) = ctx.open(false)?;
            let labels = Labels {
                case_number,
                cause,
                party,
            };
            let n = st.clips().label(&ids, &labels)?;
            out.say(
                format!("已标注 {n} 条记录。"),
                format!("{n} clips labelled."),
            );
        }
        Command::Classify { ids, level } => {
            let (st, _) = ctx.open(false)?;
            println!("{}", st.access().classify(&ids, level)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
