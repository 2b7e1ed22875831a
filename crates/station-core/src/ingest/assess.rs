//! The ingest's last stage, what the station records about the docking: its flags (late
//! storage, numbering gaps, clock drift, an unregistered recorder, low space), the recorder's
//! free space, and — if enabled and safe — freeing the recorder.

use crate::lang::Lang;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{NaiveDateTime, Utc};

use super::plan;
use super::store::JobContext;
use super::IngestReport;
use crate::audit::AuditAction;
use crate::dock::DockFlag;
use crate::error::{Result, Said};
use crate::fixity::{card_digest, read_back};
use crate::platform;
use crate::recorders::in_zone;

/// After the copy: free space, flags, and (if enabled and safe) freeing the recorder.
pub(crate) fn assess(
    ctx: &JobContext<'_>,
    source: &Path,
    clock: Option<(NaiveDateTime, chrono::DateTime<Utc>)>,
    on_recorder: bool,
    report: &mut IngestReport,
) -> Result<()> {
    let st = ctx.station;
    let mut flags: Vec<(DockFlag, String)> = Vec::new();
    if let Some(detail) = late_storage(ctx)? {
        flags.push((DockFlag::LateStorage, detail));
    }
    if let Some(detail) = sequence_gap(ctx)? {
        flags.push((DockFlag::SequenceGap, detail));
    }
    // Art. 13: a recorder whose clock is off records wrong times on every clip.
    if let Some((device_time, read_at)) = clock {
        let drift = (in_zone(device_time, st.time_zone()).with_timezone(&Utc) - read_at)
            .num_milliseconds() as f64
            / 1000.0;
        report.clock_drift_s = Some(drift);
        if drift.abs() > st.settings().clock_drift_s as f64 {
            let text = st.lang().pick("相差 {} 秒", "{} s off");
            flags.push((
                DockFlag::ClockDrift,
                text.replace("{}", &format!("{drift:+.0}")),
            ));
        }
    }
    if !st.catalog.device_registered(ctx.device_id)? {
        flags.push((DockFlag::UnregisteredDevice, ctx.device.clone()));
    }
    let overdue = st.district_overdue()?;
    if let Some(oldest) = overdue.first() {
        let (n, since) = (overdue.len(), &oldest.stored_at);
        flags.push((
            DockFlag::DistrictBacklog,
            st.lang()
                .pick(
                    &format!("{n} 条记录等待报送区局存储，最早入库于 {since}"),
                    &format!(
                        "{n} records waiting for the district store, the oldest stored {since}"
                    ),
                )
                .to_string(),
        ));
    }

    report.freed = free_recorder(ctx, source, on_recorder, report)?;
    for (name, detail) in flags {
        report.flags.push(name);
        report.flag_details.insert(name, detail);
    }

    // Art. 14: ready for the next shift? Measured after freeing.
    if let Ok((free, total)) = platform::disk_space(source) {
        report.free_bytes = Some(free);
        report.total_bytes = Some(total);
        if free < st.settings().low_space_mib << 20 {
            report.flags.push(DockFlag::LowSpace);
            report.flag_details.insert(
                DockFlag::LowSpace,
                st.lang()
                    .pick("剩余 {} MB", "{} MB free")
                    .replace("{}", &(free >> 20).to_string()),
            );
        }
    }
    compare_with_morning_check(ctx, report)
}

