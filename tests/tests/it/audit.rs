//! The audit log is append-only and hash-chained: the triggers refuse edits; with the triggers
//! dropped by hand through `sqlite3`, an edited, a deleted and two swapped rows are each caught
//! by `audit verify`; a chain rewritten from scratch is caught against the head hash an export
//! took with it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use station_core::audit::{audit_row_hash, AuditEntry};
use station_core::events::NoEvents;
use station_core::{IngestOptions, Labels, SystemClock};
use station_tests::*;

/// A library with a dozen audit rows: an ingest, labels, settings.
fn library(tmp: &Path) -> PathBuf {
    let lib = tmp.join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    let rec = FakeRecorder::typical(&tmp.join("card"));
    st.ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let ids: Vec<i64> = st
        .clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .map(|c| c.id)
        .collect();
    for (i, id) in ids.iter().take(4).enumerate() {
        st.clips()
            .label(
                &[*id],
                &Labels {
                    cause: Some(format!("占道经营 {i}")),
                    ..Default::default()
                },
            )
            .expect("label");
    }
    signed_in(&lib, Arc::new(SystemClock), ADMIN)
        .set_setting("disposal_grace_days", "10")
        .expect("setting");
    lib
}

fn sqlite(lib: &Path, sql: &str) -> (bool, String) {
    let out = Command::new("sqlite3")
        .arg(lib.join("catalog.sqlite"))
        .arg(sql)
        .output()
        .expect("sqlite3 (sudo apt-get install sqlite3)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn verify(lib: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["audit", "verify", "--json"];
    args.extend_from_slice(extra);
    cli_json_as(lib, BRANCH_HEAD, &args)
}

const DROP_TRIGGERS: &str = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

#[test]
fn the_triggers_refuse_edits_and_the_chain_catches_each_kind_of_tampering() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    let (code, v) = verify(&lib, &[]);
    assert_eq!(code, 0, "{v}");
    assert!(v["chain"]["rows"].as_u64().expect("rows") >= 8);

    // Append-only: the database itself refuses.
    let (ok, why) = sqlite(&lib, "UPDATE audit_log SET detail = '{}' WHERE id = 3");
    assert!(!ok && why.contains("append-only"), "{why}");
    let (ok, why) = sqlite(&lib, "DELETE FROM audit_log WHERE id = 3");
    assert!(!ok && why.contains("append-only"), "{why}");

    // An edited row, with the triggers dropped by hand.
    let edited = tmp.path().join("edited");
    let copy = |to: &Path| {
        assert!(Command::new("cp")
            .arg("-a")
            .arg(&lib)
            .arg(to)
            .status()
            .expect("cp")
            .success());
    };
    copy(&edited);
    assert!(
        sqlite(
            &edited,
            &format!("{DROP_TRIGGERS} UPDATE audit_log SET actor = 'someone' WHERE id = 5")
        )
        .0
    );
    let (code, v) = verify(&edited, &[]);
    assert_eq!(code, 1);
    assert_eq!(v["chain"]["first_broken"], 5);
    assert_eq!(v["chain"]["triggers_present"], false);
    let text = cli_as(&edited, BRANCH_HEAD)
        .args(["audit", "verify"])
        .output()
        .expect("verify");
    assert!(String::from_utf8_lossy(&text.stdout).contains("第 5 行"));

    // A deleted row.
    let deleted = tmp.path().join("deleted");
    copy(&deleted);
    assert!(
        sqlite(
            &deleted,
            &format!("{DROP_TRIGGERS} DELETE FROM audit_log WHERE id = 4")
        )
        .0
    );
    let (code, v) = verify(&deleted, &[]);
    assert_eq!((code, v["chain"]["first_broken"].clone()), (1, 5.into()));

    // Two rows swapped, hashes and all.
    let swapped = tmp.path().join("swapped");
    copy(&swapped);
    let swap =
        "UPDATE audit_log SET id = -2 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; \
                UPDATE audit_log SET id = 3 WHERE id = -2;";
    assert!(sqlite(&swapped, &format!("{DROP_TRIGGERS} {swap}")).0);
    let (code, v) = verify(&swapped, &[]);
    assert_eq!((code, v["chain"]["first_broken"].clone()), (1, 2.into()));

    // The untouched library still verifies, and says so in its own log.
    let (code, _) = verify(&lib, &[]);
    assert_eq!(code, 0);
    let (_, rows) = cli_json_as(
        &lib,
        BRANCH_HEAD,
        &["audit", "list", "--json", "--action", "audit_verify"],
    );
    assert!(rows.as_array().expect("rows").len() >= 2);
}

