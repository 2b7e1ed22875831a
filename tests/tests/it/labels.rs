//! Labelling (art. 18): case number, cause and party on every record, in bulk, audited, kept
//! through a catalog rebuild; the "missing labels" view.

use std::sync::Arc;

use station_core::{ClipQuery, ClipSort, Labels, SystemClock};
use station_tests::*;

#[test]
fn bulk_labels_leave_the_missing_labels_view_are_audited_and_survive_a_rebuild() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    for i in 0..5 {
        rec.dsj("LB1", "060001", &format!("20240105_0{i}0000"), "", 4_000);
    }
    let out = cli(&lib)
        .args([
            "ingest",
            rec.root.to_str().expect("utf8"),
            "--squad",
            "一中队",
        ])
        .output()
        .expect("ingest");
    assert!(out.status.success());
    let (_, missing) = cli_json(&lib, &["clips", "list", "--json", "--missing-labels"]);
    let missing = missing.as_array().expect("array").clone();
    assert_eq!(missing.len(), 5, "no cause or party yet");
    let ids: Vec<String> = missing
        .iter()
        .take(3)
        .map(|c| c["id"].to_string())
        .collect();

    let mut args = vec!["clips", "label"];
    args.extend(ids.iter().map(String::as_str));
    args.extend([
        "--case",
        "兖综执罚〔2024〕12号",
        "--cause",
        "占道经营",
        "--party",
        "王某某",
    ]);
    let out = cli(&lib).args(&args).output().expect("label");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (_, still) = cli_json(&lib, &["clips", "list", "--json", "--missing-labels"]);
    assert_eq!(still.as_array().expect("a").len(), 2);
    let (_, case) = cli_json(
        &lib,
        &["clips", "list", "--json", "--case", "兖综执罚〔2024〕12号"],
    );
    let case = case.as_array().expect("a");
    assert_eq!(case.len(), 3);
    assert_eq!(case[0]["cause"], "占道经营");
    assert_eq!(case[0]["party"], "王某某");
    assert_eq!(case[0]["case"], "兖综执罚〔2024〕12号");
    let (_, by_party) = cli_json(&lib, &["clips", "list", "--json", "--party", "王某某"]);
    assert_eq!(by_party.as_array().expect("a").len(), 3);

    // Each changed clip is one audit row with the old and the new labels.
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    let rows: Vec<String> = db
        .prepare("SELECT detail FROM audit_log WHERE action = 'label' ORDER BY id")
        .expect("prep")
        .query_map([], |r| r.get(0))
        .expect("q")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(rows.len(), 3);
    let first: serde_json::Value = serde_json::from_str(&rows[0]).expect("json");
    assert_eq!(first["old"]["cause"], serde_json::Value::Null);
    assert_eq!(first["new"]["cause"], "占道经营");
    drop(db);

    // Clearing one label puts the clip back into the missing view; labelling again with the
    // same values changes (and audits) nothing.
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    let id: i64 = ids[0].parse().expect("id");
    assert_eq!(
        st.clips()
            .label(
                &[id],
                &Labels {
                    party: Some(String::new()),
                    ..Default::default()
                }
            )
            .expect("clear"),
        1
    );
    assert_eq!(
        st.clips()
            .list(&ClipQuery {
                missing_labels: true,
                ..Default::default()
            })
            .expect("list")
            .len(),
        3
    );
    assert_eq!(
        st.clips()
            .label(
                &[id],
                &Labels {
                    cause: Some("占道经营".into()),
                    ..Default::default()
                }
            )
            .expect("same"),
        0
    );
    // A clip that does not exist is refused before anything changes.
    let err = st
        .clips()
        .label(
            &[id, 99_999],
            &Labels {
                party: Some("x".into()),
                ..Default::default()
            },
        )
        .expect_err("refused");
    assert_eq!(err.code(), station_core::ErrorCode::NotFound);
    let page = st
        .clips()
        .page(&ClipQuery::default(), ClipSort::RecordedDesc, 0, 2)
        .expect("page");
    assert_eq!((page.total, page.clips.len()), (5, 2));
    assert_eq!(
        page.clips[0].source_path,
        "DCIM/DSJ_LB1_060001_20240105_040000.MP4"
    );
    let before: Vec<_> = st
        .clips()
        .list(&ClipQuery::default())
        .expect("list")
        .into_iter()
        .map(|c| (c.media_path, c.case_number, c.cause, c.party))
        .collect();
    drop(st);

    // The labels come back with a rebuilt catalog.
    std::fs::remove_file(lib.join("catalog.sqlite")).expect("lose the catalog");
    let _ = std::fs::remove_file(lib.join("catalog.sqlite-wal"));
    let (st, _) = rebuild_as_admin(&lib, Arc::new(SystemClock));
    let after: Vec<_> = st
        .clips()
        .list(&ClipQuery::default())
        .expect("list")
        .into_iter()
        .map(|c| (c.media_path, c.case_number, c.cause, c.party))
        .collect();
    assert_eq!(after, before);
}
