//! Evidence Station core: everything the station knows, with no GUI. The desktop shell and the
//! `evidence-station` CLI are thin layers over [`Station`].

pub mod access;
pub mod audit;
pub mod burn;
pub mod cases;
mod catalog;
pub mod clock;
mod closed_set;
mod custody;
pub mod destination;
pub mod district;
pub mod dock;
pub mod duties;
pub mod error;
pub mod events;
pub mod export;
pub mod fixity;
pub mod ingest;
pub mod lang;
pub mod layout;
pub mod library;
mod library_move;
pub mod manifest;
pub mod media_server;
pub mod papers;
mod platform;
mod rebuild;
pub mod recorders;
mod registry;
pub mod retention;
pub mod settings;
pub mod spot_checks;
pub mod statistics;
pub mod table;
pub mod time;
#[cfg(feature = "ts")]
pub mod typescript;
pub mod upkeep;
mod verify;
mod view;

use std::cell::{Cell, RefCell};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::access::Duty;
use crate::audit::AuditAction;
pub use crate::catalog::LibraryMove;
/// The registry's rows: squads, officers, recorders and who held each when.
pub use crate::catalog::{AssignmentRow, DeviceRow, OfficerRow, SquadRow};
use crate::catalog::{Catalog, ClipFilter, ClipRow};
pub use crate::catalog::{ClipSort, FixityKind, FixityResult, FixityRun, Labels, RequestedClip};
pub use crate::clock::{Clock, FixedClock, SystemClock};
pub use crate::error::{Error, ErrorCode, ItemError, Result};
use crate::events::EventSink;
pub use crate::ingest::{IngestOptions, IngestReport};
pub use crate::lang::Lang;
use crate::library::Library;
pub use crate::library_move::{KeptBecause, KeptFile, MoveReport, OldLibraryRemoval};
pub use crate::rebuild::{RebuildAuthority, RebuildReport};
use crate::recorders::Warning;
pub use crate::registry::import::{
    write_template as write_import_template, ImportOutcome, ImportProblem, ImportReport, ImportRow,
};
pub use crate::registry::DeviceRegistration;
pub use crate::settings::{SettingGuide, SettingKind, SettingSection, Settings, GUIDES};
pub use crate::verify::{FixityStatus, VerifyProblem, VerifyReport};
use crate::view::station_view;

/// Who the audit log names for the station's own acts (the dock watcher).
pub const STATION_ACTOR: &str = "station";

/// The station: one library, its catalog, the clock and the station's settings.
pub struct Station {
    pub(crate) library: Library,
    pub(crate) catalog: Catalog,
    pub(crate) clock: Arc<dyn Clock>,
    /// The settings as last read; re-read when another connection committed (see
    /// [`Station::settings`]) or this one changed a setting.
    settings: RefCell<Arc<Settings>>,
    /// The catalog's `data_version` when the settings were read.
    settings_read_at: Cell<i64>,
    /// `--lang` on the command line, over the `language` setting.
    lang_override: Option<Lang>,
    /// Who is signed in (None: nobody, or a library without accounts).
    pub(crate) user: Option<crate::catalog::AccountRow>,
    /// The station acts itself: the dock watcher, for which the docking is the act.
    pub(crate) as_station: bool,
    /// The custodian signed in at the station while it acts as itself (see `acting_as_station`).
    pub(crate) on_duty: Option<String>,
    /// The library held open, so that it is not moved under this station.
    _in_use: library::InUse,
}

/// A stored original, as shown to people and scripts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clip {
    pub id: i64,
    /// Absolute path of the stored original.
    pub path: String,
    pub media_path: String,
    /// Relative to the recorder root, '/'-separated.
    pub source_path: String,
    pub size: u64,
    pub blake3: String,
    pub sha256: String,
    /// SM3 (GB/T 32905) of the recorder's bytes, lowercase hex; null for clips stored before
    /// the station computed it.
    pub sm3: Option<String>,
    pub kind: recorders::Kind,
    pub recorded_at: Option<String>,
    pub time_source: Option<String>,
    pub duration_s: Option<f64>,
    pub device: String,
    pub officer: Option<String>,
    pub squad: Option<String>,
    pub important: bool,
    pub flags: Vec<String>,
    pub warnings: Vec<ClipWarning>,
    /// Case number (案件编号).
    #[serde(rename = "case")]
    pub case_number: Option<String>,
    /// Cause (案由).
    pub cause: Option<String>,
    /// Party (当事人).
    pub party: Option<String>,
    pub dock_event_id: Option<i64>,
    pub ingested_at: String,
    pub verified_at: String,
    /// normal, privacy (个人隐私), business (商业秘密) or state (国家秘密).
    pub confidentiality: access::Level,
    /// The district's copy (key, version, locked until, legal hold); null until it is pushed.
    pub district: Option<catalog::DistrictCopy>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Warning"))]
