//! `evidence-station library …`: where the library is, and moving it to another folder or
//! disk (copied, verified, switched; the old folder kept until `remove-old`).

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::Error;

use crate::context::{exit, Context};
use crate::progress;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Where the library is, and any old folder kept after a move.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Move the library into an empty or new folder (administrator): every file copied and
    /// read back, the station switched to the copy, the old folder kept and marked as moved.
    Move {
        #[arg(long)]
        to: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Remove the old folders kept after moves: only the files proven held, byte for byte,
    /// in this library; anything else stays and is named.
    RemoveOld {
        #[arg(long)]
        json: bool,
    },
}

#[derive(serde::Serialize)]
struct Shown {
    library: String,
    kept_old: Vec<station_core::LibraryMove>,
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Show { json } => {
            let (st, out) = ctx.open(json)?;
            let shown = Shown {
                library: st.root().display().to_string(),
                kept_old: st.kept_old_libraries()?,
            };
            out.show(&shown, |s| {
                out.say(
                    format!("证据库：{}", s.library),
                    format!("library: {}", s.library),
                );
                for m in &s.kept_old {
                    out.say(
                        format!(
                            "  迁移前的旧证据库仍保留在 {}（{} 迁移）",
                            m.from_path,
                            st.local_text(&m.moved_at)
                        ),
                        format!(
                            "  the old library is still kept at {} (moved {})",
                            m.from_path,
                            st.local_text(&m.moved_at)
                        ),
                    );
                }
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Move { to, json } => {
            let (st, out) = ctx.open(json)?;
            let bar = progress::Bar::new(out.lang);
            let (_st, r) = st.move_library(&to, &bar)?;
            bar.finish();
            out.show(&r, |r| {
                let (n, size) = (r.files, progress::bytes(r.bytes));
                out.say(
                    format!("证据库已迁移到 {}：{n} 个文件（{size}）逐个回读校验一致。旧证据库保留在 {}，确认新库无误后用 `library remove-old` 删除。", r.to, r.from),
                    format!("library moved to {}: {n} files ({size}) each read back and identical. The old library is kept at {}; remove it with `library remove-old` once the new one is confirmed.", r.to, r.from),
                );
                for p in &r.mismatched {
                    println!("  ✗ {} {p}", out.pick("迁移前已与登记的摘要不一致", "already differed from its digest"));
                }
                for p in &r.missing {
                    println!("  ✗ {} {p}", out.pick("迁移前已缺失", "already missing"));
                }
                for p in &r.skipped {
                    println!("  - {} {p}", out.pick("不是普通文件，未复制", "not a plain file, not copied"));
                }
            });
            Ok(exit(r.mismatched.is_empty() && r.missing.is_empty()))
        }
        Command::RemoveOld { json } => {
            let (st, out) = ctx.open(json)?;
            let bar = progress::Bar::new(out.lang);
            let r = st.remove_old_libraries(&bar)?;
            bar.finish();
            out.show(&r, |r| {
                let (n, size, kept) = (r.removed, progress::bytes(r.bytes), r.kept.len());
                out.say(
                    format!("已从旧证据库删除 {n} 个文件（{size}），每个都已证明在本证据库中完好；保留 {kept} 个。"),
                    format!("{n} files ({size}) removed from the old library, each proven held here; {kept} kept."),
                );
                for k in &r.kept {
                    println!("  ✗ {} {}", k.because.label(out.lang), k.path);
                }
            });
            Ok(exit(r.kept.is_empty()))
        }
    }
}
