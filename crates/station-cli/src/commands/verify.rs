//! `evidence-station verify`: every stored original re-read and compared with the catalog.

use std::process::ExitCode;

use station_core::Error;

use crate::context::{exit, Context};
use crate::progress;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let (st, out) = ctx.open(args.json)?;
    let bar = progress::Bar::new(out.lang);
    let report = st.clips().verify(&bar)?;
    bar.finish();
    out.show(&report, |r| {
        let (checked, bytes) = (r.checked, progress::bytes(r.bytes));
        let (ok, bad, gone) = (r.ok, r.mismatched.len(), r.missing.len());
        out.say(
            format!("已校验 {checked} 个原始文件（{bytes}）：完好 {ok}，不一致 {bad}，缺失 {gone}。"),
            format!("{checked} originals checked ({bytes}): {ok} intact, {bad} mismatched, {gone} missing."),
        );
        for p in &r.mismatched {
            println!("  ✗ {} {}", out.pick("不一致", "mismatched"), p.path);
        }
        for p in &r.missing {
            println!("  ✗ {} {}", out.pick("缺失", "missing"), p.path);
        }
    });
    Ok(exit(report.clean()))
}
