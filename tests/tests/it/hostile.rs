//! Hostile cards: what a card prepared by someone who wants evidence to vanish, or to leak
//! the station's own files, tries — and that the rest of the card is stored all the same.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use station_core::SystemClock;
use station_tests::*;

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a directory entry.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// The CLI's `ingest --json`, killed and failed if it has not finished in a minute.
fn ingest_within_a_minute(lib: &Path, args: &[&str]) -> (i32, Value) {
    let mut child = cli(lib)
        .arg("ingest")
        .args(args)
        .arg("--json")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ingest");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
            return (status.code().unwrap_or(-1), json);
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("ingest {args:?} hung on a hostile card");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn pipes_links_and_loops_on_a_card_are_reported_never_opened_and_the_rest_is_stored() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    // Something of the station's, outside the card, that a link on the card points at.
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "SN=STOLEN\n").expect("outside");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("HC1", "050001", "20240105_090000", "", 40_000);
    mkfifo(&rec.root.join("DEVICE.TXT"));
    symlink(&outside, rec.root.join("SN.TXT")).expect("link");
    symlink(&outside, rec.root.join("DCIM/LINK.MP4")).expect("link");
    mkfifo(&rec.root.join("DCIM/PIPE.MP4"));
    // A folder that links back to the card: a loop, never entered.
    symlink(&rec.root, rec.root.join("DCIM/LOOP")).expect("loop");
    let card = rec.root.to_str().expect("utf8");

    for args in [vec![card], vec![card, "--device", "HC1"]] {
        let (code, report) = ingest_within_a_minute(&lib, &args);
        assert_eq!(code, 0, "{report:#}");
        assert_eq!(report["device"], "HC1", "the link was not read: {report:#}");
        assert_eq!(report["failed"], 0, "{report:#}");
        let mut left: Vec<(String, String)> = report["skipped_items"]
            .as_array()
            .expect("skipped_items")
            .iter()
            .map(|i| {
                (
                    i["path"].as_str().unwrap_or("").into(),
                    i["kind"].as_str().unwrap_or("").into(),
                )
            })
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ("DCIM/LINK.MP4", "symlink"),
                ("DCIM/LOOP", "symlink"),
                ("DCIM/PIPE.MP4", "fifo"),
                ("DEVICE.TXT", "fifo"),
                ("SN.TXT", "symlink"),
            ]
            .map(|(p, k)| (p.to_string(), k.to_string())),
            "{report:#}"
        );
    }
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    let clips = st.clips().list(&Default::default()).expect("clips");
    assert_eq!(clips.len(), 1);
    assert!(clips[0].source_path.ends_with(".MP4"));
    // The docking's audit row holds them too.
    let (code, rows) = cli_json_as(
        &lib,
        BRANCH_HEAD,
        &["audit", "list", "--action", "ingest", "--json"],
    );
    assert_eq!(code, 0, "{rows}");
    assert!(rows.to_string().contains("DCIM/PIPE.MP4"), "{rows}");
    // The person who docked is told, in Chinese.
    let out = cli(&lib).args(["ingest", card]).output().expect("ingest");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("5 项不是普通文件"), "{said}");
}

/// Names a card may hold but the library's disk may not: a Chinese name of 200 characters on
/// exFAT (600 bytes in UTF-8, past ext4's 255) and a GBK name that grows once decoded. Each is
/// stored under a shortened, stable name; the card's own name stays in the catalog.
#[test]
fn long_names_on_a_docked_card_are_stored_under_a_safe_stable_name() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    let card = match mounts::Mount::exfat(
        &tmp.path().join("ln.img"),
        &tmp.path().join("LN1"),
        32,
        "LN1",
    ) {
        Ok(m) => m,
        Err(why) => return skip("long names (needs a real exFAT card)", &why),
    };
    let mut rec = FakeRecorder::new(&card.dir);
    rec.dsj("LN1", "050002", "20240105_090000", "", 40_000);
    let long = format!("DCIM/{}.MP4", "执法记录现场".repeat(33));
    rec.file(&long, &noise(3, 30_000));
    let (code, report) = ingest_within_a_minute(&lib, &[card.dir.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["copied"], 2, "{report:#}");
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    let clips = st.clips().list(&Default::default()).expect("clips");
    let stored = clips
        .iter()
        .find(|c| c.source_path == long)
        .expect("the long name is kept as the card's name");
    let name = Path::new(&stored.media_path).file_name().expect("name");
    assert!(name.len() <= 200, "{name:?}");
    assert!(name.to_string_lossy().ends_with(".MP4"));
    assert_eq!(
        std::fs::read(&stored.path).expect("stored"),
        noise(3, 30_000)
    );
}

