//! `evidence-station activities …`: enforcement activities, their clips, coverage, interruptions and required content (art. 9–13).

use std::process::ExitCode;

use station_core::cases::{ActivityKind, GapReason, NewActivity};
use station_core::Error;

use crate::context::{Context, Output};

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        #[arg(long = "case")]
        case_number: String,
        #[arg(long, value_enum)]
        kind: ActivityKind,
        /// RFC 3339 or local `YYYY-MM-DD HH:MM`.
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long = "officer")]
        officers: Vec<String>,
        #[arg(long)]
        place: Option<String>,
        /// The case's stage it belongs to (its clips with it).
        #[arg(long, value_enum)]
        stage: Option<station_core::cases::Stage>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Link {
        id: i64,
        #[arg(long = "clip", num_args = 1.., required = true)]
        clips: Vec<i64>,
    },
    /// Clips of the officers present that overlap the activity and are not linked yet.
    Suggest {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    Coverage {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Explain gap N.
    Explain {
        id: i64,
        #[arg(long)]
        gap: usize,
        #[arg(long, value_enum)]
        reason: GapReason,
        /// Recording resumed with the reason spoken on it.
        #[arg(long)]
        resumed: bool,
        #[arg(long)]
        note: Option<String>,
    },
    /// Art. 10's key content for the activity's kind, and what is ticked.
    Checklist {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Tick a checklist item against a moment in a linked clip.
    Tick {
        id: i64,
        #[arg(long)]
        item: String,
        #[arg(long)]
        clip: i64,
        /// Seconds into the clip.
        #[arg(long = "at")]
        offset: f64,
    },
    /// The branch head acknowledges gap N's written explanation.
    Acknowledge {
        id: i64,
        #[arg(long)]
        gap: usize,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Add {
            case_number,
            kind,
            from,
            to,
            officers,
            place,
            stage,
            json,
        } => {
            let (st, out) = ctx.open(json)?;
            out.id(st.activities().add(&NewActivity {
                case_number,
                kind,
                place,
                from,
                to,
                officers,
                stage,
            })?)
        }
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.activities().list()?, |all| print_list(all));
        }
        Command::Link { id, clips } => {
            println!("{}", ctx.open(false)?.0.activities().link(id, &clips)?)
        }
        Command::Suggest { id, json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.activities().suggest(id)?, |clips| {
                for c in clips {
                    let at = c.recorded_at.as_deref().unwrap_or("-");
                    println!("{:>6}  {at}  {}", c.id, c.source_path);
                }
            });
        }
        Command::Coverage { id, json } => {
            let (st, out) = ctx.open(json)?;
            let coverage = st.activities().coverage(id)?;
            out.show(&coverage, |c| print_coverage(out, c));
        }
        Command::Explain {
            id,
            gap,
            reason,
            resumed,
            note,
        } => ctx.open(false)?.0.activities().explain_gap(
            id,
            gap,
            reason,
            resumed,
            note.as_deref(),
        )?,
        Command::Acknowledge { id, gap } => {
            ctx.open(false)?.0.activities().acknowledge_gap(id, gap)?
        }
        Command::Checklist { id, json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.activities().required_content(id)?, |items| {
                print_checklist(items)
            });
        }
        Command::Tick {
            id,
            item,
            clip,
            offset,
        } => ctx
            .open(false)?
            .0
            .activities()
            .tick(id, &item, clip, offset)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_coverage(out: Output, c: &station_core::cases::Coverage) {
    println!(
        "{} {:.1} %",
        out.pick("覆盖", "covered"),
        c.covered_ratio * 100.0
    );
    for g in &c.gaps {
        println!(
            "  {} {}  {} – {}  {} s  {}",
            out.pick("中断", "gap"),
            g.n,
            g.from,
            g.to,
            g.seconds,
            if g.explained {
                out.pick("已说明", "explained")
            } else {
                out.pick("未说明", "UNEXPLAINED")
            }
        );
    }
}

fn print_list(all: &[station_core::cases::ActivityRow]) {
    for a in all {
        let n = a.clips.len();
        println!(
            "{:>4}  {:<20} {:<12} {n} clips",
            a.id, a.case_number, a.kind
        );
    }
}

fn print_checklist(items: &[station_core::cases::ContentItem]) {
    for i in items {
        match (i.clip, i.offset_s) {
            (Some(c), Some(o)) => println!("  ✓ {}  {} @ {o:.0} s", i.label, c),
            _ => println!("  ✗ {}", i.label),
        }
    }
}