pub struct ClipWarning {
    pub code: String,
    pub message: String,
}

/// Filters for [`Clips::list`]; dates are whole days in the station's time zone.
#[derive(Debug, Clone, Default)]
pub struct ClipQuery {
    pub officer: Option<String>,
    pub squad: Option<String>,
    pub device: Option<String>,
    pub from: Option<NaiveDate>,
    /// Inclusive.
    pub to: Option<NaiveDate>,
    pub kind: Option<recorders::Kind>,
    pub case_number: Option<String>,
    pub party: Option<String>,
    pub important: Option<bool>,
    /// Only clips lacking squad, officer, time, cause or party (art. 18).
    pub missing_labels: bool,
}

/// What the first-run setup asks.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct Setup {
    pub branch: String,
    pub library: String,
    pub mount_roots: Vec<String>,
    pub time_zone: String,
    pub language: String,
    /// The administrator account; with it the station enforces accounts and roles.
    #[serde(default)]
    pub admin_name: Option<String>,
    #[serde(default)]
    pub admin_password: Option<String>,
}

/// One page of the Library.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClipPage {
    /// How many clips match the filters in all.
    pub total: u64,
    pub clips: Vec<Clip>,
}

impl Station {
    /// Create the library if needed and open it (idempotent).
    pub fn init(root: &Path, branch: Option<&str>, clock: Arc<dyn Clock>) -> Result<Station> {
        let library = Library::create(root)?;
        let in_use = library.in_use()?;
        let catalog = Catalog::open(&library.catalog_path(), true)?;
        let st = Station::with(library, in_use, catalog, clock)?;
        let branch = branch.map(str::trim);
        if branch.is_some_and(str::is_empty) {
            return Err(Error::setting("branch", "分局名称不能为空", "empty"));
        }
        // Founding the library is its own act: the branch is named before any account exists.
        st.apply_audited(|| {
            if let Some(b) = branch {
                st.catalog.set_setting("branch", b)?;
            }
            st.catalog.audit(
                &st.now_text(),
                &st.actor(),
                AuditAction::Init,
                Some(&root.display().to_string()),
                "ok",
                branch,
            )
        })?;
        Ok(st)
    }

    /// First-run setup: create the library at `root` with the branch's settings, remember
    /// where it is for this user, and open it.
    pub fn setup(root: &Path, setup: &Setup, clock: Arc<dyn Clock>) -> Result<Station> {
        if setup.branch.trim().is_empty() {
            return Err(Error::setting("branch", "分局名称不能为空", "empty"));
        }
        // There is no open station: the administrator is created with the library.
        let admin = setup
            .admin_name
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        let password = setup.admin_password.clone().unwrap_or_default();
        if admin.is_empty() || password.is_empty() {
            return Err(Error::setting(
                "admin",
                "须填写管理员的名字和密码",
                "the administrator's name and password are needed",
            ));
        }
        let mut st = Station::init(root, Some(setup.branch.trim()), clock.clone())?;
        if !st.has_accounts()? {
            st.access().create_account(&access::NewAccount::new(
                admin,
                access::Role::Admin,
                &password,
            ))?;
        }
        // The settings are the administrator's to give.
        st.sign_in(admin, &password)?;
        st.set_setting("time_zone", &setup.time_zone)?;
        st.set_setting("language", &setup.language)?;
        let roots = serde_json::to_string(&setup.mount_roots).unwrap_or_else(|_| "[]".into());
        st.set_setting("mount_roots", &roots)?;
        Library::remember(st.root())?;
        let root = st.root().to_path_buf();
        drop(st);
        Station::open(&root, clock)
    }

    /// Rebuild a lost or damaged catalog from `media/` and the manifests (the old catalog
    /// file is kept aside), and open the station on it.
    /// Only an administrator rebuilds a catalog that has accounts (`authority`).
    pub fn rebuild_catalog(
        root: &Path,
        clock: Arc<dyn Clock>,
        authority: Option<RebuildAuthority<'_>>,
    ) -> Result<(Station, RebuildReport)> {
        rebuild::rebuild(root, clock, authority)
    }

