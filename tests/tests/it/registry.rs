//! The registry and the docking record, through the CLI as a custodian uses it.

use std::sync::Arc;

use chrono::{Duration, Local};
use serde_json::Value;
use station_core::SystemClock;
use station_tests::mounts::Mount;
use station_tests::*;

fn library(tmp: &std::path::Path) -> std::path::PathBuf {
    let lib = tmp.join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    // Recorder names are local time; the test machine's zone is whatever it is.
    drop(st);
    lib
}

/// Run the CLI as the custodian, or for settings as the administrator; it must succeed.
fn ok(lib: &std::path::Path, args: &[&str]) {
    let who = if args.first() == Some(&"settings") {
        ADMIN
    } else {
        CUSTODIAN
    };
    let out = cli_as(lib, who).args(args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn ingest(lib: &std::path::Path, card: &std::path::Path) -> Value {
    let (code, report) = cli_json(lib, &["ingest", card.to_str().expect("utf8"), "--json"]);
    assert!(code == 0 || code == 1, "{report:#}");
    report
}

fn stamp(days_ago: i64, hhmmss: &str) -> String {
    format!(
        "{}_{hhmmss}",
        (Local::now() - Duration::days(days_ago)).format("%Y%m%d")
    )
}

fn flags(report: &Value) -> Vec<String> {
    report["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .map(|f| f.as_str().expect("flag").to_string())
        .collect()
}

#[test]
fn registry_commands_and_assignment_history_label_clips_by_recording_time() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    ok(&lib, &["squads", "add", "一中队"]);
    ok(
        &lib,
        &[
            "officers",
            "add",
            "--id",
            "010001",
            "--name",
            "张三",
            "--squad",
            "一中队",
        ],
    );
    ok(
        &lib,
        &[
            "officers",
            "add",
            "--id",
            "010002",
            "--name",
            "李四",
            "--squad",
            "一中队",
        ],
    );
    // A device is registered for 张三; from yesterday noon 李四 holds it.
    ok(
        &lib,
        &[
            "devices",
            "add",
            "--serial",
            "cam7",
            "--model",
            "DSJ-V9",
            "--squad",
            "一中队",
            "--officer",
            "010001",
        ],
    );
    let noon = (Local::now() - Duration::days(1))
        .format("%Y-%m-%d 12:00")
        .to_string();
    ok(
        &lib,
        &[
            "devices",
            "assign",
            "--serial",
            "CAM7",
            "--officer",
            "010002",
            "--from",
            &noon,
        ],
    );

    // A camera whose names carry no officer: the registry decides, by recording time.
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.file(
        format!("VID_{}.mp4", stamp(1, "090000")),
        &mp4_of_size(3_000, 1),
    );
    rec.file(
        format!("VID_{}.mp4", stamp(1, "150000")),
        &mp4_of_size(3_000, 2),
    );
    // A DSJ name with another officer number wins, and the disagreement is flagged.
    rec.file(
        format!("DSJ_CAM7_010001_{}.mp4", stamp(1, "160000")),
        &mp4_of_size(3_000, 3),
    );
    let report = ingest(&lib, &rec.root);
    assert_eq!(report["device"], "CAM7");
    assert_eq!(report["copied"], 3);
    assert!(!flags(&report).contains(&"unregistered_device".to_string()));
    let (_, clips) = cli_json(&lib, &["clips", "list", "--json"]);
    let clips = clips.as_array().expect("array");
    let by = |needle: &str| {
        clips
            .iter()
            .find(|c| c["source_path"].as_str().expect("p").contains(needle))
            .expect("clip")
    };
    assert_eq!(by("090000")["officer"], "010001", "before noon: 张三");
    assert_eq!(by("150000")["officer"], "010002", "after noon: 李四");
    assert_eq!(by("150000")["squad"], "一中队");
    let dsj = by("160000");
    assert_eq!(dsj["officer"], "010001");
    assert!(dsj["warnings"]
        .as_array()
        .expect("w")
        .iter()
        .any(|w| w["code"] == "officer_mismatch"));

    // Correcting the history relabels exactly the clips it labelled.
    let early = (Local::now() - Duration::days(1))
        .format("%Y-%m-%d 08:00")
        .to_string();
    ok(
        &lib,
        &[
            "devices",
            "assign",
            "--serial",
            "CAM7",
            "--officer",
            "010002",
            "--from",
            &early,
        ],
    );
    let (_, clips) = cli_json(&lib, &["clips", "list", "--json"]);
    let clips = clips.as_array().expect("array");
    let by = |needle: &str| {
        clips
            .iter()
            .find(|c| c["source_path"].as_str().expect("p").contains(needle))
            .expect("clip")
    };
    assert_eq!(by("090000")["officer"], "010002");
    assert_eq!(
        by("160000")["officer"],
        "010001",
        "the file name still wins"
    );

    let (_, devices) = cli_json(&lib, &["devices", "list", "--json"]);
    assert_eq!(devices[0]["serial"], "CAM7");
    assert_eq!(devices[0]["registered"], true);
    assert_eq!(devices[0]["officer"], "010002");
    let (_, officers) = cli_json(&lib, &["officers", "list", "--json"]);
    assert_eq!(officers.as_array().expect("a").len(), 2);
    assert_eq!(officers[0]["name"], "张三");
    let (_, squads) = cli_json(&lib, &["squads", "list", "--json"]);
    assert_eq!(squads[0]["officers"], 2);
    // Unknown names are refused with a clear code.
    let out = cli(&lib)
        .args([
            "devices",
            "assign",
            "--serial",
            "NOPE",
            "--officer",
            "010001",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("设备"));
}

#[test]
fn an_unknown_recorder_is_ingested_flagged_and_resolved_later() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("X9", "020002", &stamp(0, "080000"), "", 5_000);
    rec.file(format!("DCIM/PIC_{}.jpg", stamp(0, "081000")), SAMPLE_JPG);
    let report = ingest(&lib, &rec.root);
    assert_eq!(report["copied"], 2, "footage is never refused");
    assert!(flags(&report).contains(&"unregistered_device".to_string()));
    let (_, devices) = cli_json(&lib, &["devices", "list", "--json"]);
    assert_eq!(devices[0]["registered"], false);

    // The custodian resolves it: the photo without an officer in its name is labelled now.
    ok(&lib, &["squads", "add", "二中队"]);
    ok(
        &lib,
        &[
            "officers",
            "add",
            "--id",
            "020002",
            "--name",
            "王五",
            "--squad",
            "二中队",
        ],
    );
    ok(
        &lib,
        &[
            "devices",
            "add",
            "--serial",
            "X9",
            "--squad",
            "二中队",
            "--officer",
            "020002",
        ],
    );
    let (_, clips) = cli_json(&lib, &["clips", "list", "--json"]);
    for c in clips.as_array().expect("a") {
        assert_eq!(c["officer"], "020002", "{c:#}");
        assert_eq!(c["squad"], "二中队", "{c:#}");
    }
    let (_, docks) = cli_json(&lib, &["docks", "list", "--json"]);
    for key in [
        "id",
        "device",
        "mount",
        "started_at",
        "finished_at",
        "found",
        "copied",
        "skipped",
        "failed",
        "free_bytes",
        "flags",
    ] {
        assert!(docks[0].get(key).is_some(), "dock lacks {key}");
    }
    // The next docking of the now registered recorder is not flagged.
    let report = ingest(&lib, &rec.root);
    assert!(!flags(&report).contains(&"unregistered_device".to_string()));
}

#[test]
fn late_storage_low_space_clock_drift_and_sequence_gaps_are_flagged() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    ok(&lib, &["devices", "add", "--serial", "DC1"]);
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    // Recorded three days ago, docked only now.
    rec.dsj("DC1", "030003", &stamp(3, "100000"), "", 5_000);
    // The recorder tells its clock in an identity file: an hour fast.
    let fast = (Local::now() + Duration::hours(1)).format("%Y-%m-%d %H:%M:%S");
    rec.file("DEVICE.TXT", format!("SN=DC1\ntime={fast}\n").as_bytes());
    rec.file("DCIM/100MEDIA/IMG_0001.JPG", SAMPLE_JPG);
    rec.file("DCIM/100MEDIA/IMG_0002.JPG", SAMPLE_JPG);
    // Far more free space asked for (1 TiB, the most allowed) than any test disk has.
    ok(&lib, &["settings", "set", "low_space_mib", "1048576"]);
    let report = ingest(&lib, &rec.root);
    let f = flags(&report);
    for expected in ["late_storage", "clock_drift", "low_space"] {
        assert!(
            f.contains(&expected.to_string()),
            "{expected} missing: {report:#}"
        );
    }
    assert!(!f.contains(&"sequence_gap".to_string()), "{report:#}");
    let drift = report["clock_drift_s"].as_f64().expect("drift");
    assert!((3500.0..3700.0).contains(&drift), "{drift}");
    assert!(report["free_bytes"].as_u64().is_some());

    // Next shift: 0003 and 0004 were deleted on the recorder before docking; 0005 arrives.
    ok(&lib, &["settings", "set", "low_space_mib", "0"]);
    std::fs::remove_file(rec.root.join("DEVICE.TXT")).expect("rm");
    rec.file("DCIM/100MEDIA/IMG_0005.JPG", SAMPLE_JPG);
    let report = ingest(&lib, &rec.root);
    assert_eq!(report["device"], "DC1");
    // (The sample photo's EXIF says January 2024, so it is late storage as well.)
    assert_eq!(
        flags(&report),
        vec!["late_storage".to_string(), "sequence_gap".to_string()],
        "{report:#}"
    );
    assert!(report["flag_details"]["sequence_gap"]
        .as_str()
        .expect("detail")
        .contains("100/0003"));
    let (_, docks) = cli_json(&lib, &["docks", "list", "--json"]);
    assert_eq!(
        docks[0]["flags"],
        serde_json::json!(["late_storage", "sequence_gap"])
    );
    assert_eq!(docks[1]["flags"].as_array().expect("a").len(), 3);
}

/// A recorder card: an exFAT image mounted at `<tmp>/<label>`, as the dock watcher sees one.
fn docked_card(tmp: &std::path::Path, label: &str) -> Option<Mount> {
    match Mount::exfat(
        &tmp.join(format!("{label}.img")),
        &tmp.join(label),
        96,
        label,
    ) {
        Ok(m) => Some(m),
        Err(why) => {
            skip("free the recorder (needs a real exFAT card)", &why);
            None
        }
    }
}

#[test]
fn free_the_recorder_removes_only_verified_files_and_only_when_enabled_on_a_docked_card() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    let Some(card) = docked_card(tmp.path(), "FR1") else {
        return;
    };
    // The custodian registered the recorder: its volume is one the station may free.
    ok(&lib, &["devices", "add", "--serial", "FR1"]);
    let mut rec = FakeRecorder::new(&card.dir);
    // The recorder's identity file: stored with the rest, never freed.
    std::fs::write(card.dir.join("DEVICE.TXT"), b"SN=FR1\r\n").expect("identity file");
    for i in 0..4 {
        rec.dsj(
            "FR1",
            "040004",
            &stamp(0, &format!("0{i}0000")),
            "",
            3 << 20,
        );
    }
    // Off by default: the recorder keeps everything.
    let report = ingest(&lib, &rec.root);
    assert_eq!(report["freed"], 0);
    assert_eq!(rec.evidence().len(), 5, "four clips and the identity file");

    // On, with a kill -9 in the middle of the next docking's copy.
    ok(&lib, &["settings", "set", "free_recorder", "true"]);
    for i in 4..10 {
        rec.dsj(
            "FR1",
            "040004",
            &stamp(0, &format!("1{i}0000")),
            "",
            6 << 20,
        );
    }
    let before = rec.snapshot();
    let mut child = cli(&lib)
        .args(["ingest", rec.root.to_str().expect("utf8"), "--json"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(60));
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    // Whatever that run removed from the recorder is in the library, intact.
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    let stored: std::collections::BTreeSet<String> = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .into_iter()
        .map(|c| c.blake3)
        .collect();
    let after = rec.snapshot();
    for (rel, state) in &before {
        if !after.contains_key(rel) {
            assert!(
                stored.contains(&state.blake3),
                "{} left the recorder unstored",
                String::from_utf8_lossy(rel)
            );
        }
    }
    assert!(st
        .clips()
        .verify(&station_core::events::NoEvents)
        .expect("verify")
        .clean());

    let report = ingest(&lib, &rec.root);
    assert_eq!(report["failed"], 0, "{report:#}");
    assert_eq!(
        rec.evidence(),
        [b"DEVICE.TXT".to_vec()],
        "a fully verified docking frees the recorder but for the identity file"
    );
    assert_eq!(st.clips().count().expect("count"), 11);
    assert!(st
        .clips()
        .verify(&station_core::events::NoEvents)
        .expect("verify")
        .clean());
    // Freed files are in the audit log.
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    let n: i64 = db
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'free_recorder'",
            [],
            |r| r.get(0),
        )
        .expect("n");
    assert!(n >= 1);

    // Per device off overrides the station's on.
    let Some(card2) = docked_card(tmp.path(), "KEEP1") else {
        return;
    };
    let mut other = FakeRecorder::new(&card2.dir);
    other.dsj("KEEP1", "040005", &stamp(0, "120000"), "", 4_000);
    ok(
        &lib,
        &[
            "devices",
            "add",
            "--serial",
            "KEEP1",
            "--free-after-ingest",
            "false",
        ],
    );
    let report = ingest(&lib, &other.root);
    assert_eq!(report["freed"], 0);
    assert_eq!(other.evidence().len(), 1);
}

