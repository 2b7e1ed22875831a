//! The registry and the docking record: squads, officers, recorders, who held each, dockings.

use station_core::dock::DockRow;
use station_core::DeviceRegistration;
use station_core::{AssignmentRow, DeviceRow, OfficerRow, SquadRow};
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
