//! Custody: the holes an attacker, an auditor or a careless administrator found, each tried
//! again here — a rebuild that deleted live evidence, ids reused after disposal, unsigned
//! ingest and reading, a recorder clock that made evidence disposable on arrival, floors that
//! could be lowered, approvals that grew after they were given, an audit log cut behind a
//! look-alike trigger, changes without their audit row, thumbnails outside approval, and
//! sessions that outlived a disabled account.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use station_core::access::{AccessTarget, NewAccount, Role};
use station_core::events::NoEvents;
use station_core::media_server::MediaServer;
use station_core::retention::{HoldReason, HoldTarget, RetentionState};
use station_core::spot_checks::Sample;
use station_core::{
    ClipQuery, ErrorCode, FixedClock, IngestOptions, Labels, RebuildAuthority, Station,
};
use station_tests::*;

const PW: &str = PASSWORD;

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 4, 0, 0)
        .single()
        .expect("time")
}

fn ingest_card(st: &Station, card: &Path, stamps: &[&str]) {
    let mut rec = FakeRecorder::new(card);
    for (i, stamp) in stamps.iter().enumerate() {
        rec.dsj("CU1", "080001", stamp, "", 20_000 + i * 1_000);
    }
    let report = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(report.complete());
}

fn ids(st: &Station) -> Vec<i64> {
    st.clips()
        .list(&ClipQuery::default())
        .expect("list")
        .iter()
        .map(|c| c.id)
        .collect()
}

/// A founded station (see `found`); returns the custodian's and the branch head's stations.
fn with_accounts(lib: &Path, clock: Arc<FixedClock>) -> (Station, Station) {
    let custodian = found(lib, None, clock.clone(), &[]);
    (custodian, signed_in(lib, clock, BRANCH_HEAD))
}

#[test]
fn a_rebuild_after_disposal_keeps_every_live_clip_and_no_clip_id_is_given_twice() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2024, 1, 5)));
    let (st, head) = with_accounts(&lib, clock.clone());
    ingest_card(
        &st,
        &tmp.path().join("c1"),
        &["20240105_080000", "20240105_081000"],
    );
    clock.set(utc(2024, 8, 1));
    ingest_card(&st, &tmp.path().join("c2"), &["20240801_080000"]);
    assert_eq!(ids(&st), vec![1, 2, 3]);

    // The two old clips are disposed of after their grace period.
    let batch = st
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("batch");
    assert_eq!(batch.clips, vec![1, 2]);
    head.disposal().approve(batch.id, true).expect("approve");
    signed_in(&lib, clock.clone(), INSPECTOR)
        .disposal()
        .confirm_mass(batch.id)
        .expect("second");
    clock.set(utc(2024, 8, 9));
    assert_eq!(st.disposal().run().expect("run"), 2);
    let live = st.clips().get(3).expect("the live clip");

    // Rebuilt: the live clip is still there, under an id no disposed clip had, with its file.
    drop((st, head));
    let (st, report) = rebuild_as_admin(&lib, clock.clone());
    assert!(report.clean(), "{report:?}");
    let head = signed_in(&lib, clock.clone(), BRANCH_HEAD);
    let after = st.clips().list(&ClipQuery::default()).expect("list");
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].sha256, live.sha256);
    assert!(Path::new(&after[0].path).is_file());
    let tombstoned: Vec<i64> = st
        .retention()
        .tombstones()
        .expect("tombstones")
        .iter()
        .map(|t| t.clip_id)
        .collect();
    assert_eq!(tombstoned, vec![1, 2]);
    assert!(!tombstoned.contains(&after[0].id));
    assert!(st
        .clips()
        .verify(&NoEvents)
        .expect("verify")
        .missing
        .is_empty());

    // Every clip disposed of, then a new one: it takes a new id, never a disposed one.
    clock.set(utc(2025, 3, 1));
    let batch = st
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("batch");
    head.disposal().approve(batch.id, true).expect("approve");
    signed_in(&lib, clock.clone(), INSPECTOR)
        .disposal()
        .confirm_mass(batch.id)
        .expect("second");
    clock.set(utc(2025, 3, 9));
    assert_eq!(st.disposal().run().expect("run"), 1);
    ingest_card(&st, &tmp.path().join("c3"), &["20250309_080000"]);
    let fresh = ids(&st);
    assert_eq!(fresh.len(), 1);
    assert!(fresh[0] > after[0].id, "{fresh:?}");
}

