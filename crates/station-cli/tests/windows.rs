//! The CLI on Windows: built for `x86_64-pc-windows-gnu` and run under Wine by
//! `tests/windows.sh` (part of the README's test command), which maps these drive letters to
//! folders before Wine starts, each of type removable (`HKLM\Software\Wine\Drives` = floppy):
//!
//! - `STATION_WINE_CARD` (E:) a recorder's card, ingested by hand and then freed;
//! - `STATION_WINE_FULL` (F:) a nearly full 24 MiB card, whose free space the station must
//!   read from the file system (`STATION_WINE_FULL_TOTAL` is its size as Linux sees it);
//! - `STATION_WINE_WATCHED` (G:) a card left docked, for `watch`;
//! - `STATION_WINE_COPY` (H:) an empty drive for long-term copies.
//!
//! On Linux this file compiles to nothing.
#![cfg(windows)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct horse 9";
const SAMPLE_MP4: &[u8] = include_bytes!("../../../tests/fixtures/sample.mp4");

/// A drive letter the script mapped; without the script these tests cannot run, and say so.
fn drive(var: &str) -> PathBuf {
    let letter = std::env::var(var)
        .unwrap_or_else(|_| panic!("{var} is not set: run these tests through tests/windows.sh"));
    let root = PathBuf::from(format!("{letter}\\"));
    assert!(root.is_dir(), "{var}: drive {letter} is not mapped");
    root
}

/// A real MP4 grown to `size` bytes with a trailing `free` box of bytes unique to `seed`.
fn mp4(size: usize, seed: u64) -> Vec<u8> {
    let mut v = SAMPLE_MP4.to_vec();
    let pad = size.saturating_sub(v.len()).max(16);
    v.extend_from_slice(&(pad as u32).to_be_bytes());
    v.extend_from_slice(b"free");
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    while v.len() < SAMPLE_MP4.len() + pad {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(SAMPLE_MP4.len() + pad);
    v
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, bytes).expect("card file");
}

/// The CLI on `lib`, signed in as `user` (None: nobody), given `stdin` lines.
fn cli(lib: &Path, user: Option<&str>, args: &[&str], stdin: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_evidence-station"));
    c.arg("--library").arg(lib).arg("--password-stdin");
    if let Some(user) = user {
        c.args(["--user", user]);
    }
    let mut child = c
        .args(args)
        .env_remove("EVIDENCE_STATION_LIBRARY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the CLI");
    let mut input = child.stdin.take().expect("stdin");
    for line in stdin {
        writeln!(input, "{line}").expect("stdin");
    }
    drop(input);
    child.wait_with_output().expect("CLI output")
}

/// Run as `user` with `--json`; the exit code and the JSON printed.
fn json(lib: &Path, user: &str, args: &[&str]) -> (i32, serde_json::Value) {
    let mut args = args.to_vec();
    args.push("--json");
    let out = cli(lib, Some(user), &args, &[PASSWORD]);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), value)
}

