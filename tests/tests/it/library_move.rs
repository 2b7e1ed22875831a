//! The library moves to another folder or disk: every file copied and read back, the station
//! switched to the copy, the old folder kept and marked until the administrator confirms, and
//! then only what is proven held in the new library removed from it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use station_core::events::NoEvents;
use station_core::{ErrorCode, IngestOptions, Station, SystemClock};
use station_tests::mounts::Mount;
use station_tests::*;

/// The CLI as `user`, with this test's own config folder (where the chosen library is
/// remembered), never the developer's.
fn cli_here(lib: &Path, user: &str, home: &Path) -> Command {
    let mut c = cli_as(lib, user);
    c.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"));
    c
}

fn run_json(mut c: Command, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = c.args(args).output().expect("run the CLI");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let code = out.status.code().unwrap_or(-1);
    (
        code,
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every plain file under `root`, relative, sorted.
fn files(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = files_under(root)
        .iter()
        .map(|p| p.strip_prefix(root).expect("under").display().to_string())
        .collect();
    v.sort();
    v
}

fn writable(path: &Path) {
    let mut p = fs::metadata(path).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    p.set_readonly(false);
    fs::set_permissions(path, p).expect("chmod");
}

/// A library with a docked card, signed out of everywhere.
fn library(tmp: &Path) -> (PathBuf, FakeRecorder) {
    let rec = FakeRecorder::typical(&tmp.join("card"));
    let lib = tmp.join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    st.ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    (lib, rec)
}

#[test]
fn the_library_moves_verified_and_the_old_one_is_kept_until_proven_held() {
    let tmp = tempfile::tempdir().expect("tmp");
    let home = tmp.path().join("home");
    let (lib, rec) = library(tmp.path());
    let old_root = fs::canonicalize(&lib).expect("root");
    let before: Vec<(String, String)> = {
        let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
        let clips = st.clips().list(&Default::default()).expect("list");
        clips
            .into_iter()
            .map(|c| (c.media_path, c.blake3))
            .collect()
    };
    assert_eq!(before.len(), rec.evidence().len());
    let old_files = files(&lib);
    let to = tmp.path().join("数据盘").join("执法记录证据库");

    // Refused, with nothing written: the custodian; a station still open elsewhere; a target
    // inside the library; a target that is not empty.
    let (code, j, _) = run_json(
        cli_here(&lib, CUSTODIAN, &home),
        &[
            "library",
            "move",
            "--json",
            "--to",
            to.to_str().expect("utf-8"),
        ],
    );
    assert_ne!(code, 0);
    assert_eq!(j["error"]["code"], "forbidden", "{j}");
    let open_elsewhere = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    let (code, j, err) = run_json(
        cli_here(&lib, ADMIN, &home),
        &[
            "library",
            "move",
            "--json",
            "--to",
            to.to_str().expect("utf-8"),
        ],
    );
    assert_ne!(code, 0);
    assert_eq!(j["error"]["code"], "library_busy", "{j}");
    assert!(err.contains("另一个程序使用"), "{err}");
    drop(open_elsewhere);
    let inside = lib.join("media").join("new");
    let (_, j, _) = run_json(
        cli_here(&lib, ADMIN, &home),
        &[
            "library",
            "move",
            "--json",
            "--to",
            inside.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(j["error"]["code"], "invalid_input", "{j}");
    let full = tmp.path().join("full");
    fs::create_dir_all(&full).expect("dir");
    fs::write(full.join("someone's.txt"), b"theirs").expect("file");
    let (_, j, err) = run_json(
        cli_here(&lib, ADMIN, &home),
        &[
            "library",
            "move",
            "--json",
            "--to",
            full.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(j["error"]["code"], "invalid_input", "{j}");
    assert!(err.contains("不是空文件夹"), "{err}");
    assert_eq!(files(&full), ["someone's.txt"]);
    assert!(!to.exists());
    assert_eq!(
        files(&lib),
        old_files,
        "a refused move leaves the library as it was"
    );

    // The move.
    let (code, report, err) = run_json(
        cli_here(&lib, ADMIN, &home),
        &[
            "library",
            "move",
            "--json",
            "--to",
            to.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{report:#} {err}");
    let new_root = fs::canonicalize(&to).expect("moved");
    assert_eq!(report["to"], new_root.display().to_string());
    let copied: Vec<String> = files(&new_root)
        .into_iter()
        .filter(|f| !f.starts_with("moves/") && !f.starts_with(".locks/"))
        .collect();
    let expected: Vec<&String> = old_files
        .iter()
        .filter(|f| !f.starts_with(".locks/"))
        .collect();
    assert_eq!(
        copied.iter().collect::<Vec<_>>(),
        expected,
        "every file of the library"
    );
    assert_eq!(report["files"], copied.len() as u64);
    assert_eq!(report["mismatched"], serde_json::json!([]));
    assert_eq!(report["missing"], serde_json::json!([]));

    // The new library is the same library: the same clips and digests, each original
    // read-only, a clean verification, the audit chain whole, the move on record.
    let st = signed_in(&new_root, Arc::new(SystemClock), CUSTODIAN);
    let after: Vec<(String, String)> = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .into_iter()
        .map(|c| {
            assert!(
                c.path.starts_with(new_root.to_str().expect("utf-8")),
                "{}",
                c.path
            );
            assert!(fs::metadata(&c.path)
                .expect("original")
                .permissions()
                .readonly());
            (c.media_path, c.blake3)
        })
        .collect();
    assert_eq!(after, before);
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    drop(st);
    let (code, chain, _) = run_json(
        cli_here(&new_root, ADMIN, &home),
        &["audit", "verify", "--json"],
    );
    assert_eq!((code, chain["ok"].as_bool()), (0, Some(true)), "{chain:#}");
    let (_, rows, _) = run_json(
        cli_here(&new_root, ADMIN, &home),
        &["audit", "list", "--action", "move_library", "--json"],
    );
    let row = &rows.as_array().expect("rows")[0];
    assert_eq!(row["actor"], ADMIN);
    assert!(
        row["text"]
            .as_str()
            .expect("text")
            .contains("迁移证据库 到"),
        "{row}"
    );
    let remembered = fs::read_to_string(home.join(".config/evidence-station/library-location"))
        .expect("remembered");
    assert_eq!(remembered.trim(), new_root.display().to_string());

    // The old folder is kept whole and says where the library went; it never opens again.
    let mut kept_now = files(&lib);
    kept_now.retain(|f| f != "MOVED-TO.txt");
    assert_eq!(kept_now, old_files);
    let mark = fs::read_to_string(lib.join("MOVED-TO.txt")).expect("mark");
    assert_eq!(mark.lines().next(), Some(new_root.to_str().expect("utf-8")));
    let e = Station::open(&lib, Arc::new(SystemClock))
        .err()
        .expect("moved");
    assert_eq!(e.code(), ErrorCode::LibraryMoved);
    let (code, _, err) = run_json(
        cli_here(&lib, CUSTODIAN, &home),
        &["clips", "list", "--json"],
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("已迁移到") && err.contains(new_root.to_str().expect("utf-8")),
        "{err}"
    );
    let (_, shown, _) = run_json(
        cli_here(&new_root, ADMIN, &home),
        &["library", "show", "--json"],
    );
    assert_eq!(
        shown["kept_old"][0]["from_path"],
        old_root.display().to_string(),
        "{shown:#}"
    );

    // Meanwhile: an old original changed, a new copy damaged, a file dropped into the old
    // folder. Clearing the old folder removes only what it proves held here.
    let (changed, damaged) = (&before[0].0, &before[1].0);
    writable(&lib.join(changed));
    fs::write(lib.join(changed), b"changed after the move").expect("change");
    writable(&new_root.join(damaged));
    fs::write(new_root.join(damaged), b"damaged in the new library").expect("damage");
    fs::write(lib.join("media").join("dropped.txt"), b"dropped").expect("drop");
    let damaged_bytes = fs::read(lib.join(damaged)).expect("old copy");
    let (code, removal, err) = run_json(
        cli_here(&new_root, ADMIN, &home),
        &["library", "remove-old", "--json"],
    );
    assert_ne!(code, 0, "files were kept: {removal:#} {err}");
    let kept: Vec<(String, String)> = removal["kept"]
        .as_array()
        .expect("kept")
        .iter()
        .map(|k| {
            (
                k["path"].as_str().expect("path").to_string(),
                k["because"].as_str().expect("why").to_string(),
            )
        })
        .collect();
    assert_eq!(
        sorted(kept),
        sorted(vec![
            (changed.clone(), "changed".to_string()),
            (damaged.clone(), "not_held".to_string()),
            ("media/dropped.txt".to_string(), "not_copied".to_string()),
        ]),
        "{removal:#}"
    );
    assert_eq!(
        removal["removed"],
        report["files"].as_u64().expect("files") - 2
    );
    let mut left = files(&lib);
    left.sort();
    assert_eq!(
        left,
        sorted(vec![
            "MOVED-TO.txt".into(),
            changed.clone(),
            damaged.clone(),
            "media/dropped.txt".into()
        ])
    );
    assert_eq!(
        fs::read(lib.join(damaged)).expect("kept"),
        damaged_bytes,
        "the only good copy stays"
    );
    let (_, shown, _) = run_json(
        cli_here(&new_root, ADMIN, &home),
        &["library", "show", "--json"],
    );
    assert_eq!(shown["kept_old"], serde_json::json!([]));
    let (_, rows, _) = run_json(
        cli_here(&new_root, ADMIN, &home),
        &["audit", "list", "--action", "remove_old_library", "--json"],
    );
    assert_eq!(rows[0]["outcome"], "problems", "{rows:#}");

    // The moved library docks the same card again: its catalog knows every file.
    let st = signed_in(&new_root, Arc::new(SystemClock), CUSTODIAN);
    let again = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert_eq!((again.copied, again.skipped), (0, before.len() as u64));
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

#[test]
fn a_move_to_a_disk_without_room_is_refused_before_a_byte_is_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let home = tmp.path().join("home");
    let (lib, _rec) = library(tmp.path());
    let small = match Mount::tmpfs(&tmp.path().join("small"), 8) {
        Ok(m) => m,
        Err(why) => return skip("a move to a small disk", &why),
    };
    let to = small.dir.join("证据库");
    let (code, j, err) = run_json(
        cli_here(&lib, ADMIN, &home),
        &[
            "library",
            "move",
            "--json",
            "--to",
            to.to_str().expect("utf-8"),
        ],
    );
    assert_ne!(code, 0);
    assert_eq!(j["error"]["code"], "will_not_fit", "{j}");
    assert!(err.contains("空间不足"), "{err}");
    assert_eq!(files(&small.dir), Vec::<String>::new());
    assert!(!lib.join("MOVED-TO.txt").exists());
    assert!(Station::open(&lib, Arc::new(SystemClock)).is_ok());
}