#[test]
fn a_gbk_name_that_grows_past_the_limit_once_decoded_is_stored_with_the_rest() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("GB1", "050003", "20240105_090000", "", 40_000);
    // 120 characters in GBK: 240 bytes on the card, 360 in UTF-8.
    let text = "现场".repeat(60);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut raw = gbk.into_owned();
    raw.extend_from_slice(b".MP4");
    let path = rec
        .root
        .join("DCIM")
        .join(std::ffi::OsStr::from_bytes(&raw));
    std::fs::write(&path, noise(4, 20_000)).expect("gbk name");
    let (code, report) = ingest_within_a_minute(&lib, &[rec.root.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["copied"], 2, "{report:#}");
    assert_eq!(report["failed"], 0, "{report:#}");
}

/// Absurd numbers and odd times from a person or a script: each gets a plain refusal (or a
/// plain answer), never a panic, and the station works on after them.
#[test]
fn absurd_numbers_and_odd_times_are_refused_plainly_never_a_panic() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("AB1", "050009", "20240105_090000", "", 40_000);
    let (code, _) = ingest_within_a_minute(&lib, &[rec.root.to_str().expect("utf8")]);
    assert_eq!(code, 0);
    let max_u64 = u64::MAX.to_string();
    let max_i64 = i64::MAX.to_string();
    let min_i64 = i64::MIN.to_string();
    // An activity with a linked clip, so that a tick reaches its offset.
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    st.cases()
        .add("兖综执〔2024〕9号", None, None, &[])
        .expect("case");
    let activity = st
        .activities()
        .add(&station_core::cases::NewActivity {
            case_number: "兖综执〔2024〕9号".into(),
            kind: ActivityKind::Inspection,
            place: None,
            from: "2024-01-05 09:00".into(),
            to: "2024-01-05 10:00".into(),
            officers: vec!["050009".into()],
            stage: None,
        })
        .expect("activity");
    let clip = st.clips().list(&Default::default()).expect("clips")[0].id;
    st.activities().link(activity, &[clip]).expect("link");
    drop(st);
    let (a, c) = (activity.to_string(), clip.to_string());
    let tries: Vec<(&str, Vec<&str>)> = vec![
        (CUSTODIAN, vec!["clips", "list", "--from", "2024-02-30"]),
        (
            CUSTODIAN,
            vec!["retention", "status", "--as-of", "9999-12-31"],
        ),
        (
            CUSTODIAN,
            vec!["retention", "status", "--as-of", "0001-01-01"],
        ),
        (
            CUSTODIAN,
            vec!["retention", "status", "--as-of", "+262143-01-01T00:00:00Z"],
        ),
        (
            CUSTODIAN,
            vec!["stats", "--from", "0001-01-01", "--to", "9999-12-31"],
        ),
        (
            INSPECTOR,
            vec![
                "spotcheck",
                "draw",
                "--seed",
                &max_u64,
                "--size",
                "4294967295",
                "--from",
                "0001-01-01",
                "--to",
                "9999-12-31",
            ],
        ),
        (CUSTODIAN, vec!["activities", "coverage", &max_i64]),
        (CUSTODIAN, vec!["activities", "coverage", &min_i64]),
        (
            CUSTODIAN,
            vec![
                "activities",
                "tick",
                &a,
                "--item",
                "scene",
                "--clip",
                &c,
                "--at",
                "1e308",
            ],
        ),
        (
            CUSTODIAN,
            vec![
                "activities",
                "tick",
                &a,
                "--item",
                "scene",
                "--clip",
                &c,
                "--at",
                "NaN",
            ],
        ),
        (
            CUSTODIAN,
            vec![
                "activities",
                "tick",
                &a,
                "--item",
                "scene",
                "--clip",
                &c,
                "--at=-5",
            ],
        ),
        (
            BRANCH_HEAD,
            vec!["activities", "acknowledge", &a, "--gap", &max_u64],
        ),
        (BRANCH_HEAD, vec!["disposal", "approve", &max_i64]),
        (
            ADMIN,
            vec![
                "settings",
                "set",
                "disposal_grace_days",
                "18446744073709551616",
            ],
        ),
        (ADMIN, vec!["settings", "set", "low_space_mib", &max_u64]),
        (ADMIN, vec!["settings", "set", "clock_drift_s", "1e400"]),
        (
            ADMIN,
            vec!["settings", "set", "retention_months", "4294967296"],
        ),
        (ADMIN, vec!["settings", "set", "max_parallel_docks", "0"]),
        (ADMIN, vec!["settings", "set", "disposal_max_share", "NaN"]),
    ];
    for (who, args) in &tries {
        let out = cli_as(&lib, who).args(args).output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && matches!(out.status.code(), Some(0..=2)),
            "{args:?} → {:?}\n{stderr}",
            out.status.code()
        );
        // Said in Chinese, whether the station or the argument parser refused it.
        assert!(
            out.status.success() || stderr.starts_with("错误"),
            "{args:?}: {stderr}"
        );
    }
    // What an absurd setting would have broken holds: none of them was stored.
    for key in [
        "low_space_mib",
        "retention_months",
        "max_parallel_docks",
        "disposal_max_share",
    ] {
        let out = cli_as(&lib, ADMIN)
            .args(["settings", "get", key])
            .output()
            .expect("get");
        let value = String::from_utf8_lossy(&out.stdout);
        assert!(
            !value.contains("18446744073709551615") && !value.contains("NaN"),
            "{key}: {value}"
        );
        assert!(
            !value.trim().starts_with('0') || key == "low_space_mib",
            "{key}: {value}"
        );
    }
    let (code, tick) = cli_json(&lib, &["activities", "checklist", &a, "--json"]);
    assert_eq!(code, 0);
    assert!(
        tick.as_array()
            .expect("items")
            .iter()
            .all(|i| i["clip"].is_null()),
        "{tick}"
    );
    // And the station works on.
    let (code, clips) = cli_json(&lib, &["clips", "list", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(clips.as_array().expect("clips").len(), 1);
}

/// Appends to one file and cuts another short the moment the card has been listed, as a
/// recorder still writing (or a card being tampered with) would.
struct Tamper {
    grows: std::path::PathBuf,
    shrinks: std::path::PathBuf,
}

impl station_core::events::EventSink for Tamper {
    fn emit(&self, event: station_core::events::CoreEvent) {
        if let station_core::events::CoreEvent::IngestPlanned { .. } = event {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&self.grows)
                .expect("grow");
            f.write_all(&[7u8; 4096]).expect("grow");
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&self.shrinks)
                .expect("shrink");
            f.set_len(1000).expect("shrink");
        }
    }
}