#[test]
fn a_recorder_clock_in_2001_does_not_make_evidence_disposable_on_arrival() {
    let tmp = tempfile::tempdir().expect("tmp");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    let st = found(&tmp.path().join("lib"), None, clock.clone(), &[]);
    ingest_card(&st, &tmp.path().join("card"), &["20010101_000000"]);
    let status = st.retention().status(None).expect("status");
    assert_eq!(status[0].state, RetentionState::Minimum);
    assert_eq!(
        status[0].recorded_at.as_deref(),
        Some("2001-01-01T00:00:00+00:00")
    );
    assert_eq!(status[0].stored_at, utc(2026, 12, 1).to_rfc3339());
    assert_eq!(status[0].earliest_disposal, utc(2027, 6, 1).to_rfc3339());
    assert!(st.disposal().propose(None).expect("propose").is_none());
    clock.set(utc(2027, 6, 1));
    assert!(st.disposal().propose(None).expect("propose").is_some());
}

#[test]
fn the_floors_that_protect_evidence_cannot_be_lowered_and_each_try_is_on_record() {
    let tmp = tempfile::tempdir().expect("tmp");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    let lib = tmp.path().join("lib");
    found(&lib, None, clock.clone(), &[]);
    let st = signed_in(&lib, clock, ADMIN);
    for (key, value) in [
        ("disposal_grace_days", "0"),
        ("disposal_grace_days", "99999999999"),
        ("disposal_max_share", "1"),
        ("retention_months", "3"),
    ] {
        let err = st.set_setting(key, value).expect_err("refused");
        assert_eq!(err.code(), ErrorCode::InvalidSetting, "{key}={value}");
    }
    st.set_setting("disposal_grace_days", "30")
        .expect("longer is fine");
    st.set_setting("disposal_max_share", "0.1")
        .expect("stricter is fine");
    let refused = st
        .audit()
        .list(
            &station_core::audit::AuditFilter {
                action: Some("setting".into()),
                ..Default::default()
            },
            50,
        )
        .expect("audit")
        .into_iter()
        .filter(|e| e.outcome == "refused")
        .count();
    assert_eq!(refused, 4);
}

#[test]
fn on_a_station_with_accounts_nothing_is_ingested_read_or_rebuilt_unsigned() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    let (custodian, _head) = with_accounts(&lib, clock.clone());
    let nobody = Station::open(&lib, clock.clone()).expect("open");

    // A forged ingest with labels of the intruder's choosing is refused before any copy.
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("CU1", "080001", "20261201_080000", "", 20_000);
    let forged = IngestOptions {
        officer: Some("9999".into()),
        squad: Some("Forged".into()),
        ..IngestOptions::default()
    };
    let err = nobody
        .ingest(&rec.root, &forged, &NoEvents)
        .expect_err("unsigned ingest");
    assert_eq!(err.code(), ErrorCode::NotSignedIn);
    assert_eq!(custodian.clips().count().expect("count"), 0);

    // Reading is refused too.
    let code = |r: station_core::Result<()>| r.expect_err("unsigned").code();
    assert_eq!(
        code(nobody.clips().list(&ClipQuery::default()).map(|_| ())),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        code(nobody.clips().verify(&NoEvents).map(|_| ())),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        code(nobody.statistics(Period::Month, None, None).map(|_| ())),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        code(nobody.retention().holds().map(|_| ())),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        code(nobody.retention().status(None).map(|_| ())),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        code(
            nobody
                .reports()
                .get(ReportKind::Refused, None, None)
                .map(|_| ())
        ),
        ErrorCode::NotSignedIn
    );

    // The custodian ingests; the labels given instead of the recorder's are on record.
    custodian
        .ingest(&rec.root, &forged, &NoEvents)
        .expect("ingest");
    let row = custodian
        .audit()
        .list(&Default::default(), 200)
        .map(|_| ())
        .expect_err("the custodian does not read the audit log");
    assert_eq!(row.code(), ErrorCode::Forbidden);
    let admin = signed_in(&lib, clock.clone(), "admin");
    let ingest = admin
        .audit()
        .list(
            &station_core::audit::AuditFilter {
                action: Some("ingest".into()),
                ..Default::default()
            },
            10,
        )
        .expect("audit");
    assert_eq!(ingest[0].actor, "kgy");
    let detail = ingest[0].detail.as_deref().unwrap_or_default();
    assert!(
        detail.contains("\"officer\":\"9999\"") && detail.contains("\"squad\":\"Forged\""),
        "{detail}"
    );

    // Only the administrator rebuilds; nobody and the custodian are refused.
    drop((custodian, admin, nobody));
    let err = Station::rebuild_catalog(&lib, clock.clone(), None)
        .map(|_| ())
        .expect_err("nobody");
    assert_eq!(err.code(), ErrorCode::NotSignedIn);
    let as_custodian = RebuildAuthority {
        user: "kgy",
        password: PW,
    };
    let err = Station::rebuild_catalog(&lib, clock.clone(), Some(as_custodian))
        .map(|_| ())
        .expect_err("custodian");
    assert_eq!(err.code(), ErrorCode::Forbidden);
    let as_admin = RebuildAuthority {
        user: "admin",
        password: PW,
    };
    Station::rebuild_catalog(&lib, clock, Some(as_admin)).expect("the administrator rebuilds");
}

