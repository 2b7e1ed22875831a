//! Pushing to the district's store, against a real SeaweedFS: every clip there with the store's
//! own checksum, locked until its earliest disposal, held while held; resumable after kill -9;
//! a store that is down holds nothing up and the backlog drains when it returns.

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use station_core::events::NoEvents;
use station_core::retention::{HoldReason, HoldTarget};
use station_core::{IngestOptions, Labels, SystemClock};
use station_tests::seaweed::{Seaweed, ACCESS_KEY, SECRET_KEY};
use station_tests::*;

const BUCKET: &str = "evidence";
const BRANCH: &str = "xl-01";

fn json(out: &str, err: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out} {err}"))
}

fn connect(lib: &Path, url: &str) {
    let args = [
        "district",
        "set",
        "--endpoint",
        url,
        "--bucket",
        BUCKET,
        "--branch-id",
        BRANCH,
        "--access-key",
        ACCESS_KEY,
        "--secret-stdin",
    ];
    let (code, out, err) = cli_with_stdin(lib, ADMIN, &args, &format!("{SECRET_KEY}\n"));
    assert_eq!(code, 0, "{out} {err}");
}

fn push(lib: &Path) -> (i32, serde_json::Value) {
    let (code, out, err) = cli_with_stdin(lib, CUSTODIAN, &["district", "push", "--json"], "");
    (code, json(&out, &err))
}

fn status(lib: &Path) -> serde_json::Value {
    let (code, out, err) = cli_with_stdin(lib, CUSTODIAN, &["district", "status", "--json"], "");
    assert_eq!(code, 0, "{out} {err}");
    json(&out, &err)
}

/// A store with the evidence bucket (versioning and Object Lock); the skip when there is none.
fn district(dir: &Path) -> Option<Seaweed> {
    match Seaweed::start(dir) {
        Ok(s) => {
            s.store(BUCKET).create_bucket(true).expect("bucket");
            Some(s)
        }
        Err(why) => {
            skip("the district store", &why);
            None
        }
    }
}

