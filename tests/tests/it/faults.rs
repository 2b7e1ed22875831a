//! Nothing is ever lost: kill -9 mid-copy, a recorder pulled out mid-copy, a library disk that
//! fills up. Each time the recorder is untouched, nothing partial is in `media/`, the catalog
//! opens, and the next run completes. Real mounts need root; without it those tests say why
//! they skip.

use std::fs;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use station_core::events::NoEvents;
use station_core::{IngestOptions, Station, SystemClock};
use station_tests::mounts::Mount;
use station_tests::*;

fn big_recorder(root: &Path, files: usize, mib: usize) -> FakeRecorder {
    let mut rec = FakeRecorder::new(root);
    for i in 0..files {
        rec.dsj(
            "K9",
            "000009",
            &format!("20240105_10{i:02}00"),
            "",
            mib << 20,
        );
    }
    rec
}

fn open(lib: &Path) -> Station {
    signed_in(lib, Arc::new(SystemClock), CUSTODIAN)
}

/// What must hold after any interruption: no partial copy anywhere the station would count it,
/// every file in `media/` a complete copy of the recorder's file of that name, every catalogued
/// clip intact.
fn assert_nothing_partial(lib: &Path, rec: &FakeRecorder) {
    let st = open(lib); // opening tidies what the dead run left
    assert!(
        files_under(&lib.join(".staging")).is_empty(),
        "partial copies left in staging"
    );
    let recorder = rec.snapshot();
    for f in files_under(&lib.join("media")) {
        let name = f.file_name().expect("name").to_string_lossy().to_string();
        let (_, state) = recorder
            .iter()
            .find(|(rel, _)| String::from_utf8_lossy(rel).ends_with(&name))
            .unwrap_or_else(|| panic!("{} in media/ matches no recorder file", f.display()));
        assert_eq!(
            blake3_hex(&fs::read(&f).expect("read")),
            state.blake3,
            "{} is not a whole copy",
            f.display()
        );
    }
    let report = st.clips().verify(&NoEvents).expect("verify");
    assert!(report.clean(), "{report:#?}");
}

fn spawn_ingest(lib: &Path, source: &Path) -> Child {
    cli(lib)
        .args(["ingest", source.to_str().expect("utf8"), "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ingest")
}

fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    eprintln!("gave up waiting for {what}");
    false
}

fn partial_in_staging(lib: &Path) -> bool {
    files_under(&lib.join(".staging")).iter().any(|p| {
        p.extension().is_some_and(|e| e == "part") && fs::metadata(p).is_ok_and(|m| m.len() > 0)
    })
}

#[test]
fn kill_9_at_any_moment_then_the_next_run_completes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = big_recorder(&tmp.path().join("card"), 12, 12);
    let lib = tmp.path().join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);
    let before = rec.snapshot();

    // First kill: in the middle of the very first copy.
    let mut child = spawn_ingest(&lib, &rec.root);
    assert!(wait_until(
        "a partial copy",
        Duration::from_secs(20),
        || partial_in_staging(&lib)
    ));
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    assert_nothing_partial(&lib, &rec);

    // Then at a spread of moments: mid-copy, mid-verify, between link, manifest and commit.
    for delay_ms in [30u64, 70, 110, 160, 230, 300] {
        let mut child = spawn_ingest(&lib, &rec.root);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("kill -9");
        child.wait().expect("reap");
        assert_nothing_partial(&lib, &rec);
    }

    // A lock left by a killed process blocks nothing: the next run takes it and completes.
    let out = cli(&lib)
        .args(["ingest", rec.root.to_str().expect("utf8"), "--json"])
        .output()
        .expect("ingest");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(
        report["copied"].as_u64().expect("n") + report["skipped"].as_u64().expect("n"),
        12
    );
    let st = open(&lib);
    let clips = st.clips().list(&Default::default()).expect("list");
    assert_eq!(
        clips.len(),
        12,
        "every recording is catalogued exactly once"
    );
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    assert_eq!(
        files_under(&lib.join("media")).len(),
        12,
        "no stray copies in media/"
    );
    assert_eq!(rec.snapshot(), before, "the recorder was touched");
    // Dock events of killed runs are closed as stopped, not left 'running' forever.
    let (code, _) = cli_json(&lib, &["clips", "list", "--json"]);
    assert_eq!(code, 0);
    let running: i64 = rusqlite_count(
        &lib,
        "SELECT count(*) FROM dock_events WHERE state = 'running'",
    );
    assert_eq!(running, 0);
}

/// A count read straight from the catalog (not through the station, which tidies on open).
fn rusqlite_count(lib: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(lib.join("catalog.sqlite"))
        .and_then(|db| db.query_row(sql, [], |r| r.get(0)))
        .expect("count")
}