#[test]
fn an_approval_covers_the_clips_the_case_held_when_it_was_approved() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    let (custodian, head) = with_accounts(&lib, clock.clone());
    ingest_card(
        &custodian,
        &tmp.path().join("card"),
        &["20261201_080000", "20261201_081000", "20261201_082000"],
    );
    let case = |n: &str| Labels {
        case_number: Some(n.into()),
        ..Labels::default()
    };
    custodian.clips().label(&[1], &case("C-1")).expect("label");
    let request = custodian
        .access()
        .request(
            &AccessTarget::Case("C-1".into()),
            Purpose::View,
            Level::Normal,
            "复核",
        )
        .expect("request");
    head.access().approve(request, None, None).expect("approve");
    custodian
        .access()
        .check(1, Purpose::View)
        .expect("approved");

    // Relabelling later neither widens nor narrows the approval.
    custodian
        .clips()
        .label(&[2], &case("C-1"))
        .expect("relabel into the case");
    assert_eq!(
        custodian
            .access()
            .check(2, Purpose::View)
            .expect_err("not approved")
            .code(),
        ErrorCode::NeedsApproval
    );
    custodian
        .clips()
        .label(&[1], &case("C-2"))
        .expect("relabel out");
    custodian
        .access()
        .check(1, Purpose::View)
        .expect("still what was approved");

    // An absurd number of days is refused, not a panic.
    let again = custodian
        .access()
        .request(
            &AccessTarget::Clips(vec![3]),
            Purpose::View,
            Level::Normal,
            "复核",
        )
        .expect("request");
    assert_eq!(
        head.access()
            .approve(again, Some(u32::MAX), None)
            .expect_err("absurd")
            .code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn a_change_whose_audit_row_cannot_be_written_does_not_happen() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    let st = found(&lib, None, clock, &[]);
    ingest_card(&st, &tmp.path().join("card"), &["20261201_080000"]);
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    db.execute_batch(
        "CREATE TRIGGER no_more_rows BEFORE INSERT ON audit_log
         WHEN NEW.action IN ('label', 'hold', 'classify', 'store')
         BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    )
    .expect("break the audit log");
    let labels = Labels {
        case_number: Some("C-9".into()),
        ..Labels::default()
    };
    st.clips()
        .label(&[1], &labels)
        .expect_err("no audit row, no label");
    assert_eq!(st.clips().get(1).expect("clip").case_number, None);
    st.retention()
        .add_hold(&HoldTarget::Clips(vec![1]), HoldReason::Evidence, None)
        .expect_err("no audit row, no hold");
    assert!(st.retention().holds().expect("holds").is_empty());
    st.access()
        .classify(&[1], Level::Privacy)
        .expect_err("no audit row, no level");
    assert_eq!(
        st.clips().get(1).expect("clip").confidentiality,
        Level::Normal
    );
    // A recording whose "stored" row cannot be written is not counted as stored.
    let mut rec = FakeRecorder::new(&tmp.path().join("card2"));
    rec.dsj("CU1", "080001", "20261201_090000", "", 30_000);
    let report = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest runs");
    assert_eq!(report.copied, 0, "{report:?}");
    assert_eq!(
        report.stopped.map(|s| s.code),
        Some(ErrorCode::Catalog),
        "the custodian is told the catalog refused"
    );
    assert_eq!(ids(&st), vec![1]);
}

