//! `evidence-station discs …`: the disc register.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::papers::PaperRequest;
use station_core::Error;

use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    List {
        #[arg(long)]
        json: bool,
        /// Save the register as a PDF to print.
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
    /// Record where a written disc or drive is kept.
    Locate {
        disc: String,
        #[arg(long)]
        location: String,
    },
    /// Print the text for a disc's label.
    Label {
        disc: String,
        /// Save the label as a PDF to print (a 120 mm box to cut out for the disc case).
        #[arg(long)]
        pdf: Option<PathBuf>,
        #[arg(long, requires = "pdf")]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Locate { disc, location } => {
            ctx.open(false)?.0.discs().set_location(&disc, &location)?
        }
        Command::Label {
            disc,
            pdf: Some(to),
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            out.paper(&st, &PaperRequest::DiscLabel { disc }, &to)?
        }
        Command::Label {
            disc, pdf: None, ..
        } => {
            print!("{}", ctx.open(false)?.0.discs().label(&disc)?)
        }
        Command::List {
            json,
            pdf: Some(to),
        } => {
            let (st, out) = ctx.open(json)?;
            out.paper(&st, &PaperRequest::DiscRegister, &to)?
        }
        Command::List { json, pdf: None } => {
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
