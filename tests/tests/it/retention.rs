//! Retention (art. 19): six months at least, five reasons for long-term holds, disposal only
//! in an approved batch after a grace period, recoverable until then, with tombstones.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use station_core::events::NoEvents;
use station_core::retention::BatchState;
use station_core::retention::{HoldReason, HoldTarget, RetentionState};
use station_core::{ErrorCode, FixedClock, IngestOptions, Labels, Lang, Station};
use station_tests::*;

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("time")
}

/// The same library as another of its accounts.
fn as_user(st: &Station, clock: &Arc<FixedClock>, user: &str) -> Station {
    signed_in(st.root(), clock.clone(), user)
}

/// A library with `n` clips recorded on 2024-01-05 between 08:00 and 09:00 Beijing time.
fn library(tmp: &std::path::Path, n: usize) -> (Arc<FixedClock>, Station) {
    let clock = Arc::new(FixedClock::new(utc(2024, 1, 5, 12)));
    let lib = tmp.join("lib");
    let st = found(&lib, None, clock.clone(), &[("time_zone", "Asia/Shanghai")]);
    let mut rec = FakeRecorder::new(&tmp.join("card"));
    for i in 0..n {
        rec.dsj(
            "RT1",
            "090001",
            &format!("20240105_08{i:02}00"),
            "",
            3_000 + i,
        );
    }
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    (clock, st)
}

fn states(st: &Station) -> Vec<RetentionState> {
    st.retention()
        .status(None)
        .expect("status")
        .into_iter()
        .map(|c| c.state)
        .collect()
}

#[test]
fn six_months_then_eligible_and_never_below_six_months() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, st) = library(tmp.path(), 2);
    assert_eq!(states(&st), vec![RetentionState::Minimum; 2]);
    let s = &st.retention().status(None).expect("status")[0];
    // Recorded 2024-01-05 08:00 +08:00 = 00:00 UTC, stored at 12:00 UTC the same day: six
    // calendar months from the later of the two.
    assert_eq!(s.earliest_disposal, "2024-07-05T12:00:00+00:00");
    clock.set(utc(2024, 7, 4, 23));
    assert_eq!(states(&st), vec![RetentionState::Minimum; 2]);
    assert!(st.disposal().propose(None).expect("propose").is_none());
    // The retention page: both inside the minimum, both leaving it this month.
    let o = st.retention().overview().expect("overview");
    assert_eq!(o.states[&RetentionState::Minimum].clips, 2);
    assert_eq!(
        (o.upcoming[0].month.as_str(), o.upcoming[0].clips),
        ("2024-07", 2)
    );
    assert!(o.forecast[0].must_keep < o.forecast[0].without_disposal);
    clock.set(utc(2024, 7, 5, 11));
    assert_eq!(
        states(&st),
        vec![RetentionState::Minimum; 2],
        "six months from storage, not from recording"
    );
    clock.set(utc(2024, 7, 5, 12));
    assert_eq!(states(&st), vec![RetentionState::Eligible; 2]);
    let o = st.retention().overview().expect("overview");
    assert_eq!(
        (
            o.states[&RetentionState::Minimum].clips,
            o.states[&RetentionState::Eligible].clips
        ),
        (0, 2)
    );

    // The minimum can be raised, never lowered below the regulation's six months.
    let admin = as_user(&st, &clock, ADMIN);
    let err = admin
        .set_setting("retention_months", "5")
        .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::InvalidSetting);
    assert!(err.message(station_core::Lang::Zh).contains("6"));
    admin.set_setting("retention_months", "12").expect("raised");
    // Long-term clips need at least one verified copy; the re-check period is a setting too.
    let err = admin
        .set_setting("copies_required", "0")
        .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::InvalidSetting);
    admin
        .set_setting("disc_recheck_days", "180")
        .expect("re-check period");
    assert_eq!(states(&st), vec![RetentionState::Minimum; 2]);
}