#[test]
fn audit_verify_finds_a_look_alike_trigger_and_the_rows_cut_behind_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    found(&lib, None, clock.clone(), &[]);
    ingest_card(
        &signed_in(&lib, clock.clone(), CUSTODIAN),
        &tmp.path().join("card"),
        &["20261201_080000"],
    );
    let st = signed_in(&lib, clock, BRANCH_HEAD);
    assert!(st.audit().verify(None).expect("verify").ok);
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    db.execute_batch(
        "DROP TRIGGER audit_log_no_delete;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END;
         DELETE FROM audit_log WHERE id >= (SELECT max(id) - 1 FROM audit_log);",
    )
    .expect("cut the log");
    let v = st.audit().verify(None).expect("verify");
    assert!(!v.ok);
    assert!(!v.chain.triggers_present);
    assert_eq!(
        v.chain.altered_triggers,
        vec!["audit_log_no_delete".to_string()]
    );
}

#[test]
fn a_disabled_account_or_a_changed_role_takes_effect_at_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    let (custodian, head) = with_accounts(&lib, clock.clone());
    ingest_card(&custodian, &tmp.path().join("card"), &["20261201_080000"]);
    let request = head
        .access()
        .request(
            &AccessTarget::Clips(vec![1]),
            Purpose::View,
            Level::Normal,
            "复核",
        )
        .expect("request");
    let other_head = {
        let admin = signed_in(&lib, clock.clone(), "admin");
        admin
            .access()
            .create_account(&NewAccount::new("fzr2", Role::BranchHead, PW))
            .expect("account");
        signed_in(&lib, clock.clone(), "fzr2")
    };
    other_head
        .access()
        .approve(request, None, None)
        .expect("approve");

    // The player serves the branch head's approved clip and its thumbnail…
    let server = MediaServer::start(&lib, clock.clone()).expect("server");
    server.act_for(&head);
    assert_eq!(http_status(&server.clip_url(1)), 206);
    assert_eq!(http_status(&server.thumb_url(1)), 200);
    // …and nobody else's thumbnail without an approval.
    server.act_for(&custodian);
    assert_eq!(http_status(&server.thumb_url(1)), 403);

    // Disabled while signed in: the open window and the player stop at once.
    let admin = signed_in(&lib, clock.clone(), "admin");
    admin
        .access()
        .set_account("fzr", Role::BranchHead, false)
        .expect("disable");
    server.act_for(&head);
    assert_eq!(http_status(&server.clip_url(1)), 403);
    assert_eq!(
        head.clips()
            .list(&ClipQuery::default())
            .map(|_| ())
            .expect_err("disabled")
            .code(),
        ErrorCode::NotSignedIn
    );
    // A role taken away while signed in: the custodian's window can no longer label.
    admin
        .access()
        .set_account("kgy", Role::Officer, true)
        .expect("demote");
    let labels = Labels {
        cause: Some("占道经营".into()),
        ..Labels::default()
    };
    assert_eq!(
        custodian
            .clips()
            .label(&[1], &labels)
            .expect_err("demoted")
            .code(),
        ErrorCode::Forbidden
    );
}

/// Every row of every table but the journal's own bookkeeping, as text, read by an outside
/// hand; audit rows from `after_audit` on are left out (the rebuild adds its own).
fn every_row(catalog: &Path, after_audit: i64) -> Vec<String> {
    let conn = rusqlite::Connection::open(catalog).expect("open");
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name != 'journal_head' ORDER BY name",
        )
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    let mut rows = Vec::new();
    for t in tables {
        let cols: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .expect("columns")
            .query_map([], |r| r.get(0))
            .expect("columns")
            .collect::<Result<_, _>>()
            .expect("columns");
        let quoted: Vec<String> = cols.iter().map(|c| format!("quote(\"{c}\")")).collect();
        let filter = if t == "audit_log" {
            format!(" WHERE id < {after_audit}")
        } else {
            String::new()
        };
        let mut these: Vec<String> = conn
            .prepare(&format!(
                "SELECT {} FROM \"{t}\"{filter}",
                quoted.join(" || '|' || ")
            ))
            .expect("rows")
            .query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows");
        these.sort();
        rows.extend(these.into_iter().map(|r| format!("{t}: {r}")));
    }
    rows
}

