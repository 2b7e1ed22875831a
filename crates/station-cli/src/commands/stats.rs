//! `evidence-station stats`: figures per week, month or year (统计).

use std::process::ExitCode;

use station_core::statistics::Period;
use station_core::Error;

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Period::Month)]
    by: Period,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let (st, out) = ctx.open(args.json)?;
    let s = st.statistics(args.by, args.from.as_deref(), args.to.as_deref())?;
    out.show(&s, |s| {
        for b in &s.buckets {
            println!(
                "{:<9} {:>6} clips  video {:>7.1} h  audio {:>5.1} h  photos {:>5}  important {:>4}  dockings {}/{} late  activities {} ({})",
                b.period,
                b.clips,
                b.video_hours,
                b.audio_hours,
                b.photos,
                b.important,
                b.late_dockings,
                b.dockings,
                b.activities,
                b.coverage
                    .map(|c| format!("{:.0} %", c * 100.0))
                    .unwrap_or_else(|| "-".into())
            );
        }
    });
    Ok(ExitCode::SUCCESS)
}
