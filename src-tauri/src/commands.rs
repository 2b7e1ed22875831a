//! One short function per command, each calling one `Station` method. Errors reach the UI as
//! `{code, message}`: the UI branches on the stable code and shows the message.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use station_core::access::AccessRequestRow;
use station_core::access::{AccessTarget, Account, Level, NewAccount, Purpose, Role};
use station_core::audit::AuditVerification;
use station_core::audit::{AuditEntry, AuditFilter};
use station_core::burn::DiscRow;
use station_core::burn::{DiscCheck, DiscTarget};
use station_core::cases::{ActivityRow, CaseDocument, CaseFile, CaseRow};
use station_core::cases::{
    ContentItem, Coverage, GapReason, NewActivity, ReportKind, ReportRow, Stage,
};
use station_core::dock::DockRow;
use station_core::export::ExportRow;
use station_core::export::{BagCheck, ExportReport, IsoWeek, Selection, WeekStatus, WeekSummary};
use station_core::retention::HoldRow;
use station_core::retention::{DisposalBatch, HoldReason, HoldTarget, RetentionOverview};
use station_core::spot_checks::Draw;
use station_core::spot_checks::SpotCheckRow;
use station_core::statistics::{Period, Statistics};
use station_core::{AssignmentRow, DeviceRow, OfficerRow, SquadRow};
use station_core::{
    Clip, ClipPage, ClipQuery, ClipSort, DeviceRegistration, Error, Labels, Lang, Setup, Station,
    SystemClock,
};
use tauri::{AppHandle, State};

use crate::events::WindowEvents;
use crate::Services;

#[derive(Debug, Serialize)]
pub struct UiError {
    code: String,
    message: String,
}

impl UiError {
    fn from(e: Error, lang: Lang) -> UiError {
        UiError {
            code: e.code().as_str().to_string(),
            message: e.message(lang),
        }
    }
}

type Answer<T> = Result<T, UiError>;

/// Run `f` on the open station (the first-run setup has not happened: `not_a_library`).
fn with<T>(
    services: &State<'_, Services>,
    f: impl FnOnce(&Station) -> Result<T, Error>,
) -> Answer<T> {
    let guard = services.station.lock().unwrap_or_else(|p| p.into_inner());
    let Some(st) = guard.as_ref() else {
        let root = services
            .library
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        return Err(UiError::from(
            Error::NotALibrary { path: root },
            Lang::default(),
        ));
    };
    f(st).map_err(|e| UiError::from(e, st.lang()))
}

#[derive(Debug, Serialize)]
pub struct Status {
    configured: bool,
    library: String,
    branch: Option<String>,
    language: String,
    time_zone: String,
    free_bytes: Option<u64>,
    total_bytes: Option<u64>,
    media_base: Option<String>,
    media_token: Option<String>,
    mount_roots: Vec<String>,
}

#[tauri::command(async)]
pub fn station_status(services: State<'_, Services>) -> Answer<Status> {
    Ok(services.status())
}

#[tauri::command(async)]
pub fn setup_station(
    app: tauri::AppHandle,
    services: State<'_, Services>,
    setup: Setup,
) -> Answer<Status> {
    services
        .setup(&app, &setup)
        .map_err(|e| UiError::from(e, Lang::parse(&setup.language).unwrap_or_default()))?;
    Ok(services.status())
}

#[tauri::command]
pub async fn pick_folder() -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("证据库位置 / Library location")
        .pick_folder()
        .await
        .map(|f| f.path().display().to_string())
}

/// Scanned documents to attach to a case.
#[tauri::command]
pub async fn pick_files() -> Vec<String> {
    rfd::AsyncFileDialog::new()
        .set_title("案件文书 / Case documents")
        .pick_files()
        .await
        .unwrap_or_default()
        .iter()
        .map(|f| f.path().display().to_string())
        .collect()
}

#[tauri::command(async)]
pub fn attach_document(
    services: State<'_, Services>,
    number: String,
    path: PathBuf,
) -> Answer<CaseDocument> {
    with(&services, |st| st.cases().attach(&number, &path))
}