/// What the station answers, command by command, as JSON.
fn answers(st: &Station) -> Vec<(&'static str, serde_json::Value)> {
    let json = |v: serde_json::Result<serde_json::Value>| v.expect("json");
    vec![
        (
            "clips",
            json(serde_json::to_value(
                st.clips().list(&ClipQuery::default()).expect("clips"),
            )),
        ),
        (
            "holds",
            json(serde_json::to_value(st.retention().holds().expect("holds"))),
        ),
        (
            "cases",
            json(serde_json::to_value(st.cases().list().expect("cases"))),
        ),
        (
            "access",
            json(serde_json::to_value(
                st.access().requests().expect("access"),
            )),
        ),
        (
            "accounts",
            json(serde_json::to_value(
                st.access().accounts().expect("accounts"),
            )),
        ),
        (
            "squads",
            json(serde_json::to_value(
                st.registry().squads().expect("squads"),
            )),
        ),
        (
            "officers",
            json(serde_json::to_value(
                st.registry().officers().expect("officers"),
            )),
        ),
        (
            "devices",
            json(serde_json::to_value(
                st.registry().devices().expect("devices"),
            )),
        ),
        (
            "discs",
            json(serde_json::to_value(st.discs().list().expect("discs"))),
        ),
        (
            "exports",
            json(serde_json::to_value(st.exports().list().expect("exports"))),
        ),
        (
            "tombstones",
            json(serde_json::to_value(
                st.retention().tombstones().expect("tombstones"),
            )),
        ),
        (
            "spot checks",
            json(serde_json::to_value(
                st.spot_checks().list().expect("spot checks"),
            )),
        ),
        (
            "settings",
            json(serde_json::to_value(st.setting_values().expect("settings"))),
        ),
    ]
}

#[test]
fn a_rebuilt_station_answers_every_command_as_before_with_the_same_ids_and_chain() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2026, 12, 1)));
    let (custodian, head) = with_accounts(&lib, clock.clone());
    let admin = signed_in(&lib, clock.clone(), "admin");
    // The registry, a docking, labels, a case with an activity, holds, a confidentiality
    // level, an approved request, a disc plan with its place, a weekly export, a spot check.
    custodian.registry().add_squad("一中队").expect("squad");
    custodian
        .registry()
        .add_officer("080001", Some("张三"), Some("一中队"))
        .expect("officer");
    ingest_card(
        &custodian,
        &tmp.path().join("card"),
        &["20261124_080000", "20261124_081000", "20261124_082000"],
    );
    custodian
        .clips()
        .label(
            &[1, 2],
            &Labels {
                case_number: Some("C-1".into()),
                cause: Some("占道经营".into()),
                ..Labels::default()
            },
        )
        .expect("label");
    custodian
        .cases()
        .add(
            "C-1",
            Some("占道经营"),
            Some("李四"),
            &["080001".to_string()],
        )
        .expect("case");
    custodian
        .cases()
        .set_stage("C-1", Stage::Investigation, "2026-11-24")
        .expect("stage");
    let activity = custodian
        .activities()
        .add(&station_core::cases::NewActivity {
            case_number: "C-1".into(),
            kind: ActivityKind::Inspection,
            place: Some("解放路".into()),
            from: "2026-11-24T08:00:00+08:00".into(),
            to: "2026-11-24T08:30:00+08:00".into(),
            officers: vec!["080001".into()],
            stage: None,
        })
        .expect("activity");
    custodian
        .activities()
        .link(activity, &[1, 2])
        .expect("link");
    custodian
        .retention()
        .add_hold(&HoldTarget::Case("C-1".into()), HoldReason::Evidence, None)
        .expect("hold");
    custodian
        .access()
        .classify(&[3], Level::Privacy)
        .expect("classify");
    let request = custodian
        .access()
        .request(
            &AccessTarget::Clips(vec![1]),
            Purpose::View,
            Level::Normal,
            "复核",
        )
        .expect("request");
    head.access().approve(request, None, None).expect("approve");
    let discs = custodian
        .discs()
        .plan(station_core::burn::Medium::Dvd)
        .expect("plan");
    custodian
        .discs()
        .write(
            &discs[0].id,
            &station_core::burn::DiscTarget::Image(tmp.path().join("disc.iso")),
            &NoEvents,
        )
        .expect("burn");
    custodian
        .discs()
        .set_location(&discs[0].id, "档案室 2 号柜")
        .expect("place");
    let week = station_core::export::IsoWeek::parse("2026-W48").expect("week");
    std::fs::create_dir(tmp.path().join("out")).expect("drive folder");
    custodian
        .exports()
        .week(week, &tmp.path().join("out"), false, &NoEvents)
        .expect("export")
        .expect("a package");
    signed_in(&lib, clock.clone(), INSPECTOR)
        .spot_checks()
        .draw(&station_core::spot_checks::Draw {
            seed: 7,
            size: 2,
            of_kind: Sample::Clip,
            squad: None,
            officer: None,
            from: 0,
            to: i64::MAX,
        })
        .expect("spot check");
    let before = answers(&admin);
    let audit_rows = admin.audit().verify(None).expect("verify").chain.rows as i64;
    let rows = every_row(&lib.join("catalog.sqlite"), audit_rows + 1);
    drop((custodian, head, admin));

    // The catalog is lost to garbage: only the disk (media, manifests, journal) is left.
    std::fs::write(lib.join("catalog.sqlite"), b"not a database").expect("damage");
    for f in ["catalog.sqlite-wal", "catalog.sqlite-shm"] {
        let _ = std::fs::remove_file(lib.join(f));
    }
    // The journal's accounts decide: nobody and the custodian are refused.
    let err = Station::rebuild_catalog(&lib, clock.clone(), None)
        .err()
        .expect("unsigned");
    assert_eq!(err.code(), ErrorCode::NotSignedIn);
    let kgy = RebuildAuthority {
        user: "kgy",
        password: PW,
    };
    let err = Station::rebuild_catalog(&lib, clock.clone(), Some(kgy))
        .err()
        .expect("custodian");
    assert_eq!(err.code(), ErrorCode::Forbidden);
    let as_admin = RebuildAuthority {
        user: "admin",
        password: PW,
    };
    let (_, report) =
        Station::rebuild_catalog(&lib, clock.clone(), Some(as_admin)).expect("rebuild");
    assert!(report.clean(), "{report:?}");
    assert!(report.journal_lines > 0);

    // Every row as it was, the same ids; every command answers as before; the chain holds.
    assert_eq!(every_row(&lib.join("catalog.sqlite"), audit_rows + 1), rows);
    let admin = signed_in(&lib, clock, "admin");
    for ((what, was), (_, now)) in before.iter().zip(answers(&admin)) {
        assert_eq!(&now, was, "{what}");
    }
    let v = admin.audit().verify(None).expect("verify");
    assert!(v.ok, "{v:?}");
    assert!(v.journal.expect("journaled").ok());
}