/// A branch library with one card stored: a recorder's two clips (one large enough to go up
/// in parts) and a clip with a Chinese name; the custodian's station.
fn a_library_with_three_clips(lib: &Path, tmp: &Path) -> station_core::Station {
    let st = found(lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    let mut rec = FakeRecorder::new(&tmp.join("card"));
    rec.dsj("A12345", "012345", "20240105_093012", "", 300_000);
    // A recorder's multi-gigabyte file, in small: large enough to go up in parts.
    rec.dsj("A12345", "012345", "20240105_101500", "_IMP", 20 << 20);
    rec.file("录像/现场检查_张三.mp4", &mp4_of_size(30_000, 5));
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    st
}

#[test]
fn every_clip_reaches_the_district_checksummed_locked_and_held_while_held() {
    let tmp = tempfile::tempdir().expect("tmp");
    let Some(weed) = district(&tmp.path().join("weed")) else {
        return;
    };
    let lib = tmp.path().join("lib");
    let st = a_library_with_three_clips(&lib, tmp.path());
    let clips = st.clips().list(&Default::default()).expect("list");
    let ids: Vec<i64> = clips.iter().map(|c| c.id).collect();
    st.clips()
        .label(
            &ids,
            &Labels {
                case_number: Some("兴城管罚〔2026〕12号".into()),
                party: Some("李四".into()),
                ..Default::default()
            },
        )
        .expect("label");
    connect(&lib, &weed.url);
    assert_eq!(status(&lib)["pending"], 3);

    let (code, report) = push(&lib);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        (report["pushed"].as_u64(), report["pending"].as_u64()),
        (Some(3), Some(0)),
        "{report:#}"
    );
    assert!(report["journal_segments"].as_u64() >= Some(1), "{report:#}");
    let s = status(&lib);
    assert_eq!(
        (
            s["pending"].as_u64(),
            s["pushed"].as_u64(),
            s["failed"].as_u64()
        ),
        (Some(0), Some(3), Some(0)),
        "{s:#}"
    );
    assert_eq!(s["backlog"], false);

    let store = weed.store(BUCKET);
    let (_, listed, err) = cli_with_stdin(&lib, CUSTODIAN, &["clips", "list", "--json"], "");
    let listed = json(&listed, &err);
    let six_months = chrono::Utc::now() + chrono::Duration::days(180);
    for c in listed.as_array().expect("clips") {
        let d = &c["district"];
        let key = d["key"].as_str().expect("key");
        assert!(
            key.starts_with("xl-01/clips/2024-01-05/A12345/") || key.contains("/clips/"),
            "{key}"
        );
        let there = store.head(key).expect("head").expect("in the store");
        assert_eq!(d["version_id"].as_str(), Some(there.version_id.as_str()));
        assert_eq!(there.metadata["sha256"], c["sha256"].as_str().expect("sha"));
        assert!(there.checksum.is_some(), "the store keeps its own checksum");
        // Locked (COMPLIANCE) until the earliest disposal: six months from storing.
        let until =
            chrono::DateTime::from_timestamp(there.retain_until.expect("locked"), 0).expect("date");
        assert!(until > six_months, "{until}");
        assert_eq!(
            d["retain_until"].as_str().map(|t| t[..10].to_string()),
            Some(until.to_rfc3339()[..10].to_string())
        );
        // The bytes the store gives back are the clip's.
        let (sha, len) = store
            .read_sha256(key, &there.version_id)
            .expect("read back");
        assert_eq!(
            (sha.as_str(), len),
            (
                c["sha256"].as_str().expect("sha"),
                c["size"].as_u64().expect("size")
            )
        );
        // Chinese labels and names come back as they were.
        assert_eq!(there.metadata["case-number"], "兴城管罚〔2026〕12号");
        if c["source_path"]
            .as_str()
            .is_some_and(|p| p.contains("现场检查"))
        {
            assert!(key.ends_with("-现场检查_张三.mp4"), "{key}");
            assert_eq!(there.metadata["original-name"], "录像/现场检查_张三.mp4");
        }
        // Nobody deletes a locked version, the branch's key pair included.
        assert!(
            store.delete_version(key, &there.version_id).is_err(),
            "{key} deleted"
        );
        assert!(store.head(key).expect("head").is_some());
    }
    let journal = store.versions("xl-01/journal/").expect("journal");
    assert!(!journal.is_empty(), "the journal is sent too");

    // A long-term hold sets a legal hold on the clip's copy; its release clears it.
    let held = ids[0];
    let key_of = |id: i64| {
        st.clips()
            .list(&Default::default())
            .expect("list")
            .into_iter()
            .find(|c| c.id == id)
            .and_then(|c| c.district)
            .expect("pushed")
            .key
    };
    let hold = st
        .retention()
        .add_hold(&HoldTarget::Clips(vec![held]), HoldReason::Evidence, None)
        .expect("hold");
    let (code, report) = push(&lib);
    assert_eq!(
        (code, report["locks_changed"].as_u64()),
        (0, Some(1)),
        "{report:#}"
    );
    assert!(
        store
            .head(&key_of(held))
            .expect("head")
            .expect("there")
            .legal_hold
    );
    let head = signed_in(&lib, Arc::new(SystemClock), BRANCH_HEAD);
    head.retention()
        .release_hold(hold, "结案")
        .expect("release");
    push(&lib);
    assert!(
        !store
            .head(&key_of(held))
            .expect("head")
            .expect("there")
            .legal_hold
    );

    // Pushing again sends nothing twice: one version per clip.
    let (code, report) = push(&lib);
    assert_eq!((code, report["pushed"].as_u64()), (0, Some(0)));
    let versions = store.versions("xl-01/clips/").expect("versions");
    assert_eq!(versions.len(), 3, "{versions:?}");
    let (_, audit, _) = cli_with_stdin(&lib, ADMIN, &["audit", "list", "--json"], "");
    assert!(audit.contains("district_push") && audit.contains("district_lock"));
    assert!(!audit.contains(SECRET_KEY));
    the_district_console_finds_what_was_written_over_a_clip(&lib, &store, &key_of(ids[1]));
}

