//! The district's object store from Settings: whether the secret is set, setting it, and
//! testing the connection (the address, bucket, branch code and access key are settings).

use station_core::district::{DistrictCheck, DistrictShown, DistrictStatus};
use tauri::State;

use super::{on_own_station, with, Answer};
use crate::Services;

#[tauri::command(async)]
pub fn district(services: State<'_, Services>) -> Answer<DistrictShown> {
    with(&services, |st| st.district())
}

#[tauri::command(async)]
pub fn set_district_secret(services: State<'_, Services>, secret: String) -> Answer<()> {
    with(&services, |st| st.set_district_secret(&secret))
}

/// Reaching the store may take seconds: on a connection of its own.
#[tauri::command]
pub async fn test_district(services: State<'_, Services>) -> Answer<DistrictCheck> {
    on_own_station(&services, |st| st.test_district()).await
}

/// What waits for the district, for the Dock page.
#[tauri::command(async)]
pub fn district_status(services: State<'_, Services>) -> Answer<DistrictStatus> {
    with(&services, |st| st.district_status())
}
