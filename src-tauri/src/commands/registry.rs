//! The registry and the docking record: squads, officers, recorders, who held each, dockings.

use station_core::dock::DockRow;
use std::path::Path;

use station_core::upkeep::{
    DeviceCheckRow, DeviceStatus, DeviceUpkeep, MaintenanceKind, PreShiftCheck,
};
use station_core::{AssignmentRow, DeviceRow, OfficerRow, SquadRow};
use station_core::{DeviceRegistration, ImportReport};
use tauri::State;

use super::{with, Answer};
use crate::Services;

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

/// A recorder's status, history, pre-shift checks and maintenance log (art. 14).
#[tauri::command(async)]
pub fn device_upkeep(services: State<'_, Services>, serial: String) -> Answer<DeviceUpkeep> {
    with(&services, |st| st.upkeep().record(&serial))
}

#[tauri::command(async)]
pub fn set_device_status(
    services: State<'_, Services>,
    serial: String,
    status: DeviceStatus,
    reason: String,
) -> Answer<()> {
    with(&services, |st| {
        st.upkeep().set_status(&serial, status, &reason)
    })
}

#[tauri::command(async)]
pub fn check_device(
    services: State<'_, Services>,
    serial: String,
    check: PreShiftCheck,
) -> Answer<DeviceCheckRow> {
    with(&services, |st| st.upkeep().check(&serial, &check))
}

#[tauri::command(async)]
pub fn maintain_device(
    services: State<'_, Services>,
    serial: String,
    kind: MaintenanceKind,
    note: String,
) -> Answer<()> {
    with(&services, |st| st.upkeep().maintain(&serial, kind, &note))
}

/// The blank import template, written where the custodian chose (never over a file).
#[tauri::command(async)]
pub fn write_import_template(services: State<'_, Services>, to: String) -> Answer<()> {
    with(&services, |_| {
        station_core::write_import_template(Path::new(to.trim()))
    })
}

/// Check (`dry_run`) or import a filled registry; the report lists each row's problem.
#[tauri::command(async)]
pub fn import_registry(
    services: State<'_, Services>,
    file: String,
    dry_run: bool,
) -> Answer<ImportReport> {
    with(&services, |st| {
        st.registry().import(Path::new(file.trim()), dry_run)
    })
}

/// A filled registry to import.
#[tauri::command]
pub async fn pick_registry_file() -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("选择名册 / Choose the registry")
        .add_filter("Excel / CSV", &["xlsx", "xls", "csv"])
        .pick_file()
        .await
        .map(|f| f.path().display().to_string())
}

/// Where to save the blank template.
#[tauri::command]
pub async fn pick_template_target() -> Option<String> {
    rfd::AsyncFileDialog::new()
        .set_title("保存导入模板 / Save the import template")
        .set_file_name("名册导入模板.xlsx")
        .save_file()
        .await
        .map(|f| f.path().display().to_string())
}
