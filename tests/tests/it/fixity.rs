//! Checks on a schedule: a share of the library re-read each night so every file is proven
//! whole within `verify_days`; a changed or missing original stays in the integrity report
//! until it is whole again; the watch loop starts the night's check by itself.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use station_core::cases::ReportKind;
use station_core::events::{CoreEvent, EventSink, NoEvents};
use station_core::{ClipQuery, FixedClock, IngestOptions, Station};
use station_tests::*;

/// 18:00 UTC = 02:00 the next day in Shanghai.
fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, d, h, 0, 0)
        .single()
        .expect("time")
}

fn library(tmp: &Path, clock: Arc<FixedClock>) -> Station {
    let st = found(
        &tmp.join("lib"),
        None,
        clock,
        &[
            ("time_zone", "Asia/Shanghai"),
            ("verify_days", "3"),
            ("verify_hour", "1"),
        ],
    );
    let mut rec = FakeRecorder::new(&tmp.join("card"));
    for i in 0..12 {
        rec.dsj("FX1", "080001", &format!("20240301_08{i:02}00"), "", 20_000);
    }
    let report = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(report.complete());
    st
}

fn proven_at(st: &Station) -> i64 {
    let since = st
        .fixity_status()
        .expect("status")
        .fully_verified_since
        .expect("since");
    DateTime::parse_from_rfc3339(&since)
        .expect("rfc")
        .timestamp()
}

#[test]
fn each_night_reads_a_share_and_every_file_is_proven_within_the_setting() {
    let tmp = tempfile::tempdir().expect("tmp");
    let clock = Arc::new(FixedClock::new(at(1, 2)));
    let st = library(tmp.path(), clock.clone());
    // Ingest read every file back: the library is proven as of now; nothing is due by day.
    assert_eq!(proven_at(&st), at(1, 2).timestamp());
    clock.set(at(1, 16)); // 00:00 in Shanghai: before the hour
    assert!(!st.scheduled_check_due().expect("due"));

    let mut read = Vec::new();
    for night in 1..=9 {
        clock.set(at(night, 17) + chrono::Duration::minutes(5)); // 01:05 the next day
        assert!(st.scheduled_check_due().expect("due"), "night {night}");
        let r = st.scheduled_check(&NoEvents, None).expect("night");
        assert!(r.clean());
        assert!(!st.scheduled_check_due().expect("due"), "once a night");
        read.push(r.checked);
        let oldest = proven_at(&st);
        assert!(
            clock_now(&clock) - oldest < 3 * 86_400,
            "night {night}: a file unproven for longer than verify_days"
        );
    }
    // About a third a night, never the whole library each night.
    assert!(read.iter().all(|&n| (3..=12).contains(&n)), "{read:?}");
    assert!(read.iter().sum::<u64>() < 12 * 9, "{read:?}");
}

fn clock_now(clock: &FixedClock) -> i64 {
    use station_core::Clock;
    clock.now().timestamp()
}

#[test]
fn a_changed_or_missing_original_stays_in_the_integrity_report_until_whole_again() {
    let tmp = tempfile::tempdir().expect("tmp");
    let clock = Arc::new(FixedClock::new(at(1, 2)));
    let st = library(tmp.path(), clock.clone());
    let clips = st.clips().list(&ClipQuery::default()).expect("clips");
    let (changed, gone) = (&clips[0], &clips[1]);
    let original = std::fs::read(&changed.path).expect("read");
    let mut bad = original.clone();
    bad[100] ^= 0xff;
    make_writable(Path::new(&changed.path));
    std::fs::write(&changed.path, &bad).expect("tamper");
    let kept = tmp.path().join("kept");
    std::fs::rename(&gone.path, &kept).expect("take away");

    let head = signed_in(&tmp.path().join("lib"), clock.clone(), INSPECTOR);
    let report = head.verify(&NoEvents).expect("verify");
    assert_eq!((report.mismatched.len(), report.missing.len()), (1, 1));
    let rows = head
        .reports()
        .get(ReportKind::Integrity, None, None)
        .expect("report");
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{rows:?}");
    assert!(
        ids.contains(&changed.id.to_string().as_str())
            && ids.contains(&gone.id.to_string().as_str())
    );
    assert!(
        rows.iter().any(|r| r.detail.starts_with("缺失")),
        "{rows:?}"
    );
    assert_eq!(head.fixity_status().expect("status").problems, 2);
    // The same from the CLI, as a script or an inspector reads it.
    let lib = tmp.path().join("lib");
    let (code, status) = cli_json_as(&lib, INSPECTOR, &["verify", "--status", "--json"]);
    assert_eq!(
        (code, status["problems"].as_u64()),
        (1, Some(2)),
        "{status:#}"
    );
    let (_, rows) = cli_json_as(&lib, INSPECTOR, &["reports", "integrity", "--json"]);
    assert_eq!(rows.as_array().map(Vec::len), Some(2), "{rows:#}");

    // Put back from a second copy, the next pass finds them whole and the report empties.
    std::fs::write(&changed.path, &original).expect("restore");
    std::fs::rename(&kept, &gone.path).expect("restore");
    clock.set(at(2, 2));
    assert!(head.verify(&NoEvents).expect("verify").clean());
    assert!(head
        .reports()
        .get(ReportKind::Integrity, None, None)
        .expect("report")
        .is_empty());
    assert_eq!(head.fixity_status().expect("status").problems, 0);
}

fn make_writable(path: &Path) {
    let mut perm = std::fs::metadata(path).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(path, perm).expect("writable");
}

#[derive(Default)]
struct Seen(Mutex<Vec<String>>);

impl EventSink for Seen {
    fn emit(&self, event: CoreEvent) {
        if let CoreEvent::CheckFinished { kind, checked, .. } = event {
            self.0
                .lock()
                .expect("lock")
                .push(format!("{}:{checked}", kind.code()));
        }
    }
}

#[test]
fn the_watch_loop_starts_the_nights_check_by_itself() {
    let tmp = tempfile::tempdir().expect("tmp");
    let clock = Arc::new(FixedClock::new(at(1, 2)));
    let st = library(tmp.path(), clock.clone());
    drop(st);
    clock.set(at(5, 18)); // 02:00 in Shanghai, days after the last proof: due
    let roots = tmp.path().join("roots");
    std::fs::create_dir_all(&roots).expect("roots");
    let seen = Arc::new(Seen::default());
    let stop = Arc::new(AtomicBool::new(false));
    let options = station_core::dock::WatchOptions {
        roots: vec![roots],
        ..Default::default()
    };
    let (lib, sink, stopper) = (tmp.path().join("lib"), seen.clone(), stop.clone());
    let watch =
        std::thread::spawn(move || station_core::dock::watch(&lib, clock, options, sink, stopper));
    let start = Instant::now();
    while seen.0.lock().expect("lock").is_empty() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    watch.join().expect("join").expect("watch");
    // Every file was proven more than verify_days ago: all of them are due tonight.
    assert_eq!(
        *seen.0.lock().expect("lock"),
        vec!["scheduled:12".to_string()]
    );
}
