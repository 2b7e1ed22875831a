//! Weekly packages and district requests: BagIt packages the Library of Congress's `bagit`
//! validates, a ledger openpyxl reads, local week boundaries, late clips in a supplementary
//! package, identical payload manifests on a re-run, a destination too small, a resumed write.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use station_core::events::NoEvents;
use station_core::retention::{HoldReason, HoldTarget};
use station_core::{FixedClock, IngestOptions, Labels, Station};
use station_tests::mounts::Mount;
use station_tests::*;

/// The Python with bagit and openpyxl that tests/run.sh installs (target/pytools).
fn pytools() -> Option<PathBuf> {
    let py = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pytools/bin/python");
    let ok = Command::new(&py)
        .args(["-c", "import bagit, openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(py)
}

fn bagit_validate(py: &Path, bag: &Path) -> (bool, String) {
    let out = Command::new(py)
        .args(["-m", "bagit", "--validate"])
        .arg(bag)
        .output()
        .expect("bagit");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Every row of the ledger's first sheet, as openpyxl reads it.
fn ledger_rows(py: &Path, xlsx: &Path) -> Vec<Vec<serde_json::Value>> {
    let out = Command::new(py)
        .args([
            "-c",
            "import openpyxl, json, sys\n\
             ws = openpyxl.load_workbook(sys.argv[1]).active\n\
             print(json.dumps([list(r) for r in ws.iter_rows(values_only=True)], ensure_ascii=False, default=str))",
        ])
        .arg(xlsx)
        .output()
        .expect("openpyxl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("rows")
}

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("time")
}

/// A branch in Beijing time with officer 080001 张三 of 一中队, and a card recorded around
/// ISO week 2024-W01 (Monday 1 January to Sunday 7 January 2024, local time).
fn station(tmp: &Path) -> (Arc<FixedClock>, Station, PathBuf) {
    let clock = Arc::new(FixedClock::new(at(2024, 1, 7, 4)));
    let lib = tmp.join("lib");
    let st = found(
        &lib,
        Some("兴隆分局"),
        clock.clone(),
        &[("time_zone", "Asia/Shanghai")],
    );
    st.registry().add_squad("一中队").expect("squad");
    st.registry()
        .add_officer("080001", Some("张三"), Some("一中队"))
        .expect("officer");
    let mut rec = FakeRecorder::new(&tmp.join("card"));
    rec.dsj("EX1", "080001", "20231231_235959", "", 40_000); // 2023-W52
    rec.dsj("EX1", "080001", "20240101_000000", "", 50_000); // W01, first second
    rec.dsj("EX1", "080001", "20240107_235959", "", 60_000); // W01, last second
    rec.dsj("EX1", "080001", "20240108_000000", "", 70_000); // W02
                                                             // No time in the name: the file's time, 5 January. Two names equal but for letter case.
    rec.file("DCIM/现场检查 张三.mp4", &mp4_of_size(80_000, 5));
    rec.file("DCIM/现场检查 张三.MP4", &mp4_of_size(90_000, 6));
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    clock.set(at(2024, 1, 10, 2));
    (clock, st, lib)
}

fn week_ids(st: &Station) -> Vec<i64> {
    st.clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .filter(|c| {
            c.source_path.contains("现场检查")
                || c.source_path.contains("20240101_000000")
                || c.source_path.contains("20240107_235959")
        })
        .map(|c| c.id)
        .collect()
}

#[test]
fn a_week_is_one_bag_that_bagit_validates_with_a_ledger_excel_reads() {
    let Some(py) = pytools() else {
        return skip("export", "bagit and openpyxl are missing: run tests/run.sh");
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let (_clock, st, lib) = station(tmp.path());
    let ids = week_ids(&st);
    assert_eq!(ids.len(), 4);
    let dsj: Vec<i64> = st
        .clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .filter(|c| c.source_path.contains("2024010"))
        .map(|c| c.id)
        .collect();
    st.clips()
        .label(
            &dsj,
            &Labels {
                case_number: Some("兖综执〔2024〕1号".into()),
                cause: Some("占道经营".into()),
                party: Some("王某某".into()),
            },
        )
        .expect("label");
    st.retention()
        .add_hold(&HoldTarget::Clips(vec![dsj[0]]), HoldReason::Evidence, None)
        .expect("hold");

    // The default week is the last complete one: 2024-W01 on Wednesday 10 January. (The CLI
    // runs on the real clock, so it is given the week.)
    assert_eq!(st.exports().last_complete_week().to_string(), "2024-W01");
    let out = tmp.path().join("U盘");
    std::fs::create_dir_all(&out).expect("out");
    let (code, report) = cli_json(
        &lib,
        &[
            "export",
            "week",
            "--week",
            "2024-W01",
            "--to",
            out.to_str().expect("utf8"),
            "--json",
        ],
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["week"], "2024-W01");
    assert_eq!(report["kind"], "week");
    assert_eq!(
        report["clips"], 4,
        "Sunday 23:59:59 in, Monday 00:00:00 of W02 out"
    );
    let name = report["name"].as_str().expect("name").to_string();
    assert_eq!(name, "兴隆分局_2024-W01");
    let bag = out.join(&name);
    let (valid, why) = bagit_validate(&py, &bag);
    assert!(valid, "{why}");
    assert!(!out.join(format!(".{name}.partial")).exists());
    // SM3 of every clip, as a tag file the tag manifest covers, checked by OpenSSL.
    assert_eq!(check_sm3sums(&bag), 4);
    assert!(std::fs::read_to_string(bag.join("tagmanifest-sha256.txt"))
        .expect("tag manifest")
        .contains("  SM3SUMS\n"));

    // Readable folders, Chinese kept, the same name in another letter case kept as well.
    // Files with no officer in their name wait for labels in 未分中队/未知人员.
    let day = bag.join("data/未分中队/未知人员/2024-01-05");
    let mut names: Vec<String> = std::fs::read_dir(&day)
        .expect("day folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with("现场检查 张三 (2).") && names[1].starts_with("现场检查 张三."));
    assert!(bag
        .join("data/一中队/080001 张三/2024-01-07/DSJ_EX1_080001_20240107_235959.MP4")
        .is_file());
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).expect("bag-info");
    for field in [
        "Source-Organization: 兴隆分局",
        "External-Identifier: 兴隆分局 2024-W01",
        "Bag-Group-Identifier: 兴隆分局 2024-W01",
        "Bagging-Date: ",
        "Payload-Oxum: ",
        "Bag-Size: ",
    ] {
        assert!(info.contains(field), "{field} in {info}");
    }
    assert!(std::fs::read_to_string(bag.join("audit-head.txt"))
        .expect("head")
        .contains("Audit log head"));
    assert!(std::fs::read_to_string(bag.join("docks.csv"))
        .expect("docks")
        .contains("EX1"));
    assert!(std::fs::read(bag.join("ledger.csv"))
        .expect("csv")
        .starts_with("\u{feff}序号,中队,警号".as_bytes()));

    // The ledger as Excel reads it: Chinese headers, one row per record, the labels.
    let rows = ledger_rows(&py, &bag.join("ledger.xlsx"));
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[0][1], "中队");
    assert_eq!(rows[0][4], "录制开始时间");
    let held = st.clips().get(dsj[0]).expect("clip");
    let row = rows
        .iter()
        .find(|r| r[14] == held.sha256.as_str())
        .expect("the held clip's row");
    assert_eq!(row[1], "一中队");
    assert_eq!(row[3], "张三");
    assert_eq!(row[8], "兖综执〔2024〕1号");
    assert_eq!(row[9], "占道经营");
    assert_eq!(row[10], "王某某");
    assert_eq!(row[12], "作为证据使用");
    assert_eq!(row[13], "长期保存");
    assert!(rows.iter().any(|r| r[4] == "2024-01-07 23:59:59"));

    // One flipped byte in a payload file: bagit and the station both say so.
    let victim = day.join(&names[1]);
    let good = std::fs::read(&victim).expect("read");
    let mut bad = good.clone();
    bad[1000] ^= 0x20;
    std::fs::write(&victim, &bad).expect("damage");
    assert!(!bagit_validate(&py, &bag).0);
    let out_verify = cli(&lib)
        .args(["export", "verify"])
        .arg(&bag)
        .output()
        .expect("verify");
    assert_eq!(out_verify.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out_verify.stdout).contains(&names[1]));
    let (_, history) = cli_json(&lib, &["export", "status", "--json"]);
    let w01 = history
        .as_array()
        .expect("weeks")
        .iter()
        .find(|w| w["week"] == "2024-W01")
        .expect("W01")
        .clone();
    assert_eq!(w01["packages"][0]["check_ok"], false);
    std::fs::write(&victim, &good).expect("mend");
    assert!(bagit_validate(&py, &bag).0);

    // The week is complete: nothing new to export. Written again elsewhere, its payload
    // manifest is the same byte for byte.
    let (code, again) = cli_json(
        &lib,
        &[
            "export",
            "week",
            "--week",
            "2024-W01",
            "--to",
            out.to_str().expect("utf8"),
            "--json",
        ],
    );
    assert_eq!((code, again), (0, serde_json::Value::Null));
    let out2 = tmp.path().join("second");
    std::fs::create_dir_all(&out2).expect("out2");
    let (code, _) = cli_json(
        &lib,
        &[
            "export",
            "week",
            "--week",
            "2024-W01",
            "--again",
            "--to",
            out2.to_str().expect("utf8"),
            "--json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(bag.join("manifest-sha256.txt")).expect("m1"),
        std::fs::read(out2.join(&name).join("manifest-sha256.txt")).expect("m2")
    );

    // Status: W01 complete; the neighbours' clips are not yet out.
    let (_, status) = cli_json(&lib, &["export", "status", "--json"]);
    let pending = |w: &str| {
        status
            .as_array()
            .expect("weeks")
            .iter()
            .find(|x| x["week"] == w)
            .map(|x| x["pending"].clone())
    };
    assert_eq!(pending("2024-W01"), Some(0.into()));
    assert_eq!(pending("2024-W02"), Some(1.into()));
    assert_eq!(pending("2023-W52"), Some(1.into()));
}

#[test]
fn a_late_clip_goes_into_a_supplementary_package_and_requests_are_packages_too() {
    let Some(py) = pytools() else {
        return skip("export", "bagit and openpyxl are missing: run tests/run.sh");
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let (_clock, st, lib) = station(tmp.path());
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let first = st
        .exports()
        .week(
            station_core::export::IsoWeek::parse("2024-W01").expect("week"),
            &out,
            false,
            &NoEvents,
        )
        .expect("export")
        .expect("a package");
    assert_eq!(first.clips, 4);

    // A recorder docked late with a clip of Wednesday 3 January.
    let mut late = FakeRecorder::new(&tmp.path().join("late"));
    late.dsj("EX2", "080001", "20240103_120000", "", 33_000);
    assert!(st
        .ingest(&late.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let (_, status) = cli_json(&lib, &["export", "status", "--json"]);
    let w01 = |s: &serde_json::Value| {
        s.as_array()
            .expect("weeks")
            .iter()
            .find(|x| x["week"] == "2024-W01")
            .expect("W01")
            .clone()
    };
    assert_eq!(
        w01(&status)["pending"],
        1,
        "the late clip is not silently nowhere"
    );
    let (code, supplement) = cli_json(
        &lib,
        &[
            "export",
            "week",
            "--week",
            "2024-W01",
            "--to",
            out.to_str().expect("utf8"),
            "--json",
        ],
    );
    assert_eq!(code, 0, "{supplement}");
    assert_eq!(supplement["kind"], "supplement");
    assert_eq!(supplement["clips"], 1);
    assert_eq!(supplement["name"], "兴隆分局_2024-W01_补充01");
    let (valid, why) = bagit_validate(&py, &out.join("兴隆分局_2024-W01_补充01"));
    assert!(valid, "{why}");
    let (_, status) = cli_json(&lib, &["export", "status", "--json"]);
    assert_eq!(w01(&status)["pending"], 0);
    assert_eq!(w01(&status)["packages"].as_array().expect("p").len(), 2);

    // A district request for a case, with who asked and why on record.
    let ids = week_ids(&st);
    st.clips()
        .label(
            &ids[..2],
            &Labels {
                case_number: Some("兖综执〔2024〕9号".into()),
                ..Default::default()
            },
        )
        .expect("label");
    // Approved now, as the CLI's clock has it.
    approved(
        &lib,
        Arc::new(station_core::SystemClock),
        station_core::access::AccessTarget::Case("兖综执〔2024〕9号".into()),
        Purpose::District,
    );
    let (code, request) = cli_json(
        &lib,
        &[
            "export",
            "request",
            "--case",
            "兖综执〔2024〕9号",
            "--to",
            out.to_str().expect("utf8"),
            "--reason",
            "区局法制科调阅",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{request}");
    assert_eq!(request["clips"], 2);
    let bag = out.join(request["name"].as_str().expect("name"));
    let (valid, why) = bagit_validate(&py, &bag);
    assert!(valid, "{why}");
    assert!(std::fs::read_to_string(bag.join("bag-info.txt"))
        .expect("info")
        .contains("区局法制科调阅"));
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    let detail: String = db
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'export_request'",
            [],
            |r| r.get(0),
        )
        .expect("the request is audited");
    assert!(detail.contains("区局法制科调阅"));
    // Without a reason it is refused.
    let out_none = cli(&lib)
        .args([
            "export",
            "request",
            "--clip",
            &ids[0].to_string(),
            "--reason",
            " ",
            "--to",
        ])
        .arg(&out)
        .output()
        .expect("request");
    assert_eq!(out_none.status.code(), Some(2));
}

#[test]
fn a_drive_too_small_is_refused_and_an_interrupted_package_resumes() {
    let Some(py) = pytools() else {
        return skip("export", "bagit and openpyxl are missing: run tests/run.sh");
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let (_clock, st, lib) = station(tmp.path());
    let week = station_core::export::IsoWeek::parse("2024-W01").expect("week");

    // A drive with too little room: said plainly, nothing written.
    match Mount::tmpfs(&tmp.path().join("tiny"), 1) {
        Ok(tiny) => {
            let out = cli(&lib)
                .args(["export", "week", "--week", "2024-W01", "--json", "--to"])
                .arg(&tiny.dir)
                .output()
                .expect("export");
            assert_eq!(out.status.code(), Some(2));
            assert!(String::from_utf8_lossy(&out.stdout).contains("will_not_fit"));
            assert!(String::from_utf8_lossy(&out.stderr).contains("空间不足"));
            assert_eq!(files_under(&tiny.dir), Vec::<PathBuf>::new());
        }
        Err(why) => skip("export to a full drive", &why),
    }

    // What an interrupted write leaves: a hidden partial package with one file cut short and
    // one damaged. The next run keeps the good files, copies the others again, and finishes.
    let first = tmp.path().join("first");
    std::fs::create_dir_all(&first).expect("dir");
    let report = st
        .exports()
        .week(week, &first, false, &NoEvents)
        .expect("export")
        .expect("package");
    let second = tmp.path().join("second");
    let partial = second.join(format!(".{}.partial", report.name));
    std::fs::create_dir_all(&second).expect("dir");
    assert!(Command::new("cp")
        .args(["-a"])
        .arg(first.join(&report.name))
        .arg(&partial)
        .status()
        .expect("cp")
        .success());
    for tag in [
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "bag-info.txt",
    ] {
        std::fs::remove_file(partial.join(tag)).expect("tag");
    }
    // The station marks its work folder as its own; a run that was cut off leaves the mark.
    std::fs::write(
        partial.join(station_core::destination::MARK),
        report.name.as_bytes(),
    )
    .expect("mark");
    let payload = files_under(&partial.join("data"));
    let cut = &payload[0];
    let len = std::fs::metadata(cut).expect("meta").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(cut)
        .expect("open")
        .set_len(len / 2)
        .expect("cut");
    let flipped = &payload[1];
    let mut bytes = std::fs::read(flipped).expect("read");
    bytes[500] ^= 1;
    std::fs::write(flipped, &bytes).expect("flip");
    let resumed = st
        .exports()
        .week(week, &second, true, &NoEvents)
        .expect("export")
        .expect("package");
    assert!(resumed.check.ok, "{:?}", resumed.check);
    let (valid, why) = bagit_validate(&py, &second.join(&report.name));
    assert!(valid, "{why}");
    assert!(!partial.exists());
    assert_eq!(resumed.manifest_sha256, report.manifest_sha256);
}

/// A folder someone prepared where a package is to be written: its `.partial` holds a link
/// where the ledger goes. The export is refused with a plain message and nothing is written
/// through the link; the prepared folder is left as it was.
#[test]
fn an_export_never_writes_through_a_prepared_partial_package() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_clock, st, _lib) = station(tmp.path());
    let week = station_core::export::IsoWeek::parse("2024-W01").expect("week");
    let to = tmp.path().join("drive");
    let name = format!("兴隆分局_{week}");
    let prepared = to.join(format!(".{name}.partial"));
    std::fs::create_dir_all(&prepared).expect("prepared");
    let outside = tmp.path().join("station-file.csv");
    std::fs::write(&outside, "the station's own").expect("outside");
    std::os::unix::fs::symlink(&outside, prepared.join("ledger.csv")).expect("link");
    let err = st
        .exports()
        .week(week, &to, false, &NoEvents)
        .expect_err("a prepared partial");
    assert!(
        err.message(station_core::Lang::Zh)
            .contains("不是本站留下的未完成副本"),
        "{}",
        err.message(station_core::Lang::Zh)
    );
    assert_eq!(
        std::fs::read_to_string(&outside).expect("outside"),
        "the station's own"
    );
    assert!(std::fs::symlink_metadata(prepared.join("ledger.csv"))
        .expect("link kept")
        .file_type()
        .is_symlink());
}

/// A package's manifest is written by whoever made the package: `export verify` never reads
/// a path that leads out of it, and a file replaced by a link is not the file.
#[test]
fn export_verify_refuses_manifest_paths_outside_the_package_and_links() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_clock, st, lib) = station(tmp.path());
    let week = station_core::export::IsoWeek::parse("2024-W01").expect("week");
    let to = tmp.path().join("drive");
    std::fs::create_dir_all(&to).expect("to");
    let report = st
        .exports()
        .week(week, &to, false, &NoEvents)
        .expect("export")
        .expect("package");
    let bag = to.join(&report.name);
    let secret = lib.join("catalog.sqlite");
    let manifest = bag.join("manifest-sha256.txt");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    text.push_str(&format!(
        "{}  data/../../../../../../{}\n",
        "0".repeat(64),
        secret.display()
    ));
    text.push_str(&format!("{}  {}\n", "0".repeat(64), secret.display()));
    std::fs::write(&manifest, text).expect("manifest");
    let (code, out) = cli_json(
        &lib,
        &["export", "verify", bag.to_str().expect("utf8"), "--json"],
    );
    assert_eq!(code, 1, "{out:#}");
    assert_eq!(
        out["outside"].as_array().expect("outside").len(),
        2,
        "{out:#}"
    );
    assert_eq!(out["ok"], false);

    // A payload file replaced by a link to the stored original: same bytes, not the file.
    let again = tmp.path().join("again");
    std::fs::create_dir_all(&again).expect("again");
    let report = st
        .exports()
        .week(week, &again, true, &NoEvents)
        .expect("export")
        .expect("package");
    let bag = again.join(&report.name);
    let one = files_under(&bag.join("data")).remove(0);
    let rel = one
        .strip_prefix(&bag)
        .expect("rel")
        .to_string_lossy()
        .to_string();
    let clip = st
        .clips()
        .list(&Default::default())
        .expect("clips")
        .into_iter()
        .find(|c| std::fs::read(&c.path).ok() == std::fs::read(&one).ok())
        .expect("the stored original");
    std::fs::remove_file(&one).expect("rm");
    std::os::unix::fs::symlink(&clip.path, &one).expect("link");
    let check = st.exports().verify(&bag, &NoEvents).expect("verify");
    assert!(!check.ok, "{check:?}");
    assert!(
        check.missing.contains(&rel) || check.mismatched.contains(&rel),
        "{check:?}"
    );
}

/// A label that a spreadsheet would read as a formula stays text in the ledger.
#[test]
fn a_label_written_as_a_formula_is_text_in_the_ledger() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_clock, st, _lib) = station(tmp.path());
    st.clips()
        .label(
            &week_ids(&st),
            &Labels {
                party: Some("=HYPERLINK(\"http://evil\",\"王某某\")".into()),
                ..Labels::default()
            },
        )
        .expect("label");
    let week = station_core::export::IsoWeek::parse("2024-W01").expect("week");
    let to = tmp.path().join("drive");
    std::fs::create_dir_all(&to).expect("to");
    let report = st
        .exports()
        .week(week, &to, false, &NoEvents)
        .expect("export")
        .expect("package");
    let ledger = std::fs::read_to_string(to.join(&report.name).join("ledger.csv")).expect("csv");
    assert!(
        ledger.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"王某某\"\")\""),
        "{ledger}"
    );
    assert!(!ledger.contains(",=HYPERLINK"), "{ledger}");
}