#[test]
fn a_chain_rewritten_from_scratch_contradicts_the_head_an_export_took_with_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    // A district package records the head of the log at export time.
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    let ids: Vec<i64> = st
        .clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .map(|c| c.id)
        .collect();
    let first = station_core::access::AccessTarget::Clips(ids[..1].to_vec());
    approved(&lib, Arc::new(SystemClock), first, Purpose::District);
    let report = st
        .exports()
        .request(
            &station_core::export::Selection::Clips(ids[..1].to_vec()),
            &out,
            "区局调阅",
            &NoEvents,
        )
        .expect("request");
    drop(st);
    let bag = out.join(&report.name);
    let (code, v) = verify(&lib, &["--against", bag.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["against"]["found"], true);

    // Someone who knows the algorithm edits row 3, recomputes every hash after it and puts
    // the triggers back: the chain alone looks whole …
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    db.execute_batch(DROP_TRIGGERS).expect("drop");
    db.execute(
        "UPDATE audit_log SET detail = '{\"new\":\"篡改\"}' WHERE id = 3",
        [],
    )
    .expect("edit");
    let rows: Vec<AuditEntry> = db
        .prepare("SELECT id, at, actor, action, object, outcome, detail FROM audit_log ORDER BY id")
        .expect("prepare")
        .query_map([], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                object: r.get(4)?,
                outcome: r.get(5)?,
                detail: r.get(6)?,
                text: String::new(),
            })
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut prev = String::new();
    for e in &rows {
        let h = audit_row_hash(e, &prev);
        db.execute(
            "UPDATE audit_log SET prev_hash = ?2, row_hash = ?3 WHERE id = ?1",
            rusqlite::params![e.id, prev, h],
        )
        .expect("rehash");
        prev = h;
    }
    db.execute_batch(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.row_hash IS NOT NULL
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed'); END;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted'); END;",
    )
    .expect("triggers back");
    drop(db);
    let (code, v) = verify(&lib, &[]);
    assert_eq!(
        v["chain"]["ok"], true,
        "a rewritten chain is consistent in itself: {v}"
    );
    // … but not with the journal on disk, which names every rewritten row …
    assert_eq!(code, 1, "{v}");
    let rewritten: Vec<i64> = (3..=rows.len() as i64).collect();
    assert_eq!(v["journal"]["not_in_catalog"], serde_json::json!(rewritten));

    // … nor with the head that left the station.
    let (code, v) = verify(&lib, &["--against", bag.to_str().expect("utf8")]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["against"]["found"], false);
    let text = cli_as(&lib, BRANCH_HEAD)
        .args(["audit", "verify", "--against"])
        .arg(bag.join("audit-head.txt"))
        .output()
        .expect("verify");
    assert!(String::from_utf8_lossy(&text.stdout).contains("改写"));
}

#[test]
fn rows_written_before_the_chain_existed_are_chained_once_at_the_next_open() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = library(tmp.path());
    // As a catalog from before migration 0007 would look: no hashes.
    assert!(
        sqlite(
            &lib,
            &format!("{DROP_TRIGGERS} UPDATE audit_log SET prev_hash = NULL, row_hash = NULL;")
        )
        .0
    );
    let st = signed_in(&lib, Arc::new(SystemClock), BRANCH_HEAD);
    let v = st.audit().verify(None).expect("verify");
    assert!(v.chain.ok, "{v:?}");
}
