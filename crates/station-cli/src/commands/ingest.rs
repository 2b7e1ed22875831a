//! `evidence-station ingest`: one mounted recorder, copied, verified by reading back, stored.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::{Error, IngestOptions};

use crate::context::{exit, term, Context};
use crate::progress;

#[derive(clap::Args)]
pub struct Args {
    source_dir: PathBuf,
    #[arg(long)]
    device: Option<String>,
    #[arg(long)]
    officer: Option<String>,
    #[arg(long)]
    squad: Option<String>,
    #[arg(long)]
    json: bool,
    /// Print where the docking's time went, stage by stage, on stderr.
    #[arg(long)]
    explain: bool,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let (st, out) = ctx.open(args.json)?;
    let opts = IngestOptions {
        device: args.device,
        officer: args.officer,
        squad: args.squad,
        cancel: None,
    };
    let bar = progress::Bar::new(out.lang);
    let report = st.ingest(&args.source_dir, &opts, &bar)?;
    bar.finish();
    if args.explain {
        eprint!("{}", report.stages.explain(out.lang));
    }
    out.show(&report, |r| {
        println!("{}", term(&r.summary(out.lang)));
        for e in &r.errors {
            println!("  ✗ {} [{}] {}", term(&e.path), e.code, term(&e.message));
        }
        for i in &r.skipped_items {
            println!("  · {} ({})", term(&i.path), i.kind.label(out.lang));
        }
    });
    Ok(exit(report.complete()))
}