/// Art. 14: what the card shows at docking against the day's pre-shift check — a clock said
/// correct that is off, storage said enough that ran short.
fn compare_with_morning_check(ctx: &JobContext<'_>, report: &mut IngestReport) -> Result<()> {
    use crate::upkeep::{ClockReading, Reading};
    let st = ctx.station;
    let Some(check) = st.catalog.device_check_on(ctx.device_id, &st.today())? else {
        return Ok(());
    };
    let mut said = Vec::new();
    if check.clock == ClockReading::Ok && report.flags.contains(&DockFlag::ClockDrift) {
        let drift = report.clock_drift_s.unwrap_or_default();
        said.push(st.lang().pick(
            &format!("出勤前检查记为时钟准确，接入时相差 {drift:+.0} 秒"),
            &format!("the pre-shift check found the clock correct; at docking it is {drift:+.0} s off"),
        ).to_string());
    }
    if check.storage == Reading::Ok && report.flags.contains(&DockFlag::LowSpace) {
        let free = report.free_bytes.unwrap_or_default() >> 20;
        said.push(
            st.lang()
                .pick(
                    &format!("出勤前检查记为存储充足，接入时仅剩 {free} MB"),
                    &format!(
                        "the pre-shift check found storage enough; at docking {free} MB are free"
                    ),
                )
                .to_string(),
        );
    }
    if !said.is_empty() {
        report.flags.push(DockFlag::CheckDisagrees);
        report.flag_details.insert(
            DockFlag::CheckDisagrees,
            said.join(st.lang().pick("；", "; ")),
        );
    }
    Ok(())
}

