//! The district's object store from Settings: whether the secret is set, setting it, and
//! testing the connection (the address, bucket, branch code and access key are settings); and
//! the district's console (分局汇总): what each branch pushed, its check, the week's summary.

use std::path::PathBuf;

use station_core::district::{
    BranchInventory, DistrictCheck, DistrictShown, DistrictStatus, DistrictVerifyReport,
    DistrictWeek,
};
use station_core::export::IsoWeek;
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

/// The console's commands list the whole store: each on a connection of its own.
#[tauri::command]
pub async fn district_inventory(services: State<'_, Services>) -> Answer<Vec<BranchInventory>> {
    on_own_station(&services, |st| st.district_inventory(None)).await
}

#[tauri::command]
pub async fn verify_district(
    services: State<'_, Services>,
    sample: u64,
) -> Answer<DistrictVerifyReport> {
    on_own_station(&services, move |st| st.verify_district(None, sample)).await
}

/// The week over all branches, written as one XLSX into `to`.
#[tauri::command]
pub async fn district_week(
    services: State<'_, Services>,
    week: String,
    to: PathBuf,
) -> Answer<DistrictWeek> {
    on_own_station(&services, move |st| {
        st.write_district_week(IsoWeek::parse(&week)?, &to)
    })
    .await
}
