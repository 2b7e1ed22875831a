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

/// The CLI as `user` with `args`: its exit code, its JSON, its messages.
fn run(lib: &Path, user: &str, home: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = cli_here(lib, user, home)
        .args(args)
        .output()
        .expect("run the CLI");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let code = out.status.code().unwrap_or(-1);
    (
        code,
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn moving(lib: &Path, user: &str, home: &Path, to: &Path) -> (i32, serde_json::Value, String) {
    let to = to.to_str().expect("utf-8");
    run(lib, user, home, &["library", "move", "--json", "--to", to])
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

/// One library before and after its move, for the steps below.
struct Moving {
    home: PathBuf,
    lib: PathBuf,
    to: PathBuf,
    /// Each clip's stored path and digest before the move.
    before: Vec<(String, String)>,
    /// Every file of the old library before the move.
    old_files: Vec<String>,
}

#[test]
fn the_library_moves_verified_and_the_old_one_is_kept_until_proven_held() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (lib, rec) = library(tmp.path());
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    let clips = st.clips().list(&Default::default()).expect("list");
    drop(st);
    let m = Moving {
        home: tmp.path().join("home"),
        old_files: files(&lib),
        to: tmp.path().join("数据盘").join("执法记录证据库"),
        before: clips
            .into_iter()
            .map(|c| (c.media_path, c.blake3))
            .collect(),
        lib,
    };
    assert_eq!(m.before.len(), rec.evidence().len());
    refused_moves_leave_the_library_as_it_was(&m, tmp.path());
    let (new_root, files_copied) = the_move_copies_every_file(&m);
    the_new_library_is_the_same_library(&m, &new_root);
    the_old_folder_is_kept_whole_and_never_opens_again(&m, &new_root);
    clearing_removes_only_what_is_proven_held(&m, &new_root, files_copied);

    // The moved library docks the same card again: its catalog knows every file.
    let st = signed_in(&new_root, Arc::new(SystemClock), CUSTODIAN);
    let again = st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert_eq!((again.copied, again.skipped), (0, m.before.len() as u64));
}

/// Refused, with nothing written: the custodian; a station still open elsewhere; a target
/// inside the library; a target that is not empty.
fn refused_moves_leave_the_library_as_it_was(m: &Moving, tmp: &Path) {
    let (lib, home) = (&m.lib, &m.home);
    let (code, j, _) = moving(lib, CUSTODIAN, home, &m.to);
    assert_ne!(code, 0);
    assert_eq!(j["error"]["code"], "forbidden", "{j}");
    let open_elsewhere = signed_in(lib, Arc::new(SystemClock), CUSTODIAN);
    let (code, j, err) = moving(lib, ADMIN, home, &m.to);
    assert_ne!(code, 0);
    assert_eq!(j["error"]["code"], "library_busy", "{j}");
    assert!(err.contains("另一个程序使用"), "{err}");
    drop(open_elsewhere);
    let (_, j, _) = moving(lib, ADMIN, home, &lib.join("media").join("new"));
    assert_eq!(j["error"]["code"], "invalid_input", "{j}");
    let full = tmp.join("full");
    fs::create_dir_all(&full).expect("dir");
    fs::write(full.join("someone's.txt"), b"theirs").expect("file");
    let (_, j, err) = moving(lib, ADMIN, home, &full);
    assert_eq!(j["error"]["code"], "invalid_input", "{j}");
    assert!(err.contains("不是空文件夹"), "{err}");
    assert_eq!(files(&full), ["someone's.txt"]);
    assert!(!m.to.exists());
    assert_eq!(
        files(lib),
        m.old_files,
        "a refused move leaves the library as it was"
    );
}

/// Every file of the library is in the new place (not the locks); returns the new place and
/// how many files the move says it copied.
fn the_move_copies_every_file(m: &Moving) -> (PathBuf, u64) {
    let (code, report, err) = moving(&m.lib, ADMIN, &m.home, &m.to);
    assert_eq!(code, 0, "{report:#} {err}");
    let new_root = fs::canonicalize(&m.to).expect("moved");
    assert_eq!(report["to"], new_root.display().to_string());
    let not_lock = |f: &&String| !f.starts_with(".locks/");
    let copied: Vec<String> = files(&new_root)
        .into_iter()
        .filter(|f| !f.starts_with("moves/") && not_lock(&f))
        .collect();
    let expected: Vec<&String> = m.old_files.iter().filter(not_lock).collect();
    assert_eq!(copied.iter().collect::<Vec<_>>(), expected);
    assert_eq!(report["files"], copied.len() as u64);
    assert_eq!(report["mismatched"], serde_json::json!([]));
    assert_eq!(report["missing"], serde_json::json!([]));
    (new_root, copied.len() as u64)
}

/// The same clips and digests, each original read-only, a clean verification, the audit
/// chain whole, the move on record, the new place remembered.
fn the_new_library_is_the_same_library(m: &Moving, new_root: &Path) {
    let st = signed_in(new_root, Arc::new(SystemClock), CUSTODIAN);
    let clips = st.clips().list(&Default::default()).expect("list");
    for c in &clips {
        assert!(
            c.path.starts_with(new_root.to_str().expect("utf-8")),
            "{}",
            c.path
        );
        assert!(fs::metadata(&c.path)
            .expect("original")
            .permissions()
            .readonly());
    }
    let after: Vec<(String, String)> = clips
        .into_iter()
        .map(|c| (c.media_path, c.blake3))
        .collect();
    assert_eq!(after, m.before);
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    drop(st);
    let (code, chain, _) = run(new_root, ADMIN, &m.home, &["audit", "verify", "--json"]);
    assert_eq!((code, chain["ok"].as_bool()), (0, Some(true)), "{chain:#}");
    let list = ["audit", "list", "--action", "move_library", "--json"];
    let (_, rows, _) = run(new_root, ADMIN, &m.home, &list);
    assert_eq!(rows[0]["actor"], ADMIN);
    let text = rows[0]["text"].as_str().expect("text");
    assert!(text.contains("迁移证据库 到"), "{text}");
    let remembered = m.home.join(".config/evidence-station/library-location");
    let remembered = fs::read_to_string(remembered).expect("remembered");
    assert_eq!(remembered.trim(), new_root.display().to_string());
}

/// The old folder is kept whole and says where the library went; it never opens again.
fn the_old_folder_is_kept_whole_and_never_opens_again(m: &Moving, new_root: &Path) {
    let new_text = new_root.to_str().expect("utf-8");
    let mut kept_now = files(&m.lib);
    kept_now.retain(|f| f != "MOVED-TO.txt");
    assert_eq!(kept_now, m.old_files);
    let mark = fs::read_to_string(m.lib.join("MOVED-TO.txt")).expect("mark");
    assert_eq!(mark.lines().next(), Some(new_text));
    let e = Station::open(&m.lib, Arc::new(SystemClock))
        .err()
        .expect("moved");
    assert_eq!(e.code(), ErrorCode::LibraryMoved);
    let (code, _, err) = run(&m.lib, CUSTODIAN, &m.home, &["clips", "list", "--json"]);
    assert_ne!(code, 0);
    assert!(err.contains("已迁移到") && err.contains(new_text), "{err}");
    let (_, shown, _) = run(new_root, ADMIN, &m.home, &["library", "show", "--json"]);
    let old_root = fs::canonicalize(&m.lib).expect("old");
    assert_eq!(
        shown["kept_old"][0]["from_path"],
        old_root.display().to_string()
    );
}

/// Meanwhile an old original changed, a new copy was damaged, a file was dropped into the old
/// folder: clearing it removes only what it proves held in the new library.
fn clearing_removes_only_what_is_proven_held(m: &Moving, new_root: &Path, copied: u64) {
    let (changed, damaged) = (&m.before[0].0, &m.before[1].0);
    writable(&m.lib.join(changed));
    fs::write(m.lib.join(changed), b"changed after the move").expect("change");
    writable(&new_root.join(damaged));
    fs::write(new_root.join(damaged), b"damaged in the new library").expect("damage");
    fs::write(m.lib.join("media").join("dropped.txt"), b"dropped").expect("drop");
    let good_copy = fs::read(m.lib.join(damaged)).expect("old copy");
    let clear = ["library", "remove-old", "--json"];
    let (code, removal, err) = run(new_root, ADMIN, &m.home, &clear);
    assert_ne!(code, 0, "files were kept: {removal:#} {err}");
    let kept = removal["kept"].as_array().expect("kept").iter();
    let kept: Vec<(&str, &str)> = kept
        .map(|k| {
            (
                k["path"].as_str().expect("path"),
                k["because"].as_str().expect("why"),
            )
        })
        .collect();
    let dropped = "media/dropped.txt";
    let want = [
        (changed.as_str(), "changed"),
        (damaged.as_str(), "not_held"),
        (dropped, "not_copied"),
    ];
    assert_eq!(sorted(kept), sorted(want.to_vec()), "{removal:#}");
    assert_eq!(removal["removed"], copied - 2);
    let left = vec!["MOVED-TO.txt", changed.as_str(), damaged.as_str(), dropped];
    assert_eq!(files(&m.lib), sorted(left));
    assert_eq!(
        fs::read(m.lib.join(damaged)).expect("kept"),
        good_copy,
        "the only good copy stays"
    );
    let (_, shown, _) = run(new_root, ADMIN, &m.home, &["library", "show", "--json"]);
    assert_eq!(shown["kept_old"], serde_json::json!([]));
    let list = ["audit", "list", "--action", "remove_old_library", "--json"];
    let (_, rows, _) = run(new_root, ADMIN, &m.home, &list);
    assert_eq!(rows[0]["outcome"], "problems", "{rows:#}");
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
    let (code, j, err) = moving(&lib, ADMIN, &home, &to);
    assert_ne!(code, 0);
    assert_eq!(j["error"]["code"], "will_not_fit", "{j}");
    assert!(err.contains("空间不足"), "{err}");
    assert_eq!(files(&small.dir), Vec::<String>::new());
    assert!(!lib.join("MOVED-TO.txt").exists());
    assert!(Station::open(&lib, Arc::new(SystemClock)).is_ok());
}
