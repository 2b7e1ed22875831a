//! The verified ingest end to end: what is stored, how it is labelled, what is never touched.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::sync::Arc;

use chrono::TimeZone;
use serde_json::Value;
use station_core::events::NoEvents;
use station_core::{ErrorCode, FixedClock, IngestOptions, Station};
use station_tests::*;

fn clock() -> Arc<FixedClock> {
    // 2024-01-05 20:00 in Beijing: the evening after the shift.
    Arc::new(FixedClock::new(
        chrono::Utc
            .with_ymd_and_hms(2024, 1, 5, 12, 0, 0)
            .single()
            .expect("valid"),
    ))
}

/// A founded library, as its custodian.
fn station(lib: &std::path::Path) -> Station {
    found(
        lib,
        Some("兴隆分局"),
        clock(),
        &[("time_zone", "Asia/Shanghai")],
    )
}

fn by_source(clips: &Value) -> std::collections::BTreeMap<String, Value> {
    clips
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["source_path"].as_str().expect("source_path").to_string(),
                c.clone(),
            )
        })
        .collect()
}

#[test]
fn every_evidence_file_is_stored_byte_for_byte_and_junk_is_not() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    station(&lib);
    let before = rec.snapshot();

    let (code, report) = cli_json(
        &lib,
        &[
            "ingest",
            rec.root.to_str().expect("utf8"),
            "--squad",
            "一中队",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{report:#}");
    let evidence = rec.evidence();
    assert_eq!(report["found"], evidence.len() as u64);
    assert_eq!(report["copied"], evidence.len() as u64);
    assert_eq!(report["skipped"], 0);
    assert_eq!(report["failed"], 0);
    assert_eq!(report["errors"], serde_json::json!([]));
    let total: u64 = evidence.iter().map(|r| before[r].size).sum();
    assert_eq!(report["bytes"], total);

    let (code, clips) = cli_json(&lib, &["clips", "list", "--json"]);
    assert_eq!(code, 0);
    let clips = clips.as_array().expect("array").clone();
    assert_eq!(clips.len(), evidence.len());
    let mut seen = BTreeSet::new();
    for c in &clips {
        for key in [
            "id",
            "path",
            "source_path",
            "size",
            "blake3",
            "sha256",
            "sm3",
            "kind",
            "recorded_at",
            "duration_s",
            "device",
            "officer",
            "squad",
            "important",
            "warnings",
        ] {
            assert!(c.get(key).is_some(), "clip lacks {key}: {c:#}");
        }
        // The stored bytes are the recorder's bytes, by two independent digests of our own.
        let stored = fs::read(c["path"].as_str().expect("path")).expect("stored original");
        assert_eq!(c["size"], stored.len() as u64);
        assert_eq!(c["blake3"].as_str(), Some(blake3_hex(&stored).as_str()));
        assert_eq!(c["sha256"].as_str(), Some(sha256_hex(&stored).as_str()));
        // SM3 (GB/T 32905), as OpenSSL computes it.
        let path = std::path::Path::new(c["path"].as_str().expect("path"));
        assert_eq!(c["sm3"].as_str(), Some(openssl_sm3(path).as_str()));
        let source = c["source_path"].as_str().expect("source_path");
        let (raw, state) = before
            .iter()
            .find(|(raw, _)| station_core::ingest::display_path(raw).0 == source)
            .expect("a recorder file of that name");
        assert_eq!(state.blake3, blake3_hex(&stored), "{source}");
        seen.insert(raw.clone());
        // Stored originals are read-only.
        let mode = fs::metadata(c["path"].as_str().expect("path"))
            .expect("meta")
            .mode();
        assert_eq!(mode & 0o222, 0, "{} is writable", c["path"]);
        assert!(std::path::Path::new(c["path"].as_str().expect("path")).is_absolute());
    }
    assert_eq!(seen, evidence.iter().cloned().collect::<BTreeSet<_>>());
    let media = files_under(&lib.join("media"));
    assert_eq!(media.len(), evidence.len());
    assert!(!media
        .iter()
        .any(|p| p.to_string_lossy().contains("Thumbs.db")
            || p.to_string_lossy().contains("Volume Information")
            || p.to_string_lossy().contains("/._")));
    // One manifest line per stored original, with its SM3 too (a rebuild reads it back).
    let lines: Vec<Value> = files_under(&lib.join("manifests"))
        .iter()
        .flat_map(|p| {
            fs::read_to_string(p)
                .expect("manifest")
                .lines()
                .map(|l| serde_json::from_str(l).expect("json line"))
                .collect::<Vec<Value>>()
        })
        .collect();
    assert_eq!(lines.len(), evidence.len());
    for line in &lines {
        let clip = clips
            .iter()
            .find(|c| c["media_path"] == line["media_path"])
            .expect("its clip");
        assert_eq!(line["sm3"], clip["sm3"]);
    }
    // Nothing is left in staging.
    assert!(files_under(&lib.join(".staging")).is_empty());

    // The recorder is untouched: contents, sizes, modes, modification and access times.
    assert_eq!(rec.snapshot(), before);
}

#[test]
fn redocking_copies_nothing_twice() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    let st = station(&lib);
    let first = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(first.complete(), "{first:#?}");
    let manifest_lines = || -> usize {
        files_under(&lib.join("manifests"))
            .iter()
            .map(|p| fs::read_to_string(p).expect("read").lines().count())
            .sum()
    };
    let lines = manifest_lines();

    let again = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert_eq!(
        (again.copied, again.skipped, again.bytes),
        (0, first.found, 0)
    );
    assert!(again.complete());
    assert_eq!(manifest_lines(), lines);
    assert_eq!(st.clips().count().expect("count"), first.found);

    // A new clip on the same recorder is the only thing copied next time.
    rec.dsj("A12345", "012345", "20240105_180000", "", 10_000);
    let third = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert_eq!((third.copied, third.skipped), (1, first.found));
}

#[test]
fn labels_times_and_warnings_come_from_names_and_containers() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    station(&lib);
    let (code, _) = cli_json(
        &lib,
        &[
            "ingest",
            rec.root.to_str().expect("utf8"),
            "--squad",
            "一中队",
            "--json",
        ],
    );
    assert_eq!(code, 0);
    let (_, clips) = cli_json(&lib, &["--lang", "en", "clips", "list", "--json"]);
    let clips = by_source(&clips);
    let warning_codes = |c: &Value| -> Vec<String> {
        c["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .map(|w| w["code"].as_str().expect("code").to_string())
            .collect()
    };

    let dsj = &clips["DCIM/DSJ_A12345_012345_20240105_093012.MP4"];
    // The recorder's local time in the station's zone, with the offset.
    assert_eq!(dsj["recorded_at"], "2024-01-05T09:30:12+08:00");
    assert_eq!(dsj["time_source"], "file_name");
    assert_eq!(dsj["device"], "A12345");
    assert_eq!(dsj["officer"], "012345");
    assert_eq!(dsj["squad"], "一中队");
    assert_eq!(dsj["kind"], "video");
    assert_eq!(dsj["duration_s"], 2.0);
    assert_eq!(dsj["important"], false);
    assert!(warning_codes(dsj).is_empty(), "{dsj:#}");

    assert_eq!(
        clips["DCIM/DSJ_A12345_012345_20240105_094512_IMP.MP4"]["important"],
        true
    );
    let sos = &clips["DCIM/DSJ_A12345_012345_20240105_101500_SOS_enc.MP4"];
    assert_eq!(sos["important"], true);
    assert_eq!(sos["flags"], serde_json::json!(["SOS", "enc"]));

    // Camera card: times from the container. MP4 times are UTC; EXIF is the camera's local time.
    let mov = &clips["DCIM/100MEDIA/MOV_0002.MP4"];
    assert_eq!(mov["recorded_at"], "2024-01-05T09:30:12+08:00");
    assert_eq!(mov["time_source"], "container");
    let jpg = &clips["DCIM/100MEDIA/IMG_0001.JPG"];
    assert_eq!(jpg["kind"], "photo");
    assert_eq!(jpg["recorded_at"], "2024-01-05T09:31:00+08:00");
    let wav = &clips["AUDIO/DSJ_A12345_012345_20240105_111500.WAV"];
    assert_eq!(wav["kind"], "audio");
    assert_eq!(wav["duration_s"], 1.5);

    // Damaged and odd files are stored all the same, each with a clear warning.
    let empty = &clips["DCIM/DSJ_A12345_012345_20240105_120000.MP4"];
    assert_eq!(empty["size"], 0);
    assert_eq!(warning_codes(empty), vec!["empty_file"]);
    let cut = &clips["DCIM/DSJ_A12345_012345_20240105_121500.MP4"];
    assert_eq!(warning_codes(cut), vec!["metadata_unreadable"]);
    assert!(cut["warnings"][0]["message"]
        .as_str()
        .expect("message")
        .contains("stored as it is"));
    assert_eq!(
        cut["recorded_at"], "2024-01-05T12:15:00+08:00",
        "the name still gives the time"
    );
    let note = &clips["备注.txt"];
    assert_eq!(note["kind"], "other");
    assert_eq!(clips["录像/现场检查_张三.mp4"]["kind"], "video");
    let gbk = &clips["录像2.mp4"];
    assert!(
        warning_codes(gbk).contains(&"name_not_utf8".to_string()),
        "{gbk:#}"
    );
    assert!(gbk["path"].as_str().expect("path").ends_with("/录像2.mp4"));

    // The Chinese messages exist too, and are the default.
    let (_, zh) = cli_json(&lib, &["clips", "list", "--json"]);
    let zh = by_source(&zh);
    assert!(
        zh["DCIM/DSJ_A12345_012345_20240105_120000.MP4"]["warnings"][0]["message"]
            .as_str()
            .expect("message")
            .contains("文件为空")
    );
}

#[test]
fn filters_select_by_officer_device_date_and_kind() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let mut other = FakeRecorder::new(&tmp.path().join("card2"));
    other.dsj("B777", "054321", "20240107_080000", "", 5_000);
    let lib = tmp.path().join("lib");
    station(&lib);
    assert_eq!(
        cli_json(
            &lib,
            &["ingest", rec.root.to_str().expect("utf8"), "--json"]
        )
        .0,
        0
    );
    assert_eq!(
        cli_json(
            &lib,
            &[
                "ingest",
                other.root.to_str().expect("utf8"),
                "--squad",
                "二中队",
                "--json"
            ]
        )
        .0,
        0
    );
    let count = |args: &[&str]| -> usize {
        let mut all = vec!["clips", "list", "--json"];
        all.extend_from_slice(args);
        cli_json(&lib, &all).1.as_array().expect("array").len()
    };
    assert_eq!(count(&["--officer", "054321"]), 1);
    assert_eq!(count(&["--device", "B777"]), 1);
    assert_eq!(count(&["--squad", "二中队"]), 1);
    assert_eq!(count(&["--from", "2024-01-07", "--to", "2024-01-07"]), 1);
    assert_eq!(count(&["--kind", "photo"]), 2);
    assert_eq!(count(&["--kind", "audio"]), 1);
    // The officer number in a DSJ name labels the clip even without --officer.
    assert_eq!(count(&["--officer", "012345"]), 7);
}

