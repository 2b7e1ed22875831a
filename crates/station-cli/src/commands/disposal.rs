//! `evidence-station disposal …`: approved, recoverable disposal.

use std::process::ExitCode;

use station_core::retention::DisposalBatch;
use station_core::Error;

use crate::context::{Context, Output};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Propose every clip that may be disposed of, in one batch.
    Propose {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The branch head approves a batch; its files go after the grace period.
    Approve {
        batch: i64,
        /// Needed when the batch is larger than `disposal_max_share` of the library.
        #[arg(long)]
        confirm_mass: bool,
    },
    /// The second person's confirmation of an approved mass disposal (not its proposer or
    /// approver): its grace period starts only then.
    Confirm {
        batch: i64,
    },
    Reject {
        batch: i64,
    },
    /// Take back an approved batch during its grace period.
    Restore {
        batch: i64,
    },
    /// Carry out approved batches whose grace period has ended.
    Run {
        #[arg(long)]
        json: bool,
    },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    let json = matches!(
        command,
        Command::Propose { json: true, .. } | Command::Run { json: true }
    );
    let (st, out) = ctx.open(json)?;
    match command {
        Command::Propose { as_of, .. } => {
            let as_of = as_of
                .map(|t| st.parse_time(&t))
                .transpose()?
                .map(|t| t.to_utc());
            out.show(&st.disposal().propose(as_of)?, |batch| match batch {
                Some(b) => show(out, b),
                None => out.say("没有可以销毁的记录。", "nothing may be disposed of."),
            });
        }
        Command::Approve {
            batch,
            confirm_mass,
        } => show(out, &st.disposal().approve(batch, confirm_mass)?),
        Command::Confirm { batch } => show(out, &st.disposal().confirm_mass(batch)?),
        Command::Reject { batch } => show(out, &st.disposal().reject(batch)?),
        Command::Restore { batch } => show(out, &st.disposal().restore(batch)?),
        Command::Run { .. } => {
            let n = st.disposal().run()?;
            out.show(&serde_json::json!({ "disposed": n }), |_| {
                out.say(
                    format!("已销毁 {n} 条记录（保留了销毁记录）。"),
                    format!("{n} clips disposed of (tombstones kept)."),
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(out: Output, b: &DisposalBatch) {
    let (id, n, state) = (b.id, b.clips.len(), &b.state);
    out.say(
        format!("销毁批次 {id}：{n} 条记录，状态 {state}"),
        format!("disposal batch {id}: {n} clips, {state}"),
    );
}
