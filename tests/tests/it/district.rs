//! The district's object store, against a real SeaweedFS on 127.0.0.1: connecting a branch,
//! and `district test` saying in plain words what a bucket lacks.

use std::path::Path;
use std::sync::Arc;

use station_core::SystemClock;
use station_tests::seaweed::{Seaweed, ACCESS_KEY, SECRET_KEY};
use station_tests::*;

fn set(lib: &Path, url: &str, bucket: &str, secret: Option<&str>) -> (i32, String, String) {
    let mut args = vec!["district", "set", "--endpoint", url, "--bucket", bucket];
    args.extend(["--branch-id", "xl-01", "--access-key", ACCESS_KEY]);
    let stdin = match secret {
        Some(s) => {
            args.push("--secret-stdin");
            format!("{s}\n")
        }
        None => String::new(),
    };
    cli_with_stdin(lib, ADMIN, &args, &stdin)
}

/// `district test --json`: its exit code and the problems' codes.
fn test(lib: &Path, seen: &mut String) -> (i32, Vec<String>, serde_json::Value) {
    let (code, out, err) = cli_with_stdin(lib, ADMIN, &["district", "test", "--json"], "");
    seen.push_str(&out);
    seen.push_str(&err);
    let j: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let codes = j["problems"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|p| p["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    (code, codes, j)
}

#[test]
fn a_branch_connects_to_the_district_store_and_is_told_what_its_bucket_lacks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let store = match Seaweed::start(&tmp.path().join("weed")) {
        Ok(s) => s,
        Err(why) => return skip("the district store", &why),
    };
    store
        .store("evidence-locked")
        .create_bucket(true)
        .expect("locked bucket");
    store
        .store("evidence-plain")
        .create_bucket(false)
        .expect("plain bucket");
    let lib = tmp.path().join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    let mut seen = String::new();

    // Only the administrator connects; nothing is tested before it is set.
    let (code, _, err) = cli_with_stdin(
        &lib,
        CUSTODIAN,
        &[
            "district",
            "set",
            "--endpoint",
            &store.url,
            "--bucket",
            "evidence-locked",
            "--branch-id",
            "xl-01",
            "--access-key",
            ACCESS_KEY,
        ],
        "",
    );
    assert_ne!(code, 0);
    assert!(err.contains("无权"), "{err}");
    let (code, _, err) = cli_with_stdin(&lib, ADMIN, &["district", "test"], "");
    assert_ne!(code, 0);
    assert!(err.contains("尚未设置区局存储"), "{err}");
    // Values the store could not take are refused as they are typed.
    for (url, bucket, said) in [
        ("ftp://x", "evidence-locked", "http://"),
        (&store.url as &str, "Bad_Bucket", "存储桶名称"),
    ] {
        let (code, _, err) = set(&lib, url, bucket, Some(SECRET_KEY));
        assert_ne!(code, 0);
        assert!(err.contains(said), "{err}");
    }

    // A bucket that keeps evidence.
    let (code, out, err) = set(&lib, &store.url, "evidence-locked", Some(SECRET_KEY));
    assert_eq!(code, 0, "{out} {err}");
    seen.push_str(&out);
    seen.push_str(&err);
    let (code, problems, j) = test(&lib, &mut seen);
    assert_eq!((code, problems.len()), (0, 0), "{j:#}");
    assert_eq!(
        (j["versioning"].as_bool(), j["object_lock"].as_bool()),
        (Some(true), Some(true))
    );
    let (_, shown, _) = cli_with_stdin(&lib, ADMIN, &["district", "show", "--json"], "");
    seen.push_str(&shown);
    let shown: serde_json::Value = serde_json::from_str(&shown).expect("json");
    assert_eq!(shown["bucket"], "evidence-locked");
    assert_eq!(shown["branch"], "xl-01");
    assert_eq!(shown["secret_set"], true);

    // A bucket without Object Lock (the secret kept from before), one that is not there, a
    // wrong secret, a store that does not answer: each said for what it is.
    set(&lib, &store.url, "evidence-plain", None);
    let (code, problems, j) = test(&lib, &mut seen);
    assert_eq!(code, 1);
    assert_eq!(problems, ["no_versioning", "no_object_lock"], "{j:#}");
    assert!(j["problems"][1]["message"]
        .as_str()
        .expect("text")
        .contains("未启用对象锁定"));
    set(&lib, &store.url, "no-such-bucket", None);
    assert_eq!(test(&lib, &mut seen).1, ["no_bucket"]);
    set(&lib, &store.url, "evidence-locked", Some("not-the-secret"));
    assert_eq!(test(&lib, &mut seen).1, ["denied"]);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    set(
        &lib,
        &format!("http://127.0.0.1:{closed}"),
        "evidence-locked",
        Some(SECRET_KEY),
    );
    let (_, problems, j) = test(&lib, &mut seen);
    assert_eq!(problems, ["unreachable"], "{j:#}");
    assert!(j["problems"][0]["message"]
        .as_str()
        .expect("text")
        .contains("无法连接区局存储"));

    the_secret_is_nowhere_but_its_own_file(&lib, &seen);
}

/// Not in any output, nor in the catalog, the journal, the manifests or the audit log; its
/// file readable by the station's account only.
fn the_secret_is_nowhere_but_its_own_file(lib: &Path, seen: &str) {
    assert!(!seen.contains(SECRET_KEY), "printed: {seen}");
    let (_, audit, _) = cli_with_stdin(lib, ADMIN, &["audit", "list", "--json"], "");
    assert!(audit.contains("district_set") && !audit.contains(SECRET_KEY));
    let secret_file = lib.join(".district").join("secret");
    for f in files_under(lib) {
        if f != secret_file {
            let bytes = std::fs::read(&f).unwrap_or_default();
            let found = bytes
                .windows(SECRET_KEY.len())
                .any(|w| w == SECRET_KEY.as_bytes());
            assert!(!found, "the secret is in {}", f.display());
        }
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&secret_file)
        .expect("secret file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