#[tauri::command(async)]
pub fn case_detail(services: State<'_, Services>, number: String) -> Answer<CaseFile> {
    with(&services, |st| st.cases().get(&number))
}

#[tauri::command(async)]
pub fn clip_page(
    services: State<'_, Services>,
    query: UiQuery,
    sort: String,
    offset: u64,
    limit: u64,
) -> Answer<ClipPage> {
    let sort = match sort.as_str() {
        "recorded_asc" => ClipSort::RecordedAsc,
        "ingested_desc" => ClipSort::IngestedDesc,
        "ingested_asc" => ClipSort::IngestedAsc,
        _ => ClipSort::RecordedDesc,
    };
    with(&services, |st| {
        let query = query.into_query()?;
        st.clips().page(&query, sort, offset, limit)
    })
}

/// The Library page's filters as the UI sends them.
#[derive(Debug, Default, serde::Deserialize)]
pub struct UiQuery {
    officer: Option<String>,
    squad: Option<String>,
    device: Option<String>,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
    case: Option<String>,
    party: Option<String>,
    important: Option<bool>,
    #[serde(default)]
    missing_labels: bool,
}

impl UiQuery {
    fn into_query(self) -> Result<ClipQuery, Error> {
        let date = |d: Option<String>| -> Result<_, Error> {
            d.map(|d| {
                d.parse().map_err(|_| {
                    Error::input(format!("日期 {d:?} 无法识别"), format!("date {d:?}"))
                })
            })
            .transpose()
        };
        Ok(ClipQuery {
            officer: self.officer,
            squad: self.squad,
            device: self.device,
            from: date(self.from)?,
            to: date(self.to)?,
            kind: self
                .kind
                .filter(|k| !k.trim().is_empty())
                .map(|k| k.parse())
                .transpose()?,
            case_number: self.case,
            party: self.party,
            important: self.important,
            missing_labels: self.missing_labels,
        })
    }
}

#[tauri::command(async)]
pub fn get_clip(services: State<'_, Services>, id: i64) -> Answer<Clip> {
    with(&services, |st| st.clips().get(id))
}

#[tauri::command(async)]
pub fn clip_history(services: State<'_, Services>, id: i64) -> Answer<Vec<AuditEntry>> {
    with(&services, |st| st.clips().history(id))
}

#[tauri::command(async)]
pub fn label_clips(services: State<'_, Services>, ids: Vec<i64>, labels: Labels) -> Answer<usize> {
    with(&services, |st| st.clips().label(&ids, &labels))
}

#[tauri::command(async)]
pub fn list_docks(services: State<'_, Services>, limit: i64) -> Answer<Vec<DockRow>> {
    with(&services, |st| st.docks(limit))
}

#[tauri::command(async)]
pub fn list_devices(services: State<'_, Services>) -> Answer<Vec<DeviceRow>> {
    with(&services, |st| st.registry().devices())
}

#[tauri::command(async)]
pub fn list_officers(services: State<'_, Services>) -> Answer<Vec<OfficerRow>> {
    with(&services, |st| st.registry().officers())
}

#[tauri::command(async)]
pub fn list_squads(services: State<'_, Services>) -> Answer<Vec<SquadRow>> {
    with(&services, |st| st.registry().squads())
}

#[tauri::command(async)]
pub fn list_assignments(services: State<'_, Services>) -> Answer<Vec<AssignmentRow>> {
    with(&services, |st| st.registry().assignments())
}

#[tauri::command(async)]
pub fn add_squad(services: State<'_, Services>, name: String) -> Answer<()> {
    with(&services, |st| st.registry().add_squad(&name))
}

#[tauri::command(async)]
pub fn add_officer(
    services: State<'_, Services>,
    number: String,
    name: String,
    squad: String,
) -> Answer<()> {
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    with(&services, |st| {
        st.registry()
            .add_officer(&number, some(&name).as_deref(), some(&squad).as_deref())
    })
}