    /// Open an existing library.
    pub fn open(root: &Path, clock: Arc<dyn Clock>) -> Result<Station> {
        let library = Library::open(root)?;
        let in_use = library.in_use()?;
        let catalog = Catalog::open(&library.catalog_path(), false)?;
        Station::with(library, in_use, catalog, clock)
    }

    fn with(
        library: Library,
        in_use: library::InUse,
        catalog: Catalog,
        clock: Arc<dyn Clock>,
    ) -> Result<Station> {
        let read_at = catalog.data_version()?;
        let settings = Settings::from_values(&catalog.settings()?, time::system_tz())?;
        let st = Station {
            library,
            catalog,
            clock,
            settings: RefCell::new(Arc::new(settings)),
            settings_read_at: Cell::new(read_at),
            lang_override: None,
            user: None,
            as_station: false,
            on_duty: None,
            _in_use: in_use,
        };
        st.recover()?;
        Ok(st)
    }

    /// Tidy what a killed or crashed run left: partial copies and dock events still 'running'.
    fn recover(&self) -> Result<()> {
        self.library.clean_staging()?;
        let running = self.library.running_jobs()?;
        self.apply_audited(|| {
            let closed = self
                .catalog
                .close_abandoned_dock_events(&self.now_text(), &running)?;
            if closed > 0 {
                let detail = serde_json::json!({ "dock_events": closed }).to_string();
                self.catalog.audit(
                    &self.now_text(),
                    STATION_ACTOR,
                    AuditAction::DockInterrupted,
                    None,
                    "ok",
                    Some(&detail),
                )?;
            }
            Ok(())
        })
    }

    pub fn root(&self) -> &Path {
        self.library.root()
    }
    /// The language of messages: `--lang`, else the `language` setting.
    pub fn lang(&self) -> Lang {
        self.lang_override.unwrap_or(self.settings().language)
    }
    pub fn time_zone(&self) -> Tz {
        self.settings().time_zone
    }

    /// The settings now. Every connection re-reads them once another has committed, so a
    /// change takes effect at once in every running part — the window, the dock watcher, the
    /// media server. Where re-reading fails, the settings last read stay in force (the
    /// catalog error surfaces with the next piece of work).
    pub fn settings(&self) -> Arc<Settings> {
        if let Ok(version) = self.catalog.data_version() {
            if version != self.settings_read_at.get() {
                self.reread_settings(version);
            }
        }
        self.settings.borrow().clone()
    }