/// Art. 18: stored every day after work. Anything recorded before today began was not.
fn late_storage(ctx: &JobContext<'_>) -> Result<Option<String>> {
    let st = ctx.station;
    let today = st.clock.now().with_timezone(&st.time_zone()).date_naive();
    let Some(day_start) = today
        .and_hms_opt(0, 0, 0)
        .map(|t| in_zone(t, st.time_zone()).timestamp())
    else {
        return Ok(None);
    };
    let late: Vec<i64> = st
        .catalog
        .dock_recorded_times(ctx.dock_event_id)?
        .into_iter()
        .filter(|t| *t < day_start)
        .collect();
    Ok(late.iter().min().map(|oldest| {
        let oldest = chrono::DateTime::from_timestamp(*oldest, 0)
            .map(|t| {
                t.with_timezone(&st.time_zone())
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        // Kept with the docking in the station's language: the page and the reports show it.
        let n = late.len();
        match st.lang() {
            Lang::Zh => format!("{n} 个文件，最早录于 {oldest}"),
            Lang::En => format!("{n} files, oldest recorded {oldest}"),
        }
    }))
}

/// Art. 23: numbers missing from the recorder's own sequence since the last docking.
fn sequence_gap(ctx: &JobContext<'_>) -> Result<Option<String>> {
    let (now_seqs, before) = ctx
        .station
        .catalog
        .device_seqs(ctx.device_id, ctx.dock_event_id)?;
    let missing = sequence_gaps(&now_seqs, &before);
    if missing.is_empty() {
        return Ok(None);
    }
    let shown: Vec<String> = missing.iter().take(20).map(|n| format_seq(*n)).collect();
    let more = if missing.len() > 20 { ", …" } else { "" };
    let (n, shown) = (missing.len(), shown.join(", "));
    Ok(Some(match ctx.station.lang() {
        Lang::Zh => format!("缺少 {n} 个编号：{shown}{more}"),
        Lang::En => format!("{n} numbers missing: {shown}{more}"),
    }))
}

/// Numbers missing inside each DCF folder (seq / 10000): between the highest number of
/// earlier dockings and this docking's, and inside this docking's run. A new folder or a
/// renumbered card starts a new run and is not a gap.
pub fn sequence_gaps(now: &[i64], before: &[i64]) -> Vec<i64> {
    let mut missing = Vec::new();
    let known: BTreeSet<i64> = now.iter().chain(before).copied().collect();
    let mut by_folder: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for n in now {
        by_folder.entry(n / 10_000).or_default().push(*n);
    }
    for (folder, nums) in by_folder {
        let lo_now = nums.iter().min().copied().unwrap_or(0);
        let hi = nums.iter().max().copied().unwrap_or(0);
        let prev_max = before
            .iter()
            .filter(|b| **b / 10_000 == folder && **b < lo_now)
            .max()
            .copied();
        let lo = prev_max.map(|p| p + 1).unwrap_or(lo_now);
        missing.extend((lo..hi).filter(|n| n % 10_000 != 0 && !known.contains(n)));
    }
    missing
}

fn format_seq(n: i64) -> String {
    if n >= 10_000 {
        format!("{}/{:04}", n / 10_000, n % 10_000)
    } else {
        n.to_string()
    }
}

/// Free-the-recorder (off unless the device or the station enables it): after a docking
/// whose every file is stored and verified, remove from the recorder exactly the files that
/// read the same on the card now as their stored copy reads back. Only on a docked volume
/// the station recognised as a recorder — never a folder given by hand, which may be
/// anything. Anything else stays where it is.
fn free_recorder(
    ctx: &JobContext<'_>,
    source: &Path,
    on_recorder: bool,
    report: &mut IngestReport,
) -> Result<u64> {
    let st = ctx.station;
    let enabled = match st.catalog.device_free_after_ingest(ctx.device_id)? {
        Some(v) => v,
        None => st.settings().free_recorder,
    };
    if !enabled || !report.complete() {
        return Ok(0);
    }
    if !on_recorder {
        let said = Said {
            zh: format!(
                "{} 不是已识别的记录仪存储卷：未从中删除任何文件",
                source.display()
            ),
            en: format!(
                "{} is no recognised recorder volume: nothing was deleted from it",
                source.display()
            ),
        };
        report.not_freed = Some(said.in_(st.lang()).to_string());
        st.catalog.audit(
            &st.now_text(),
            &st.actor(),
            AuditAction::FreeRecorder,
            Some(&ctx.device),
            "refused",
            Some(
                &serde_json::json!({ "source": source.display().to_string(), "why": said.en })
                    .to_string(),
            ),
        )?;
        return Ok(0);
    }
    let stored = st.catalog.stored_sources(ctx.device_id)?;
    let on_card = plan::plan(source, &st.settings().name_patterns);
    let mut freed = Vec::new();
    let identity_files = st.identity_files();
    for f in &on_card.files {
        // The identity file names the recorder at its next docking: stored, never deleted.
        if identity_files
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(&f.rel_raw))
        {
            continue;
        }
        let Some((media, b3)) = stored.get(&(f.rel_raw.clone(), f.size, f.mtime_ns)) else {
            continue;
        };
        let same = |read: std::io::Result<(String, u64)>| {
            read.is_ok_and(|(got, size)| &got == b3 && size == f.size)
        };
        // Proven in this docking: the card's bytes and the stored copy's, read now.
        let intact = same(card_digest(&f.abs)) && same(read_back(&st.library.media_file(media)));
        if intact && std::fs::remove_file(&f.abs).is_ok() {
            freed.push(serde_json::json!({ "path": f.rel_display, "blake3": b3 }));
        }
    }
    if !freed.is_empty() {
        let detail = serde_json::json!({ "source": source.display().to_string(), "files": freed });
        st.catalog.audit(
            &st.now_text(),
            &st.actor(),
            AuditAction::FreeRecorder,
            Some(&ctx.device),
            "ok",
            Some(&detail.to_string()),
        )?;
    }
    Ok(freed.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_numbers_missing_since_the_last_docking_within_a_folder() {
        // Last docking ended at 100-0041; now 0045..0047 arrive: 42–44 were deleted.
        let before = [1_000_040, 1_000_041];
        let now = [1_000_045, 1_000_046, 1_000_047];
        assert_eq!(
            sequence_gaps(&now, &before),
            vec![1_000_042, 1_000_043, 1_000_044]
        );
        // A hole inside one docking.
        assert_eq!(sequence_gaps(&[1_000_001, 1_000_003], &[]), vec![1_000_002]);
        // A new folder starts a new run; numbers still on the card are not missing.
        assert!(sequence_gaps(&[1_010_001, 1_010_002], &[1_009_998, 1_009_999]).is_empty());
        assert!(
            sequence_gaps(&[1_000_005], &[1_000_001, 1_000_002, 1_000_003, 1_000_004]).is_empty()
        );
        assert_eq!(format_seq(1_000_042), "100/0042");
    }
}
