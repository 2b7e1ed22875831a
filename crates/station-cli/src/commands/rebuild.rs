//! `evidence-station rebuild`: the catalog from the journal, media/ and the manifests, as the administrator.

use std::process::ExitCode;
use std::sync::Arc;

use station_core::{Error, RebuildAuthority, Station, SystemClock};

use crate::context::{exit, Context, Output};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    ctx.output(args.json);
    let credentials = ctx.credentials.user_and_password()?;
    let authority = credentials
        .as_ref()
        .map(|(user, password)| RebuildAuthority { user, password });
    let (st, report) = Station::rebuild_catalog(&ctx.root, Arc::new(SystemClock), authority)?;
    let out = Output {
        lang: ctx.lang_or(st.lang()),
        json: args.json,
    };
    out.show(&report, |r| {
        let (lines, restored) = (r.journal_lines, r.restored);
        let (missing, bad, unlisted) = (r.missing.len(), r.mismatched.len(), r.unlisted.len());
        out.say(
            format!("目录已重建：重放日志 {lines} 行；恢复 {restored} 条记录；文件缺失 {missing}，内容不一致 {bad}，清单外文件 {unlisted}。"),
            format!("catalog rebuilt: {lines} journal lines replayed; {restored} clips restored; {missing} missing, {bad} mismatched, {unlisted} files no manifest names."),
        );
        if let Some(p) = &r.previous_catalog {
            println!("  {} {p}", out.pick("原目录已另存为", "previous catalog kept as"));
        }
        for (label, list) in [
            (out.pick("缺失", "missing"), &r.missing),
            (out.pick("不一致", "mismatched"), &r.mismatched),
            (out.pick("清单外", "unlisted"), &r.unlisted),
            (out.pick("日志", "journal"), &r.journal_problems),
        ] {
            for p in list {
                println!("  ✗ {label} {p}");
            }
        }
    });
    Ok(exit(report.clean()))
}
