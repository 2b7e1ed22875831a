//! Recorder upkeep (art. 14) on planted data: status with its history, the pre-shift check and
//! what a docking says against it, the maintenance log, and the reports that read them —
//! recorders used unchecked, overdue for upkeep, and `undocked` only of recorders in service.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use station_core::cases::{ReportKind, ReportRow};
use station_core::events::NoEvents;
use station_core::upkeep::{
    ClockReading, DeviceStatus, LensReading, MaintenanceKind, PreShiftCheck, Reading,
};
use station_core::{DeviceRegistration, ErrorCode, FixedClock, IngestOptions, Station};
use station_tests::*;

fn at(m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, m, d, h, min, 0)
        .single()
        .expect("time")
}

fn ids(st: &Station, which: ReportKind) -> Vec<String> {
    let rows: Vec<ReportRow> = st.reports().get(which, None, None).expect("report");
    rows.iter().map(|r| r.id.clone()).collect()
}

fn all_ok() -> PreShiftCheck {
    PreShiftCheck {
        battery: Reading::Ok,
        storage: Reading::Ok,
        clock: ClockReading::Ok,
        lens_mic: LensReading::Ok,
        note: None,
    }
}

#[test]
fn upkeep_is_recorded_compared_at_docking_and_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    // 08:30 in Beijing, 5 January 2024: before the shift.
    let clock = Arc::new(FixedClock::new(at(1, 5, 0, 30)));
    let st = found(
        &lib,
        Some("兴隆分局"),
        clock.clone(),
        &[("time_zone", "Asia/Shanghai"), ("low_space_mib", "0")],
    );
    for serial in ["CA1", "CA2", "CA3"] {
        st.registry()
            .add_device(&DeviceRegistration {
                serial: serial.into(),
                ..Default::default()
            })
            .expect("device");
    }
    // CA3 is lost: it is no longer expected at checks or at the dock.
    st.upkeep()
        .set_status("CA3", DeviceStatus::Lost, "巡查时遗失，已报告分局负责人")
        .expect("status");
    let refused = st.upkeep().check("CA3", &all_ok()).expect_err("lost");
    assert_eq!(refused.code(), ErrorCode::InvalidState);
    let no_reason = st
        .upkeep()
        .set_status("CA2", DeviceStatus::Spare, " ")
        .expect_err("a reason is needed");
    assert_eq!(no_reason.code(), ErrorCode::InvalidInput);

    // The morning check of CA1 finds everything right; CA2 is used unchecked.
    let row = st.upkeep().check("CA1", &all_ok()).expect("check");
    assert_eq!(
        (row.day.as_str(), row.checked_by.as_str()),
        ("2024-01-05", CUSTODIAN)
    );

    // Evening: CA1's card says its clock is an hour fast — against the morning's "correct".
    clock.set(at(1, 5, 12, 30));
    let mut ca1 = FakeRecorder::new(&tmp.path().join("ca1"));
    ca1.file("DEVICE.TXT", b"SN=CA1\ntime=2024-01-05 21:30:00\n");
    ca1.dsj("CA1", "080001", "20240105_090000", "", 20_000);
    let docked = st
        .ingest(&ca1.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let disagrees = station_core::dock::DockFlag::CheckDisagrees;
    assert!(docked.flags.contains(&disagrees), "{docked:#?}");
    let said = &docked.flag_details[&disagrees];
    assert!(
        said.contains("时钟准确") && said.contains("+3600"),
        "{said}"
    );
    let mut ca2 = FakeRecorder::new(&tmp.path().join("ca2"));
    ca2.dsj("CA2", "080002", "20240105_100000", "", 20_000);
    let plain = st
        .ingest(&ca2.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(
        !plain.flags.contains(&disagrees),
        "no check, nothing to compare"
    );
    assert_eq!(ids(&st, ReportKind::Unchecked), vec!["CA2".to_string()]);

    // April: none was serviced in 90 days; the lost one is not due, nor expected at the dock.
    clock.set(at(4, 10, 2, 0));
    assert_eq!(ids(&st, ReportKind::Upkeep), vec!["CA1", "CA2"]);
    assert_eq!(ids(&st, ReportKind::Undocked), vec!["CA1", "CA2"]);
    st.upkeep()
        .maintain(
            "CA1",
            MaintenanceKind::Service,
            "清洁镜头，校准时钟，更换电池",
        )
        .expect("maintain");
    assert_eq!(ids(&st, ReportKind::Upkeep), vec!["CA2"]);
    // CA2 goes to repair: out of the upkeep and undocked reports until back in service.
    st.upkeep()
        .set_status("CA2", DeviceStatus::InRepair, "镜头破损，送修")
        .expect("status");
    assert!(ids(&st, ReportKind::Upkeep).is_empty());
    assert_eq!(ids(&st, ReportKind::Undocked), vec!["CA1"]);

    // Each recorder's record, and every change in the audit log.
    let record = st.upkeep().record("ca2").expect("record");
    assert_eq!(record.status, DeviceStatus::InRepair);
    assert_eq!(record.statuses[0].reason, "镜头破损，送修");
    assert!(record.checks.is_empty());
    let (_, ca1_json) = cli_json(&lib, &["devices", "upkeep", "CA1", "--json"]);
    assert_eq!(ca1_json["status"], "active");
    assert_eq!(ca1_json["checks"][0]["clock"], "ok");
    assert_eq!(ca1_json["maintenance"][0]["kind"], "service");
    let (_, audit) = cli_json_as(&lib, INSPECTOR, &["audit", "list", "--json"]);
    let actions: Vec<&str> = audit
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in ["device_status", "device_check", "device_maintenance"] {
        assert!(actions.contains(&a), "{a} not audited: {actions:?}");
    }
}

#[test]
fn the_cli_takes_the_pre_shift_check_as_written_and_refuses_what_is_not_a_reading() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let _ = found(
        &lib,
        Some("兴隆分局"),
        Arc::new(FixedClock::new(at(1, 5, 0, 30))),
        &[],
    );
    let run = |args: &[&str]| cli(&lib).args(args).output().expect("run");
    assert!(run(&["devices", "add", "--serial", "DC7"]).status.success());
    let out = run(&[
        "devices",
        "check",
        "DC7",
        "--battery",
        "OK",
        "--storage",
        "LOW",
        "--clock",
        "OK",
        "--note",
        "存储卡快满",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (row["storage"].as_str(), row["note"].as_str()),
        (Some("low"), Some("存储卡快满"))
    );
    let bad = run(&[
        "devices",
        "check",
        "DC7",
        "--battery",
        "HALF",
        "--storage",
        "OK",
        "--clock",
        "OK",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("low"));
    let out = run(&[
        "devices",
        "status",
        "DC7",
        "--set",
        "retired",
        "--reason",
        "外壳开裂",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, list) = cli_json(&lib, &["devices", "list", "--json"]);
    assert_eq!(list[0]["status"], "retired");
    let unknown = run(&[
        "devices", "status", "NOPE", "--set", "spare", "--reason", "x",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("NOPE"));
}
