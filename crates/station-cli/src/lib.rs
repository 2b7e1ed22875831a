//! `evidence-station`: the station without a window. Every command calls one `Station` method;
//! this file only parses arguments and prints. A library so the test harness runs the very same
//! code as a separate process (for kill -9 and unplug tests).

mod progress;
mod signin;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use station_core::library::Library;
use std::sync::atomic::{AtomicBool, Ordering};

use station_core::access::{AccessTarget, Level, NewAccount, Purpose, Role};
use station_core::audit::AuditFilter;
use station_core::burn::DiscTarget;
use station_core::cases::{ActivityKind, GapReason, NewActivity, ReportKind, Stage};
use station_core::dock;
use station_core::events::EventSink;
use station_core::export::{BagCheck, ExportReport, IsoWeek, Selection};
use station_core::recorders::Kind;
use station_core::retention::{HoldReason, HoldTarget};
use station_core::spot_checks::Draw;
use station_core::statistics::Period;
use station_core::{
    ClipQuery, DeviceRegistration, Error, IngestOptions, Labels, Lang, Station, SystemClock,
};

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
    Init {
        #[arg(long)]
        branch: Option<String>,
        /// The administrator account (its password prompted, or from --password-stdin).
        #[arg(long)]
        admin: Option<String>,
    },
    /// Local accounts and their roles.
    Accounts {
        #[command(subcommand)]
        command: AccountsCommand,
    },
    /// Requests to view or copy evidence, approved by the branch head (art. 20).
    Access {
        #[command(subcommand)]
        command: AccessCommand,
    },
    /// Ingest one mounted recorder: copy, verify by reading back, store.
    Ingest {
        source_dir: PathBuf,
        #[arg(long)]
        device: Option<String>,
        #[arg(long)]
        officer: Option<String>,
        #[arg(long)]
        squad: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Stored clips.
    Clips {
        #[command(subcommand)]
        command: ClipsCommand,
    },
    /// Re-read every stored original and compare with the catalog.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the catalog from media/ and the manifests (the old catalog is kept aside).
    Rebuild {
        #[arg(long)]
        json: bool,
    },
    /// Station settings.
    Settings {
        #[command(subcommand)]
        command: SettingsCommand,
    },
    /// Watch the mount roots and ingest every recorder docked there, until Ctrl-C / SIGTERM.
    Watch {
        /// A folder recorders are mounted under (repeatable; default: the settings, else the OS's).
        #[arg(long = "mount-root")]
        mount_roots: Vec<PathBuf>,
        /// One JSON event per line instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Squads (中队/组).
    Squads {
        #[command(subcommand)]
        command: SquadsCommand,
    },
    /// Officers (执法人员).
    Officers {
        #[command(subcommand)]
        command: OfficersCommand,
    },
    /// Recorders and who holds them.
    Devices {
        #[command(subcommand)]
        command: DevicesCommand,
    },
    /// The docking record.
    Docks {
        #[command(subcommand)]
        command: DocksCommand,
    },
    /// Long-term holds (art. 19).
    Holds {
        #[command(subcommand)]
        command: HoldsCommand,
    },
    /// Retention state of every clip.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Approved, recoverable disposal.
    Disposal {
        #[command(subcommand)]
        command: DisposalCommand,
    },
    /// Long-term copies on discs.
    Burn {
        #[command(subcommand)]
        command: BurnCommand,
    },
    /// The disc register.
    Discs {
        #[command(subcommand)]
        command: DiscsCommand,
    },
    /// BagIt packages for the district: the weekly aggregation and requests.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Cases (案件) and their stages.
    Cases {
        #[command(subcommand)]
        command: CasesCommand,
    },
    /// Enforcement activities: their clips, coverage and interruptions (art. 9–13).
    Activities {
        #[command(subcommand)]
        command: ActivitiesCommand,
    },
    /// Figures per week, month or year (统计).
    Stats {
        #[arg(long, value_enum, default_value_t = Period::Month)]
        by: Period,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The legal-affairs section's random spot checks and their ledger (art. 22).
    Spotcheck {
        #[command(subcommand)]
        command: SpotcheckCommand,
    },
    /// Art. 23's reports: missing, gaps, content, late, sequence, undocked, labels, refused.
    Reports {
        #[arg(value_enum)]
        which: ReportKind,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The hash-chained audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum SpotcheckCommand {
    /// Draw a sample that the same seed draws again.
    Draw {
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        size: u32,
        #[arg(long)]
        squad: Option<String>,
        #[arg(long)]
        officer: Option<String>,
        /// clip (default) or activity.
        #[arg(long, default_value = "clip")]
        of: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the review of one drawn item (its `id` in the draw).
    Review {
        item: i64,
        /// pass or fail.
        #[arg(long)]
        result: String,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// The inspection ledger (检查台账) as XLSX.
    Ledger {
        #[arg(long)]
        to: PathBuf,
    },
}

#[derive(Subcommand)]
enum CasesCommand {
    Add {
        #[arg(long)]
        number: String,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        party: Option<String>,
        /// A responsible officer's 警号 (repeat for several).
        #[arg(long = "officer")]
        officers: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Store scanned documents as the case's text records (copied, read back, proven).
    Attach {
        number: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The date of a stage.
    Stage {
        number: String,
        #[arg(long, value_enum)]
        stage: Stage,
        #[arg(long)]
        date: String,
    },
}

#[derive(Subcommand)]
enum ActivitiesCommand {
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

#[derive(Subcommand)]
enum AccountsCommand {
    /// Create the administrator of a library made before accounts existed (it refuses
    /// everything until one exists); refused once any account exists.
    Bootstrap {
        #[arg(long)]
        admin: String,
    },
    /// Add an account (its password prompted, or the next line of stdin).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        #[arg(long)]
        display_name: Option<String>,
        /// An officer's 警号.
        #[arg(long)]
        officer: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change an account's role, or disable / enable it.
    Set {
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        #[arg(long)]
        disabled: bool,
    },
    /// A new password (prompted, or the next line of stdin).
    Passwd { name: String },
}

#[derive(Subcommand)]
enum AccessCommand {
    /// Ask to view or copy clips, or a case.
    Request {
        #[arg(long = "clip", num_args = 1.., conflicts_with = "case_number", required_unless_present = "case_number")]
        clips: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        #[arg(long, value_enum)]
        purpose: Purpose,
        /// The highest confidentiality the request covers.
        #[arg(long, value_enum, default_value_t = Level::Normal)]
        level: Level,
        #[arg(long)]
        reason: String,
    },
    /// Approve a request (branch head; never one's own).
    Approve {
        id: i64,
        /// Days until it expires (default 7).
        #[arg(long)]
        days: Option<u32>,
        #[arg(long)]
        note: Option<String>,
    },
    Reject {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain; exit 1 naming the first broken row.
    Verify {
        /// An export package, a disc's README.txt or volume, a file or `id:hash`: the chain
        /// must still hold the head recorded there.
        #[arg(long)]
        against: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Audit rows, newest first.
    List {
        #[arg(long)]
        json: bool,
        /// YYYY-MM-DD (local midnight) or RFC 3339.
        #[arg(long)]
        from: Option<String>,
        /// YYYY-MM-DD (the whole day included) or RFC 3339.
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        action: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The week's package (a supplementary one for what was ingested after it was exported).
    Week {
        /// YYYY-Www in station time (default: the last complete week).
        #[arg(long)]
        week: Option<String>,
        /// The folder to write into, e.g. a mounted USB drive.
        #[arg(long)]
        to: PathBuf,
        /// Write the whole week again (another copy), even if it was exported.
        #[arg(long)]
        again: bool,
        #[arg(long)]
        json: bool,
    },
    /// Weeks with their packages and what is not yet exported.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// A district request (art. 20): chosen clips or a case.
    Request {
        #[arg(long = "clip", num_args = 1.., conflicts_with = "case_number", required_unless_present = "case_number")]
        clips: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        #[arg(long)]
        to: PathBuf,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Check a package against its manifests (any copy, anywhere).
    Verify {
        package: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum BurnCommand {
    /// Plan discs for every long-term clip lacking its copies.
    Plan {
        /// cd | dvd | dvd-dl | bd25 | bd50 | bd100 | drive (a removable drive: give --drive)
        #[arg(long)]
        media: String,
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
struct TargetArgs {
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

#[derive(Subcommand)]
enum DiscsCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Record where a written disc or drive is kept.
    Locate {
        disc: String,
        #[arg(long)]
        location: String,
    },
    /// Print the text for a disc's label.
    Label { disc: String },
}

#[derive(Subcommand)]
enum HoldsCommand {
    /// Hold clips, or everything labelled with a case number (now and later), long-term.
    Add {
        #[arg(long = "clip", num_args = 1.., conflicts_with = "case_number", required_unless_present = "case_number")]
        clips: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        /// evidence | review | obstruction | emergency | major
        #[arg(long)]
        reason: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Release a hold; the reason is required.
    Release {
        id: i64,
        #[arg(long)]
        note: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    Status {
        /// YYYY-MM-DD (local midnight) or RFC 3339; default now.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum DisposalCommand {
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

#[derive(Subcommand)]
enum SquadsCommand {
    Add {
        name: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum OfficersCommand {
    Add {
        /// 警号
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        squad: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum DevicesCommand {
    /// Register a recorder (or resolve one docked unregistered).
    Add {
        #[arg(long)]
        serial: String,
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        squad: Option<String>,
        #[arg(long)]
        officer: Option<String>,
        #[arg(long)]
        volume_label: Option<String>,
        /// Free this recorder after each fully verified docking: true or false.
        #[arg(long)]
        free_after_ingest: Option<bool>,
    },
    /// From a moment on (default now), an officer holds the recorder.
    Assign {
        #[arg(long)]
        serial: String,
        #[arg(long)]
        officer: String,
        /// YYYY-MM-DD HH:MM in the station's time zone, or RFC 3339.
        #[arg(long)]
        from: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum DocksCommand {
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
}

#[derive(Subcommand)]
enum ClipsCommand {
    /// Set clips' confidentiality.
    Classify {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long, value_enum)]
        level: Level,
    },
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        officer: Option<String>,
        #[arg(long)]
        squad: Option<String>,
        #[arg(long)]
        device: Option<String>,
        /// First day, YYYY-MM-DD (station time zone).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day, YYYY-MM-DD, inclusive.
        #[arg(long)]
        to: Option<NaiveDate>,
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        /// Case number.
        #[arg(long = "case")]
        case_number: Option<String>,
        /// Party (当事人).
        #[arg(long)]
        party: Option<String>,
        /// Only clips lacking squad, officer, time, cause or party (art. 18).
        #[arg(long)]
        missing_labels: bool,
    },
    /// Label clips: case number, cause (案由), party (当事人). An empty value clears one.
    Label {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long = "case")]
        case_number: Option<String>,
        #[arg(long)]
        cause: Option<String>,
        #[arg(long)]
        party: Option<String>,
    },
}

#[derive(Subcommand)]
enum SettingsCommand {
    List,
    Get { key: String },
    Set { key: String, value: String },
}

/// The whole command line program.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    signin::set(
        cli.user.clone(),
        cli.password_stdin,
        cli.password_file.clone(),
    );
    // --lang, else the station's `language` setting (applied once it is open), else Chinese.
    let lang_arg = cli.lang.as_deref().and_then(Lang::parse);
    let lang = lang_arg.unwrap_or_default();
    let json = matches!(
        cli.command,
        Command::Ingest { json: true, .. }
            | Command::Verify { json: true }
            | Command::Rebuild { json: true }
            | Command::Squads {
                command: SquadsCommand::List { json: true }
            }
            | Command::Officers {
                command: OfficersCommand::List { json: true }
            }
            | Command::Devices {
                command: DevicesCommand::List { json: true }
            }
            | Command::Docks {
                command: DocksCommand::List { json: true, .. }
            }
            | Command::Holds {
                command: HoldsCommand::List { json: true }
            }
            | Command::Retention {
                command: RetentionCommand::Status { json: true, .. }
            }
            | Command::Disposal {
                command: DisposalCommand::Propose { json: true, .. }
                    | DisposalCommand::Run { json: true }
            }
            | Command::Clips {
                command: ClipsCommand::List { json: true, .. }
            }
            | Command::Burn {
                command: BurnCommand::Plan { json: true, .. }
                    | BurnCommand::Write { json: true, .. }
                    | BurnCommand::Verify { json: true, .. }
            }
            | Command::Discs {
                command: DiscsCommand::List { json: true }
            }
            | Command::Accounts {
                command: AccountsCommand::List { json: true }
            }
            | Command::Access {
                command: AccessCommand::List { json: true }
            }
            | Command::Reports { json: true, .. }
            | Command::Stats { json: true, .. }
            | Command::Spotcheck {
                command: SpotcheckCommand::Draw { json: true, .. }
                    | SpotcheckCommand::List { json: true }
            }
            | Command::Cases {
                command: CasesCommand::List { json: true }
                    | CasesCommand::Show { json: true, .. }
                    | CasesCommand::Add { json: true, .. }
            }
            | Command::Activities {
                command: ActivitiesCommand::List { json: true }
                    | ActivitiesCommand::Add { json: true, .. }
                    | ActivitiesCommand::Suggest { json: true, .. }
                    | ActivitiesCommand::Coverage { json: true, .. }
                    | ActivitiesCommand::Checklist { json: true, .. }
            }
            | Command::Audit {
                command: AuditCommand::Verify { json: true, .. }
                    | AuditCommand::List { json: true, .. }
            }
            | Command::Export {
                command: ExportCommand::Week { json: true, .. }
                    | ExportCommand::Status { json: true }
                    | ExportCommand::Request { json: true, .. }
                    | ExportCommand::Verify { json: true, .. }
            }
    );
    match run(cli, lang_arg) {
        Ok(code) => code,
        Err(e) => {
            if json {
                let out = serde_json::json!({
                    "error": { "code": e.code(), "message": e.message(lang) }
                });
                println!("{out}");
            }
            eprintln!("{}: {}", lang.pick("错误", "error"), e.message(lang));
            ExitCode::from(2)
        }
    }
}

/// The library's first account, the administrator; its password asked for or read from stdin.
fn create_administrator(st: &Station, name: String) -> Result<(), Error> {
    let password = signin::password(&format!("{name} 的新密码 / new password: "))?;
    st.create_account(&NewAccount::new(&name, Role::Admin, &password))?;
    Ok(())
}

fn open(root: &Path, lang: Option<Lang>) -> Result<Station, Error> {
    let mut st = Station::open(root, Arc::new(SystemClock))?;
    if let Some(lang) = lang {
        st.set_language(lang);
    }
    signin::sign_in(&mut st)?;
    Ok(st)
}

fn run(cli: Cli, lang_arg: Option<Lang>) -> Result<ExitCode, Error> {
    let root = Library::locate(cli.library);
    let lang = lang_arg.unwrap_or_default();
    match cli.command {
        Command::Init { branch, admin } => {
            let founded = Library::exists(&root)
                && Station::open(&root, Arc::new(SystemClock))?.has_accounts()?;
            if !founded && admin.is_none() {
                return Err(Error::AdministratorNeeded);
            }
            let st = Station::init(&root, branch.as_deref(), Arc::new(SystemClock))?;
            if let (false, Some(name)) = (founded, admin) {
                create_administrator(&st, name)?;
            }
            println!(
                "{} {}",
                lang.pick("证据库已就绪：", "library ready:"),
                st.root().display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest {
            source_dir,
            device,
            officer,
            squad,
            json,
        } => {
            let st = open(&root, lang_arg)?;
            let lang = st.lang();
            let opts = IngestOptions {
                device,
                officer,
                squad,
                cancel: None,
            };
            let bar = progress::Bar::new(lang);
            let report = st.ingest(&source_dir, &opts, &bar)?;
            bar.finish();
            if json {
                print_json(&report);
            } else {
                println!("{}", report.summary(lang));
                for e in &report.errors {
                    println!("  ✗ {} [{}] {}", e.path, e.code, e.message);
                }
            }
            Ok(exit(report.complete()))
        }
        Command::Clips {
            command:
                ClipsCommand::List {
                    json,
                    officer,
                    squad,
                    device,
                    from,
                    to,
                    kind,
                    case_number,
                    party,
                    missing_labels,
                },
        } => {
            let st = open(&root, lang_arg)?;
            let lang = st.lang();
            let clips = st.list_clips(&ClipQuery {
                officer,
                squad,
                device,
                from,
                to,
                kind,
                case_number,
                party,
                important: None,
                missing_labels,
            })?;
            if json {
                print_json(&clips);
            } else {
                for c in &clips {
                    println!(
                        "{:>6}  {:<25}  {:<5}  {:>10}  {:<10} {:<8} {}{}{}",
                        c.id,
                        c.recorded_at.as_deref().unwrap_or("-"),
                        c.kind,
                        progress::bytes(c.size),
                        c.device,
                        c.officer.as_deref().unwrap_or("-"),
                        c.source_path,
                        if c.important { "  ★" } else { "" },
                        c.warnings
                            .first()
                            .map(|w| format!("  ⚠ {}", w.message))
                            .unwrap_or_default()
                    );
                }
                println!("{} {}", clips.len(), lang.pick("条记录", "clips"));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Clips {
            command:
                ClipsCommand::Label {
                    ids,
                    case_number,
                    cause,
                    party,
                },
        } => {
            let st = open(&root, lang_arg)?;
            let n = st.label_clips(
                &ids,
                &Labels {
                    case_number,
                    cause,
                    party,
                },
            )?;
            println!(
                "{}",
                match st.lang() {
                    Lang::Zh => format!("已标注 {n} 条记录。"),
                    Lang::En => format!("{n} clips labelled."),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Clips {
            command: ClipsCommand::Classify { ids, level },
        } => {
            let n = open(&root, lang_arg)?.classify(&ids, level)?;
            println!("{n}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { json } => {
            let st = open(&root, lang_arg)?;
            let lang = st.lang();
            let bar = progress::Bar::new(lang);
            let report = st.verify(&bar)?;
            bar.finish();
            if json {
                print_json(&report);
            } else {
                println!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "已校验 {} 个原始文件（{}）：完好 {}，不一致 {}，缺失 {}。",
                            report.checked,
                            progress::bytes(report.bytes),
                            report.ok,
                            report.mismatched.len(),
                            report.missing.len()
                        ),
                        Lang::En => format!(
                            "{} originals checked ({}): {} intact, {} mismatched, {} missing.",
                            report.checked,
                            progress::bytes(report.bytes),
                            report.ok,
                            report.mismatched.len(),
                            report.missing.len()
                        ),
                    }
                );
                for p in &report.mismatched {
                    println!("  ✗ {} {}", lang.pick("不一致", "mismatched"), p.path);
                }
                for p in &report.missing {
                    println!("  ✗ {} {}", lang.pick("缺失", "missing"), p.path);
                }
            }
            Ok(exit(report.clean()))
        }
        Command::Rebuild { json } => {
            let credentials = signin::credentials()?;
            let authority = credentials
                .as_ref()
                .map(|(user, password)| station_core::RebuildAuthority { user, password });
            let (st, report) = Station::rebuild_catalog(&root, Arc::new(SystemClock), authority)?;
            let lang = lang_arg.unwrap_or(st.lang());
            if json {
                print_json(&report);
            } else {
                println!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "目录已重建：重放日志 {} 行；恢复 {} 条记录；文件缺失 {}，内容不一致 {}，清单外文件 {}。",
                            report.journal_lines, report.restored, report.missing.len(), report.mismatched.len(), report.unlisted.len()
                        ),
                        Lang::En => format!(
                            "catalog rebuilt: {} journal lines replayed; {} clips restored; {} missing, {} mismatched, {} files no manifest names.",
                            report.journal_lines, report.restored, report.missing.len(), report.mismatched.len(), report.unlisted.len()
                        ),
                    }
                );
                if let Some(p) = &report.previous_catalog {
                    println!(
                        "  {} {p}",
                        lang.pick("原目录已另存为", "previous catalog kept as")
                    );
                }
                for (label, list) in [
                    (lang.pick("缺失", "missing"), &report.missing),
                    (lang.pick("不一致", "mismatched"), &report.mismatched),
                    (lang.pick("清单外", "unlisted"), &report.unlisted),
                    (lang.pick("日志", "journal"), &report.journal_problems),
                ] {
                    for p in list {
                        println!("  ✗ {label} {p}");
                    }
                }
            }
            Ok(exit(report.clean()))
        }
        Command::Watch { mount_roots, json } => {
            let st = open(&root, lang_arg)?;
            let lang = st.lang();
            let library = st.root().to_path_buf();
            // The custodian who started the watch (`--user`) is named in what it ingests.
            let on_duty = st
                .signed_in()
                .filter(|a| a.role == Role::Custodian)
                .map(|a| a.name);
            drop(st);
            let stop = Arc::new(AtomicBool::new(false));
            let on_signal = stop.clone();
            // Ctrl-C and SIGTERM end the watch cleanly: running jobs stop, nothing partial stays.
            let _ = ctrlc::set_handler(move || on_signal.store(true, Ordering::Relaxed));
            let sink: Arc<dyn EventSink> = Arc::new(watch::Printer::new(lang, json));
            dock::watch(
                &library,
                Arc::new(SystemClock),
                dock::WatchOptions {
                    roots: mount_roots,
                    on_duty: Arc::new(std::sync::Mutex::new(on_duty)),
                    ..Default::default()
                },
                sink,
                stop,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Squads { command } => {
            let st = open(&root, lang_arg)?;
            match command {
                SquadsCommand::Add { name } => st.add_squad(&name)?,
                SquadsCommand::List { json: true } => print_json(&st.squads()?),
                SquadsCommand::List { json: false } => {
                    for s in st.squads()? {
                        println!("{}\t{} 人\t{} 台", s.name, s.officers, s.devices);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Officers { command } => {
            let st = open(&root, lang_arg)?;
            match command {
                OfficersCommand::Add { id, name, squad } => {
                    st.add_officer(&id, name.as_deref(), squad.as_deref())?
                }
                OfficersCommand::List { json: true } => print_json(&st.officers()?),
                OfficersCommand::List { json: false } => {
                    for o in st.officers()? {
                        println!(
                            "{}\t{}\t{}",
                            o.number,
                            o.name.as_deref().unwrap_or("-"),
                            o.squad.as_deref().unwrap_or("-")
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Devices { command } => {
            let st = open(&root, lang_arg)?;
            let lang = st.lang();
            match command {
                DevicesCommand::Add {
                    serial,
                    model,
                    squad,
                    officer,
                    volume_label,
                    free_after_ingest,
                } => st.add_device(&DeviceRegistration {
                    serial,
                    model,
                    squad,
                    officer,
                    volume_label,
                    volume_uuid: None,
                    free_after_ingest,
                })?,
                DevicesCommand::Assign {
                    serial,
                    officer,
                    from,
                } => {
                    let from = from.map(|f| st.parse_time(&f)).transpose()?;
                    let n = st.assign_device(&serial, &officer, from)?;
                    println!(
                        "{}",
                        match lang {
                            Lang::Zh => format!("已登记；{n} 条记录按新的使用人重新标注。"),
                            Lang::En => format!("assigned; {n} clips relabelled."),
                        }
                    );
                }
                DevicesCommand::List { json: true } => print_json(&st.devices()?),
                DevicesCommand::List { json: false } => {
                    for d in st.devices()? {
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{} {}",
                            d.serial,
                            d.model.as_deref().unwrap_or("-"),
                            d.squad.as_deref().unwrap_or("-"),
                            d.officer.as_deref().unwrap_or("-"),
                            if d.registered {
                                lang.pick("已登记", "registered")
                            } else {
                                lang.pick("未登记", "unregistered")
                            },
                            d.clips,
                            lang.pick("条记录", "clips"),
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Docks {
            command: DocksCommand::List { json, limit },
        } => {
            let st = open(&root, lang_arg)?;
            let docks = st.docks(limit)?;
            if json {
                print_json(&docks);
            } else {
                for d in &docks {
                    println!(
                        "{:>5}  {}  {:<10} {:<9} {}/{}/{}/{}  {}",
                        d.id,
                        d.started_at.get(..19).unwrap_or(&d.started_at),
                        d.device,
                        d.state,
                        d.found,
                        d.copied,
                        d.skipped,
                        d.failed,
                        d.flags
                            .iter()
                            .map(|f| f.code())
                            .collect::<Vec<_>>()
                            .join(",")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Holds { command } => {
            let st = open(&root, lang_arg)?;
            match command {
                HoldsCommand::Add {
                    clips,
                    case_number,
                    reason,
                    note,
                } => {
                    let reason = HoldReason::named(&reason)?;
                    let target = match case_number {
                        Some(c) => HoldTarget::Case(c),
                        None => HoldTarget::Clips(clips),
                    };
                    let id = st.add_hold(&target, reason, note.as_deref())?;
                    println!("{id}");
                }
                HoldsCommand::Release { id, note } => st.release_hold(id, &note)?,
                HoldsCommand::List { json: true } => print_json(&st.holds()?),
                HoldsCommand::List { json: false } => {
                    for h in st.holds()? {
                        let target = h
                            .case_number
                            .clone()
                            .unwrap_or_else(|| format!("{:?}", h.clips));
                        let reason = HoldReason::parse(&h.reason)
                            .map(|r| r.label_zh())
                            .unwrap_or("");
                        println!(
                            "{:>4}  {:<12} {}  {}  {}{}",
                            h.id,
                            h.reason,
                            reason,
                            target,
                            h.note.unwrap_or_default(),
                            h.released_at
                                .map(|t| format!(
                                    "  ({} {t})",
                                    st.lang().pick("已解除", "released")
                                ))
                                .unwrap_or_default()
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Retention {
            command: RetentionCommand::Status { as_of, json },
        } => {
            let st = open(&root, lang_arg)?;
            let as_of = as_of
                .map(|t| st.parse_time(&t))
                .transpose()?
                .map(|t| t.to_utc());
            let status = st.retention_status(as_of)?;
            if json {
                print_json(&status);
            } else {
                for c in &status {
                    println!(
                        "{:>6}  {:<17} {}  {}",
                        c.id,
                        serde_json::to_value(c.state)
                            .unwrap_or_default()
                            .as_str()
                            .unwrap_or(""),
                        c.earliest_disposal.get(..10).unwrap_or(""),
                        c.hold_reasons.join(",")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Disposal { command } => {
            let st = open(&root, lang_arg)?;
            let lang = st.lang();
            let show = |b: &station_core::retention::DisposalBatch| match lang {
                Lang::Zh => format!(
                    "销毁批次 {}：{} 条记录，状态 {}",
                    b.id,
                    b.clips.len(),
                    b.state
                ),
                Lang::En => format!(
                    "disposal batch {}: {} clips, {}",
                    b.id,
                    b.clips.len(),
                    b.state
                ),
            };
            match command {
                DisposalCommand::Propose { as_of, json } => {
                    let as_of = as_of
                        .map(|t| st.parse_time(&t))
                        .transpose()?
                        .map(|t| t.to_utc());
                    let batch = st.propose_disposal(as_of)?;
                    if json {
                        print_json(&batch);
                    } else {
                        match &batch {
                            Some(b) => println!("{}", show(b)),
                            None => println!(
                                "{}",
                                lang.pick("没有可以销毁的记录。", "nothing may be disposed of.")
                            ),
                        }
                    }
                }
                DisposalCommand::Approve {
                    batch,
                    confirm_mass,
                } => {
                    println!("{}", show(&st.approve_disposal(batch, confirm_mass)?))
                }
                DisposalCommand::Confirm { batch } => {
                    println!("{}", show(&st.confirm_mass_disposal(batch)?))
                }
                DisposalCommand::Reject { batch } => {
                    println!("{}", show(&st.reject_disposal(batch)?))
                }
                DisposalCommand::Restore { batch } => {
                    println!("{}", show(&st.restore_disposal(batch)?))
                }
                DisposalCommand::Run { json } => {
                    let n = st.run_disposals()?;
                    if json {
                        print_json(&serde_json::json!({ "disposed": n }));
                    } else {
                        println!(
                            "{}",
                            match lang {
                                Lang::Zh => format!("已销毁 {n} 条记录（保留了销毁记录）。"),
                                Lang::En => format!("{n} clips disposed of (tombstones kept)."),
                            }
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Burn { command } => {
            let st = open(&root, lang_arg)?;
            let lang = st.lang();
            let report = |check: &station_core::burn::DiscCheck, json: bool| {
                if json {
                    print_json(check);
                } else {
                    println!(
                        "{}",
                        match (lang, check.ok) {
                            (Lang::Zh, true) => format!(
                                "光盘 {}：{} 个文件全部回读校验一致。",
                                check.disc, check.files_checked
                            ),
                            (Lang::Zh, false) => format!("光盘 {}：校验失败！", check.disc),
                            (Lang::En, true) => format!(
                                "disc {}: all {} files read back intact.",
                                check.disc, check.files_checked
                            ),
                            (Lang::En, false) =>
                                format!("disc {}: verification FAILED", check.disc),
                        }
                    );
                    for f in &check.mismatched {
                        println!("  ✗ {} {f}", lang.pick("不一致", "mismatched"));
                    }
                    for f in &check.missing {
                        println!("  ✗ {} {f}", lang.pick("缺失", "missing"));
                    }
                }
                exit(check.ok)
            };
            match command {
                BurnCommand::Plan { media, drive, json } => {
                    let medium = st.medium(&media, drive.as_deref())?;
                    let discs = st.plan_burn(medium)?;
                    if json {
                        print_json(&discs);
                    } else {
                        for d in &discs {
                            let fill = d.bytes as f64 * 100.0 / d.capacity as f64;
                            println!(
                                "{}",
                                match lang {
                                    Lang::Zh => format!(
                                        "{}  {}  第 {} 份  {} 条记录  已用 {fill:.0} %",
                                        d.id,
                                        d.medium,
                                        d.copy_no,
                                        d.clips.len()
                                    ),
                                    Lang::En => format!(
                                        "{}  {}  copy {}  {} clips  {fill:.0} % full",
                                        d.id,
                                        d.medium,
                                        d.copy_no,
                                        d.clips.len()
                                    ),
                                }
                            );
                        }
                    }
                    Ok(ExitCode::SUCCESS)
                }
                BurnCommand::Write { disc, target, json } => {
                    let bar = progress::Bar::new(lang);
                    let check = st.write_disc(&disc, &target.target(), &bar);
                    bar.finish();
                    Ok(report(&check?, json))
                }
                BurnCommand::Verify { disc, target, json } => {
                    let bar = progress::Bar::new(lang);
                    let check = st.verify_disc(&disc, &target.target(), &bar);
                    bar.finish();
                    Ok(report(&check?, json))
                }
            }
        }
        Command::Discs {
            command: DiscsCommand::Locate { disc, location },
        } => {
            open(&root, lang_arg)?.set_disc_location(&disc, &location)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Discs {
            command: DiscsCommand::Label { disc },
        } => {
            print!("{}", open(&root, lang_arg)?.disc_label(&disc)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Discs {
            command: DiscsCommand::List { json },
        } => {
            let st = open(&root, lang_arg)?;
            let discs = st.discs()?;
            if json {
                print_json(&discs);
            } else {
                for d in &discs {
                    println!(
                        "{}  {:<6} {:<9} {} clips  {}  {}",
                        d.id,
                        d.medium,
                        d.state,
                        d.clips.len(),
                        d.verified_at.as_deref().unwrap_or("-"),
                        d.location.as_deref().unwrap_or("-")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { command } => export(open(&root, lang_arg)?, command),
        Command::Audit { command } => audit(open(&root, lang_arg)?, command),
        Command::Accounts { command } => accounts(open(&root, lang_arg)?, command),
        Command::Cases { command } => cases(open(&root, lang_arg)?, command),
        Command::Spotcheck { command } => spotcheck(open(&root, lang_arg)?, command),
        Command::Stats { by, from, to, json } => {
            let s = open(&root, lang_arg)?.statistics(by, from.as_deref(), to.as_deref())?;
            if json {
                print_json(&s);
            } else {
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
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Activities { command } => activities(open(&root, lang_arg)?, command),
        Command::Reports {
            which,
            from,
            to,
            json,
        } => {
            let st = open(&root, lang_arg)?;
            let rows = st.report(which, from.as_deref(), to.as_deref())?;
            if json {
                print_json(&rows);
            } else {
                for r in &rows {
                    println!(
                        "{:<8} {:<10} {}  {}",
                        r.kind,
                        r.id,
                        r.at.as_deref().unwrap_or("-"),
                        r.detail
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Access { command } => access(open(&root, lang_arg)?, command),
        Command::Settings { command } => {
            let st = open(&root, lang_arg)?;
            match command {
                SettingsCommand::List => {
                    for (key, about) in station_core::SETTINGS {
                        let value = st.setting(key)?.unwrap_or_default();
                        println!("{key} = {value}\n    # {about}");
                    }
                }
                SettingsCommand::Get { key } => {
                    println!("{}", st.setting(&key)?.unwrap_or_default())
                }
                SettingsCommand::Set { key, value } => st.set_setting(&key, &value)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn export(st: Station, command: ExportCommand) -> Result<ExitCode, Error> {
    let lang = st.lang();
    let report = |r: &ExportReport, json: bool| {
        if json {
            print_json(r);
        } else if r.check.ok {
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "{}：{} 条记录（{}），已回读校验，位于 {}",
                        r.name,
                        r.clips,
                        progress::bytes(r.bytes),
                        r.path
                    ),
                    Lang::En => format!(
                        "{}: {} records ({}), read back intact, at {}",
                        r.name,
                        r.clips,
                        progress::bytes(r.bytes),
                        r.path
                    ),
                }
            );
        } else {
            print_bag_problems(&r.check, lang);
        }
        exit(r.check.ok)
    };
    match command {
        ExportCommand::Week {
            week,
            to,
            again,
            json,
        } => {
            let week = match week {
                Some(w) => IsoWeek::parse(&w)?,
                None => st.last_complete_week(),
            };
            let bar = progress::Bar::new(lang);
            let done = st.export_week(week, &to, again, &bar);
            bar.finish();
            match done? {
                Some(r) => Ok(report(&r, json)),
                None => {
                    if json {
                        println!("null");
                    } else {
                        println!(
                            "{}",
                            match lang {
                                Lang::Zh => format!("{week} 的记录都已导出，没有新内容。"),
                                Lang::En => format!("Everything of {week} is exported already."),
                            }
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        ExportCommand::Status { json } => {
            let weeks = st.export_status()?;
            if json {
                print_json(&weeks);
            } else {
                for w in &weeks {
                    let mark = if w.pending > 0 { "!" } else { " " };
                    println!(
                        "{mark} {}  {} {}  {} {}  {}",
                        w.week,
                        w.clips,
                        lang.pick("条", "clips"),
                        w.pending,
                        lang.pick("条未导出", "not exported"),
                        w.packages
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        ExportCommand::Request {
            clips,
            case_number,
            to,
            reason,
            json,
        } => {
            let selection = match case_number {
                Some(c) => Selection::Case(c),
                None => Selection::Clips(clips),
            };
            let bar = progress::Bar::new(lang);
            let done = st.export_request(&selection, &to, &reason, &bar);
            bar.finish();
            Ok(report(&done?, json))
        }
        ExportCommand::Verify { package, json } => {
            let bar = progress::Bar::new(lang);
            let check = st.verify_export(&package, &bar);
            bar.finish();
            let check = check?;
            if json {
                print_json(&check);
            } else if check.ok {
                println!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("{} 个文件全部与清单一致。", check.files_checked),
                        Lang::En =>
                            format!("all {} files match the manifests.", check.files_checked),
                    }
                );
            } else {
                print_bag_problems(&check, lang);
            }
            Ok(exit(check.ok))
        }
    }
}

/// What a creating command prints: the new `id`, as JSON with `--json`.
fn print_id(id: i64, json: bool) {
    if json {
        println!("{}", serde_json::json!({ "id": id }));
    } else {
        println!("{id}");
    }
}

fn spotcheck(st: Station, command: SpotcheckCommand) -> Result<ExitCode, Error> {
    match command {
        SpotcheckCommand::Draw {
            seed,
            size,
            squad,
            officer,
            of,
            from,
            to,
            json,
        } => {
            let check = st.draw_spot_check(&Draw {
                seed,
                size,
                of_kind: of,
                squad,
                officer,
                from: st.parse_time(&from)?.timestamp(),
                to: st.parse_until(&to)?.timestamp(),
            })?;
            if json {
                print_json(&check);
            } else {
                println!("{}", check.id);
                for i in &check.items {
                    println!("  {}  {} {}", i.id, check.of_kind, i.item_id);
                }
            }
        }
        SpotcheckCommand::Review { item, result, note } => {
            st.review_spot_item(item, &result, note.as_deref())?
        }
        SpotcheckCommand::List { json } => {
            let all = st.spot_checks()?;
            if json {
                print_json(&all);
            } else {
                for c in &all {
                    println!(
                        "{:>4}  seed {}  {} of {} {}s  {}",
                        c.id,
                        c.seed,
                        c.items.len(),
                        c.population,
                        c.of_kind,
                        c.drawn_at
                    );
                }
            }
        }
        SpotcheckCommand::Ledger { to } => {
            println!("{}", st.spot_check_ledger(&to)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cases(st: Station, command: CasesCommand) -> Result<ExitCode, Error> {
    match command {
        CasesCommand::Add {
            number,
            cause,
            party,
            officers,
            json,
        } => print_id(
            st.add_case(&number, cause.as_deref(), party.as_deref(), &officers)?,
            json,
        ),
        CasesCommand::List { json } => {
            let all = st.cases()?;
            if json {
                print_json(&all);
            } else {
                for c in &all {
                    println!(
                        "{:<24} {:<12} {:<10} {}",
                        c.number,
                        c.cause.as_deref().unwrap_or("-"),
                        c.party.as_deref().unwrap_or("-"),
                        c.officers.join(",")
                    );
                }
            }
        }
        CasesCommand::Show { number, json } => {
            let case = st.case(&number)?;
            if json {
                print_json(&case);
            } else {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&case).unwrap_or_default()
                );
            }
        }
        CasesCommand::Stage {
            number,
            stage,
            date,
        } => st.set_case_stage(&number, stage, &date)?,
        CasesCommand::Attach { number, files } => {
            for f in files {
                let d = st.attach_document(&number, &f)?;
                println!("{}  {}", d.sha256, d.media_path);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn activities(st: Station, command: ActivitiesCommand) -> Result<ExitCode, Error> {
    let lang = st.lang();
    match command {
        ActivitiesCommand::Add {
            case_number,
            kind,
            from,
            to,
            officers,
            place,
            json,
        } => print_id(
            st.add_activity(&NewActivity {
                case_number,
                kind,
                place,
                from,
                to,
                officers,
            })?,
            json,
        ),
        ActivitiesCommand::List { json } => {
            let all = st.activities()?;
            if json {
                print_json(&all);
            } else {
                for a in &all {
                    println!(
                        "{:>4}  {:<20} {:<12} {} clips",
                        a.id,
                        a.case_number,
                        a.kind,
                        a.clips.len()
                    );
                }
            }
        }
        ActivitiesCommand::Link { id, clips } => {
            println!("{}", st.link_clips(id, &clips)?);
        }
        ActivitiesCommand::Suggest { id, json } => {
            let clips = st.suggest_clips(id)?;
            if json {
                print_json(&clips);
            } else {
                for c in &clips {
                    println!(
                        "{:>6}  {}  {}",
                        c.id,
                        c.recorded_at.as_deref().unwrap_or("-"),
                        c.source_path
                    );
                }
            }
        }
        ActivitiesCommand::Coverage { id, json } => {
            let c = st.coverage(id)?;
            if json {
                print_json(&c);
            } else {
                println!(
                    "{} {:.1} %",
                    lang.pick("覆盖", "covered"),
                    c.covered_ratio * 100.0
                );
                for g in &c.gaps {
                    println!(
                        "  {} {}  {} – {}  {} s  {}",
                        lang.pick("中断", "gap"),
                        g.n,
                        g.from,
                        g.to,
                        g.seconds,
                        if g.explained {
                            lang.pick("已说明", "explained")
                        } else {
                            lang.pick("未说明", "UNEXPLAINED")
                        }
                    );
                }
            }
        }
        ActivitiesCommand::Explain {
            id,
            gap,
            reason,
            resumed,
            note,
        } => st.explain_gap(id, gap, reason, resumed, note.as_deref())?,
        ActivitiesCommand::Acknowledge { id, gap } => st.acknowledge_gap(id, gap)?,
        ActivitiesCommand::Checklist { id, json } => {
            let items = st.required_content(id)?;
            if json {
                print_json(&items);
            } else {
                for i in &items {
                    match (i.clip, i.offset_s) {
                        (Some(c), Some(o)) => println!("  ✓ {}  {} @ {o:.0} s", i.label, c),
                        _ => println!("  ✗ {}", i.label),
                    }
                }
            }
        }
        ActivitiesCommand::Tick {
            id,
            item,
            clip,
            offset,
        } => st.tick_content(id, &item, clip, offset)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn accounts(st: Station, command: AccountsCommand) -> Result<ExitCode, Error> {
    match command {
        AccountsCommand::Bootstrap { admin } => {
            if st.has_accounts()? {
                return Err(Error::AlreadyHasAccounts);
            }
            create_administrator(&st, admin)?;
        }
        AccountsCommand::Add {
            name,
            role,
            display_name,
            officer,
        } => {
            let password = signin::password(&format!("{name} 的新密码 / new password: "))?;
            st.create_account(&NewAccount {
                name,
                display_name,
                role,
                officer_number: officer,
                password,
            })?;
        }
        AccountsCommand::List { json } => {
            let all = st.accounts()?;
            if json {
                print_json(&all);
            } else {
                for a in &all {
                    println!(
                        "{:<16} {:<16} {:<10} {}",
                        a.name,
                        a.role,
                        a.officer_number.as_deref().unwrap_or("-"),
                        if a.active { "" } else { "disabled" }
                    );
                }
            }
        }
        AccountsCommand::Set {
            name,
            role,
            disabled,
        } => st.set_account(&name, role, !disabled)?,
        AccountsCommand::Passwd { name } => {
            let password = signin::password(&format!("{name} 的新密码 / new password: "))?;
            st.set_password(&name, &password)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn access(st: Station, command: AccessCommand) -> Result<ExitCode, Error> {
    match command {
        AccessCommand::Request {
            clips,
            case_number,
            purpose,
            level,
            reason,
        } => {
            let target = match case_number {
                Some(c) => AccessTarget::Case(c),
                None => AccessTarget::Clips(clips),
            };
            println!("{}", st.request_access(&target, purpose, level, &reason)?);
        }
        AccessCommand::Approve { id, days, note } => {
            st.approve_access(id, days, note.as_deref())?
        }
        AccessCommand::Reject { id, note } => st.reject_access(id, note.as_deref())?,
        AccessCommand::List { json } => {
            let all = st.access_requests()?;
            if json {
                print_json(&all);
            } else {
                for r in &all {
                    println!(
                        "{:>4}  {:<9} {:<12} {:<8} {:<8} {}  {}",
                        r.id,
                        r.state,
                        r.requester,
                        r.purpose,
                        r.level,
                        r.case_number
                            .clone()
                            .unwrap_or_else(|| format!("{:?}", r.clips)),
                        r.expires_at.as_deref().unwrap_or("")
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What comparing the catalog with its journal on disk found, in a few lines.
fn print_journal_check(j: &station_core::audit::JournalCheck, lang: Lang) {
    if j.ok() {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("磁盘日志与目录一致：{} 行。", j.lines),
                Lang::En => format!(
                    "the journal on disk agrees with the catalog: {} lines.",
                    j.lines
                ),
            }
        );
        return;
    }
    if let Some(p) = &j.problem {
        println!(
            "{} {p}",
            lang.pick("磁盘日志断开：", "the journal on disk is broken:")
        );
    }
    let ids = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    for (list, zh, en) in [
        (
            &j.not_in_journal,
            "目录中有、磁盘日志中没有的审计行：",
            "audit rows in the catalog but not in the journal:",
        ),
        (
            &j.not_in_catalog,
            "磁盘日志中有、目录中没有（或不同）的审计行：",
            "audit rows in the journal but not (or not so) in the catalog:",
        ),
    ] {
        if !list.is_empty() {
            println!("{} {}", lang.pick(zh, en), ids(list));
        }
    }
    for u in &j.unreadable {
        println!(
            "{} {u}",
            lang.pick("无法读取的日志行：", "unreadable journal line:")
        );
    }
}

fn audit(st: Station, command: AuditCommand) -> Result<ExitCode, Error> {
    let lang = st.lang();
    match command {
        AuditCommand::Verify { against, json } => {
            let v = st.verify_audit(against.as_deref())?;
            if json {
                print_json(&v);
            } else {
                let c = &v.chain;
                match (&c.problem, lang) {
                    (None, Lang::Zh) => println!("审计日志哈希链完整：{} 行。", c.rows),
                    (None, Lang::En) => println!("audit chain intact: {} rows.", c.rows),
                    (Some(p), Lang::Zh) => println!(
                        "审计日志被改动！第 {} 行起哈希链断开：{p}",
                        c.first_broken.unwrap_or_default()
                    ),
                    (Some(p), Lang::En) => println!(
                        "audit log TAMPERED: the chain breaks at row {}: {p}",
                        c.first_broken.unwrap_or_default()
                    ),
                }
                if !c.triggers_present {
                    println!(
                        "{} {}",
                        lang.pick(
                            "保护触发器被移除或改动！",
                            "the protecting triggers were removed or changed!"
                        ),
                        c.altered_triggers.join(", ")
                    );
                }
                if let Some(j) = &v.journal {
                    print_journal_check(j, lang);
                }
                if let Some(h) = &v.against {
                    println!(
                        "{} {} ({}): {}",
                        lang.pick("对照", "against"),
                        h.head,
                        h.source,
                        match (h.found, lang) {
                            (true, Lang::Zh) => "仍在链中，一致",
                            (true, Lang::En) => "still in the chain",
                            (false, Lang::Zh) => "链中已不存在——日志在此之后被改写！",
                            (false, Lang::En) => "NOT in the chain: the log was rewritten since",
                        }
                    );
                }
            }
            Ok(exit(v.ok))
        }
        AuditCommand::List {
            json,
            from,
            to,
            user,
            action,
            limit,
        } => {
            let from = from.map(|f| st.parse_time(&f)).transpose()?;
            let to = to.map(|t| st.parse_until(&t)).transpose()?;
            let rows = st.audit_list(
                &AuditFilter {
                    from: from.map(|t| t.timestamp()),
                    to: to.map(|t| t.timestamp()),
                    actor: user,
                    action,
                    object: None,
                },
                limit,
            )?;
            if json {
                print_json(&rows);
            } else {
                for r in &rows {
                    println!(
                        "{:>6}  {}  {:<10} {:<18} {:<16} {}  {}",
                        r.id,
                        r.at,
                        r.actor,
                        r.action,
                        r.object.as_deref().unwrap_or("-"),
                        r.outcome,
                        r.detail.as_deref().unwrap_or("")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_bag_problems(check: &BagCheck, lang: Lang) {
    println!("{}", lang.pick("校验失败！", "verification FAILED"));
    for f in &check.mismatched {
        println!("  ✗ {} {f}", lang.pick("不一致", "mismatched"));
    }
    for f in &check.missing {
        println!("  ✗ {} {f}", lang.pick("缺失", "missing"));
    }
    for f in &check.unexpected {
        println!("  ✗ {} {f}", lang.pick("清单外文件", "not in the manifest"));
    }
    if !check.oxum_ok {
        println!("  ✗ Payload-Oxum");
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("JSON: {e}"),
    }
}