/// `district inventory` and `district verify`, from the store and the journal the branch sent:
/// all as recorded; then a new version written over a clip's name through the S3 API is named.
fn the_district_console_finds_what_was_written_over_a_clip(
    lib: &Path,
    store: &station_district::Store,
    key: &str,
) {
    let (code, out, err) = cli_with_stdin(lib, CUSTODIAN, &["district", "inventory", "--json"], "");
    assert_eq!(code, 0, "{err}");
    let inv = json(&out, &err);
    assert_eq!(inv[0]["branch"], BRANCH, "{inv:#}");
    assert_eq!(inv[0]["clips"], 3, "{inv:#}");
    assert!(inv[0]["journal_segments"].as_u64() >= Some(1), "{inv:#}");
    // The week the recorder's clips were made in, from the day in their names.
    assert!(
        inv[0]["weeks"]
            .as_array()
            .is_some_and(|w| w.contains(&serde_json::json!("2024-W01"))),
        "{inv:#}"
    );
    let verify = |args: &[&str]| {
        let (code, out, err) = cli_with_stdin(lib, CUSTODIAN, args, "");
        (code, json(&out, &err))
    };
    let (code, r) = verify(&["district", "verify", "--sample", "3", "--json"]);
    assert_eq!(
        (code, r["checked"].as_u64(), r["read_back"].as_u64()),
        (0, Some(3), Some(3)),
        "{r:#}"
    );
    assert_eq!(r["findings"], serde_json::json!([]));

    let planted = b"not the evidence".to_vec();
    let sha = sha256_hex(&planted);
    let put = station_district::Put {
        key,
        sha256: &sha,
        retain_until: (chrono::Utc::now() + chrono::Duration::days(1)).timestamp(),
        legal_hold: false,
        metadata: vec![("sha256", sha.clone())],
        bytes_per_second: None,
        stop: None,
    };
    store
        .put_bytes(&put, planted)
        .expect("a new version over the clip's name");
    let (code, r) = verify(&["district", "verify", "--json"]);
    assert_eq!(code, 1, "{r:#}");
    let findings = r["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{r:#}");
    assert_eq!(
        (findings[0]["key"].as_str(), findings[0]["kind"].as_str()),
        (Some(key), Some("replaced"))
    );
    assert!(
        findings[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("新版本")),
        "{r:#}"
    );
}

#[test]
fn a_store_that_is_down_holds_nothing_up_and_the_backlog_drains_when_it_returns() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    connect(&lib, &format!("http://127.0.0.1:{closed}"));
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    for i in 0..3 {
        rec.dsj("B2", "000002", &format!("20240105_10{i:02}00"), "", 100_000);
    }
    // Docking does not wait for the store.
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let (code, report) = push(&lib);
    assert_eq!(code, 1);
    assert!(
        report["stopped"]
            .as_str()
            .is_some_and(|s| s.contains("无法连接区局存储")),
        "{report:#}"
    );
    let s = status(&lib);
    assert_eq!(
        (s["pending"].as_u64(), s["pushed"].as_u64()),
        (Some(3), Some(0)),
        "{s:#}"
    );
    assert!(s["oldest_pending_at"].is_string());

    // The store comes back (here: at a new address): everything waiting goes.
    let Some(weed) = district(&tmp.path().join("weed")) else {
        return;
    };
    connect(&lib, &weed.url);
    let (code, report) = push(&lib);
    assert_eq!(
        (code, report["pushed"].as_u64()),
        (0, Some(3)),
        "{report:#}"
    );
    assert_eq!(status(&lib)["pending"], 0);

    // A catalog rebuilt from the journal knows its copies and counts the journal sent afresh:
    // nothing is sent twice, and no segment's name gets a second version.
    drop(st);
    let (st, _) = rebuild_as_admin(&lib, Arc::new(SystemClock));
    drop(st);
    let (code, report) = push(&lib);
    assert_eq!(
        (code, report["pushed"].as_u64()),
        (0, Some(0)),
        "{report:#}"
    );
    let journal = weed
        .store(BUCKET)
        .versions("xl-01/journal/")
        .expect("journal");
    let mut names: Vec<&str> = journal.iter().map(|v| v.key.as_str()).collect();
    let all = names.len();
    names.dedup();
    assert_eq!(names.len(), all, "{journal:#?}");
}