#[tauri::command(async)]
pub fn add_device(
    services: State<'_, Services>,
    serial: String,
    model: String,
    squad: String,
    officer: String,
) -> Answer<()> {
    let some = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let registration = DeviceRegistration {
        serial,
        model: some(model),
        squad: some(squad),
        officer: some(officer),
        ..DeviceRegistration::default()
    };
    with(&services, |st| st.registry().add_device(&registration))
}

#[tauri::command(async)]
pub fn assign_device(
    services: State<'_, Services>,
    serial: String,
    officer: String,
    from: String,
) -> Answer<usize> {
    with(&services, |st| {
        let from = (!from.trim().is_empty())
            .then(|| st.parse_time(&from))
            .transpose()?;
        st.registry().assign_device(&serial, &officer, from)
    })
}

#[tauri::command(async)]
pub fn get_settings(services: State<'_, Services>) -> Answer<Vec<(String, String)>> {
    with(&services, |st| st.setting_values())
}

#[tauri::command(async)]
pub fn set_setting(services: State<'_, Services>, key: String, value: String) -> Answer<()> {
    with_mut(&services, |st| {
        st.set_setting(&key, &value)?;
        if key == "language" {
            st.set_language(Lang::parse(&value).unwrap_or_default());
        }
        Ok(())
    })
}

#[tauri::command(async)]
pub fn retention_overview(services: State<'_, Services>) -> Answer<RetentionOverview> {
    with(&services, |st| st.retention().overview())
}

#[tauri::command(async)]
pub fn list_holds(services: State<'_, Services>) -> Answer<Vec<HoldRow>> {
    with(&services, |st| st.retention().holds())
}

/// A hold on the selected clips, or on a case (then `clips` is empty).
#[tauri::command(async)]
pub fn add_hold(
    services: State<'_, Services>,
    clips: Vec<i64>,
    case: String,
    reason: String,
    note: String,
) -> Answer<i64> {
    with(&services, |st| {
        let target = if case.trim().is_empty() {
            HoldTarget::Clips(clips)
        } else {
            HoldTarget::Case(case)
        };
        let note = (!note.trim().is_empty()).then_some(note.as_str());
        st.retention()
            .add_hold(&target, HoldReason::named(&reason)?, note)
    })
}

#[tauri::command(async)]
pub fn release_hold(services: State<'_, Services>, id: i64, note: String) -> Answer<()> {
    with(&services, |st| st.retention().release_hold(id, &note))
}

#[tauri::command(async)]
pub fn list_disposals(services: State<'_, Services>) -> Answer<Vec<DisposalBatch>> {
    with(&services, |st| st.disposal().batches())
}

#[tauri::command(async)]
pub fn propose_disposal(services: State<'_, Services>) -> Answer<Option<DisposalBatch>> {
    with(&services, |st| st.disposal().propose(None))
}

/// `confirm_mass`: the branch head has seen the `needs_confirmation` warning and goes on.
#[tauri::command(async)]
pub fn approve_disposal(
    services: State<'_, Services>,
    batch: i64,
    confirm_mass: bool,
) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().approve(batch, confirm_mass))
}

/// The second person's confirmation of an approved mass disposal.
#[tauri::command(async)]
pub fn confirm_mass_disposal(services: State<'_, Services>, batch: i64) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().confirm_mass(batch))
}

#[tauri::command(async)]
pub fn reject_disposal(services: State<'_, Services>, batch: i64) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().reject(batch))
}

#[tauri::command(async)]
pub fn restore_disposal(services: State<'_, Services>, batch: i64) -> Answer<DisposalBatch> {
    with(&services, |st| st.disposal().restore(batch))
}

#[tauri::command(async)]
pub fn run_disposals(services: State<'_, Services>) -> Answer<u64> {
    with(&services, |st| st.disposal().run())
}

#[tauri::command(async)]
pub fn list_discs(services: State<'_, Services>) -> Answer<Vec<DiscRow>> {
    with(&services, |st| st.discs().list())
}

#[tauri::command(async)]
pub fn plan_burn(
    services: State<'_, Services>,
    media: String,
    drive: Option<String>,
) -> Answer<Vec<DiscRow>> {
    with(&services, |st| {
        let medium = st.discs().medium(&media, drive.as_deref().map(Path::new))?;
        st.discs().plan(medium)
    })
}

