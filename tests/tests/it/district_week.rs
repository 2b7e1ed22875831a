//! The district's console over several branches pushing to one real SeaweedFS: `district week`
//! counts each branch's week from the journal it pushed and names the branch that sent nothing;
//! `district verify` checks every branch's copies.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use station_core::cases::{ActivityKind, NewActivity};
use station_core::events::NoEvents;
use station_core::{IngestOptions, SystemClock};
use station_tests::seaweed::{Seaweed, ACCESS_KEY, SECRET_KEY};
use station_tests::*;

const BUCKET: &str = "evidence";

/// A branch with one officer whose recorder docked `stamps`, connected to the store and pushed.
fn branch(tmp: &Path, url: &str, id: &str, officer: (&str, &str), stamps: &[&str]) -> PathBuf {
    let lib = tmp.join(id);
    let _ = found(
        &lib,
        Some(id),
        Arc::new(SystemClock),
        &[("time_zone", "Asia/Shanghai")],
    );
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    st.registry().add_squad("一中队").expect("squad");
    st.registry()
        .add_officer(officer.0, Some(officer.1), Some("一中队"))
        .expect("officer");
    let serial = format!("R{}", id.replace('-', "").to_uppercase());
    st.registry()
        .add_device(&station_core::DeviceRegistration {
            serial: serial.clone(),
            ..Default::default()
        })
        .expect("device");
    st.registry()
        .assign_device(
            &serial,
            officer.0,
            Some(st.parse_time("2024-01-01").expect("t")),
        )
        .expect("assign");
    let mut rec = FakeRecorder::new(&tmp.join(&serial));
    for stamp in stamps {
        rec.dsj(&serial, officer.0, stamp, "", 40_000);
    }
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let args = [
        "district",
        "set",
        "--endpoint",
        url,
        "--bucket",
        BUCKET,
        "--branch-id",
        id,
        "--access-key",
        ACCESS_KEY,
        "--secret-stdin",
    ];
    let (code, out, err) = cli_with_stdin(&lib, ADMIN, &args, &format!("{SECRET_KEY}\n"));
    assert_eq!(code, 0, "{out} {err}");
    lib
}

fn push(lib: &Path) {
    let (code, out, err) = cli_with_stdin(lib, CUSTODIAN, &["district", "push", "--json"], "");
    assert_eq!(code, 0, "{out} {err}");
}