#[test]
fn a_mass_disposal_waits_for_a_second_person_before_its_grace_period_starts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(utc(2026, 1, 1)));
    let (custodian, head) = with_accounts(&lib, clock.clone());
    signed_in(&lib, clock.clone(), ADMIN)
        .access()
        .create_account(&NewAccount::new("fzr2", Role::BranchHead, PW))
        .expect("a second branch head");
    ingest_card(
        &custodian,
        &tmp.path().join("card"),
        &["20260101_080000", "20260101_081000"],
    );
    clock.set(utc(2026, 8, 1));
    let batch = custodian
        .disposal()
        .propose(None)
        .expect("propose")
        .expect("a batch");
    // Every clip of the library: above the share, so the approver confirms it…
    let approved = head.disposal().approve(batch.id, true).expect("approve");
    assert!(approved.mass_confirmed);
    // …but nothing is removed until someone else confirms too, however long one waits.
    assert_eq!(approved.remove_after, None);
    clock.set(utc(2027, 8, 1));
    assert_eq!(custodian.disposal().run().expect("run"), 0);
    assert_eq!(ids(&custodian), vec![1, 2]);
    for (who, st) in [("approver", &head), ("proposer", &custodian)] {
        let err = st.disposal().confirm_mass(batch.id).expect_err(who);
        assert_eq!(err.code(), ErrorCode::Forbidden, "{who}");
    }
    let second = signed_in(&lib, clock.clone(), "fzk")
        .disposal()
        .confirm_mass(batch.id)
        .expect("the legal inspector confirms");
    assert_eq!(second.second_by.as_deref(), Some("fzk"));
    assert!(second.remove_after.is_some());
    let again = signed_in(&lib, clock.clone(), "fzr2")
        .disposal()
        .confirm_mass(batch.id);
    assert_eq!(again.expect_err("once").code(), ErrorCode::InvalidState);
    // The grace period runs from the second confirmation.
    assert_eq!(custodian.disposal().run().expect("run"), 0);
    clock.set(utc(2027, 8, 9));
    assert_eq!(custodian.disposal().run().expect("run"), 2);
}