/// Where the window writes to or reads back from.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", content = "path", rename_all = "snake_case")]
pub enum Target {
    /// An image file, or a folder for `<folder>/<disc id>.iso`.
    Image(PathBuf),
    Device(String),
    Drive(PathBuf),
}

impl Target {
    fn disc_target(self) -> DiscTarget {
        match self {
            Target::Image(p) => DiscTarget::Image(p),
            Target::Device(d) => DiscTarget::Device(d),
            Target::Drive(p) => DiscTarget::Drive(p),
        }
    }
}

/// Writing and reading back take minutes: on their own connection to the library, so the
/// window stays usable; progress arrives as `disc_progress` events.
#[tauri::command]
pub async fn write_disc(
    app: AppHandle,
    services: State<'_, Services>,
    id: String,
    target: Target,
) -> Answer<DiscCheck> {
    on_own_station(&services, move |st| {
        st.discs()
            .write(&id, &target.disc_target(), &WindowEvents(app))
    })
    .await
}

#[tauri::command]
pub async fn verify_disc(
    app: AppHandle,
    services: State<'_, Services>,
    id: String,
    target: Target,
) -> Answer<DiscCheck> {
    on_own_station(&services, move |st| {
        st.discs()
            .verify(&id, &target.disc_target(), &WindowEvents(app))
    })
    .await
}

async fn on_own_station<T: Send + 'static>(
    services: &State<'_, Services>,
    f: impl FnOnce(&Station) -> Result<T, Error> + Send + 'static,
) -> Answer<T> {
    let root = services
        .library
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let token = services
        .station
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|w| w.sign_in_token());
    let job = tauri::async_runtime::spawn_blocking(move || {
        let mut st = Station::open(&root, Arc::new(SystemClock))
            .map_err(|e| UiError::from(e, Lang::default()))?;
        if let Some(t) = &token {
            st.adopt(t);
        }
        f(&st).map_err(|e| UiError::from(e, st.lang()))
    });
    job.await.unwrap_or_else(|e| {
        Err(UiError::from(
            Error::state(format!("任务已停止：{e}"), format!("the job stopped: {e}")),
            Lang::default(),
        ))
    })
}

#[tauri::command(async)]
pub fn set_disc_location(
    services: State<'_, Services>,
    id: String,
    location: String,
) -> Answer<()> {
    with(&services, |st| st.discs().set_location(&id, &location))
}

#[tauri::command(async)]
pub fn disc_label(services: State<'_, Services>, id: String) -> Answer<String> {
    with(&services, |st| st.discs().label(&id))
}

#[tauri::command(async)]
pub fn export_status(services: State<'_, Services>) -> Answer<Vec<WeekStatus>> {
    with(&services, |st| st.exports().status())
}

/// What a week holds; the last complete week when none is given.
#[tauri::command(async)]
pub fn week_summary(services: State<'_, Services>, week: Option<String>) -> Answer<WeekSummary> {
    with(&services, |st| {
        let week = match week.filter(|w| !w.trim().is_empty()) {
            Some(w) => IsoWeek::parse(&w)?,
            None => st.exports().last_complete_week(),
        };
        st.exports().week_summary(week)
    })
}

#[tauri::command(async)]
pub fn list_exports(services: State<'_, Services>) -> Answer<Vec<ExportRow>> {
    with(&services, |st| st.exports().list())
}

#[tauri::command]
pub async fn export_week(
    app: AppHandle,
    services: State<'_, Services>,
    week: String,
    to: PathBuf,
    again: bool,
) -> Answer<Option<ExportReport>> {
    on_own_station(&services, move |st| {
        st.exports()
            .week(IsoWeek::parse(&week)?, &to, again, &WindowEvents(app))
    })
    .await
}

