//! Art. 23's reports each mean one thing, on planted data: `missing` is an activity with no
//! recording (art. 9, `other` included), `late` is what was not stored the same day, and
//! `sequence` names the numbers missing from a card with its own detail.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use serde_json::Value;
use station_core::cases::{ActivityKind, NewActivity, ReportKind, ReportRow};
use station_core::events::NoEvents;
use station_core::{FixedClock, IngestOptions, Station};
use station_tests::*;

fn at(d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, d, h, 0, 0)
        .single()
        .expect("time")
}

const CASE: &str = "兖综执〔2024〕7号";

fn activity(st: &Station, kind: ActivityKind, from: &str, to: &str, officer: &str) -> i64 {
    st.activities()
        .add(&NewActivity {
            case_number: CASE.into(),
            kind,
            place: None,
            from: from.into(),
            to: to.into(),
            officers: vec![officer.into()],
            stage: None,
        })
        .expect("activity")
}

fn rows(st: &Station, which: ReportKind) -> Vec<ReportRow> {
    st.reports().get(which, None, None).expect("report")
}

fn ids(rows: &[ReportRow]) -> Vec<String> {
    rows.iter().map(|r| r.id.clone()).collect()
}

fn dock_id(report: &station_core::IngestReport) -> String {
    report.dock_event_id.to_string()
}