#[test]
fn each_hold_reason_keeps_a_clip_from_disposal_and_case_holds_reach_later_labels() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, st) = library(tmp.path(), 7);
    let ids: Vec<i64> = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .iter()
        .map(|c| c.id)
        .collect();
    for (reason, id) in HoldReason::ALL.iter().copied().zip(&ids) {
        st.retention()
            .add_hold(&HoldTarget::Clips(vec![*id]), reason, Some("测试"))
            .expect("hold");
    }
    // A hold on a case no clip carries protects nothing: refused, with the number meant.
    let case = |n: &str| HoldTarget::Case(n.into());
    let refused = st
        .retention()
        .add_hold(&case("兖综执〔2024〕7号"), HoldReason::Review, None)
        .expect_err("no clip carries the case");
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    let labels = Labels {
        case_number: Some("兖综执〔2024〕7号".into()),
        ..Default::default()
    };
    st.clips().label(&[ids[4]], &labels).expect("label");
    let typo = st
        .retention()
        .add_hold(&case("兖综执(2024)7号"), HoldReason::Review, None)
        .expect_err("ASCII brackets: another number");
    assert!(
        typo.message(Lang::Zh)
            .contains("是否是指 兖综执〔2024〕7号"),
        "{}",
        typo.message(Lang::Zh)
    );
    // A case hold, then a clip labelled with that case afterwards.
    st.retention()
        .add_hold(
            &case("兖综执〔2024〕7号"),
            HoldReason::Review,
            Some("当事人申请复议"),
        )
        .expect("case hold");
    st.clips()
        .label(
            &[ids[5]],
            &Labels {
                case_number: Some("兖综执〔2024〕7号".into()),
                ..Default::default()
            },
        )
        .expect("label");

    clock.set(utc(2030, 1, 1, 0));
    let status = st.retention().status(None).expect("status");
    for (c, reason) in status.iter().take(5).zip(HoldReason::ALL.iter().copied()) {
        assert_eq!(c.state, RetentionState::LongTerm);
        assert!(c.hold_reasons.contains(&reason.code().to_string()));
    }
    let holds = st.retention().holds().expect("holds");
    let case_hold = holds.last().expect("the case hold");
    assert_eq!(
        case_hold.covers, 2,
        "the clip labelled before and the one after"
    );
    assert_eq!(
        status[5].state,
        RetentionState::LongTerm,
        "the case hold reaches a clip labelled later"
    );
    assert_eq!(status[6].state, RetentionState::Eligible);
    let batch = st
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("a batch");
    assert_eq!(batch.clips, vec![ids[6]], "only the clip without a hold");

    // Releasing a hold needs a reason; a once-held clip still needs its verified long-term
    // copies before it may go.
    let head = as_user(&st, &clock, BRANCH_HEAD);
    assert_eq!(
        head.retention()
            .release_hold(1, " ")
            .expect_err("no reason")
            .code(),
        ErrorCode::InvalidInput
    );
    head.retention()
        .release_hold(1, "复议已结束")
        .expect("release");
    assert_eq!(
        st.retention().status(None).expect("status")[0].state,
        RetentionState::Eligible
    );
    head.disposal().reject(batch.id).expect("reject");
    let again = st
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("a batch");
    assert_eq!(
        again.clips,
        vec![ids[6]],
        "released but without verified copies: kept"
    );
}

#[test]
fn approval_grace_period_restore_removal_and_tombstones() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, st) = library(tmp.path(), 10);
    // Every clip of the library in one batch: each approval confirms the mass disposal.
    let clips = st.clips().list(&Default::default()).expect("list");
    clock.set(utc(2024, 8, 1, 0));

    // Proposed, approved, then restored during the grace period: nothing is removed.
    let b = st
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("batch");
    assert_eq!(b.clips.len(), 10);
    assert_eq!(states(&st), vec![RetentionState::DisposalPending; 10]);
    assert!(
        st.disposal().propose(None).expect("again").is_none(),
        "a clip is in one batch at a time"
    );
    let head = as_user(&st, &clock, BRANCH_HEAD);
    let approved = head.disposal().approve(b.id, true).expect("approve");
    assert_eq!(approved.state, BatchState::Approved);
    clock.set(utc(2024, 8, 5, 0));
    assert_eq!(
        st.disposal().run().expect("run"),
        0,
        "still in the grace period"
    );
    st.disposal().restore(b.id).expect("restore");
    assert_eq!(states(&st), vec![RetentionState::Eligible; 10]);
    for c in &clips {
        assert!(std::path::Path::new(&c.path).is_file());
    }

    // Proposed and approved again; a hold set during the grace period keeps its clip.
    let b = st
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("batch");
    head.disposal().approve(b.id, true).expect("approve");
    // A mass disposal: its grace period starts with a second person's confirmation.
    as_user(&st, &clock, INSPECTOR)
        .disposal()
        .confirm_mass(b.id)
        .expect("second");
    st.retention()
        .add_hold(
            &HoldTarget::Clips(vec![clips[0].id]),
            HoldReason::Evidence,
            Some("诉讼中"),
        )
        .expect("hold");
    assert_eq!(
        st.disposal().restore(9999).expect_err("no batch").code(),
        ErrorCode::NotFound
    );
    clock.set(utc(2024, 8, 20, 0));
    assert_eq!(st.disposal().run().expect("run"), 9);
    assert!(
        std::path::Path::new(&clips[0].path).is_file(),
        "the held clip stays"
    );
    for c in &clips[1..] {
        assert!(
            !std::path::Path::new(&c.path).exists(),
            "{} still there",
            c.path
        );
    }
    assert_eq!(
        st.disposal().restore(b.id).expect_err("too late").code(),
        ErrorCode::InvalidState
    );
    let tombs = st.retention().tombstones().expect("tombstones");
    assert_eq!(tombs.len(), 9);
    assert_eq!(tombs[0].sha256, clips[1].sha256);
    assert!(!tombs[0].approved_by.is_empty() && !tombs[0].proposed_by.is_empty());
    assert_eq!(st.clips().count().expect("count"), 1);
    assert!(
        st.clips().verify(&NoEvents).expect("verify").clean(),
        "disposed clips are not missing ones"
    );

    // Each step is in the audit log, each removal with its digest.
    let db = rusqlite::Connection::open(st.root().join("catalog.sqlite")).expect("db");
    let count = |a: &str| -> i64 {
        db.query_row(
            "SELECT count(*) FROM audit_log WHERE action = ?1",
            [a],
            |r| r.get(0),
        )
        .expect("n")
    };
    assert_eq!(
        (
            count("propose_disposal"),
            count("approve_disposal"),
            count("restore_disposal")
        ),
        (2, 2, 1)
    );
    assert_eq!((count("dispose"), count("dispose_skipped")), (9, 1));
    let detail: String = db
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'dispose' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("d");
    assert!(detail.contains(&clips[1].sha256));
    drop(db);

    // A rebuilt catalog keeps them disposed, with their tombstones.
    let root = st.root().to_path_buf();
    drop(st);
    std::fs::remove_file(root.join("catalog.sqlite")).expect("lose the catalog");
    let _ = std::fs::remove_file(root.join("catalog.sqlite-wal"));
    let admin = station_core::RebuildAuthority {
        user: ADMIN,
        password: PASSWORD,
    };
    let (st, report) =
        Station::rebuild_catalog(&root, clock.clone(), Some(admin)).expect("rebuild");
    assert!(report.clean(), "{report:#?}");
    let st = as_user(&st, &clock, CUSTODIAN);
    assert_eq!(st.clips().count().expect("count"), 1);
    assert_eq!(st.retention().tombstones().expect("tombstones").len(), 9);
}