/// A file that grows or shrinks while the card is copied is not stored as it was listed: it
/// fails with `source_changed`, the rest is stored, and the next docking stores it as it is.
#[test]
fn files_that_grow_or_shrink_during_the_copy_fail_alone_and_come_in_next_time() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    let grows = rec.dsj("GS1", "050010", "20240105_090000", "", 200_000);
    let shrinks = rec.dsj("GS1", "050010", "20240105_100000", "", 200_000);
    rec.dsj("GS1", "050010", "20240105_110000", "", 200_000);
    let tamper = Tamper { grows, shrinks };
    let r = st
        .ingest(&rec.root, &station_core::IngestOptions::default(), &tamper)
        .expect("ingest");
    assert_eq!((r.copied, r.failed), (1, 2), "{r:#?}");
    assert!(
        r.errors
            .iter()
            .all(|e| e.code == station_core::ErrorCode::SourceChanged),
        "{r:#?}"
    );
    let again = st
        .ingest(
            &rec.root,
            &station_core::IngestOptions::default(),
            &station_core::events::NoEvents,
        )
        .expect("ingest");
    assert!(again.complete(), "{again:#?}");
    assert_eq!((again.copied, again.skipped), (2, 1));
    assert!(st
        .clips()
        .verify(&station_core::events::NoEvents)
        .expect("verify")
        .clean());
}

/// The fuzz targets' checked-in corpora (`fuzz/corpus/<target>/`), replayed through the same
/// functions with the same checks, so what fuzzing found stays found.
#[test]
fn the_fuzz_corpora_replay_without_a_panic() {
    use station_core::export::bag::{inside_package, manifest_entries};
    use station_core::media_server::{byte_span, Span};
    let corpus = |target: &str| -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fuzz/corpus")
            .join(target);
        let files = files_under(&dir);
        assert!(!files.is_empty(), "{} holds no corpus", dir.display());
        files
            .iter()
            .map(|f| std::fs::read(f).expect("corpus file"))
            .collect()
    };
    let patterns =
        station_core::recorders::NamePatterns::new(&station_core::recorders::default_patterns())
            .expect("patterns");
    for data in corpus("names") {
        let _ = patterns.parse(&String::from_utf8_lossy(&data));
    }
    for data in corpus("containers") {
        let head = &data[..data.len().min(64)];
        let _ = station_core::recorders::container_facts(std::io::Cursor::new(&data), head);
    }
    for data in corpus("manifest") {
        for (_, path) in manifest_entries(&String::from_utf8_lossy(&data)) {
            if inside_package(&path) {
                assert!(
                    Path::new(&path)
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_))),
                    "{path}"
                );
            }
        }
    }
    for data in corpus("range").into_iter().filter(|d| d.len() >= 8) {
        let size = u64::from_le_bytes(data[..8].try_into().expect("8")) % (1 << 40);
        if let Span::Part { start, len } =
            byte_span(Some(&String::from_utf8_lossy(&data[8..])), size)
        {
            assert!(len > 0 && start + len <= size);
        }
    }
}

/// A reader that stops early (`| head`) ends the CLI quietly, as it ends `cat`: no panic.
#[test]
fn a_reader_that_stops_early_ends_the_cli_quietly() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    // The reader is gone before the CLI writes anything.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = cli(&lib)
        .args(["settings", "list"])
        .stdout(writer)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?}", out.status);
}
