//! The catalog can be rebuilt from `media/` and the manifests beside it.

use std::fs;
use std::sync::Arc;

use station_core::events::NoEvents;
use station_core::{ErrorCode, IngestOptions, Station, SystemClock};
use station_tests::*;

/// Everything a clip says except the catalog's own row numbers.
fn comparable(st: &Station) -> Vec<serde_json::Value> {
    let mut v: Vec<serde_json::Value> = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .into_iter()
        .map(|c| {
            let mut j = serde_json::to_value(c).expect("json");
            j.as_object_mut().expect("object").remove("id");
            j.as_object_mut().expect("object").remove("dock_event_id");
            j
        })
        .collect();
    v.sort_by_key(|c| c["media_path"].as_str().expect("path").to_string());
    v
}

#[test]
fn a_deleted_catalog_comes_back_from_media_and_manifests() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    let _st = found(
        &lib,
        Some("兴隆分局"),
        Arc::new(SystemClock),
        &[("time_zone", "Asia/Shanghai")],
    );
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    st.ingest(
        &rec.root,
        &IngestOptions {
            squad: Some("一中队".into()),
            ..Default::default()
        },
        &NoEvents,
    )
    .expect("ingest");
    let before = comparable(&st);
    assert_eq!(before.len(), rec.evidence().len());
    drop(st);

    for f in ["catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"] {
        let _ = fs::remove_file(lib.join(f));
    }
    let err = Station::open(&lib, Arc::new(SystemClock))
        .err()
        .expect("no catalog");
    assert_eq!(err.code(), ErrorCode::NotALibrary);

    let (code, report) = cli_json_as(&lib, ADMIN, &["rebuild", "--json"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["restored"], before.len() as u64);
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    assert_eq!(comparable(&st), before);
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    // The rebuilt catalog knows the recorder's files: docking again copies nothing.
    let again = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert_eq!((again.copied, again.skipped), (0, before.len() as u64));
}

#[test]
fn a_damaged_catalog_is_kept_aside_and_problems_on_disk_are_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    let st = found(&lib, None, Arc::new(SystemClock), &[]);
    st.ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let clips = st.clips().list(&Default::default()).expect("list");
    drop(st);
    // The catalog is overwritten with garbage; one original is lost, a stranger file appears,
    // and the last manifest line is torn as by a power cut.
    fs::write(lib.join("catalog.sqlite"), b"this is not a database").expect("damage");
    let _ = fs::remove_file(lib.join("catalog.sqlite-wal"));
    fs::remove_file(&clips[0].path).expect("lose one");
    fs::write(lib.join("media/stranger.mp4"), b"?").expect("stranger");
    let manifest = files_under(&lib.join("manifests"))[0].clone();
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(&manifest)
        .expect("open manifest");
    std::io::Write::write_all(&mut f, b"{\"media_path\": \"media/x").expect("torn line");

    let (st, report) = rebuild_as_admin(&lib, Arc::new(SystemClock));
    assert_eq!(report.restored as usize, clips.len());
    assert_eq!(report.missing, vec![clips[0].media_path.clone()]);
    assert_eq!(report.unlisted, vec!["media/stranger.mp4".to_string()]);
    assert_eq!(report.unreadable_lines.len(), 1);
    let kept = report.previous_catalog.expect("old catalog kept");
    assert_eq!(fs::read(&kept).expect("kept"), b"this is not a database");
    // The lost original stays on record, so verify keeps reporting it.
    let v = st.clips().verify(&NoEvents).expect("verify");
    assert_eq!(v.missing.len(), 1);
}

/// A library from before the journal whose catalog is lost has no accounts left to ask: it is
/// rebuilt from the manifests unsigned, and the result does nothing until its administrator is
/// bootstrapped (there is no open station).
#[test]
fn a_library_without_journal_or_catalog_comes_back_and_waits_for_its_administrator() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rec = FakeRecorder::typical(&tmp.path().join("card"));
    let lib = tmp.path().join("lib");
    let st = found(&lib, None, Arc::new(SystemClock), &[]);
    st.ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let stored = st.clips().count().expect("count");
    drop(st);
    for f in ["catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"] {
        let _ = fs::remove_file(lib.join(f));
    }
    fs::remove_dir_all(lib.join("journal")).expect("no journal");

    let (st, report) =
        Station::rebuild_catalog(&lib, Arc::new(SystemClock), None).expect("rebuild");
    assert_eq!(report.restored, stored);
    assert_eq!(report.journal_lines, 0);
    assert_eq!(
        st.clips()
            .list(&Default::default())
            .expect_err("no administrator")
            .code(),
        ErrorCode::NoAdministrator
    );
}