#[test]
fn a_batch_above_the_mass_disposal_share_needs_an_explicit_confirmation() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (clock, st) = library(tmp.path(), 5);
    clock.set(utc(2025, 1, 1, 0));
    let b = st
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("batch");
    let st = as_user(&st, &clock, BRANCH_HEAD);
    let err = st.disposal().approve(b.id, false).expect_err("guarded");
    assert_eq!(err.code(), ErrorCode::NeedsConfirmation);
    assert!(err
        .message(station_core::Lang::Zh)
        .contains("--confirm-mass"));
    assert_eq!(
        st.disposal().batch(b.id).expect("batch").state,
        BatchState::Proposed
    );
    let ok = st.disposal().approve(b.id, true).expect("confirmed");
    assert!(ok.mass_confirmed);
    assert_eq!(
        st.disposal().approve(b.id, true).expect_err("twice").code(),
        ErrorCode::InvalidState
    );
}

#[test]
fn the_cli_speaks_retention_as_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_clock, st) = library(tmp.path(), 3);
    let lib = st.root().to_path_buf();
    let ids: Vec<String> = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    drop(st);
    let out = cli(&lib)
        .args([
            "holds",
            "add",
            "--clip",
            &ids[0],
            &ids[1],
            "--reason",
            "obstruction",
            "--note",
            "暴力抗法",
        ])
        .output()
        .expect("hold");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(&lib)
        .args(["holds", "add", "--case", "X-1", "--reason", "nonsense"])
        .output()
        .expect("bad");
    assert_eq!(out.status.code(), Some(2));
    // A case no clip carries: the hold would protect nothing, so it is refused.
    let out = cli(&lib)
        .args(["holds", "add", "--case", "X-9", "--reason", "evidence"])
        .output()
        .expect("hold on an unknown case");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("X-9"));
    let (_, holds) = cli_json(&lib, &["holds", "list", "--json"]);
    assert_eq!(
        holds.as_array().expect("holds").len(),
        1,
        "nothing else was held"
    );
    assert_eq!(holds[0]["reason"], "obstruction");
    assert_eq!(holds[0]["clips"].as_array().expect("a").len(), 2);
    assert_eq!(holds[0]["covers"], 2);
    assert!(holds[0]["bytes"].as_u64().expect("bytes") > 0);
    let (_, status) = cli_json(
        &lib,
        &["retention", "status", "--as-of", "2025-01-01", "--json"],
    );
    let status = status.as_array().expect("array");
    for key in [
        "id",
        "state",
        "earliest_disposal",
        "hold_reasons",
        "verified_copies",
    ] {
        assert!(status[0].get(key).is_some(), "{key}");
    }
    assert_eq!(status[0]["state"], "long_term");
    assert_eq!(status[2]["state"], "eligible");
    let (_, batch) = cli_json(
        &lib,
        &["disposal", "propose", "--as-of", "2025-01-01", "--json"],
    );
    assert_eq!(batch["clips"].as_array().expect("a").len(), 1);
    let out = cli_as(&lib, BRANCH_HEAD)
        .args(["disposal", "approve", &batch["id"].to_string()])
        .output()
        .expect("approve");
    assert_eq!(out.status.code(), Some(2), "1 of 3 is above 20 %");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--confirm-mass"));
    let out = cli_as(&lib, BRANCH_HEAD)
        .args([
            "disposal",
            "approve",
            &batch["id"].to_string(),
            "--confirm-mass",
        ])
        .output()
        .expect("approve");
    assert!(out.status.success());
    let out = cli_as(&lib, BRANCH_HEAD)
        .args(["holds", "release", "1", "--note", "已结案"])
        .output()
        .expect("release");
    assert!(out.status.success());
}