#[test]
fn the_district_week_counts_every_branch_from_its_journal_and_names_the_one_that_sent_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let weed = match Seaweed::start(&tmp.path().join("weed")) {
        Ok(s) => s,
        Err(why) => return skip("the district store", &why),
    };
    weed.store(BUCKET).create_bucket(true).expect("bucket");
    let Some(py) = openpyxl() else {
        return skip("district week", "openpyxl is missing: run tests/run.sh");
    };
    // 2024-W01 is 1–7 January. Two branches recorded in it; a third only the week after.
    let xl = branch(
        tmp.path(),
        &weed.url,
        "xl-01",
        ("080001", "张三"),
        &["20240105_093012", "20240105_094500"],
    );
    let hd = branch(
        tmp.path(),
        &weed.url,
        "hd-02",
        ("090002", "李四"),
        &["20240103_150000"],
    );
    let sk = branch(
        tmp.path(),
        &weed.url,
        "sk-03",
        ("070003", "王五"),
        &["20240110_080000"],
    );
    // An activity of xl-01's officer with no recording linked: one gap nobody explained.
    let (code, out) = cli_json(
        &xl,
        &[
            "cases",
            "add",
            "--number",
            "兴城管〔2024〕1号",
            "--officer",
            "080001",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    signed_in(&xl, Arc::new(SystemClock), CUSTODIAN)
        .activities()
        .add(&NewActivity {
            case_number: "兴城管〔2024〕1号".into(),
            kind: ActivityKind::Inspection,
            place: Some("东关大街".into()),
            from: "2024-01-05 13:00".into(),
            to: "2024-01-05 13:30".into(),
            officers: vec!["080001".into()],
            stage: None,
        })
        .expect("activity");
    for lib in [&xl, &hd, &sk] {
        push(lib);
    }

    // The console: any station connected to the store (here the first branch's).
    let to = tmp.path().join("out");
    std::fs::create_dir_all(&to).expect("out");
    let to_text = to.to_string_lossy().into_owned();
    let args = [
        "district", "week", "--week", "2024-W01", "--to", &to_text, "--json",
    ];
    let (code, out, err) = cli_with_stdin(&xl, CUSTODIAN, &args, "");
    assert_eq!(code, 1, "a branch sent nothing for the week: {out} {err}");
    let week: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(week["missing"], serde_json::json!(["sk-03"]), "{week:#}");
    let branches = week["branches"].as_array().expect("branches");
    let of = |id: &str| {
        branches
            .iter()
            .find(|b| b["branch"] == id)
            .unwrap_or_else(|| panic!("{id} in {week:#}"))
            .clone()
    };
    let (x, h, s) = (of("xl-01"), of("hd-02"), of("sk-03"));
    assert_eq!(
        (x["state"].as_str(), x["clips"].as_u64()),
        (Some("complete"), Some(2)),
        "{x:#}"
    );
    // Docked in 2026 what was recorded in 2024: late storage, one docking.
    assert_eq!(x["late_dockings"], 1, "{x:#}");
    assert_eq!(x["unexplained_gaps"], 1, "{x:#}");
    assert!(x["video_hours"].as_f64() > Some(0.0), "{x:#}");
    let officer = &x["officers"][0];
    assert_eq!(
        (
            officer["officer"].as_str(),
            officer["name"].as_str(),
            officer["clips"].as_u64()
        ),
        (Some("080001"), Some("张三"), Some(2)),
        "{x:#}"
    );
    assert_eq!(
        (
            officer["late_dockings"].as_u64(),
            officer["unexplained_gaps"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        (h["state"].as_str(), h["clips"].as_u64()),
        (Some("complete"), Some(1)),
        "{h:#}"
    );
    assert_eq!(h["officers"][0]["name"], "李四");
    assert_eq!(
        (s["state"].as_str(), s["clips"].as_u64()),
        (Some("missing"), Some(0)),
        "{s:#}"
    );

    let file = PathBuf::from(week["file"].as_str().expect("file"));
    assert!(file.starts_with(&to), "{file:?}");
    let book = workbook_rows(&py, &file);
    let rows = book["分局汇总"].as_array().expect("分局汇总");
    let row = |id: &str| {
        rows.iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("{id}: {rows:?}"))
    };
    assert_eq!(
        (row("xl-01")[1].as_str(), row("xl-01")[2].as_f64()),
        (Some("已报齐"), Some(2.0))
    );
    assert_eq!(row("sk-03")[1], "本周无报送");
    let people = book["民警明细"].as_array().expect("民警明细");
    assert_eq!(people[0][2], "警号");
    assert!(
        people
            .iter()
            .any(|r| r[0] == "xl-01" && r[3] == "张三" && r[4] == 2.0 && r[7] == 1.0),
        "{people:?}"
    );
    // Verify over every branch: each one's copies, by its own journal.
    let (code, out, err) = cli_with_stdin(
        &hd,
        CUSTODIAN,
        &["district", "verify", "--sample", "1", "--json"],
        "",
    );
    assert_eq!(code, 0, "{out} {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v["branches"],
        serde_json::json!(["hd-02", "sk-03", "xl-01"]),
        "{v:#}"
    );
    assert_eq!(
        (v["checked"].as_u64(), v["read_back"].as_u64()),
        (Some(4), Some(3)),
        "{v:#}"
    );
    assert_eq!(v["findings"], serde_json::json!([]));

    a_gap_in_a_branch_journal_makes_its_week_incomplete(&weed, &xl, &to_text);
}

/// A segment of hd-02's journal lost in the store (shown by a later one that does not begin
/// where the last ended): its week is `incomplete`, the gap named, the command exits 1.
fn a_gap_in_a_branch_journal_makes_its_week_incomplete(weed: &Seaweed, console: &Path, to: &str) {
    let store = weed.store(BUCKET);
    let segment = store
        .versions("hd-02/journal/")
        .expect("listing")
        .into_iter()
        .next()
        .expect("a journal segment of hd-02");
    let (stem, _) = segment.key.rsplit_once('/').expect("stem/offset");
    let beyond = format!("{stem}/{:012}.jsonl", 1u64 << 32);
    let body = b"{}\n".to_vec();
    let sha = sha256_hex(&body);
    let put = station_district::Put {
        key: &beyond,
        sha256: &sha,
        retain_until: chrono::Utc::now().timestamp() + 60,
        legal_hold: false,
        metadata: Vec::new(),
        bytes_per_second: None,
        stop: None,
    };
    store.put_bytes(&put, body).expect("a segment past a gap");
    let args = [
        "district", "week", "--week", "2024-W01", "--to", to, "--json",
    ];
    let (code, out, err) = cli_with_stdin(console, CUSTODIAN, &args, "");
    assert_eq!(code, 1, "{out} {err}");
    let week: serde_json::Value = serde_json::from_str(&out).expect("json");
    let h = week["branches"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["branch"] == "hd-02"))
        .unwrap_or_else(|| panic!("{week:#}"));
    assert_eq!(h["state"], "incomplete", "{h:#}");
    let problems = h["problems"].to_string();
    assert!(problems.contains("区局存储缺少第"), "{problems}");
    assert_eq!(
        week["missing"],
        serde_json::json!(["hd-02", "sk-03"]),
        "{week:#}"
    );
}