/// With free-the-recorder on, a folder given by hand is never emptied: it may be anything (a
/// project folder, a copy of a card), and it is not a volume the station recognised.
#[test]
fn free_the_recorder_deletes_nothing_from_a_folder_given_by_hand() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    ok(&lib, &["settings", "set", "free_recorder", "true"]);
    ok(&lib, &["devices", "add", "--serial", "FR2"]);
    let mut rec = FakeRecorder::new(&tmp.path().join("folder"));
    rec.dsj("FR2", "040006", &stamp(0, "090000"), "", 4_000);
    rec.file(".git/HEAD", b"ref: refs/heads/main\n");
    let report = ingest(&lib, &rec.root);
    assert_eq!(report["copied"], 2, "{report:#}");
    assert_eq!(report["freed"], 0, "{report:#}");
    assert!(
        report["not_freed"]
            .as_str()
            .is_some_and(|s| s.contains("不是已识别的记录仪存储卷")),
        "{report:#}"
    );
    assert!(rec.root.join(".git/HEAD").is_file());
    assert_eq!(rec.evidence().len(), 2);
}

/// Stored evidence is not a recorder: a folder inside the library is refused before anything
/// is read, so nothing in it is copied again or freed.
#[test]
fn a_folder_inside_the_library_is_refused_as_a_source() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("IN1", "040007", &stamp(0, "090000"), "", 4_000);
    ingest(&lib, &rec.root);
    ok(&lib, &["settings", "set", "free_recorder", "true"]);
    let stored = lib.join("media");
    let before = snapshot(&stored);
    let (code, out) = cli_json(&lib, &["ingest", stored.to_str().expect("utf8"), "--json"]);
    assert_eq!(code, 2, "{out:#}");
    assert!(
        out["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("位于证据库")),
        "{out:#}"
    );
    assert_eq!(snapshot(&stored), before);
}

