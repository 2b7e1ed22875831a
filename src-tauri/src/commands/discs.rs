//! Long-term copies on discs and drives: planned, written and read back, registered.

use std::path::Path;

use station_core::burn::DiscRow;
use station_core::burn::{Backlog, DiscCheck, DiscTarget, MediumName};
use tauri::{AppHandle, State};

use super::{on_own_station, with, Answer};
use crate::events::WindowEvents;
use crate::Services;

#[tauri::command(async)]
pub fn list_discs(services: State<'_, Services>) -> Answer<Vec<DiscRow>> {
    with(&services, |st| st.discs().list())
}

#[tauri::command(async)]
pub fn burn_backlog(services: State<'_, Services>) -> Answer<Backlog> {
    with(&services, |st| st.discs().backlog())
}

#[tauri::command(async)]
pub fn plan_burn(
    services: State<'_, Services>,
    media: MediumName,
    drive: Option<String>,
) -> Answer<Vec<DiscRow>> {
    with(&services, |st| {
        let medium = st.discs().medium(media, drive.as_deref().map(Path::new))?;
        st.discs().plan(medium)
    })
}

/// Writing and reading back take minutes: on their own connection to the library, so the
/// window stays usable; progress arrives as `disc_progress` events.
#[tauri::command]
pub async fn write_disc(
    app: AppHandle,
    services: State<'_, Services>,
    id: String,
    target: DiscTarget,
) -> Answer<DiscCheck> {
    on_own_station(&services, move |st| {
        st.discs().write(&id, &target, &WindowEvents(app))
    })
    .await
}

#[tauri::command]
pub async fn verify_disc(
    app: AppHandle,
    services: State<'_, Services>,
    id: String,
    target: DiscTarget,
) -> Answer<DiscCheck> {
    on_own_station(&services, move |st| {
        st.discs().verify(&id, &target, &WindowEvents(app))
    })
    .await
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
