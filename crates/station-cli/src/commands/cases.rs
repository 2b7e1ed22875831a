//! `evidence-station cases …`: cases (案件), their stages and text records.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::cases::{CaseEdit, Stage};
use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        #[arg(long)]
        number: String,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        party: Option<String>,
        /// A responsible officer's 警号 (repeat for several).
        #[arg(long = "officer")]
        officers: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Store scanned documents as the case's text records (copied, read back, proven).
    Attach {
        number: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The case's stage they belong to.
        #[arg(long, value_enum)]
        stage: Option<Stage>,
    },
    /// Correct a registered case: a mistyped number (its clips follow), its cause, its party
    /// (an empty value clears it). Audited.
    Edit {
        number: String,
        #[arg(long = "new-number")]
        new_number: Option<String>,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        party: Option<String>,
    },
    /// The date of a stage.
    Stage {
        number: String,
        #[arg(long, value_enum)]
        stage: Stage,
        #[arg(long)]
        date: String,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Add {
            number,
            cause,
            party,
            officers,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            out.id(st
                .cases()
                .add(&number, cause.as_deref(), party.as_deref(), &officers)?)
        }
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.cases().list()?, |all| {
                for c in all {
                    println!(
                        "{:<24} {:<12} {:<10} {}",
                        c.number,
                        c.cause.as_deref().unwrap_or("-"),
                        c.party.as_deref().unwrap_or("-"),
                        c.officers.join(",")
                    );
                }
            });
        }
        Command::Show { number, json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.cases().get(&number)?, |case| {
                println!("{}", serde_json::to_string_pretty(case).unwrap_or_default())
            });
        }
        Command::Stage {
            number,
            stage,
            date,
        } => ctx
            .open(false)?
            .0
            .cases()
            .set_stage(&number, stage, &date)?,
        Command::Edit {
            number,
            new_number,
            cause,
            party,
        } => {
            let (st, out) = ctx.open(false)?;
            let edit = CaseEdit {
                number: new_number,
                cause,
                party,
            };
            st.cases().edit(&number, &edit)?;
            out.say("案件信息已更正。", "case corrected.");
        }
        Command::Attach {
            number,
            files,
            stage,
        } => {
            let (st, _) = ctx.open(false)?;
            for f in files {
                let d = st.cases().attach(&number, &f, stage)?;
                println!("{}  {}", d.sha256, d.media_path);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