/// A setting changed in one part of the station — the administrator's window — holds at once
/// in every other part that has the library open (the custodian's window, the dock watcher),
/// without a restart; `TZ` names the zone where no `time_zone` is set.
#[test]
fn a_time_zone_change_takes_effect_at_once_in_every_open_station() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    let clock: Arc<dyn station_core::Clock> = Arc::new(SystemClock);
    let window = signed_in(&lib, clock.clone(), CUSTODIAN);
    let watcher = signed_in(&lib, clock.clone(), CUSTODIAN);
    let admin = signed_in(&lib, clock, ADMIN);
    for zone in ["Asia/Shanghai", "America/New_York", "Asia/Shanghai"] {
        admin.set_setting("time_zone", zone).expect("set");
        for st in [&window, &watcher, &admin] {
            assert_eq!(st.time_zone().name(), zone);
        }
        let offset = if zone == "Asia/Shanghai" {
            "+08:00"
        } else {
            "-05:00"
        };
        let typed = watcher.parse_time("2026-12-01 08:00").expect("time");
        assert_eq!(typed.to_rfc3339(), format!("2026-12-01T08:00:00{offset}"));
    }
    admin.set_setting("language", "en").expect("set");
    assert_eq!(window.lang(), station_core::Lang::En);

    // No time_zone set: the CLI takes the zone TZ names.
    let fresh = tmp.path().join("fresh");
    drop(found(&fresh, None, Arc::new(SystemClock), &[]));
    let out = cli(&fresh)
        .env("TZ", "Asia/Tokyo")
        .args(["cases", "add", "--number", "C-TZ"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(&fresh)
        .env("TZ", ":Asia/Tokyo")
        .args(["cases", "stage", "C-TZ", "--stage", "registration"])
        .args(["--date", "2026-12-01T23:30:00+00:00"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, case) = cli_json(&fresh, &["cases", "show", "C-TZ", "--json"]);
    // 23:30 UTC on the 1st is the 2nd in Tokyo.
    assert_eq!(case["case"]["stages"][0][1], "2026-12-02", "{case:#}");
}

#[test]
fn the_registry_is_imported_from_the_template_only_when_every_row_is_right_and_only_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    let template = tmp.path().join("模板.xlsx");
    ok(
        &lib,
        &[
            "import",
            "template",
            "--to",
            template.to_str().expect("utf8"),
        ],
    );
    assert!(std::fs::read(&template)
        .expect("template")
        .starts_with(b"PK"));

    let book = tmp.path().join("名册.xlsx");
    registry_workbook(
        &book,
        &[
            ["一中队", "", "", "", ""],
            ["一中队", "080001", "张三", "DSJ-1", "DSJ-A8"],
            ["二中队", "080101", "王五", "", ""],
            ["二中队", "", "", "DSJ-9", ""],
        ],
    );
    let path = book.to_str().expect("utf8");
    let officers = |lib: &std::path::Path| cli_json(lib, &["officers", "list", "--json"]).1;
    let (code, dry) = cli_json(&lib, &["import", "registry", path, "--dry-run", "--json"]);
    assert_eq!(code, 0, "{dry:#}");
    assert_eq!(
        (dry["rows"].as_u64(), dry["added"].as_u64()),
        (Some(4), Some(4))
    );
    assert_eq!(dry["saved"], false);
    assert_eq!(
        officers(&lib),
        serde_json::json!([]),
        "a dry run saves nothing"
    );

    let (code, done) = cli_json(&lib, &["import", "registry", path, "--json"]);
    assert_eq!(code, 0, "{done:#}");
    assert_eq!(done["saved"], true);
    assert_eq!(officers(&lib).as_array().map(Vec::len), Some(2));
    let devices = cli_json(&lib, &["devices", "list", "--json"]).1;
    let holder = |serial: &str| {
        devices
            .as_array()
            .expect("devices")
            .iter()
            .find(|d| d["serial"] == serial)
            .map(|d| (d["officer"].clone(), d["squad"].clone()))
    };
    assert_eq!(holder("DSJ-1"), Some(("080001".into(), "一中队".into())));
    assert_eq!(holder("DSJ-9"), Some((Value::Null, "二中队".into())));

    let (code, again) = cli_json(&lib, &["import", "registry", path, "--json"]);
    assert_eq!(code, 0);
    assert_eq!(
        (
            again["added"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(4))
    );
    let audit = cli_json_as(
        &lib,
        INSPECTOR,
        &["audit", "list", "--action", "import_registry", "--json"],
    )
    .1;
    assert_eq!(audit.as_array().map(Vec::len), Some(2), "{audit:#}");

    // A CSV saved by Chinese Excel (GB18030) with one bad row: nothing of it is saved.
    let csv = tmp.path().join("名册.csv");
    let text =
        "中队,警号,姓名,记录仪序列号,记录仪型号\r\n三中队,080201,赵六,,\r\n三中队,,钱七,,\r\n";
    std::fs::write(&csv, encoding_rs::GB18030.encode(text).0).expect("csv");
    let (code, bad) = cli_json(
        &lib,
        &["import", "registry", csv.to_str().expect("utf8"), "--json"],
    );
    assert_eq!(code, 1, "{bad:#}");
    assert_eq!(bad["errors"][0]["row"], 3);
    assert_eq!(bad["errors"][0]["column"], "警号");
    assert!(bad["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("警号")));
    assert_eq!(
        officers(&lib).as_array().map(Vec::len),
        Some(2),
        "a file with an error saves nothing"
    );

    // Importing is the registry's duty: an inspector is refused.
    let (code, refused) = cli_json_as(&lib, INSPECTOR, &["import", "registry", path, "--json"]);
    assert_eq!(code, 2, "{refused:#}");
}