    /// Another connection's commit is usually not a settings change (an ingest commits once per
    /// file): the patterns are compiled again only when a stored value differs.
    fn reread_settings(&self, version: i64) {
        let Ok(values) = self.catalog.settings() else {
            return;
        };
        if values != self.settings.borrow().values {
            match Settings::from_values(&values, time::system_tz()) {
                Ok(settings) => *self.settings.borrow_mut() = Arc::new(settings),
                Err(_) => return,
            }
        }
        self.settings_read_at.set(version);
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn set_language(&mut self, lang: Lang) {
        self.lang_override = Some(lang);
    }

    pub(crate) fn now_text(&self) -> String {
        self.clock.now().to_rfc3339()
    }
    /// Today's date in the station's time zone.
    pub(crate) fn today(&self) -> String {
        self.clock
            .now()
            .with_timezone(&self.time_zone())
            .format("%Y-%m-%d")
            .to_string()
    }
    /// Who the audit log names: the signed-in account; the station for its own acts (the dock
    /// watcher); else the operating-system user (founding a library, a refused attempt).
    pub(crate) fn actor(&self) -> String {
        match &self.user {
            Some(u) => u.name.clone(),
            None if self.as_station => STATION_ACTOR.to_string(),
            None => std::env::var("USER").unwrap_or_else(|_| STATION_ACTOR.to_string()),
        }
    }

    /// This station acts as the station itself: docking a recorder is the act that ingests
    /// it, so the dock watcher needs no signed-in custodian; the one on duty, if any, is named
    /// in its audit rows.
    pub(crate) fn acting_as_station(mut self, on_duty: Option<String>) -> Station {
        self.as_station = true;
        self.on_duty = on_duty;
        self
    }
    pub(crate) fn squad_name(&self, id: i64) -> Result<String> {
        self.catalog.squad_name(id)
    }
    pub(crate) fn officer_number(&self, id: i64) -> Result<String> {
        self.catalog.officer_number(id)
    }

    /// Ingest one mounted recorder: copy, verify by reading back, store, catalogue.
    pub fn ingest(
        &self,
        source: &Path,
        opts: &IngestOptions,
        sink: &dyn EventSink,
    ) -> Result<IngestReport> {
        if self.as_station {
            self.require_administrator()?;
        } else {
            self.require(Duty::Ingest)?;
        }
        ingest::run(self, source, opts, sink)
    }

    /// These clips, oldest recording first.
    pub(crate) fn clips_by_id(&self, ids: Vec<i64>) -> Result<Vec<Clip>> {
        let filter = ClipFilter {
            ids: Some(ids),
            ..ClipFilter::default()
        };
        let rows = self.catalog.clips(&filter, ClipSort::RecordedAsc, None)?;
        Ok(rows.into_iter().map(|r| self.clip_from_row(r)).collect())
    }

    fn relabel(&self, ids: &[i64], labels: &Labels) -> Result<usize> {
        if let Some(missing) = self.catalog.first_missing_clip(ids)? {
            return Err(Error::NotFound {
                what: crate::error::Object::Clip,
                name: missing.to_string(),
            });
        }
        let changes = self.catalog.label_clips(ids, labels)?;
        let now = self.now_text();
        let actor = self.actor();
        for c in &changes {
            let record = manifest::LabelRecord {
                media_path: c.media_path.clone(),
                case_number: c.new.case_number.clone(),
                cause: c.new.cause.clone(),
                party: c.new.party.clone(),
                at: now.clone(),
                actor: actor.clone(),
            };
            manifest::append_label(&self.library.manifests_dir(), &self.today(), &record)?;
            let detail = serde_json::json!({ "old": c.old, "new": c.new }).to_string();
            self.catalog.audit(
                &now,
                &actor,
                AuditAction::Label,
                Some(&c.id.to_string()),
                "ok",
                Some(&detail),
            )?;
        }
        Ok(changes.len())
    }

    fn filter(&self, q: &ClipQuery) -> Result<ClipFilter> {
        let day_start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| recorders::in_zone(t, self.time_zone()).timestamp())
        };
        Ok(ClipFilter {
            officer: q.officer.clone(),
            squad: q.squad.clone(),
            device: q.device.clone(),
            from_unix: q.from.and_then(day_start),
            to_unix: q.to.and_then(|d| d.succ_opt()).and_then(day_start),
            kind: q.kind.map(|k| k.code().to_string()),
            case_number: q.case_number.clone(),
            party: q.party.clone(),
            important: q.important,
            missing_labels: q.missing_labels,
            ids: None,
            dock: None,
            // Higher confidentiality narrows who even sees a clip in lists.
            levels: match self.visible_level()? {
                access::Level::State => None,
                level => Some(level.and_below()),
            },
        })
    }

    fn clip_from_row(&self, r: ClipRow) -> Clip {
        let warnings: Vec<Warning> = serde_json::from_str(&r.warnings).unwrap_or_default();
        Clip {
            id: r.id,
            path: self.library.media_file(&r.media_path).display().to_string(),
            media_path: r.media_path,
            source_path: r.source_path,
            size: r.size,
            blake3: r.blake3,
            sha256: r.sha256,
            sm3: r.sm3,
            // The catalog holds only the codes ingest wrote; anything else shows as other.
            kind: recorders::Kind::from_code(&r.kind).unwrap_or(recorders::Kind::Other),
            recorded_at: r.recorded_at,
            time_source: r.time_source,
            duration_s: r.duration_s,
            device: r.device,
            officer: r.officer,
            squad: r.squad,
            important: r.important,
            flags: serde_json::from_str(&r.flags).unwrap_or_default(),
            warnings: warnings
                .iter()
                .map(|w| ClipWarning {
                    code: w.code.clone(),
                    message: w.message(self.lang()),
                })
                .collect(),
            case_number: r.case_number,
            cause: r.cause,
            party: r.party,
            dock_event_id: r.dock_event_id,
            ingested_at: r.ingested_at,
            verified_at: r.verified_at,
            confidentiality: r.confidentiality,
            district: r.district,
        }
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.catalog.setting(key)
    }

    /// The settings as stored, key and value.
    pub fn setting_values(&self) -> Result<Vec<(String, String)>> {
        self.catalog.settings()
    }

    /// Change a setting after checking it; it takes effect at once, here and in every other
    /// running part of the station.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.require(Duty::Settings)?;
        if let settings::Checked::BeyondFloor(allowed) = settings::check(key, value)? {
            return self.refuse_setting(key, value, allowed);
        }
        self.apply_audited(|| {
            let old = self.catalog.setting(key)?;
            self.catalog.set_setting(key, value)?;
            let detail = serde_json::json!({ "old": old, "new": value }).to_string();
            self.catalog.audit(
                &self.now_text(),
                &self.actor(),
                AuditAction::Setting,
                Some(key),
                "ok",
                Some(&detail),
            )
        })?;
        // This connection's own commit does not move its data_version.
        self.reread_settings(self.catalog.data_version()?);
        Ok(())
    }

    /// A setting that would lower what protects evidence: refused, and the attempt is on record.
    fn refuse_setting(&self, key: &str, value: &str, allowed: String) -> Result<()> {
        let detail = serde_json::json!({ "new": value, "allowed": allowed }).to_string();
        self.catalog.audit(
            &self.now_text(),
            &self.actor(),
            AuditAction::Setting,
            Some(key),
            "refused",
            Some(&detail),
        )?;
        Err(Error::ProtectsEvidence {
            key: key.to_string(),
            allowed,
        })
    }

    pub fn identity_files(&self) -> Vec<String> {
        self.settings().identity_files.clone()
    }

    /// Where recorders are mounted: the setting, else the operating system's usual places.
    pub fn mount_roots(&self) -> Vec<std::path::PathBuf> {
        match &self.settings().mount_roots {
            roots if roots.is_empty() => dock::watcher::default_roots(),
            roots => roots.clone(),
        }
    }

    /// Dockings, newest first.
    pub fn docks(&self, limit: i64) -> Result<Vec<catalog::DockRow>> {
        self.catalog.dock_events(limit)
    }

    /// Free and total bytes of the library's disk.
    pub fn library_space(&self) -> Option<(u64, u64)> {
        platform::disk_space(self.library.root()).ok()
    }
}

