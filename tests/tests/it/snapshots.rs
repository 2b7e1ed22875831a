//! The `--json` outputs scripts depend on, pinned: a field renamed, dropped or changed in kind
//! fails here before it breaks a branch's script. The times of the run, temporary paths, the
//! day in a stored path, audit hashes and the disk's free space differ from run to run and are replaced by placeholders; everything else — ids, digests,
//! counts, codes — is as the station printed it.
//!
//! After a deliberate change: `INSTA_UPDATE=always cargo nextest run -E 'test(snapshots)'`,
//! then review and commit `tests/tests/it/snapshots/`.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use station_core::SystemClock;
use station_tests::*;

/// Replace what differs between runs: RFC 3339 times, the temporary folder, audit heads.
fn stable(value: Value, root: &Path) -> Value {
    let tmp = root.display().to_string();
    match value {
        Value::String(s) if is_about_now(&s) => Value::String("[time]".into()),
        Value::String(s) => Value::String(today_in_paths(&s.replace(&tmp, "[tmp]"))),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| stable(v, root)).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "head" | "hash" | "prev_hash" if v.is_string() => "[hash]".into(),
                        // Reckoned from the time of the run.
                        "earliest_disposal" | "remove_after" | "expires_at" | "next_check"
                            if v.is_string() =>
                        {
                            "[time]".into()
                        }
                        // The machine's own disk.
                        "free_bytes" | "total_bytes" if v.is_number() => "[bytes]".into(),
                        _ => stable(v, root),
                    };
                    (k, v)
                })
                .collect(),
        ),
        other => other,
    }
}

/// A time of this run (stored, verified, requested …), not one the test chose (recorded).
fn is_about_now(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s)
        .is_ok_and(|t| (chrono::Utc::now() - t.to_utc()).num_days().abs() < 7)
}

/// Stored originals sit under the day they were docked: `media/2026-12-01/…`.
fn today_in_paths(s: &str) -> String {
    match s.find("media/") {
        Some(i) if s.len() >= i + 16 && s.as_bytes()[i + 16] == b'/' => {
            format!("{}media/[day]{}", &s[..i], &s[i + 16..])
        }
        _ => s.to_string(),
    }
}

/// Run the CLI as `user` with `--json`; it must exit 0 or 1 (1: the work found a problem).
fn json(lib: &Path, tmp: &Path, user: &str, args: &[&str]) -> Value {
    let (code, value) = cli_json_as(lib, user, args);
    assert!(code == 0 || code == 1, "{args:?} exited {code}: {value:#}");
    stable(value, tmp)
}

#[test]
fn json_outputs_scripts_depend_on_keep_their_shape() {
    let tmp = tempfile::tempdir().expect("tmp");
    let t = tmp.path();
    let lib = t.join("lib");
    drop(found(
        &lib,
        Some("兴隆分局"),
        Arc::new(SystemClock),
        &[("time_zone", "Asia/Shanghai")],
    ));
    let mut card = FakeRecorder::new(&t.join("card"));
    card.dsj("SN1001", "090001", "20240105_081500", "_IMP", 1);
    card.dsj("SN1001", "090001", "20240105_083000", "", 2);
    let card = card.root.display().to_string();
    let run = |user: &str, args: &[&str]| json(&lib, t, user, args);

    insta::assert_json_snapshot!(
        "ingest",
        run(
            CUSTODIAN,
            &["ingest", &card, "--officer", "090001", "--json"]
        )
    );
    insta::assert_json_snapshot!("clips_list", run(CUSTODIAN, &["clips", "list", "--json"]));
    insta::assert_json_snapshot!(
        "district_status",
        run(CUSTODIAN, &["district", "status", "--json"])
    );
    insta::assert_json_snapshot!(
        "devices_list",
        run(CUSTODIAN, &["devices", "list", "--json"])
    );
    insta::assert_json_snapshot!("docks_list", run(CUSTODIAN, &["docks", "list", "--json"]));
    insta::assert_json_snapshot!(
        "cases_add",
        run(
            CUSTODIAN,
            &[
                "cases",
                "add",
                "--number",
                "兴综执〔2024〕1号",
                "--officer",
                "090001",
                "--json"
            ]
        )
    );
    insta::assert_json_snapshot!(
        "activities_add",
        run(
            CUSTODIAN,
            &[
                "activities",
                "add",
                "--case",
                "兴综执〔2024〕1号",
                "--kind",
                "inspection",
                "--from",
                "2024-01-05 08:10",
                "--to",
                "2024-01-05 08:40",
                "--officer",
                "090001",
                "--json",
            ]
        )
    );
    insta::assert_json_snapshot!(
        "activities_coverage",
        run(CUSTODIAN, &["activities", "coverage", "1", "--json"])
    );
    insta::assert_json_snapshot!(
        "reports_missing",
        run(CUSTODIAN, &["reports", "missing", "--json"])
    );
    insta::assert_json_snapshot!(
        "stats_month",
        run(CUSTODIAN, &["stats", "--by", "month", "--json"])
    );
    insta::assert_json_snapshot!(
        "retention_status",
        run(CUSTODIAN, &["retention", "status", "--json"])
    );
    insta::assert_json_snapshot!("holds_list", run(CUSTODIAN, &["holds", "list", "--json"]));
    insta::assert_json_snapshot!("accounts_list", run(ADMIN, &["accounts", "list", "--json"]));
    insta::assert_json_snapshot!("access_list", run(CUSTODIAN, &["access", "list", "--json"]));
    insta::assert_json_snapshot!(
        "export_status",
        run(CUSTODIAN, &["export", "status", "--json"])
    );
    insta::assert_json_snapshot!(
        "audit_verify",
        run(BRANCH_HEAD, &["audit", "verify", "--json"])
    );
    // An error as scripts see it: exit 2, its stable code and the message.
    let (code, error) = cli_json_as(
        &lib,
        CUSTODIAN,
        &["cases", "show", "没有这个案件", "--json"],
    );
    assert_eq!(code, 2, "{error:#}");
    insta::assert_json_snapshot!("error_not_found", stable(error, t));
}

/// The window's types (closed sets and records) are generated from the Rust types: the
/// checked-in file must be what the core generates now, and `vue-tsc` checks the pages on it.
#[test]
fn the_windows_types_are_the_cores() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated/core.ts");
    let checked_in = std::fs::read_to_string(&path).expect("ui/src/generated/core.ts");
    assert!(
        checked_in == station_core::typescript::core_module(),
        "{} is stale: run `cargo run -p station-tests --bin ui-types` and commit it",
        path.display()
    );
}
