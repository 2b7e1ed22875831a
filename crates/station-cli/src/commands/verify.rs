//! `evidence-station verify`: every stored original re-read and compared with the catalog.

use std::process::ExitCode;

use station_core::fixity::FileDigest;
use station_core::Error;

use crate::context::{exit, Context};
use crate::progress;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
    /// Re-read only tonight's share (what `watch` and the window do each night), so the whole
    /// library is proven at least every `verify_days` days: for a scheduled task.
    #[arg(long, conflicts_with = "status")]
    scheduled: bool,
    /// Say how well the library is proven: since when every file was read back whole, the
    /// last pass, the files found changed or missing. Reads nothing.
    #[arg(long)]
    status: bool,
    /// The digest each file is read back with: blake3 (the fastest), sha256 or sm3 (what a
    /// court was given). Files the catalog keeps no SM3 of are read with BLAKE3.
    #[arg(long, value_name = "DIGEST", default_value = "blake3", conflicts_with_all = ["status", "scheduled"])]
    digest: FileDigest,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let (st, out) = ctx.open(args.json)?;
    if args.status {
        let status = st.fixity_status()?;
        out.show(&status, |s| {
            let since = s.fully_verified_since.as_deref().map(|t| st.local_text(t)).unwrap_or_else(|| "—".into());
            out.say(
                format!("全部文件最近一次校验完好始于 {since}（要求每 {} 天至少校验一遍）；校验异常 {} 个。", s.verify_days, s.problems),
                format!("every file proven whole since {since} (bound: every {} days); {} problems.", s.verify_days, s.problems),
            );
        });
        return Ok(exit(status.problems == 0));
    }
    let bar = progress::Bar::new(out.lang);
    let report = if args.scheduled {
        st.scheduled_check(&bar, None)?
    } else {
        st.verify_with(args.digest, &bar)?
    };
    bar.finish();
    out.show(&report, |r| {
        let (checked, bytes) = (r.checked, progress::bytes(r.bytes));
        let (ok, bad, gone) = (r.ok, r.mismatched.len(), r.missing.len());
        out.say(
            format!("已校验 {checked} 个原始文件（{bytes}）：完好 {ok}，不一致 {bad}，缺失 {gone}。"),
            format!("{checked} originals checked ({bytes}): {ok} intact, {bad} mismatched, {gone} missing."),
        );
        if r.read_with_blake3 > 0 {
            let (n, digest) = (r.read_with_blake3, r.digest.label(out.lang));
            out.say(
                format!("其中 {n} 个文件目录中没有 {digest} 值（本站计算 SM3 之前入库的记录、案件文书），已按 BLAKE3 校验。"),
                format!("{n} of them have no {digest} in the catalog (stored before the station computed SM3, or case documents) and were read with BLAKE3."),
            );
        }
        for p in &r.mismatched {
            println!("  ✗ {} {}", out.pick("不一致", "mismatched"), p.path);
        }
        for p in &r.missing {
            println!("  ✗ {} {}", out.pick("缺失", "missing"), p.path);
        }
    });
    Ok(exit(report.clean()))
}
