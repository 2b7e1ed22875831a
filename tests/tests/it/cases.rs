//! Cases and the whole-process check: an activity's coverage and its one gap until explained,
//! clips suggested by officer and time, and each report finding its planted case and nothing
//! else.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use station_core::cases::NewActivity;
use station_core::events::NoEvents;
use station_core::{ErrorCode, FixedClock, IngestOptions, Labels, Station};
use station_tests::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("time")
}

fn ids(rows: &[station_core::cases::ReportRow]) -> Vec<String> {
    rows.iter().map(|r| r.id.clone()).collect()
}

const CASE: &str = "兖综执〔2024〕3号";

/// One officer's card docked on the evening of 5 January 2024 (Beijing time): two clips of
/// an inspection 09:00–11:30 with a break at 10:10–10:25, and one of another matter. The
/// case is registered, the inspection added, and the two clips the station suggests linked.
struct InspectedCase {
    tmp: tempfile::TempDir,
    lib: PathBuf,
    clock: Arc<FixedClock>,
    st: Station,
    inspection: i64,
    morning: i64,
    late_morning: i64,
    afternoon: i64,
}

fn inspected_case() -> InspectedCase {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    // Docked the same evening (Beijing time), 5 January 2024.
    let clock = Arc::new(FixedClock::new(at(2024, 1, 5, 12, 0)));
    let st = found(
        &lib,
        Some("兴隆分局"),
        clock.clone(),
        &[("time_zone", "Asia/Shanghai")],
    );
    st.registry().add_squad("一中队").expect("squad");
    st.registry()
        .add_officer("080001", Some("张三"), Some("一中队"))
        .expect("officer");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.file(
        "DCIM/DSJ_CA1_080001_20240105_090000.MP4",
        &mp4_lasting(4200, 60_000, 1),
    ); // 09:00–10:10
    rec.file(
        "DCIM/DSJ_CA1_080001_20240105_102500.MP4",
        &mp4_lasting(3900, 60_000, 2),
    ); // 10:25–11:30
    rec.file(
        "DCIM/DSJ_CA1_080001_20240105_150000.MP4",
        &mp4_lasting(60, 60_000, 3),
    ); // another matter
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let clips = st.clips().list(&Default::default()).expect("clips");
    let id_of = |stamp: &str| {
        clips
            .iter()
            .find(|c| c.source_path.contains(stamp))
            .expect("clip")
            .id
    };
    let (morning, late_morning, afternoon) = (id_of("090000"), id_of("102500"), id_of("150000"));

    // The case and its inspection, 09:00–11:30.
    let (code, out) = cli_json(
        &lib,
        &[
            "cases",
            "add",
            "--number",
            "兖综执〔2024〕3号",
            "--cause",
            "占道经营",
            "--party",
            "王某某",
            "--officer",
            "080001",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out["id"].as_i64().is_some());
    st.cases()
        .set_stage("兖综执〔2024〕3号", Stage::Registration, "2024-01-05")
        .expect("stage");
    let inspection = st
        .activities()
        .add(&NewActivity {
            case_number: "兖综执〔2024〕3号".into(),
            kind: ActivityKind::Inspection,
            place: Some("东关大街".into()),
            from: "2024-01-05 09:00".into(),
            to: "2024-01-05 11:30".into(),
            officers: vec!["080001".into()],
            stage: None,
        })
        .expect("activity");

    // Suggested: the officer's two clips in the span, not the afternoon one.
    let suggested: Vec<i64> = st
        .activities()
        .suggest(inspection)
        .expect("suggest")
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(suggested, vec![morning, late_morning]);
    let (code, _) = cli_json(
        &lib,
        &["activities", "suggest", &inspection.to_string(), "--json"],
    );
    assert_eq!(code, 0);
    assert!(cli(&lib)
        .args(["activities", "link", &inspection.to_string(), "--clip"])
        .args([morning.to_string(), late_morning.to_string()])
        .status()
        .expect("link")
        .success());

    InspectedCase {
        tmp,
        lib,
        clock,
        st,
        inspection,
        morning,
        late_morning,
        afternoon,
    }
}

/// A demolition the next day with no clip, by an officer whose recorder was never docked.
fn add_demolition(st: &Station) -> i64 {
    st.activities()
        .add(&NewActivity {
            case_number: CASE.into(),
            kind: ActivityKind::Demolition,
            place: None,
            from: "2024-01-06 14:00".into(),
            to: "2024-01-06 16:00".into(),
            officers: vec!["080002".into()],
            stage: None,
        })
        .expect("activity")
}

/// A second recorder with a clip of 5 January, docked on the 8th.
fn dock_late_card(fx: &InspectedCase) {
    fx.clock.set(at(2024, 1, 8, 2, 0));
    let mut late = FakeRecorder::new(&fx.tmp.path().join("late"));
    late.dsj("CA2", "080001", "20240105_160000", "", 30_000);
    fx.st
        .ingest(&late.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
}

#[test]
fn an_activity_shows_its_gap_until_it_is_explained() {
    let fx = inspected_case();
    let (st, lib, clock, inspection) = (&fx.st, &fx.lib, fx.clock.clone(), fx.inspection);
    // One gap, 10:10–10:25, numbered 1, unexplained.
    let (code, cov) = cli_json(
        &lib,
        &["activities", "coverage", &inspection.to_string(), "--json"],
    );
    assert_eq!(code, 0, "{cov}");
    let ratio = cov["covered_ratio"].as_f64().expect("ratio");
    assert!((ratio - 0.9).abs() < 1e-6, "{ratio}");
    let gaps = cov["gaps"].as_array().expect("gaps");
    assert_eq!(gaps.len(), 1, "{cov}");
    assert_eq!(gaps[0]["n"], 1);
    assert_eq!(gaps[0]["from"], "2024-01-05T02:10:00+00:00");
    assert_eq!(gaps[0]["to"], "2024-01-05T02:25:00+00:00");
    assert_eq!(gaps[0]["explained"], false);
    assert_eq!(
        ids(&st
            .reports()
            .get(ReportKind::Gaps, None, None)
            .expect("report")),
        vec![inspection.to_string()]
    );

    // Not resumed: a written explanation is needed, and the branch head's acknowledgement.
    let err = st
        .activities()
        .explain_gap(inspection, 1, GapReason::Battery, false, None)
        .expect_err("needs a note");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    st.activities()
        .explain_gap(
            inspection,
            1,
            GapReason::Battery,
            false,
            Some("电池耗尽，更换备用电池"),
        )
        .expect("explain");
    assert!(!st.activities().coverage(inspection).expect("coverage").gaps[0].explained);
    signed_in(&lib, clock.clone(), BRANCH_HEAD)
        .activities()
        .acknowledge_gap(inspection, 1)
        .expect("acknowledge");
    assert!(st.activities().coverage(inspection).expect("coverage").gaps[0].explained);
    assert!(st
        .reports()
        .get(ReportKind::Gaps, None, None)
        .expect("report")
        .is_empty());
    // Resumed with the reason spoken: explained at once (the CLI way).
    assert!(cli(&lib)
        .args([
            "activities",
            "explain",
            &inspection.to_string(),
            "--gap",
            "1",
            "--reason",
            "fault",
            "--resumed"
        ])
        .status()
        .expect("explain")
        .success());
    assert!(st.activities().coverage(inspection).expect("coverage").gaps[0].explained);
}

#[test]
fn an_unrecorded_demolition_is_missing_and_unticked_content_is_reported_until_ticked() {
    let fx = inspected_case();
    let (st, lib, inspection) = (&fx.st, &fx.lib, fx.inspection);
    let (morning, late_morning, afternoon) = (fx.morning, fx.late_morning, fx.afternoon);
    // A demolition the next day with no clip, by an officer whose recorder was never docked:
    // missing once (no recording); the undocked recorder is late storage, another report.
    let demolition = add_demolition(st);
    let missing = st
        .reports()
        .get(ReportKind::Missing, None, None)
        .expect("report");
    assert_eq!(ids(&missing), vec![demolition.to_string()], "{missing:?}");
    let (_, json) = cli_json(&lib, &["reports", "missing", "--json"]);
    assert_eq!(json.as_array().expect("rows").len(), 1);

    // Art. 10: the inspection's key content, ticked against moments in its clips; the
    // demolition (no clip) and the inspection until ticked are in the content report.
    let content = st
        .reports()
        .get(ReportKind::Content, None, None)
        .expect("report");
    assert_eq!(
        ids(&content),
        vec![inspection.to_string(), demolition.to_string()]
    );
    for (item, clip, at) in [
        ("scene", morning, 5.0),
        ("items", morning, 620.0),
        ("people", late_morning, 30.0),
    ] {
        assert!(cli(&lib)
            .args([
                "activities",
                "tick",
                &inspection.to_string(),
                "--item",
                item,
                "--clip"
            ])
            .arg(clip.to_string())
            .args(["--at", &at.to_string()])
            .status()
            .expect("tick")
            .success());
    }
    assert_eq!(
        st.activities()
            .tick(inspection, "scene", afternoon, 1.0)
            .expect_err("not linked")
            .code(),
        ErrorCode::InvalidInput
    );
    let (_, list) = cli_json(
        &lib,
        &["activities", "checklist", &inspection.to_string(), "--json"],
    );
    assert!(
        list.as_array()
            .expect("items")
            .iter()
            .all(|i| i["clip"].is_i64()),
        "{list}"
    );
    assert_eq!(
        ids(&st
            .reports()
            .get(ReportKind::Content, None, None)
            .expect("report")),
        vec![demolition.to_string()]
    );
    assert_eq!(
        st.activities()
            .required_content(demolition)
            .expect("list")
            .len(),
        6
    );
}

#[test]
fn the_labels_late_and_undocked_reports_each_find_their_planted_case() {
    let fx = inspected_case();
    let (st, tmp, clock) = (&fx.st, &fx.tmp, fx.clock.clone());
    let (morning, late_morning, afternoon) = (fx.morning, fx.late_morning, fx.afternoon);
    // Labels: the two linked clips labelled, the afternoon one not.
    st.clips()
        .label(
            &[morning, late_morning],
            &Labels {
                case_number: Some("兖综执〔2024〕3号".into()),
                cause: Some("占道经营".into()),
                party: Some("王某某".into()),
            },
        )
        .expect("label");
    assert_eq!(
        ids(&st
            .reports()
            .get(ReportKind::Labels, None, None)
            .expect("report")),
        vec![afternoon.to_string()]
    );

    // Late storage: a second recorder with a clip of 5 January docked on the 8th.
    assert!(st
        .reports()
        .get(ReportKind::Late, None, None)
        .expect("report")
        .is_empty());
    dock_late_card(&fx);
    let late_rows = st
        .reports()
        .get(ReportKind::Late, None, None)
        .expect("report");
    assert_eq!(late_rows.len(), 1, "{late_rows:?}");
    assert_eq!(late_rows[0].kind.code(), "dock");

    // Undocked: on the 12th, both recorders were last docked more than three days ago; CA2
    // docks again and only CA1 remains.
    clock.set(at(2024, 1, 12, 2, 0));
    let mut again = FakeRecorder::new(&tmp.path().join("again"));
    again.dsj("CA2", "080001", "20240112_080000", "", 20_000);
    st.ingest(&again.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert_eq!(
        ids(&st
            .reports()
            .get(ReportKind::Undocked, None, None)
            .expect("report")),
        vec!["CA1".to_string()]
    );
}

#[test]
fn the_dashboard_counts_a_weeks_clips_dockings_and_activities() {
    let fx = inspected_case();
    add_demolition(&fx.st);
    dock_late_card(&fx);
    let lib = &fx.lib;
    // 2024-W01 holds both cards' clips of the week and both activities; the late card
    // docked in W02.
    let (code, stats) = cli_json(&lib, &["stats", "--by", "week", "--json"]);
    assert_eq!(code, 0, "{stats}");
    let w01 = stats["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .find(|b| b["period"] == "2024-W01")
        .expect("2024-W01")
        .clone();
    assert_eq!(w01["clips"], 4, "{w01}");
    let hours = w01["video_hours"].as_f64().expect("hours");
    assert!(
        (hours - (4200.0 + 3900.0 + 60.0) / 3600.0).abs() < 0.01,
        "{hours}"
    );
    assert_eq!(w01["activities"], 2);
    assert_eq!(w01["dockings"], 1);
}

#[test]
fn a_case_document_is_stored_and_proven_like_a_clip_and_survives_a_rebuild() {
    let InspectedCase {
        tmp,
        lib,
        clock,
        st,
        morning,
        late_morning,
        ..
    } = inspected_case();
    // A scanned document, stored and proven like a clip.
    let scan = tmp.path().join("立案审批表.pdf");
    std::fs::write(&scan, noise(9, 300_000)).expect("scan");
    let out = cli(&lib)
        .args(["cases", "attach", "兖综执〔2024〕3号"])
        .arg(&scan)
        .output()
        .expect("attach");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.starts_with(&sha256_hex(&noise(9, 300_000))), "{said}");
    let stored = lib.join(said.split_whitespace().nth(1).expect("path"));
    assert_eq!(std::fs::read(&stored).expect("stored"), noise(9, 300_000));
    assert!(std::fs::metadata(&stored)
        .expect("meta")
        .permissions()
        .readonly());
    // The library's fixity check covers documents as it covers clips.
    let (code, report) = cli_json(&lib, &["verify", "--json"]);
    assert_eq!(code, 0, "{report}");
    let mut perms = std::fs::metadata(&stored).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&stored, perms).expect("writable");
    let mut bytes = noise(9, 300_000);
    bytes[7] ^= 1;
    std::fs::write(&stored, &bytes).expect("damage");
    let (code, report) = cli_json(&lib, &["verify", "--json"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["mismatched"][0]["what"], "document");
    // Documents carry no SM3: read back by SM3, the document is read with BLAKE3 and said so.
    let (code, report) = cli_json(&lib, &["verify", "--digest", "sm3", "--json"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["read_with_blake3"], 1);
    assert_eq!(report["mismatched"][0]["digest"], "blake3");
    std::fs::write(&stored, noise(9, 300_000)).expect("mend");

    // The case shows its clips (those labelled with its number), activities and documents.
    st.clips()
        .label(
            &[morning, late_morning],
            &Labels {
                case_number: Some(CASE.into()),
                ..Labels::default()
            },
        )
        .expect("label");
    let (_, case) = cli_json(&lib, &["cases", "show", "兖综执〔2024〕3号", "--json"]);
    assert_eq!(case["activities"].as_array().expect("a").len(), 1);
    assert_eq!(case["clips"].as_array().expect("c").len(), 2);
    assert_eq!(case["documents"][0]["name"], "立案审批表.pdf");
    assert_eq!(case["case"]["stages"][0][0], "registration");

    // A catalog rebuilt from the manifests keeps the case's documents.
    drop(st);
    let (rebuilt, _) = rebuild_as_admin(&lib, clock.clone());
    let case = rebuilt.cases().get("兖综执〔2024〕3号").expect("case");
    assert_eq!(case.documents[0].name, "立案审批表.pdf");
    assert_eq!(case.documents[0].sha256, sha256_hex(&noise(9, 300_000)));
}

#[test]
fn a_recorder_on_record_counts_as_docked_on_a_day_it_docked_with_nothing_new() {
    let InspectedCase { tmp, clock, st, .. } = inspected_case();
    // The day it did not dock, the officer's activity is late storage.
    st.registry()
        .add_officer("080009", Some("李四"), Some("一中队"))
        .expect("officer");
    st.registry()
        .add_device(&station_core::DeviceRegistration {
            serial: "CA9".into(),
            ..Default::default()
        })
        .expect("device");
    st.registry()
        .assign_device(
            "CA9",
            "080009",
            Some(st.parse_time("2024-01-01").expect("t")),
        )
        .expect("assign");
    let mut ca9 = FakeRecorder::new(&tmp.path().join("ca9"));
    ca9.dsj("CA9", "080009", "20240104_100000", "", 20_000);
    clock.set(at(2024, 1, 4, 12, 0));
    st.ingest(&ca9.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    clock.set(at(2024, 1, 9, 12, 0)); // docked again, nothing new
    st.ingest(&ca9.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let contact = |day: &str| NewActivity {
        case_number: "兖综执〔2024〕3号".into(),
        kind: ActivityKind::Other,
        place: None,
        from: format!("{day} 09:00"),
        to: format!("{day} 09:30"),
        officers: vec!["080009".into()],
        stage: None,
    };
    let docked_day = st
        .activities()
        .add(&contact("2024-01-09"))
        .expect("activity");
    let undocked_day = st
        .activities()
        .add(&contact("2024-01-10"))
        .expect("activity");
    // Not stored the same day is late storage, reported once that day is over.
    let late = |st: &Station| {
        ids(&st
            .reports()
            .get(ReportKind::Late, None, None)
            .expect("report"))
    };
    assert!(
        !late(&st).contains(&undocked_day.to_string()),
        "the 10th is not over"
    );
    clock.set(at(2024, 1, 11, 2, 0));
    let late = late(&st);
    assert!(!late.contains(&docked_day.to_string()), "{late:?}");
    assert!(late.contains(&undocked_day.to_string()), "{late:?}");
}

#[test]
fn a_spot_check_draws_the_same_sample_from_the_same_seed_and_its_ledger_opens_in_excel() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(at(2024, 1, 20, 2, 0)));
    let _st = found(
        &lib,
        Some("兴隆分局"),
        clock.clone(),
        &[("time_zone", "Asia/Shanghai")],
    );
    let st = signed_in(&lib, clock, CUSTODIAN);
    st.registry().add_squad("一中队").expect("squad");
    st.registry()
        .add_officer("080001", Some("张三"), Some("一中队"))
        .expect("officer");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    for i in 0..30 {
        rec.dsj(
            "SC1",
            "080001",
            &format!("20240110_08{i:02}00"),
            "",
            10_000 + i,
        );
    }
    st.ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let draw = |seed: &str| {
        let (code, v) = cli_json_as(
            &lib,
            INSPECTOR,
            &[
                "spotcheck",
                "draw",
                "--seed",
                seed,
                "--size",
                "5",
                "--squad",
                "一中队",
                "--from",
                "2024-01-01",
                "--to",
                "2024-01-31",
                "--json",
            ],
        );
        assert_eq!(code, 0, "{v}");
        v
    };
    let first = draw("42");
    let again = draw("42");
    let other = draw("43");
    let items = |v: &serde_json::Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["item_id"].as_i64().expect("id"))
            .collect()
    };
    assert_eq!(items(&first).len(), 5);
    assert_eq!(
        items(&first),
        items(&again),
        "the same seed, the same sample"
    );
    assert_ne!(items(&first), items(&other), "another seed, another sample");
    assert_eq!(first["population"], 30);

    // Review two drawn items; the ledger has exactly those rows.
    let item_ids: Vec<i64> = first["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .collect();
    for (item, result) in [(item_ids[0], "pass"), (item_ids[1], "fail")] {
        let out = cli_as(&lib, INSPECTOR)
            .args([
                "spotcheck",
                "review",
                &item.to_string(),
                "--result",
                result,
                "--note",
                "抽查意见",
            ])
            .output()
            .expect("review");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let ledger = tmp.path().join("检查台账.xlsx");
    let out = cli_as(&lib, INSPECTOR)
        .args(["spotcheck", "ledger", "--to"])
        .arg(&ledger)
        .output()
        .expect("ledger");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(py) = openpyxl() else {
        return skip("spot check ledger", "openpyxl is missing: run tests/run.sh");
    };
    let book = workbook_rows(&py, &ledger);
    let rows = book["检查台账"].as_array().expect("ledger sheet");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0][0], "抽查编号");
    assert_eq!(rows[1][10], "合格");
    assert_eq!(rows[2][10], "不合格");
    assert_eq!(rows[1][4], "一中队");
    assert_eq!(rows[1][7], "否", "labels are not complete");
    let scores = book["评分"].as_array().expect("scores");
    assert_eq!(scores[1][0], "一中队");
    assert_eq!(scores[1][4], 50.0);
}

#[test]
fn a_mistyped_case_is_corrected_with_its_clips_and_records_and_the_change_is_audited() {
    let InspectedCase {
        tmp,
        lib,
        clock,
        st,
        inspection,
        morning,
        ..
    } = inspected_case();
    // Registered with a typo; a clip labelled with it, a document of its investigation stage.
    let typo = "兖综执〔2024〕31号";
    st.cases().add(typo, Some("占道"), None, &[]).expect("case");
    st.clips()
        .label(
            &[morning],
            &Labels {
                case_number: Some(typo.into()),
                ..Labels::default()
            },
        )
        .expect("label");
    let scan = tmp.path().join("询问笔录.pdf");
    std::fs::write(&scan, noise(11, 50_000)).expect("scan");
    let out = cli(&lib)
        .args(["cases", "attach", typo])
        .arg(&scan)
        .args(["--stage", "investigation"])
        .output()
        .expect("attach");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An activity of its investigation stage, with the stage named.
    let (code, added) = cli_json(
        &lib,
        &[
            "activities",
            "add",
            "--case",
            typo,
            "--kind",
            "statement",
            "--from",
            "2024-01-05 15:00",
            "--to",
            "2024-01-05 15:20",
            "--officer",
            "080001",
            "--stage",
            "investigation",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{added}");

    // A number already taken is refused; the typo is corrected with its cause and party.
    let taken = cli(&lib)
        .args(["cases", "edit", typo, "--new-number", CASE])
        .output()
        .expect("edit");
    assert_eq!(taken.status.code(), Some(2));
    let fixed = "兖综执〔2024〕13号";
    let out = cli(&lib)
        .args([
            "cases",
            "edit",
            typo,
            "--new-number",
            fixed,
            "--cause",
            "占道经营",
            "--party",
            "李某",
        ])
        .output()
        .expect("edit");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, case) = cli_json(&lib, &["cases", "show", fixed, "--json"]);
    assert_eq!(code, 0, "{case}");
    assert_eq!(case["case"]["cause"], "占道经营");
    assert_eq!(case["case"]["party"], "李某");
    assert_eq!(
        case["clips"][0]["id"], morning,
        "the clip follows the number"
    );
    assert_eq!(case["clips"][0]["case"], fixed);
    assert_eq!(case["documents"][0]["stage"], "investigation");
    assert_eq!(case["activities"][0]["stage"], "investigation");
    assert_eq!(
        cli(&lib)
            .args(["cases", "show", typo])
            .output()
            .expect("show")
            .status
            .code(),
        Some(2)
    );
    let history = st.cases().history(fixed).expect("history");
    assert!(
        history
            .iter()
            .any(|e| e.action == "case_edit"
                && e.detail.as_deref().is_some_and(|d| d.contains(typo))),
        "{history:#?}"
    );
    assert_ne!(inspection, 0);

    // Rebuilt from the manifests alone, the document is filed under the corrected number.
    drop(st);
    for f in ["catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"] {
        let _ = std::fs::remove_file(lib.join(f));
    }
    std::fs::remove_dir_all(lib.join("journal")).expect("no journal");
    let (rebuilt, _) =
        station_core::Station::rebuild_catalog(&lib, clock.clone(), None).expect("rebuild");
    drop(rebuilt);
    let catalog = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("catalog");
    let filed: String = catalog
        .query_row(
            "SELECT c.number FROM case_documents d JOIN cases c ON c.id = d.case_id
             WHERE d.media_path LIKE '%询问笔录%'",
            [],
            |r| r.get(0),
        )
        .expect("document");
    assert_eq!(filed, fixed);
}

#[test]
fn a_spot_check_draws_case_documents_and_reviews_them_with_what_the_station_knows() {
    let InspectedCase { tmp, lib, .. } = inspected_case();
    // The inspected case (officer 080001 of 一中队) gets three text records; another case
    // with no officer one more. Attached now, by the real clock.
    let scan = |n: u64| {
        let p = tmp.path().join(format!("文书{n}.pdf"));
        std::fs::write(&p, noise(100 + n, 20_000)).expect("scan");
        p
    };
    let attach = |case: &str, n: u64, stage: Option<&str>| {
        let mut cmd = cli(&lib);
        cmd.args(["cases", "attach", case]).arg(scan(n));
        if let Some(s) = stage {
            cmd.args(["--stage", s]);
        }
        let out = cmd.output().expect("attach");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    attach(CASE, 1, Some("investigation"));
    attach(CASE, 2, None);
    attach(CASE, 3, Some("review"));
    let (code, _) = cli_json(
        &lib,
        &["cases", "add", "--number", "兖综执〔2024〕9号", "--json"],
    );
    assert_eq!(code, 0);
    attach("兖综执〔2024〕9号", 4, None);

    let (code, drawn) = cli_json_as(
        &lib,
        INSPECTOR,
        &[
            "spotcheck",
            "draw",
            "--of",
            "document",
            "--seed",
            "7",
            "--size",
            "3",
            "--squad",
            "一中队",
            "--from",
            "2020-01-01",
            "--to",
            "2099-01-01",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{drawn}");
    assert_eq!(drawn["of_kind"], "document");
    assert_eq!(
        drawn["population"], 3,
        "the squad's case's three records, not the other"
    );
    let items = drawn["items"].as_array().expect("items").clone();
    assert_eq!(items.len(), 3);
    for item in &items {
        let out = cli_as(&lib, INSPECTOR)
            .args([
                "spotcheck",
                "review",
                &item["id"].to_string(),
                "--result",
                "pass",
            ])
            .output()
            .expect("review");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, all) = cli_json_as(&lib, INSPECTOR, &["spotcheck", "list", "--json"]);
    let reviewed = all
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == drawn["id"])
        .expect("the draw")["items"]
        .as_array()
        .expect("items")
        .clone();
    let named: usize = reviewed
        .iter()
        .filter(|i| i["checklist"]["stage_named"] == true)
        .count();
    assert_eq!(named, 2, "{reviewed:#?}");
    assert!(reviewed.iter().all(
        |i| i["checklist"]["document_intact"] == true && i["checklist"]["officer"] == "080001"
    ));
}