#[test]
fn verify_finds_a_flipped_byte_and_a_deleted_original() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    station(&lib);
    let (code, report) = cli_json(
        &lib,
        &["ingest", rec.root.to_str().expect("utf8"), "--json"],
    );
    assert_eq!(code, 0, "{report:#}");
    let (code, clean) = cli_json(&lib, &["verify", "--json"]);
    assert_eq!(code, 0, "{clean:#}");
    assert_eq!(clean["checked"], clean["ok"]);

    let (_, clips) = cli_json(&lib, &["clips", "list", "--json"]);
    let clips = by_source(&clips);
    let victim = clips["DCIM/DSJ_A12345_012345_20240105_093012.MP4"]["path"]
        .as_str()
        .expect("path")
        .to_string();
    let gone = clips["DCIM/100MEDIA/IMG_0001.JPG"]["path"]
        .as_str()
        .expect("path")
        .to_string();
    // Someone edits one byte in the middle of a stored video, keeping its size and times.
    let mut bytes = fs::read(&victim).expect("read");
    bytes[150_000] ^= 0x01;
    let mut perm = fs::metadata(&victim).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    fs::set_permissions(&victim, perm).expect("chmod");
    fs::write(&victim, &bytes).expect("tamper");
    fs::remove_file(&gone).expect("delete");

    let (code, report) = cli_json(&lib, &["verify", "--json"]);
    assert_eq!(code, 1);
    let paths = |k: &str| -> Vec<String> {
        report[k]
            .as_array()
            .expect("list")
            .iter()
            .map(|p| p["path"].as_str().expect("path").to_string())
            .collect()
    };
    assert_eq!(paths("mismatched"), vec![victim.clone()]);
    assert_eq!(paths("missing"), vec![gone]);
    assert_eq!(report["ok"], report["checked"].as_u64().expect("n") - 2);

    // Read back with SM3 instead (what a court was given): the same findings, by SM3.
    let (code, by_sm3) = cli_json(&lib, &["verify", "--digest", "sm3", "--json"]);
    assert_eq!(code, 1, "{by_sm3:#}");
    assert_eq!(by_sm3["digest"], "sm3");
    assert_eq!(by_sm3["read_with_blake3"], 0);
    let found = &by_sm3["mismatched"][0];
    assert_eq!(found["path"].as_str(), Some(victim.as_str()));
    assert_eq!(found["digest"], "sm3");
    let stored_sm3 = clips["DCIM/DSJ_A12345_012345_20240105_093012.MP4"]["sm3"].clone();
    assert_eq!(found["expected"], stored_sm3);
    let now = openssl_sm3(std::path::Path::new(&victim));
    assert_eq!(found["actual"].as_str(), Some(now.as_str()));
    assert_ne!(found["actual"], found["expected"]);
    assert_eq!(by_sm3["missing"].as_array().map(Vec::len), Some(1));
    assert_eq!(by_sm3["ok"], report["ok"]);
    // An unknown digest is refused with the choices named.
    let out = cli(&lib)
        .args(["verify", "--digest", "md5"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sm3"));
}

#[test]
fn the_same_bytes_under_two_names_are_two_clips_stored_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    let bytes = mp4_of_size(100_000, 42);
    rec.file("DCIM/DSJ_A1_000001_20240105_090000.MP4", &bytes);
    rec.file("BACKUP/copy of clip.MP4", &bytes);
    let lib = tmp.path().join("lib");
    let st = station(&lib);
    let r = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert_eq!(r.copied, 2);
    let clips = st.clips().list(&Default::default()).expect("list");
    assert_eq!(clips.len(), 2);
    assert_eq!(clips[0].blake3, clips[1].blake3);
    assert_ne!(clips[0].path, clips[1].path);
    let ino = |p: &str| fs::metadata(p).expect("meta").ino();
    assert_eq!(
        ino(&clips[0].path),
        ino(&clips[1].path),
        "the bytes are stored once"
    );
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
}

