//! `evidence-station import …`: the registry from a spreadsheet.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::{Error, ImportReport};

use crate::context::{exit, term, Context};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Write the import template: Chinese headers, an example on its second sheet. An existing
    /// file is never overwritten.
    Template {
        #[arg(long)]
        to: PathBuf,
    },
    /// Import squads, officers and recorders (with who holds each) from a filled template,
    /// XLSX or CSV. Nothing is saved when any row has a problem; exit 1 then.
    Registry {
        file: PathBuf,
        /// Check every row and show what would change, without saving.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Template { to } => {
            let out = ctx.output(false);
            station_core::write_import_template(&to)?;
            out.say(
                format!("已写出导入模板：{}", to.display()),
                format!("import template written: {}", to.display()),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Registry {
            file,
            dry_run,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            let report = st.registry().import(&file, dry_run)?;
            out.show(&report, |r| human(r, out.lang));
            Ok(exit(report.errors.is_empty()))
        }
    }
}

fn human(r: &ImportReport, lang: station_core::Lang) {
    for p in &r.errors {
        println!(
            "  ✗ {} {} {}：{}",
            lang.pick("第", "row"),
            p.row,
            term(&p.column),
            term(&p.message)
        );
    }
    let (rows, added, updated, unchanged) = (r.rows, r.added, r.updated, r.unchanged);
    let summary = match (lang, r.saved) {
        (station_core::Lang::Zh, true) => format!("已导入 {rows} 行：新增 {added}，更新 {updated}，无变化 {unchanged}。"),
        (station_core::Lang::Zh, false) if r.errors.is_empty() => format!("检查了 {rows} 行（未保存）：将新增 {added}，更新 {updated}，无变化 {unchanged}。"),
        (station_core::Lang::Zh, false) => format!("{} 处问题，什么都没有保存；改正后重新导入。", r.errors.len()),
        (station_core::Lang::En, true) => format!("{rows} rows imported: {added} added, {updated} updated, {unchanged} unchanged."),
        (station_core::Lang::En, false) if r.errors.is_empty() => format!("{rows} rows checked (not saved): {added} to add, {updated} to update, {unchanged} unchanged."),
        (station_core::Lang::En, false) => format!("{} problems; nothing was saved. Correct them and import again.", r.errors.len()),
    };
    println!("{summary}");
}
