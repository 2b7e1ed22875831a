//! The station's settings.

use station_core::Lang;
use tauri::State;

use super::{with, with_mut, Answer};
use crate::Services;

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

/// Every setting for people: name, meaning, default, article, how it is typed.
#[tauri::command]
pub fn setting_guides() -> Vec<station_core::SettingGuide> {
    station_core::GUIDES.to_vec()
}

/// The zones the station knows, for the zone picker.
#[tauri::command]
pub fn time_zones() -> Vec<&'static str> {
    station_core::time::zone_names()
}
