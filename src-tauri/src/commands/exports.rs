//! Packages for the district: weeks, the weekly export, requests, checking a package.

use std::path::PathBuf;

use station_core::export::ExportRow;
use station_core::export::{BagCheck, ExportReport, IsoWeek, Selection, WeekStatus, WeekSummary};
use tauri::{AppHandle, State};

use super::{on_own_station, with, Answer};
use crate::events::WindowEvents;
use crate::Services;

#[tauri::command(async)]
pub fn export_status(services: State<'_, Services>) -> Answer<Vec<WeekStatus>> {
    with(&services, |st| st.exports().status())
}

/// The ISO week (station time) of a day, `YYYY-MM-DD`.
#[tauri::command(async)]
pub fn week_of(services: State<'_, Services>, day: String) -> Answer<String> {
    with(&services, |st| st.exports().week_of(&day))
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