#[test]
fn a_recorder_pulled_out_mid_copy_stops_cleanly_and_resumes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let image = tmp.path().join("card.img");
    let dir = tmp.path().join("DSJ001");
    let mut mount = match Mount::exfat(&image, &dir, 400, "DSJ001") {
        Ok(m) => m,
        Err(why) => return skip("recorder pulled mid-copy", &why),
    };
    let rec = big_recorder(&mount.dir, 16, 20);
    let before = rec.snapshot();
    let lib = tmp.path().join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);

    let child = spawn_ingest(&lib, &rec.root);
    assert!(wait_until(
        "the first stored clip",
        Duration::from_secs(30),
        || !files_under(&lib.join("media")).is_empty()
    ));
    mount.pull();
    let out = child.wait_with_output().expect("ingest ends");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    assert_eq!(report["stopped"]["code"], "recorder_gone", "{report:#}");
    let stored = report["copied"].as_u64().expect("n");
    assert!(
        (1..16).contains(&stored),
        "pulled too late to test anything: {report:#}"
    );
    assert_eq!(
        report["copied"].as_u64().expect("n") + report["failed"].as_u64().expect("n"),
        16
    );

    // Docked again: the rest comes in, nothing twice, the card exactly as it was.
    let mount = Mount::exfat_again(&image, &dir).expect("re-dock");
    let rec = FakeRecorder::new(&mount.dir);
    assert_nothing_partial(&lib, &rec);
    let st = open(&lib);
    let again = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(again.complete(), "{again:#?}");
    assert_eq!((again.copied, again.skipped), (16 - stored, stored));
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    let after = rec.snapshot();
    assert_eq!(after.len(), before.len());
    for (rel, b) in &before {
        let a = &after[rel];
        assert_eq!(
            (a.size, a.mtime_ns, &a.blake3),
            (b.size, b.mtime_ns, &b.blake3),
            "{}",
            String::from_utf8_lossy(rel)
        );
    }
}

#[test]
fn a_full_library_disk_stops_with_a_plain_message_and_resumes_after_space_is_freed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = big_recorder(&tmp.path().join("card"), 8, 10);
    let lib_dir = tmp.path().join("disk");
    let disk = match Mount::tmpfs(&lib_dir, 48) {
        Ok(m) => m,
        Err(why) => return skip("full library disk", &why),
    };
    let lib = lib_dir.join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);

    let out = cli(&lib)
        .args(["ingest", rec.root.to_str().expect("utf8"), "--json"])
        .output()
        .expect("ingest");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    assert_eq!(report["stopped"]["code"], "disk_full", "{report:#}");
    assert!(report["stopped"]["message"]
        .as_str()
        .expect("message")
        .contains("磁盘已满"));
    let stored = report["copied"].as_u64().expect("n");
    assert!((1..8).contains(&stored), "{report:#}");
    assert_nothing_partial(&lib, &rec);

    disk.grow_tmpfs(200).expect("free space");
    let out = cli(&lib)
        .args(["ingest", rec.root.to_str().expect("utf8"), "--json"])
        .output()
        .expect("ingest");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(
        (report["copied"].as_u64(), report["skipped"].as_u64()),
        (Some(8 - stored), Some(stored))
    );
    assert_nothing_partial(&lib, &rec);
}

#[test]
fn a_fat_card_ingests_like_any_other() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mount = match Mount::fat(
        &tmp.path().join("fat.img"),
        &tmp.path().join("CAM"),
        64,
        "CAM",
    ) {
        Ok(m) => m,
        Err(why) => return skip("FAT card", &why),
    };
    let mut rec = FakeRecorder::new(&mount.dir);
    rec.file("DCIM/100MEDIA/IMG_0001.JPG", SAMPLE_JPG);
    rec.file("DCIM/100MEDIA/MOV_0002.MP4", &mp4_of_size(3 << 20, 11));
    rec.file("DCIM/100MEDIA/REC_0003.WAV", SAMPLE_WAV);
    let before = rec.snapshot();
    let lib = tmp.path().join("lib");
    let st = found(&lib, None, Arc::new(SystemClock), &[]);
    let r = st
        .ingest(
            &rec.root,
            &IngestOptions {
                device: Some("CAM-7".into()),
                ..Default::default()
            },
            &NoEvents,
        )
        .expect("ingest");
    assert!(r.complete(), "{r:#?}");
    // fusefat also shows the volume label as an empty root file: it is stored like any file.
    assert_eq!(r.copied as usize, before.len());
    assert!(before.len() >= 3);
    let clips = st.clips().list(&Default::default()).expect("list");
    assert!(clips.iter().all(|c| c.device == "CAM-7"));
    let after = rec.snapshot();
    for (rel, b) in &before {
        let a = &after[rel];
        assert_eq!(
            (a.size, a.mtime_ns, &a.blake3),
            (b.size, b.mtime_ns, &b.blake3)
        );
    }
}