#[test]
fn each_report_finds_its_own_planted_finding_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    // Docked the evening of 5 January 2024 (Beijing).
    let clock = Arc::new(FixedClock::new(at(5, 12)));
    let st = found(
        &lib,
        Some("兴隆分局"),
        clock.clone(),
        &[("time_zone", "Asia/Shanghai")],
    );
    st.registry().add_squad("一中队").expect("squad");
    for (n, name) in [("080001", "张三"), ("080002", "李四"), ("080003", "王五")] {
        st.registry()
            .add_officer(n, Some(name), Some("一中队"))
            .expect("officer");
    }
    // Card CA1: the inspection's clip, and a camera folder whose file 0003 is gone.
    let mut ca1 = FakeRecorder::new(&tmp.path().join("ca1"));
    ca1.file(
        "DCIM/DSJ_CA1_080001_20240105_090000.MP4",
        &mp4_lasting(3600, 40_000, 1),
    );
    for n in [1, 2, 4] {
        ca1.file(
            format!("DCIM/100MEDIA/MOV_{n:04}.MP4"),
            &mp4_of_size(20_000, n),
        );
    }
    let first = st
        .ingest(&ca1.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(first.complete(), "{first:#?}");
    // Card CA2, recorded on the 5th, docked only on the 8th.
    clock.set(at(8, 2));
    let mut ca2 = FakeRecorder::new(&tmp.path().join("ca2"));
    ca2.dsj("CA2", "080002", "20240105_160000", "", 30_000);
    let second = st
        .ingest(&ca2.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(second.complete(), "{second:#?}");

    let (code, out) = cli_json(
        &lib,
        &[
            "cases",
            "add",
            "--number",
            CASE,
            "--cause",
            "违法建设",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let clip_of = |stamp: &str| {
        st.clips()
            .list(&Default::default())
            .expect("clips")
            .iter()
            .find(|c| c.source_path.contains(stamp))
            .expect("clip")
            .id
    };
    // Recorded, stored the same day.
    let inspected = activity(
        &st,
        ActivityKind::Inspection,
        "2024-01-05 09:00",
        "2024-01-05 10:00",
        "080001",
    );
    st.activities()
        .link(inspected, &[clip_of("20240105_090000")])
        .expect("link");
    // Recorded, and its clips linked and covering it, but stored three days late.
    let stored_late = activity(
        &st,
        ActivityKind::Service,
        "2024-01-05 16:00",
        "2024-01-05 16:30",
        "080002",
    );
    st.activities()
        .link(stored_late, &[clip_of("20240105_160000")])
        .expect("link");
    // Not recorded: a demolition by an officer whose recorder never docked; art. 9(8)'s other
    // contact; and today's on-the-spot fine (art. 10(7)), whose shift is not over.
    let demolition = activity(
        &st,
        ActivityKind::Demolition,
        "2024-01-06 14:00",
        "2024-01-06 16:00",
        "080003",
    );
    let contact = activity(
        &st,
        ActivityKind::Other,
        "2024-01-07 10:00",
        "2024-01-07 10:30",
        "080001",
    );
    let fine = activity(
        &st,
        ActivityKind::Penalty,
        "2024-01-08 09:00",
        "2024-01-08 09:30",
        "080001",
    );

    // missing: should have been recorded and was not — nothing else.
    let missing = rows(&st, ReportKind::Missing);
    assert_eq!(
        ids(&missing),
        vec![
            demolition.to_string(),
            contact.to_string(),
            fine.to_string()
        ],
        "{missing:?}"
    );
    assert!(missing.iter().all(|r| r.kind.code() == "activity"));

    // late: the docking that brought the 5th's clip on the 8th (with its own detail), and the
    // past days' activities whose officer's recorder did not dock that day.
    let late = rows(&st, ReportKind::Late);
    assert_eq!(
        ids(&late),
        vec![
            dock_id(&second),
            stored_late.to_string(),
            demolition.to_string(),
            contact.to_string()
        ],
        "{late:?}"
    );
    assert!(
        late[0].detail.contains("最早录于 2024-01-05 16:00"),
        "{late:?}"
    );
    assert!(late[1].detail.contains("080002") && late[1].detail.contains("2024-01-05"));

    // sequence: the one docking whose card lacks a number, with that number as its detail.
    let sequence = rows(&st, ReportKind::Sequence);
    assert_eq!(ids(&sequence), vec![dock_id(&first)], "{sequence:?}");
    assert_eq!(sequence[0].kind.code(), "dock");
    assert!(sequence[0].detail.contains("100/0003"), "{sequence:?}");
    assert!(!sequence[0].detail.contains("最早录于"), "{sequence:?}");

    // The CLI gives the same rows.
    let (code, json) = cli_json(&lib, &["reports", "sequence", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    assert_eq!(json[0]["detail"], Value::from(sequence[0].detail.clone()));

    // Art. 10(7) and (8): their own checklists; `other` is recorded and checked like the rest.
    let items = |a: i64| -> Vec<&'static str> {
        st.activities()
            .required_content(a)
            .expect("content")
            .iter()
            .map(|i| i.item)
            .collect()
    };
    assert_eq!(items(fine), vec!["fines", "goods", "destruction"]);
    assert_eq!(items(contact), vec!["conduct"]);
    let statement = activity(
        &st,
        ActivityKind::Statement,
        "2024-01-08 10:00",
        "2024-01-08 10:20",
        "080001",
    );
    assert_eq!(items(statement), vec!["whole"]);
    assert!(ids(&rows(&st, ReportKind::Content)).contains(&contact.to_string()));
}

#[test]
fn a_recorders_break_is_reported_while_another_covers_it_and_a_high_risk_act_on_one_device_is_flagged(
) {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(at(5, 12)));
    let st = found(
        &lib,
        Some("兴隆分局"),
        clock,
        &[("time_zone", "Asia/Shanghai")],
    );
    // CA1 stops 10:20–10:30; CA2, the second angle, records 10:00–11:00 throughout.
    let mut ca1 = FakeRecorder::new(&tmp.path().join("ca1"));
    ca1.file(
        "DCIM/DSJ_CA1_080001_20240105_100000.MP4",
        &mp4_lasting(1200, 30_000, 1),
    );
    ca1.file(
        "DCIM/DSJ_CA1_080001_20240105_103000.MP4",
        &mp4_lasting(1800, 30_000, 2),
    );
    ca1.file(
        "DCIM/DSJ_CA1_080001_20240105_140000.MP4",
        &mp4_lasting(1800, 30_000, 3),
    );
    let mut ca2 = FakeRecorder::new(&tmp.path().join("ca2"));
    ca2.file(
        "DCIM/DSJ_CA2_080002_20240105_100000.MP4",
        &mp4_lasting(3600, 30_000, 4),
    );
    for card in [&ca1, &ca2] {
        let r = st
            .ingest(&card.root, &IngestOptions::default(), &NoEvents)
            .expect("ingest");
        assert!(r.complete(), "{r:#?}");
    }
    let (code, out) = cli_json(&lib, &["cases", "add", "--number", CASE, "--json"]);
    assert_eq!(code, 0, "{out}");
    let all: Vec<(i64, String)> = st
        .clips()
        .list(&Default::default())
        .expect("clips")
        .into_iter()
        .map(|c| (c.id, c.source_path))
        .collect();
    let ids_of = |stamps: &[&str]| -> Vec<i64> {
        all.iter()
            .filter(|(_, p)| stamps.iter().any(|s| p.contains(s)))
            .map(|(id, _)| *id)
            .collect()
    };
    let demolition = activity(
        &st,
        ActivityKind::Demolition,
        "2024-01-05 10:00",
        "2024-01-05 11:00",
        "080001",
    );
    st.activities()
        .link(demolition, &ids_of(&["_100000", "_103000"]))
        .expect("link");
    let seizure = activity(
        &st,
        ActivityKind::Seizure,
        "2024-01-05 14:00",
        "2024-01-05 14:30",
        "080001",
    );
    st.activities()
        .link(seizure, &ids_of(&["_140000"]))
        .expect("link");

    // Overall the demolition is covered whole, but CA1's own break is a break (art. 11).
    let (code, cov) = cli_json(
        &lib,
        &["activities", "coverage", &demolition.to_string(), "--json"],
    );
    assert_eq!(code, 0, "{cov}");
    assert_eq!(cov["covered_ratio"], 1.0);
    let gaps = cov["gaps"].as_array().expect("gaps");
    assert_eq!(gaps.len(), 1, "{cov:#}");
    assert_eq!(gaps[0]["device"], "CA1");
    assert_eq!(gaps[0]["covered_by_other"], true);
    assert_eq!(gaps[0]["from"], "2024-01-05T02:20:00+00:00");
    assert_eq!(gaps[0]["to"], "2024-01-05T02:30:00+00:00");
    let devices: Vec<(String, f64)> = cov["devices"]
        .as_array()
        .expect("devices")
        .iter()
        .map(|d| {
            (
                d["device"].as_str().expect("d").to_string(),
                d["covered_ratio"].as_f64().expect("r"),
            )
        })
        .collect();
    assert_eq!(devices.len(), 2);
    assert_eq!(devices[1], ("CA2".to_string(), 1.0));
    assert!((devices[0].1 - 50.0 / 60.0).abs() < 1e-6, "{devices:?}");
    assert_eq!(cov["one_device_only"], false);
    let gap_rows = rows(&st, ReportKind::Gaps);
    assert_eq!(ids(&gap_rows), vec![demolition.to_string()], "{gap_rows:?}");
    assert!(gap_rows[0].detail.contains("CA1") && gap_rows[0].detail.contains("其他设备在录"));

    // Art. 12: the seizure (high-risk by default) was filmed by one device only.
    assert_eq!(
        ids(&rows(&st, ReportKind::OneDevice)),
        vec![seizure.to_string()]
    );
    let (_, json) = cli_json(&lib, &["reports", "one_device", "--json"]);
    assert_eq!(json[0]["id"], seizure.to_string());
    // The branch narrows the rule to demolitions: nothing is flagged any more.
    let admin = signed_in(&lib, Arc::new(FixedClock::new(at(5, 12))), ADMIN);
    admin
        .set_setting("two_devices_for", r#"["demolition"]"#)
        .expect("setting");
    assert!(rows(&st, ReportKind::OneDevice).is_empty());
    // A kind the station does not know is refused, naming the ones it does.
    let err = admin
        .set_setting("two_devices_for", r#"["riot"]"#)
        .expect_err("unknown kind");
    assert!(
        err.message(station_core::Lang::En).contains("demolition"),
        "{err:?}"
    );
}