#[test]
fn two_jobs_never_ingest_the_same_recorder_at_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    let st = station(&lib);
    let held = station_core::library::Library::open(&lib)
        .expect("lib")
        .lock_source(&rec.root)
        .expect("lock");
    let err = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::SourceBusy);
    assert_eq!(st.clips().count().expect("count"), 0);
    drop(held);
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
}

#[test]
fn bad_input_gets_a_clear_message_and_the_right_exit_code() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    // No library yet.
    let (code, out) = cli_json(&lib, &["clips", "list", "--json"]);
    assert_eq!(code, 2);
    assert_eq!(out["error"]["code"], "library_missing");
    assert!(out["error"]["message"]
        .as_str()
        .expect("msg")
        .contains("init"));
    station(&lib);
    let (code, out) = cli_json(&lib, &["ingest", "/no/such/recorder", "--json"]);
    assert_eq!(code, 2);
    assert_eq!(out["error"]["code"], "source_missing");
    assert!(out["error"]["message"]
        .as_str()
        .expect("msg")
        .contains("记录仪"));
    // Settings are checked before they are kept.
    let st = signed_in(&lib, clock(), ADMIN);
    assert_eq!(
        st.set_setting("time_zone", "Mars/Olympus")
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::InvalidSetting)
    );
    assert_eq!(
        st.set_setting("name_patterns", "[{\"name\":\"x\",\"regex\":\"(\"}]")
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::InvalidSetting)
    );
    // init is idempotent and keeps what is there.
    let out = cli(&lib).args(["init"]).output().expect("init");
    assert!(out.status.success());
    assert_eq!(
        signed_in(&lib, clock(), CUSTODIAN)
            .setting("branch")
            .expect("get")
            .as_deref(),
        Some("兴隆分局")
    );
}