/// A district request for a case or for chosen clips (then `case` is empty).
#[tauri::command]
pub async fn export_request(
    app: AppHandle,
    services: State<'_, Services>,
    clips: Vec<i64>,
    case: String,
    to: PathBuf,
    reason: String,
) -> Answer<ExportReport> {
    on_own_station(&services, move |st| {
        let selection = if case.trim().is_empty() {
            Selection::Clips(clips)
        } else {
            Selection::Case(case)
        };
        st.exports()
            .request(&selection, &to, &reason, &WindowEvents(app))
    })
    .await
}

#[tauri::command]
pub async fn verify_export(
    app: AppHandle,
    services: State<'_, Services>,
    path: PathBuf,
) -> Answer<BagCheck> {
    on_own_station(&services, move |st| {
        st.exports().verify(&path, &WindowEvents(app))
    })
    .await
}

/// Who is signed in, and whether this station has accounts at all.
#[derive(Debug, Serialize)]
pub struct Session {
    accounts: bool,
    user: Option<Account>,
}

#[tauri::command(async)]
pub fn session(services: State<'_, Services>) -> Answer<Session> {
    with(&services, |st| {
        Ok(Session {
            accounts: st.has_accounts()?,
            user: st.signed_in(),
        })
    })
}

#[tauri::command(async)]
pub fn sign_in(services: State<'_, Services>, name: String, password: String) -> Answer<Account> {
    let account = with_mut(&services, |st| st.sign_in(&name, &password))?;
    services.act_for_window();
    Ok(account)
}

#[tauri::command(async)]
pub fn sign_out(services: State<'_, Services>) -> Answer<()> {
    with_mut(&services, |st| st.sign_out())?;
    services.act_for_window();
    Ok(())
}

#[tauri::command(async)]
pub fn list_accounts(services: State<'_, Services>) -> Answer<Vec<Account>> {
    with(&services, |st| st.access().accounts())
}

#[tauri::command(async)]
pub fn create_account(services: State<'_, Services>, account: NewAccount) -> Answer<Account> {
    with(&services, |st| st.access().create_account(&account))
}

#[tauri::command(async)]
pub fn set_account(
    services: State<'_, Services>,
    name: String,
    role: Role,
    active: bool,
) -> Answer<()> {
    with(&services, |st| st.access().set_account(&name, role, active))
}

#[tauri::command(async)]
pub fn set_password(services: State<'_, Services>, name: String, password: String) -> Answer<()> {
    with(&services, |st| st.access().set_password(&name, &password))
}

/// A request for clips, or for a case (then `clips` is empty).
#[tauri::command(async)]
pub fn request_access(
    services: State<'_, Services>,
    clips: Vec<i64>,
    case: String,
    purpose: Purpose,
    level: Level,
    reason: String,
) -> Answer<i64> {
    with(&services, |st| {
        let target = if case.trim().is_empty() {
            AccessTarget::Clips(clips)
        } else {
            AccessTarget::Case(case)
        };
        st.access().request(&target, purpose, level, &reason)
    })
}

#[tauri::command(async)]
pub fn approve_access(
    services: State<'_, Services>,
    id: i64,
    days: Option<u32>,
    note: String,
) -> Answer<()> {
    with(&services, |st| {
        st.access().approve(
            id,
            days,
            Some(note.as_str()).filter(|n| !n.trim().is_empty()),
        )
    })
}

#[tauri::command(async)]
pub fn reject_access(services: State<'_, Services>, id: i64, note: String) -> Answer<()> {
    with(&services, |st| {
        st.access()
            .reject(id, Some(note.as_str()).filter(|n| !n.trim().is_empty()))
    })
}

#[tauri::command(async)]
pub fn list_access_requests(services: State<'_, Services>) -> Answer<Vec<AccessRequestRow>> {
    with(&services, |st| st.access().requests())
}

/// Audit rows, newest first; `from`/`to` as YYYY-MM-DD (the `to` day included) or RFC 3339.
#[tauri::command(async)]
pub fn audit_list(
    services: State<'_, Services>,
    from: String,
    to: String,
    user: String,
    action: String,
    limit: i64,
) -> Answer<Vec<AuditEntry>> {
    with(&services, |st| {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let from = some(&from).map(|f| st.parse_time(&f)).transpose()?;
        let to = some(&to).map(|t| st.parse_until(&t)).transpose()?;
        st.audit().list(
            &AuditFilter {
                from: from.map(|t| t.timestamp()),
                to: to.map(|t| t.timestamp()),
                actor: some(&user),
                action: some(&action),
                object: None,
            },
            limit,
        )
    })
}

