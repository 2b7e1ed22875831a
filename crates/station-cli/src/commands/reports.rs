//! `evidence-station reports`: art. 23's reports.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::cases::ReportKind;
use station_core::papers::PaperRequest;
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
    /// Save the report as a PDF to print.
    #[arg(long)]
    pdf: Option<PathBuf>,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let (st, out) = ctx.open(args.json)?;
    if let Some(to) = &args.pdf {
        let request = PaperRequest::Report {
            which: args.which,
            from: args.from,
            to: args.to,
        };
        out.paper(&st, &request, to)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows = st
        .reports()
        .get(args.which, args.from.as_deref(), args.to.as_deref())?;
    out.show(&rows, |rows| {
        for r in rows {
            println!(
                "{:<8} {:<10} {}  {}",
                r.kind.code(),
                r.id,
                r.at.as_deref().unwrap_or("-"),
                r.detail
            );
        }
    });
    Ok(ExitCode::SUCCESS)
}