station_view! {
    /// The stored clips: listed, paged, read, labelled, classified, and re-read for fixity.
    Clips,
    clips
}

impl Clips<'_> {
    /// Every clip matching `q`, oldest recording first.
    pub fn list(&self, q: &ClipQuery) -> Result<Vec<Clip>> {
        self.require(Duty::ReadRecords)?;
        let rows = self
            .catalog
            .clips(&self.filter(q)?, ClipSort::RecordedAsc, None)?;
        Ok(rows.into_iter().map(|r| self.clip_from_row(r)).collect())
    }

    /// One page of clips matching `q` and how many match in all: what the Library page shows.
    pub fn page(&self, q: &ClipQuery, sort: ClipSort, offset: u64, limit: u64) -> Result<ClipPage> {
        self.require(Duty::ReadRecords)?;
        let filter = self.filter(q)?;
        let rows = self
            .catalog
            .clips(&filter, sort, Some((offset, limit.min(1000))))?;
        Ok(ClipPage {
            total: self.catalog.count_clips(&filter)?,
            clips: rows.into_iter().map(|r| self.clip_from_row(r)).collect(),
        })
    }

    pub fn get(&self, id: i64) -> Result<Clip> {
        self.require(Duty::ReadRecords)?;
        let filter = ClipFilter {
            ids: Some(vec![id]),
            ..ClipFilter::default()
        };
        self.catalog
            .clips(&filter, ClipSort::IngestedAsc, None)?
            .into_iter()
            .next()
            .map(|r| self.clip_from_row(r))
            .ok_or_else(|| Error::NotFound {
                what: crate::error::Object::Clip,
                name: id.to_string(),
            })
    }

    /// Label clips in bulk (case number, cause, party). Each changed clip is one audit row
    /// with its old and new labels, and one line in the label manifest so a rebuilt catalog
    /// keeps it. Returns how many clips changed.
    pub fn label(&self, ids: &[i64], labels: &Labels) -> Result<usize> {
        self.act(Duty::Label, || self.relabel(ids, labels))
    }

    pub fn count(&self) -> Result<u64> {
        self.catalog.clip_count()
    }

    /// What happened to one clip: ingest, labels, views (newest first).
    pub fn history(&self, id: i64) -> Result<Vec<catalog::AuditEntry>> {
        Ok(self.in_words(self.catalog.audit_entries(Some(&id.to_string()), 200)?))
    }
}
