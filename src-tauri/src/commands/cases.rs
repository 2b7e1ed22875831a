//! Cases, activities and the whole-process check; art. 23's reports and the statistics.

use std::path::PathBuf;

use station_core::cases::{ActivityRow, CaseDocument, CaseEdit, CaseFile, CaseRow};
use station_core::cases::{
    ContentItem, Coverage, GapReason, NewActivity, ReportKind, ReportRow, Stage,
};
use station_core::statistics::{Period, Statistics};
use station_core::Clip;
use tauri::State;

use super::{with, Answer};
use crate::Services;

#[tauri::command(async)]
pub fn attach_document(
    services: State<'_, Services>,
    number: String,
    path: PathBuf,
    stage: Option<Stage>,
) -> Answer<CaseDocument> {
    with(&services, |st| st.cases().attach(&number, &path, stage))
}

/// Correct a registered case (number, cause, party); audited.
#[tauri::command(async)]
pub fn edit_case(services: State<'_, Services>, number: String, edit: CaseEdit) -> Answer<()> {
    with(&services, |st| st.cases().edit(&number, &edit))
}

#[tauri::command(async)]
pub fn case_detail(services: State<'_, Services>, number: String) -> Answer<CaseFile> {
    with(&services, |st| st.cases().get(&number))
}

#[tauri::command(async)]
pub fn list_cases(services: State<'_, Services>) -> Answer<Vec<CaseRow>> {
    with(&services, |st| st.cases().list())
}

#[tauri::command(async)]
pub fn case_numbers(services: State<'_, Services>) -> Answer<Vec<String>> {
    with(&services, |st| st.cases().numbers())
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

/// The case's own history in words (registered, documents, stages).
#[tauri::command(async)]
pub fn case_history(
    services: State<'_, Services>,
    number: String,
) -> Answer<Vec<station_core::audit::AuditEntry>> {
    with(&services, |st| st.cases().history(&number))
}