#[test]
fn a_pattern_added_in_settings_is_used_at_the_next_ingest() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.file("HK0042-20240105083000.mp4", &mp4_of_size(5_000, 3));
    let lib = tmp.path().join("lib");
    station(&lib);
    signed_in(&lib, clock(), ADMIN).set_setting(
        "name_patterns",
        r#"[{"name":"hik","regex":"^(?P<serial>HK\\d+)-(?P<date>\\d{8})(?P<time>\\d{6})\\.mp4$"}]"#,
    )
    .expect("set");
    let st = signed_in(&lib, clock(), CUSTODIAN);
    st.ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let c = &st.clips().list(&Default::default()).expect("list")[0];
    assert_eq!(c.device, "HK0042");
    assert_eq!(c.recorded_at.as_deref(), Some("2024-01-05T08:30:00+08:00"));
}

#[test]
fn the_catalog_is_shared_while_an_ingest_runs() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    for i in 0..20 {
        rec.dsj(
            "C1",
            "000007",
            &format!("20240105_09{i:02}00"),
            "",
            2_000_000,
        );
    }
    let lib = tmp.path().join("lib");
    station(&lib);
    let mut child = cli(&lib)
        .args(["ingest", rec.root.to_str().expect("utf8"), "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // A second process (the app's window, a CLI export) reads the catalog meanwhile.
    let reader = signed_in(&lib, clock(), CUSTODIAN);
    let mut seen = 0;
    while child.try_wait().expect("wait").is_none() {
        seen = seen.max(
            reader
                .clips()
                .list(&Default::default())
                .expect("list while ingesting")
                .len(),
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(child.wait().expect("wait").success());
    assert_eq!(
        reader
            .clips()
            .list(&Default::default())
            .expect("list")
            .len(),
        20
    );
    assert!(seen <= 20);
}

#[test]
fn a_reformatted_card_reusing_names_never_overwrites_a_stored_original() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.file("DCIM/100MEDIA/IMG_0001.JPG", SAMPLE_JPG);
    let lib = tmp.path().join("lib");
    let st = station(&lib);
    st.ingest(
        &rec.root,
        &IngestOptions {
            device: Some("CAM1".into()),
            ..Default::default()
        },
        &NoEvents,
    )
    .expect("ingest");
    let first = st.clips().list(&Default::default()).expect("list")[0].clone();
    let first_meta = fs::metadata(&first.path).expect("meta");

    // The card is formatted and the camera starts counting again: same name, other picture.
    fs::remove_dir_all(rec.root.join("DCIM")).expect("format");
    let other = mp4_of_size(8_000, 77);
    rec.file("DCIM/100MEDIA/IMG_0001.JPG", &other);
    let r = st
        .ingest(
            &rec.root,
            &IngestOptions {
                device: Some("CAM1".into()),
                ..Default::default()
            },
            &NoEvents,
        )
        .expect("ingest");
    assert_eq!(r.copied, 1);
    let clips = st.clips().list(&Default::default()).expect("list");
    assert_eq!(clips.len(), 2);
    let second = clips.iter().find(|c| c.id != first.id).expect("second");
    assert!(second.path.ends_with("IMG_0001 (2).JPG"), "{}", second.path);
    assert_eq!(fs::read(&second.path).expect("read"), other);
    // The first original: same bytes, same inode, same times.
    assert_eq!(fs::read(&first.path).expect("read"), SAMPLE_JPG);
    let now = fs::metadata(&first.path).expect("meta");
    assert_eq!(
        (now.ino(), now.mtime(), now.mtime_nsec()),
        (
            first_meta.ino(),
            first_meta.mtime(),
            first_meta.mtime_nsec()
        )
    );
    // The content does not match the .JPG name: stored as it is, with a warning.
    assert!(second.warnings.iter().any(|w| w.code == "kind_mismatch"));
}

#[test]
fn a_recorder_clock_in_1970_is_flagged_and_stored() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("Z1", "000001", "19700101_000512", "", 4_000);
    rec.dsj("Z1", "000001", "20991231_235959", "", 4_000);
    let lib = tmp.path().join("lib");
    let st = station(&lib);
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let clips = st.clips().list(&Default::default()).expect("list");
    assert_eq!(clips.len(), 2);
    for c in &clips {
        assert!(
            c.warnings.iter().any(|w| w.code == "clock_implausible"),
            "{c:#?}"
        );
    }
    assert_eq!(
        clips[0].recorded_at.as_deref(),
        Some("1970-01-01T00:05:12+08:00")
    );
}

/// `ingest --explain` says on stderr, in the reader's language, how long each stage worked.
#[test]
fn ingest_explain_names_each_stage_in_the_readers_language() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    drop(station(&lib));
    let card = rec.root.to_str().expect("utf8");
    for (lang, stages) in [
        (
            "zh",
            &["读取记录仪", "回读校验", "入库前等待 SM3", "占全程"][..],
        ),
        ("en", &["read-back", "% of"][..]),
    ] {
        let (code, _, err) = cli_with_stdin(
            &lib,
            CUSTODIAN,
            &["--lang", lang, "ingest", card, "--explain"],
            "",
        );
        assert_eq!(code, 0, "{err}");
        for stage in stages {
            assert!(err.contains(stage), "{stage} missing from:\n{err}");
        }
    }
}

/// A docking holds no file open for each copy waiting to be synced: with the process allowed
/// 48 open files (a rack of dockings shares 1024 by default), a card of 300 photos, more than
/// two batches of them, is stored whole.
#[test]
fn a_card_of_many_photos_docks_within_a_small_limit_of_open_files() {
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    for i in 0..300 {
        let mut photo = SAMPLE_JPG.to_vec();
        photo.extend_from_slice(format!("photo {i}").as_bytes());
        rec.file(
            format!(
                "DCIM/DSJ_A001_012345_20240105_09{:02}{:02}.JPG",
                i / 60,
                i % 60
            ),
            &photo,
        );
    }
    let lib = tmp.path().join("lib");
    drop(station(&lib));
    let mut ingest = cli(&lib);
    ingest.arg("ingest").arg(&rec.root).arg("--json");
    // SAFETY: setrlimit only, between fork and exec.
    unsafe {
        ingest.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 48,
                rlim_max: 48,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = ingest.output().expect("ingest");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(out.status.success(), "{report}");
    assert_eq!(report["copied"], 300, "{report}");
    assert_eq!(report["failed"], 0, "{report}");
    assert!(report["stopped"].is_null(), "{report}");
}