#[tauri::command(async)]
pub fn verify_audit(services: State<'_, Services>, against: String) -> Answer<AuditVerification> {
    with(&services, |st| {
        st.audit()
            .verify(Some(against.as_str()).filter(|a| !a.trim().is_empty()))
    })
}

/// May the signed-in user view (or copy) this clip now? `needs_approval` when not.
#[tauri::command(async)]
pub fn check_access(services: State<'_, Services>, clip: i64, purpose: Purpose) -> Answer<()> {
    with(&services, |st| st.access().check(clip, purpose))
}

#[tauri::command(async)]
pub fn classify_clips(services: State<'_, Services>, ids: Vec<i64>, level: Level) -> Answer<usize> {
    with(&services, |st| st.access().classify(&ids, level))
}

#[tauri::command(async)]
pub fn list_cases(services: State<'_, Services>) -> Answer<Vec<CaseRow>> {
    with(&services, |st| st.cases().list())
}

#[tauri::command(async)]
pub fn add_case(
    services: State<'_, Services>,
    number: String,
    cause: String,
    party: String,
    officers: Vec<String>,
) -> Answer<i64> {
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    with(&services, |st| {
        st.cases().add(
            &number,
            some(&cause).as_deref(),
            some(&party).as_deref(),
            &officers,
        )
    })
}

#[tauri::command(async)]
pub fn set_case_stage(
    services: State<'_, Services>,
    number: String,
    stage: Stage,
    date: String,
) -> Answer<()> {
    with(&services, |st| st.cases().set_stage(&number, stage, &date))
}

#[tauri::command(async)]
pub fn list_activities(services: State<'_, Services>) -> Answer<Vec<ActivityRow>> {
    with(&services, |st| st.activities().list())
}

#[tauri::command(async)]
pub fn add_activity(services: State<'_, Services>, activity: NewActivity) -> Answer<i64> {
    with(&services, |st| st.activities().add(&activity))
}

#[tauri::command(async)]
pub fn link_clips(services: State<'_, Services>, activity: i64, clips: Vec<i64>) -> Answer<usize> {
    with(&services, |st| st.activities().link(activity, &clips))
}

#[tauri::command(async)]
pub fn suggest_clips(services: State<'_, Services>, activity: i64) -> Answer<Vec<Clip>> {
    with(&services, |st| st.activities().suggest(activity))
}

#[tauri::command(async)]
pub fn activity_coverage(services: State<'_, Services>, activity: i64) -> Answer<Coverage> {
    with(&services, |st| st.activities().coverage(activity))
}

#[tauri::command(async)]
pub fn explain_gap(
    services: State<'_, Services>,
    activity: i64,
    gap: usize,
    reason: GapReason,
    resumed: bool,
    note: String,
) -> Answer<()> {
    with(&services, |st| {
        let note = Some(note.as_str()).filter(|n| !n.trim().is_empty());
        st.activities()
            .explain_gap(activity, gap, reason, resumed, note)
    })
}

#[tauri::command(async)]
pub fn required_content(services: State<'_, Services>, activity: i64) -> Answer<Vec<ContentItem>> {
    with(&services, |st| st.activities().required_content(activity))
}

#[tauri::command(async)]
pub fn tick_content(
    services: State<'_, Services>,
    activity: i64,
    item: String,
    clip: i64,
    offset: f64,
) -> Answer<()> {
    with(&services, |st| {
        st.activities().tick(activity, &item, clip, offset)
    })
}

#[tauri::command(async)]
pub fn acknowledge_gap(services: State<'_, Services>, activity: i64, gap: usize) -> Answer<()> {
    with(&services, |st| {
        st.activities().acknowledge_gap(activity, gap)
    })
}

