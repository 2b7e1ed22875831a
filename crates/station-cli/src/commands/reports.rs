//! `evidence-station reports`: art. 23's reports.

use std::process::ExitCode;

use station_core::cases::ReportKind;
use station_core::Error;

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    which: ReportKind,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let (st, out) = ctx.open(args.json)?;
    let rows = st
        .reports()
        .get(args.which, args.from.as_deref(), args.to.as_deref())?;
    out.show(&rows, |rows| {
        for r in rows {
            println!(
                "{:<8} {:<10} {}  {}",
                r.kind,
                r.id,
                r.at.as_deref().unwrap_or("-"),
                r.detail
            );
        }
    });
    Ok(ExitCode::SUCCESS)
}
