//! `evidence-station`: the station without a window. Laid out as cargo lays out its commands:
//! one file per command group under `commands/`, each with its arguments and an `exec` that
//! calls the `Station` and prints through one [`context::Output`]. A library so the test
//! harness runs the very same code as a separate process (for kill -9 and unplug tests).

mod commands;
mod context;
mod progress;
mod signin;
mod usage;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use station_core::library::Library;
use station_core::{Error, Lang};

use commands::*;
use context::Context;
use signin::Credentials;

#[derive(Parser)]
#[command(
    name = "evidence-station",
    version,
    about = "执法记录证据工作站 Evidence Station"
)]
struct Cli {
    /// The library folder (else EVIDENCE_STATION_LIBRARY, else the one chosen at setup, else
    /// the platform data dir).
    #[arg(long, global = true)]
    library: Option<PathBuf>,
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Sign in as this account, before the command: `evidence-station --user NAME COMMAND`
    /// (a station with accounts requires it for most commands; after `audit list`, `--user`
    /// filters the log instead).
    #[arg(long)]
    user: Option<String>,
    /// Read passwords from standard input, one per line, instead of prompting.
    #[arg(long, global = true)]
    password_stdin: bool,
    /// Read the `--user` account's password from the first line of this file (for scheduled
    /// tasks; keep the file readable by that account only).
    #[arg(long, global = true)]
    password_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the library and its administrator (idempotent). There is no open station: a
    /// new library needs `--admin NAME`.
    Init(init::Args),
    /// Local accounts and their roles.
    Accounts {
        #[command(subcommand)]
        command: accounts::Command,
    },
    /// Requests to view or copy evidence, approved by the branch head (art. 20).
    Access {
        #[command(subcommand)]
        command: access::Command,
    },
    /// Ingest one mounted recorder: copy, verify by reading back, store.
    Ingest(ingest::Args),
    /// Stored clips.
    Clips {
        #[command(subcommand)]
        command: clips::Command,
    },
    /// Re-read every stored original and compare with the catalog.
    Verify(verify::Args),
    /// Rebuild the catalog from media/ and the manifests (the old catalog is kept aside).
    Rebuild(rebuild::Args),
    /// The district's object store: connect, show, test.
    District {
        #[command(subcommand)]
        command: district::Command,
    },
    /// Where the library is; moving it to another folder or disk (administrator).
    Library {
        #[command(subcommand)]
        command: library::Command,
    },
    /// Station settings.
    Settings {
        #[command(subcommand)]
        command: settings::Command,
    },
    /// Watch the mount roots and ingest every recorder docked there, until Ctrl-C / SIGTERM.
    Watch(watch::Args),
    /// Squads (中队/组).
    Squads {
        #[command(subcommand)]
        command: squads::Command,
    },
    /// Officers (执法人员).
    Officers {
        #[command(subcommand)]
        command: officers::Command,
    },
    /// The registry (squads, officers, recorders) from a spreadsheet, and its template.
    Import {
        #[command(subcommand)]
        command: import::Command,
    },
    /// Recorders and who holds them.
    Devices {
        #[command(subcommand)]
        command: devices::Command,
    },
    /// The docking record.
    Docks {
        #[command(subcommand)]
        command: docks::Command,
    },
    /// Long-term holds (art. 19).
    Holds {
        #[command(subcommand)]
        command: holds::Command,
    },
    /// Retention state of every clip.
    Retention {
        #[command(subcommand)]
        command: retention::Command,
    },
    /// Approved, recoverable disposal.
    Disposal {
        #[command(subcommand)]
        command: disposal::Command,
    },
    /// Long-term copies on discs.
    Burn {
        #[command(subcommand)]
        command: burn::Command,
    },
    /// The disc register.
    Discs {
        #[command(subcommand)]
        command: discs::Command,
    },
    /// BagIt packages for the district: the weekly aggregation and requests.
    Export {
        #[command(subcommand)]
        command: export::Command,
    },
    /// Cases (案件) and their stages.
    Cases {
        #[command(subcommand)]
        command: cases::Command,
    },
    /// Enforcement activities: their clips, coverage and interruptions (art. 9–13).
    Activities {
        #[command(subcommand)]
        command: activities::Command,
    },
    /// Figures per week, month or year (统计).
    Stats(stats::Args),
    /// The legal-affairs section's random spot checks and their ledger (art. 22).
    Spotcheck {
        #[command(subcommand)]
        command: spotcheck::Command,
    },
    /// Art. 23's reports: missing, gaps, content, late, sequence, undocked, labels, refused.
    Reports(reports::Args),
    /// The hash-chained audit log.
    Audit {
        #[command(subcommand)]
        command: audit::Command,
    },
}

/// `evidence-station clips list | head`: when the reader stops reading, the CLI ends as `cat`
/// does, by SIGPIPE, instead of panicking on its next line (Rust ignores SIGPIPE by default).
fn end_quietly_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The whole command line program.
pub fn main() -> ExitCode {
    end_quietly_on_a_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage::refuse(e),
    };
    let ctx = Context::new(
        Library::locate(cli.library),
        cli.lang.as_deref().and_then(Lang::parse),
        Credentials::new(cli.user, cli.password_stdin, cli.password_file),
    );
    match exec(&ctx, cli.command) {
        Ok(code) => code,
        Err(e) => {
            ctx.report_error(&e);
            ExitCode::from(2)
        }
    }
}

fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Init(args) => init::exec(ctx, args),
        Command::Accounts { command } => accounts::exec(ctx, command),
        Command::Access { command } => access::exec(ctx, command),
        Command::Ingest(args) => ingest::exec(ctx, args),
        Command::Clips { command } => clips::exec(ctx, command),
        Command::Verify(args) => verify::exec(ctx, args),
        Command::Rebuild(args) => rebuild::exec(ctx, args),
        Command::Library { command } => library::exec(ctx, command),
        Command::District { command } => district::exec(ctx, command),
        Command::Settings { command } => settings::exec(ctx, command),
        Command::Watch(args) => watch::exec(ctx, args),
        Command::Squads { command } => squads::exec(ctx, command),
        Command::Officers { command } => officers::exec(ctx, command),
        Command::Devices { command } => devices::exec(ctx, command),
        Command::Import { command } => import::exec(ctx, command),
        Command::Docks { command } => docks::exec(ctx, command),
        Command::Holds { command } => holds::exec(ctx, command),
        Command::Retention { command } => retention::exec(ctx, command),
        Command::Disposal { command } => disposal::exec(ctx, command),
        Command::Burn { command } => burn::exec(ctx, command),
        Command::Discs { command } => discs::exec(ctx, command),
        Command::Export { command } => export::exec(ctx, command),
        Command::Cases { command } => cases::exec(ctx, command),
        Command::Activities { command } => activities::exec(ctx, command),
        Command::Stats(args) => stats::exec(ctx, args),
        Command::Spotcheck { command } => spotcheck::exec(ctx, command),
        Command::Reports(args) => reports::exec(ctx, args),
        Command::Audit { command } => audit::exec(ctx, command),
    }
}