#[test]
fn a_push_killed_mid_upload_resumes_with_one_version_and_no_orphaned_parts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let Some(weed) = district(&tmp.path().join("weed")) else {
        return;
    };
    let lib = tmp.path().join("lib");
    // 40 Mbit/s: the 40 MiB clip takes about eight seconds, its parts one at a time.
    let st = found(
        &lib,
        Some("兴隆分局"),
        Arc::new(SystemClock),
        &[("district_bandwidth_mbps", "40")],
    );
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("C3", "000003", "20240105_100000", "", 40 << 20);
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    connect(&lib, &weed.url);
    let mut child = cli_as(&lib, CUSTODIAN)
        .args(["district", "push", "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("push");
    std::thread::sleep(Duration::from_millis(3500));
    // SIGKILL: no destructor, no abort of the upload.
    child.kill().expect("kill -9");
    let _ = child.wait();
    assert_eq!(status(&lib)["pending"], 1, "killed before it finished");
    let store = weed.store(BUCKET);
    let open = store.open_uploads("xl-01/").expect("uploads");
    assert_eq!(open.len(), 1, "killed in the middle of its parts: {open:?}");

    let started = Instant::now();
    let (code, report) = push(&lib);
    assert_eq!(
        (code, report["pushed"].as_u64()),
        (0, Some(1)),
        "{report:#}"
    );
    assert!(
        started.elapsed() > Duration::from_secs(4),
        "sent at the set bandwidth"
    );
    let store = weed.store(BUCKET);
    let versions = store.versions("xl-01/clips/").expect("versions");
    assert_eq!(versions.len(), 1, "{versions:?}");
    assert_eq!(
        store.abort_uploads(&versions[0].key).expect("uploads"),
        0,
        "no upload left open"
    );
    let there = store.head(&versions[0].key).expect("head").expect("there");
    assert!(
        there.checksum.as_deref().is_some_and(|c| c.ends_with("-5")),
        "{there:?}"
    );
}

#[test]
fn a_backlog_older_than_the_setting_is_a_docking_flag_and_a_report_row() {
    use station_core::cases::ReportKind;
    use station_core::district::DistrictConnection;
    use station_core::dock::DockFlag;
    use station_core::FixedClock;
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let start = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
        .expect("t")
        .to_utc();
    let clock = Arc::new(FixedClock::new(start));
    let st = found(
        &lib,
        Some("兴隆分局"),
        clock.clone(),
        &[("district_backlog_hours", "24")],
    );
    // A store that never answers: set, so a backlog can build up.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let connection = DistrictConnection {
        url: format!("http://127.0.0.1:{closed}"),
        bucket: BUCKET.into(),
        branch: BRANCH.into(),
        access_key: ACCESS_KEY.into(),
    };
    signed_in(&lib, clock.clone(), ADMIN)
        .set_district(&connection, Some(SECRET_KEY))
        .expect("connect");
    let mut a = FakeRecorder::new(&tmp.path().join("a"));
    a.dsj("A1", "000001", "20261201_090000", "", 100_000);
    a.dsj("A1", "000001", "20261201_093000", "", 100_000);
    let first = st
        .ingest(&a.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(
        !first.flags.contains(&DockFlag::DistrictBacklog),
        "{:?}",
        first.flags
    );
    assert!(st
        .reports()
        .get(ReportKind::District, None, None)
        .expect("report")
        .is_empty());
    assert!(!st.district_status().expect("status").backlog);

    // A day and an hour later the first card's clips are still not there.
    clock.set(start + chrono::Duration::hours(25));
    let mut b = FakeRecorder::new(&tmp.path().join("b"));
    b.dsj("B2", "000002", "20261202_090000", "", 100_000);
    let second = st
        .ingest(&b.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(
        second.flags.contains(&DockFlag::DistrictBacklog),
        "{:?}",
        second.flags
    );
    assert!(
        second.flag_details[&DockFlag::DistrictBacklog].contains("2 条记录"),
        "{:?}",
        second.flag_details
    );
    let rows = st
        .reports()
        .get(ReportKind::District, None, None)
        .expect("report");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter().all(|r| r.detail.contains("尚未报送区局存储")),
        "{rows:?}"
    );
    assert!(st.district_status().expect("status").backlog);
}

/// A district runs a cluster, not one process: with every volume kept on two servers of a rack
/// (replication 001), a volume server lost after the push leaves every clip readable and
/// verified, read back in full.
#[test]
fn a_cluster_that_loses_a_volume_server_still_reads_back_every_clip() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut weed = match Seaweed::start_cluster(&tmp.path().join("weed")) {
        Ok(s) => s,
        Err(why) => return skip("the district cluster", &why),
    };
    weed.store(BUCKET).create_bucket(true).expect("bucket");
    let lib = tmp.path().join("lib");
    a_library_with_three_clips(&lib, tmp.path());
    connect(&lib, &weed.url);
    let (code, report) = push(&lib);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["pushed"].as_u64(), Some(3), "{report:#}");

    weed.stop("volume-2");
    let (code, out, err) = cli_with_stdin(
        &lib,
        CUSTODIAN,
        &["district", "verify", "--sample", "100", "--json"],
        "",
    );
    let r = json(&out, &err);
    assert_eq!(code, 0, "{r:#} {err}");
    assert_eq!(
        (r["checked"].as_u64(), r["read_back"].as_u64()),
        (Some(3), Some(3)),
        "{r:#}"
    );
    assert_eq!(r["findings"], serde_json::json!([]), "{r:#}");
}
