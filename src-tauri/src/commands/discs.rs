//! Long-term copies on discs and drives: planned, written and read back, registered.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use station_core::burn::DiscRow;
use station_core::burn::{DiscCheck, DiscTarget, MediumName};
use tauri::{AppHandle, State};

use super::{on_own_station, with, Answer};
use crate::events::WindowEvents;
use crate::Services;

#[tauri::command(async)]
pub fn list_discs(services: State<'_, Services>) -> Answer<Vec<DiscRow>> {
    with(&services, |st| st.discs().list())
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

/// Where the window writes to or reads back from.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", content = "path", rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "DiscTarget"))]
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
