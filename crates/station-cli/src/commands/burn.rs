//! `evidence-station burn …`: long-term copies on discs and drives, planned, written and read back.

use std::path::PathBuf;
use std::process::ExitCode;

use station_core::burn::{DiscCheck, DiscTarget, MediumName};
use station_core::Error;

use crate::context::{exit, term, Context, Output};
use crate::progress;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Plan discs for every long-term clip lacking its copies.
    Plan {
        /// cd | dvd | dvd-dl | bd25 | bd50 | bd100 | drive (a removable drive: give --drive)
        #[arg(long, value_enum)]
        media: MediumName,
        /// The mounted removable drive to plan for (its free space is the capacity).
        #[arg(long)]
        drive: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write a planned disc (to an image or a burner) or volume (to a drive), then read it back.
    Write {
        disc: String,
        #[command(flatten)]
        target: TargetArgs,
        #[arg(long)]
        json: bool,
    },
    /// Read a disc or a drive back and check every file.
    Verify {
        disc: String,
        #[command(flatten)]
        target: TargetArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
#[group(required = true, multiple = false)]
pub struct TargetArgs {
    /// An ISO image file.
    #[arg(long)]
    image: Option<PathBuf>,
    /// An optical burner, e.g. /dev/sr0.
    #[arg(long)]
    device: Option<String>,
    /// The folder where a removable drive is mounted.
    #[arg(long)]
    drive: Option<PathBuf>,
}

impl TargetArgs {
    fn target(self) -> DiscTarget {
        match (self.image, self.device, self.drive) {
            (Some(i), _, _) => DiscTarget::Image(i),
            (_, Some(d), _) => DiscTarget::Device(d),
            (_, _, Some(d)) => DiscTarget::Drive(d),
            // clap's group guarantees one of them.
            (None, None, None) => DiscTarget::Image(PathBuf::new()),
        }
    }
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Plan { media, drive, json } => {
            let (st, out) = ctx.open(json)?;
            let medium = st.discs().medium(media, drive.as_deref())?;
            out.show(&st.discs().plan(medium)?, |discs| {
                for d in discs {
                    let fill = d.bytes as f64 * 100.0 / d.capacity as f64;
                    let (id, medium, copy, n) = (&d.id, &d.medium, d.copy_no, d.clips.len());
                    out.say(
                        format!("{id}  {medium}  第 {copy} 份  {n} 条记录  已用 {fill:.0} %"),
                        format!("{id}  {medium}  copy {copy}  {n} clips  {fill:.0} % full"),
                    );
                }
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Write { disc, target, json } => {
            let (st, out) = ctx.open(json)?;
            let bar = progress::Bar::new(out.lang);
            let check = st.discs().write(&disc, &target.target(), &bar);
            bar.finish();
            Ok(report(out, &check?))
        }
        Command::Verify { disc, target, json } => {
            let (st, out) = ctx.open(json)?;
            let bar = progress::Bar::new(out.lang);
            let check = st.discs().verify(&disc, &target.target(), &bar);
            bar.finish();
            Ok(report(out, &check?))
        }
    }
}

/// A disc or drive read back: every file intact, or which were not.
fn report(out: Output, check: &DiscCheck) -> ExitCode {
    out.show(check, |check| {
        let (disc, n) = (&check.disc, check.files_checked);
        if check.ok {
            out.say(
                format!("光盘 {disc}：{n} 个文件全部回读校验一致。"),
                format!("disc {disc}: all {n} files read back intact."),
            );
        } else {
            out.say(
                format!("光盘 {disc}：校验失败！"),
                format!("disc {disc}: verification FAILED"),
            );
        }
        for f in &check.mismatched {
            println!("  ✗ {} {}", out.pick("不一致", "mismatched"), term(f));
        }
        for f in &check.missing {
            println!("  ✗ {} {}", out.pick("缺失", "missing"), term(f));
        }
    });
    exit(check.ok)
}