/// One of art. 23's reports; dates as YYYY-MM-DD (the `to` day included), empty for open.
#[tauri::command(async)]
pub fn report(
    services: State<'_, Services>,
    which: ReportKind,
    from: String,
    to: String,
) -> Answer<Vec<ReportRow>> {
    with(&services, |st| {
        st.reports().get(which, Some(&from), Some(&to))
    })
}

#[tauri::command(async)]
pub fn statistics(
    services: State<'_, Services>,
    by: Period,
    from: String,
    to: String,
) -> Answer<Statistics> {
    with(&services, |st| st.statistics(by, Some(&from), Some(&to)))
}

#[tauri::command(async)]
pub fn list_spot_checks(services: State<'_, Services>) -> Answer<Vec<SpotCheckRow>> {
    with(&services, |st| st.spot_checks().list())
}

#[allow(clippy::too_many_arguments)]
#[tauri::command(async)]
pub fn draw_spot_check(
    services: State<'_, Services>,
    seed: u64,
    size: u32,
    of: String,
    squad: String,
    from: String,
    to: String,
) -> Answer<SpotCheckRow> {
    with(&services, |st| {
        st.spot_checks().draw(&Draw {
            seed,
            size,
            of_kind: of,
            squad: (!squad.trim().is_empty()).then(|| squad.trim().to_string()),
            officer: None,
            from: st.parse_time(&from)?.timestamp(),
            to: st.parse_until(&to)?.timestamp(),
        })
    })
}

#[tauri::command(async)]
pub fn review_spot_item(
    services: State<'_, Services>,
    item: i64,
    result: String,
    note: String,
) -> Answer<()> {
    with(&services, |st| {
        st.spot_checks().review(
            item,
            &result,
            Some(note.as_str()).filter(|n| !n.trim().is_empty()),
        )
    })
}

#[tauri::command(async)]
pub fn spot_check_ledger(services: State<'_, Services>, to: PathBuf) -> Answer<usize> {
    with(&services, |st| st.spot_checks().ledger(&to))
}

/// Run `f` on the open station, able to change who is signed in.
fn with_mut<T>(
    services: &State<'_, Services>,
    f: impl FnOnce(&mut Station) -> Result<T, Error>,
) -> Answer<T> {
    let mut guard = services.station.lock().unwrap_or_else(|p| p.into_inner());
    let Some(st) = guard.as_mut() else {
        return Err(UiError::from(
            Error::input("尚未选择证据库", "no library yet"),
            Lang::default(),
        ));
    };
    f(st).map_err(|e| UiError::from(e, st.lang()))
}

/// The status the top bar and the pages start from.
impl Services {
    pub fn status(&self) -> Status {
        let library = self
            .library
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let guard = self.station.lock().unwrap_or_else(|p| p.into_inner());
        let media = self.media.lock().unwrap_or_else(|p| p.into_inner());
        let (media_base, media_token) = match media.as_ref().map(|m| m.base()) {
            Some((b, t)) => (Some(b), Some(t)),
            None => (None, None),
        };
        match guard.as_ref() {
            Some(st) => {
                let space = st.library_space();
                let settings = st.settings();
                Status {
                    configured: true,
                    library: st.root().display().to_string(),
                    branch: settings.branch.clone(),
                    language: settings.language.pick("zh", "en").into(),
                    time_zone: settings.time_zone.name().to_string(),
                    free_bytes: space.map(|s| s.0),
                    total_bytes: space.map(|s| s.1),
                    media_base,
                    media_token,
                    mount_roots: st
                        .mount_roots()
                        .iter()
                        .map(|r| r.display().to_string())
                        .collect(),
                }
            }
            None => Status {
                configured: false,
                library: library.display().to_string(),
                branch: None,
                language: "zh".into(),
                time_zone: "Asia/Shanghai".into(),
                free_bytes: None,
                total_bytes: None,
                media_base: None,
                media_token: None,
                mount_roots: station_core::dock::watcher::default_roots()
                    .iter()
                    .map(|r| r.display().to_string())
                    .collect(),
            },
        }
    }
}