fn ok(out: Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A library with an administrator and the custodian `kgy`, and `settings` set.
fn station(lib: &Path, settings: &[(&str, &str)]) {
    ok(
        cli(
            lib,
            None,
            &["init", "--admin", "admin"],
            &[PASSWORD, PASSWORD],
        ),
        "init",
    );
    let add = ["accounts", "add", "kgy", "--role", "custodian"];
    ok(
        cli(lib, Some("admin"), &add, &[PASSWORD, PASSWORD, PASSWORD]),
        "custodian",
    );
    for (key, value) in settings {
        let set = ["settings", "set", key, value];
        ok(cli(lib, Some("admin"), &set, &[PASSWORD]), key);
    }
}

fn clips(lib: &Path) -> Vec<serde_json::Value> {
    let (code, list) = json(lib, "kgy", &["clips", "list"]);
    assert_eq!(code, 0, "{list}");
    list.as_array().expect("clips").clone()
}

#[test]
fn a_card_on_a_removable_drive_is_ingested_verified_and_freed() {
    let card = drive("STATION_WINE_CARD");
    let tmp = tempfile::tempdir().expect("temp");
    let lib = tmp.path().join("lib");
    station(&lib, &[("free_recorder", "true")]);
    let dsj = mp4(3 << 20, 1);
    let chinese = mp4(1 << 20, 2);
    write(&card.join("DEVICE.TXT"), b"SN=BN1001\r\n");
    write(
        &card.join(r"DCIM\DSJ_BN1001_100001_20240105_100000.MP4"),
        &dsj,
    );
    write(&card.join(r"DCIM\强制拆除_李四.mp4"), &chinese);

    let (code, report) = json(&lib, "kgy", &["ingest", card.to_str().expect("path")]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["copied"], 3,
        "the two clips and the identity file: {report}"
    );
    let stored = clips(&lib);
    let named = stored
        .iter()
        .find(|c| {
            c["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("强制拆除_李四.mp4"))
        })
        .expect("the Chinese name is kept");
    let path = PathBuf::from(named["path"].as_str().expect("path"));
    assert_eq!(std::fs::read(&path).expect("stored copy"), chinese);
    assert!(std::fs::metadata(&path)
        .expect("meta")
        .permissions()
        .readonly());

    // A removable drive recognised by its identity file is a recorder: freed, file by file.
    assert_eq!(report["freed"], 2, "{report}");
    assert!(!card
        .join(r"DCIM\DSJ_BN1001_100001_20240105_100000.MP4")
        .exists());
    assert!(!card.join(r"DCIM\强制拆除_李四.mp4").exists());
    assert!(card.join("DEVICE.TXT").exists(), "the identity file stays");

    let (code, verified) = json(&lib, "kgy", &["verify"]);
    assert_eq!(code, 0, "{verified}");
    assert_eq!(verified["ok"], 3, "{verified}");

    // The docking receipt, typeset in the Windows fonts folder's Chinese font (the script
    // puts one there, as every Windows has Microsoft YaHei), to a path with Chinese in it.
    let (_, docks) = json(&lib, "kgy", &["docks", "list"]);
    let dock = docks[0]["id"].as_i64().expect("a docking").to_string();
    let pdf = tmp.path().join("接收清单.pdf");
    let (code, saved) = json(
        &lib,
        "kgy",
        &[
            "docks",
            "receipt",
            &dock,
            "--pdf",
            pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(code, 0, "{saved}");
    assert_eq!(
        saved["missing"],
        serde_json::json!([]),
        "every character drawn: {saved}"
    );
    assert!(saved["pages"].as_u64().is_some_and(|n| n >= 1), "{saved}");
    let bytes = std::fs::read(&pdf).expect("the receipt");
    assert!(
        bytes.starts_with(b"%PDF-") && bytes.len() > 10_000,
        "{} bytes",
        bytes.len()
    );
}

#[test]
fn free_space_is_read_from_the_drive_itself() {
    let full = drive("STATION_WINE_FULL");
    let total: u64 = std::env::var("STATION_WINE_FULL_TOTAL")
        .expect("STATION_WINE_FULL_TOTAL")
        .parse()
        .expect("a number");
    let tmp = tempfile::tempdir().expect("temp");
    let lib = tmp.path().join("lib");
    station(&lib, &[]);
    write(
        &full.join(r"DCIM\DSJ_BN2002_100002_20240105_120000.MP4"),
        &mp4(1 << 20, 3),
    );

    let (code, report) = json(&lib, "kgy", &["ingest", full.to_str().expect("path")]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["total_bytes"], total, "{report}");
    let free = report["free_bytes"].as_u64().expect("free bytes");
    assert!(free < 4 << 20, "nearly full, yet {free} bytes free");
    let flags = report["flags"].as_array().expect("flags");
    assert!(flags.iter().any(|f| f == "low_space"), "{report}");

    // A week that does not fit on the nearly full drive is refused before anything is written.
    std::fs::write(
        full.join("filler"),
        vec![0u8; free.saturating_sub(512 << 10) as usize],
    )
    .expect("filler");
    let to = [
        "export",
        "week",
        "--week",
        "2024-W01",
        "--to",
        full.to_str().expect("path"),
    ];
    let (code, refused) = json(&lib, "kgy", &to);
    assert_ne!(code, 0, "{refused}");
    assert_eq!(refused["error"]["code"], "will_not_fit", "{refused}");
    std::fs::remove_file(full.join("filler")).expect("filler");
}

/// A library deeper than Windows' 260 characters, a week exported and checked, and held clips
/// copied to a removable drive and read back.
#[test]
fn a_long_library_path_exports_a_week_and_copies_to_a_drive() {
    let copy = drive("STATION_WINE_COPY");
    let tmp = tempfile::tempdir().expect("temp");
    let mut lib = tmp.path().to_path_buf();
    while lib.as_os_str().len() < 300 {
        lib.push("执法记录证据工作站-分局证据库-第一层级");
    }
    // Free-the-recorder on: a folder given by hand is no recorder volume and is never emptied.
    station(&lib, &[("free_recorder", "true")]);
    let card = tmp.path().join("card");
    write(
        &card.join(r"DCIM\DSJ_BN3003_100003_20240105_090000.MP4"),
        &mp4(2 << 20, 4),
    );
    write(
        &card.join(r"DCIM\DSJ_BN3003_100003_20240105_091500.MP4"),
        &mp4(2 << 20, 5),
    );
    let (code, report) = json(&lib, "kgy", &["ingest", card.to_str().expect("path")]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["copied"], 2, "{report}");
    assert_eq!(report["freed"], 0, "{report}");
    assert!(report["not_freed"].is_string(), "{report}");
    assert!(card
        .join(r"DCIM\DSJ_BN3003_100003_20240105_090000.MP4")
        .is_file());
    assert!(clips(&lib)
        .iter()
        .all(|c| c["path"].as_str().expect("path").len() > 300));

    let out = tmp.path().join("export");
    std::fs::create_dir(&out).expect("export folder");
    let week = [
        "export",
        "week",
        "--week",
        "2024-W01",
        "--to",
        out.to_str().expect("path"),
    ];
    let (code, exported) = json(&lib, "kgy", &week);
    assert_eq!(code, 0, "{exported}");
    let package = exported["path"].as_str().expect("package path").to_string();
    let (code, checked) = json(&lib, "kgy", &["export", "verify", &package]);
    assert_eq!(code, 0, "{checked}");

    let ids: Vec<String> = clips(&lib).iter().map(|c| c["id"].to_string()).collect();
    let mut hold = vec!["holds", "add", "--reason", "evidence", "--clip"];
    hold.extend(ids.iter().map(String::as_str));
    ok(cli(&lib, Some("kgy"), &hold, &[PASSWORD]), "hold");
    let drive_arg = copy.to_str().expect("path");
    let plan = ["burn", "plan", "--media", "drive", "--drive", drive_arg];
    let (code, volumes) = json(&lib, "kgy", &plan);
    assert_eq!(code, 0, "{volumes}");
    let first = volumes[0]["id"].as_str().expect("a volume").to_string();
    let (code, written) = json(
        &lib,
        "kgy",
        &["burn", "write", &first, "--drive", drive_arg],
    );
    assert_eq!(code, 0, "{written}");
    let (code, read_back) = json(
        &lib,
        "kgy",
        &["burn", "verify", &first, "--drive", drive_arg],
    );
    assert_eq!(code, 0, "{read_back}");
    assert!(copy.join(&first).is_dir());

    // A disc: on Windows it is burned through IMAPI2 and read back from the burner's letter;
    // an image file cannot be read back here, and the station says so instead of failing late.
    let (code, discs) = json(&lib, "kgy", &["burn", "plan", "--media", "dvd"]);
    assert_eq!(code, 0, "{discs}");
    let disc = discs[0]["id"].as_str().expect("a disc").to_string();
    let image = tmp.path().join("disc.iso");
    let write = [
        "burn",
        "write",
        &disc,
        "--image",
        image.to_str().expect("path"),
    ];
    let (code, refused) = json(&lib, "kgy", &write);
    assert_ne!(code, 0, "{refused}");
    let message = refused["error"]["message"].as_str().expect("message");
    assert!(message.contains("--device"), "{message}");
    assert!(!image.exists());
}

#[test]
fn watch_ingests_a_card_left_in_a_removable_drive() {
    let watched = drive("STATION_WINE_WATCHED");
    let tmp = tempfile::tempdir().expect("temp");
    let lib = tmp.path().join("lib");
    // Only G: concerns this test; the other letters are other tests' cards.
    let others = r#"["E:\\","F:\\","H:\\"]"#;
    station(&lib, &[("excluded_mounts", others)]);
    let clip = mp4(1 << 20, 6);
    write(
        &watched.join(r"DCIM\DSJ_BN4004_100004_20240105_080000.MP4"),
        &clip,
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_evidence-station"))
        .arg("--library")
        .arg(&lib)
        .args(["--user", "kgy", "--password-stdin", "watch", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("watch");
    writeln!(child.stdin.take().expect("stdin"), "{PASSWORD}").expect("password");
    let start = Instant::now();
    let stored = loop {
        let list = clips(&lib);
        if !list.is_empty() || start.elapsed() > Duration::from_secs(90) {
            break list;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(stored.len(), 1, "watch stored the card in G: within 90 s");
    let path = PathBuf::from(stored[0]["path"].as_str().expect("path"));
    assert_eq!(std::fs::read(path).expect("stored"), clip);
}

/// The library moves to another folder as Windows keeps it: the read-only originals copied
/// and read back, the old folder refused afterwards, then cleared (the read-only attribute
/// lifted only on what is proven held in the new library).
#[test]
fn the_library_moves_and_the_old_folder_is_cleared() {
    let tmp = tempfile::tempdir().expect("temp");
    let lib = tmp.path().join("lib");
    station(&lib, &[]);
    let card = tmp.path().join("card");
    write(
        &card.join(r"DCIM\DSJ_BN2001_100001_20240105_100000.MP4"),
        &mp4(1 << 20, 3),
    );
    write(&card.join(r"DCIM\强制拆除_王五.mp4"), &mp4(1 << 20, 4));
    let (code, report) = json(&lib, "kgy", &["ingest", card.to_str().expect("path")]);
    assert_eq!(code, 0, "{report}");
    let before = clips(&lib);

    let to = tmp.path().join("数据盘").join("执法记录证据库");
    let (code, moved) = json(
        &lib,
        "admin",
        &["library", "move", "--to", to.to_str().expect("path")],
    );
    assert_eq!(code, 0, "{moved}");
    assert_eq!(moved["mismatched"], serde_json::json!([]), "{moved}");
    let after = clips(&to);
    assert_eq!(after.len(), before.len());
    for clip in &after {
        let path = PathBuf::from(clip["path"].as_str().expect("path"));
        assert!(path.starts_with(&to), "{}", path.display());
        assert!(std::fs::metadata(&path)
            .expect("moved")
            .permissions()
            .readonly());
    }

    let out = cli(&lib, Some("kgy"), &["clips", "list"], &[PASSWORD]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("已迁移到"));

    let (code, removal) = json(&to, "admin", &["library", "remove-old"]);
    assert_eq!(code, 0, "{removal}");
    assert_eq!(removal["kept"], serde_json::json!([]), "{removal}");
    assert!(!lib.exists(), "every file was proven moved and removed");
}

/// The district's store `tests/windows.sh` started (SeaweedFS on 127.0.0.1): its address,
/// access key and secret key.
fn district_store() -> [String; 3] {
    ["", "_KEY", "_SECRET"].map(|part| {
        let var = format!("STATION_WINE_DISTRICT{part}");
        std::env::var(&var).unwrap_or_else(|_| {
            panic!("{var} is not set: run these tests through tests/windows.sh")
        })
    })
}

/// The Windows build speaks S3 as the Linux one does: a card ingested on Windows is pushed to
/// the district's store, each clip under its readable key with the store's checksum, and the
/// district's check reads every one back.
#[test]
fn a_card_reaches_the_district_store_from_windows_and_reads_back() {
    let [url, key, secret] = district_store();
    let tmp = tempfile::tempdir().expect("temp");
    let lib = tmp.path().join("lib");
    station(&lib, &[]);
    let card = tmp.path().join("card");
    write(
        &card.join(r"DCIM\DSJ_BN2001_200001_20240105_100000.MP4"),
        &mp4(2 << 20, 11),
    );
    write(&card.join(r"DCIM\占道经营_王五.mp4"), &mp4(1 << 20, 12));
    let (code, report) = json(&lib, "kgy", &["ingest", card.to_str().expect("path")]);
    assert_eq!(code, 0, "{report}");

    let set = [
        "district",
        "set",
        "--endpoint",
        &url,
        "--bucket",
        "evidence",
        "--branch-id",
        "win-01",
        "--access-key",
        &key,
        "--secret-stdin",
    ];
    ok(
        cli(&lib, Some("admin"), &set, &[PASSWORD, &secret]),
        "district set",
    );
    let (code, test) = json(&lib, "admin", &["district", "test"]);
    assert_eq!((code, &test["ok"]), (0, &serde_json::json!(true)), "{test}");
    let (code, pushed) = json(&lib, "kgy", &["district", "push"]);
    assert_eq!(code, 0, "{pushed}");
    assert_eq!(
        (pushed["pushed"].as_u64(), pushed["pending"].as_u64()),
        (Some(2), Some(0)),
        "{pushed}"
    );
    for clip in clips(&lib) {
        let key = clip["district"]["key"].as_str().unwrap_or_default();
        assert!(key.starts_with("win-01/clips/"), "{clip}");
    }
    let (code, verified) = json(&lib, "kgy", &["district", "verify", "--sample", "10"]);
    assert_eq!(code, 0, "{verified}");
    assert_eq!(
        (verified["checked"].as_u64(), verified["read_back"].as_u64()),
        (Some(2), Some(2)),
        "{verified}"
    );
    assert_eq!(verified["findings"], serde_json::json!([]), "{verified}");
}
