//! Long-term copies on disc: planning, an ISO image any court can check with ordinary tools
//! (extracted by xorriso, checked by sha256sum), read-back verification that names a damaged
//! file, Chinese names on the disc, and verified copies counting for retention.

use std::process::Command;
use std::sync::Arc;

use station_core::burn::{DiscTarget, Medium, MediumName};
use station_core::events::NoEvents;
use station_core::retention::{HoldReason, HoldTarget, RetentionState};
use station_core::{IngestOptions, Labels, SystemClock};
use station_tests::mounts::Mount;
use station_tests::*;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn discs_are_planned_written_read_back_and_checked_by_ordinary_tools() {
    if !have("xorriso") || !have("sha256sum") {
        return skip(
            "burn",
            "xorriso and sha256sum are needed (sudo apt-get install xorriso)",
        );
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    st.registry().add_squad("一中队").expect("squad");
    st.registry()
        .add_officer("100001", Some("张三"), Some("一中队"))
        .expect("officer");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    for i in 0..4 {
        rec.dsj(
            "BN1",
            "100001",
            &format!("20240105_10{i:02}00"),
            "",
            (3 + i) << 20,
        );
    }
    rec.file("现场检查_张三.mp4", &mp4_of_size(2 << 20, 77));
    rec.dsj("BN1", "100001", "20240105_120000", "", 1 << 20); // not held: not burned
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let clips = st.clips().list(&Default::default()).expect("list");
    let id_of = |needle: &str| {
        clips
            .iter()
            .find(|c| c.source_path.contains(needle))
            .expect("clip")
            .id
    };
    let (a, b, c, d, e) = (
        id_of("100000"),
        id_of("100100"),
        id_of("100200"),
        id_of("100300"),
        id_of("现场检查"),
    );
    // Case X: three clips held for review; two clips held as evidence.
    st.clips()
        .label(
            &[a, b, c],
            &Labels {
                case_number: Some("X-1".into()),
                ..Default::default()
            },
        )
        .expect("label");
    st.retention()
        .add_hold(&HoldTarget::Case("X-1".into()), HoldReason::Review, None)
        .expect("case hold");
    st.retention()
        .add_hold(&HoldTarget::Clips(vec![d, e]), HoldReason::Evidence, None)
        .expect("hold");

    // Before any plan the page must not say everything is copied: five clips lack two copies.
    let backlog = st.discs().backlog().expect("backlog");
    assert_eq!((backlog.clips, backlog.copies), (5, 10), "{backlog:?}");
    let discs = st.discs().plan(Medium::Cd).expect("plan");
    // Two copies, each on its own discs; the case's clips share one disc.
    assert!(discs.iter().any(|x| x.copy_no == 1) && discs.iter().any(|x| x.copy_no == 2));
    for copy in [1, 2] {
        let on: Vec<_> = discs.iter().filter(|x| x.copy_no == copy).collect();
        let all: Vec<i64> = on.iter().flat_map(|x| x.clips.clone()).collect();
        assert_eq!(all.len(), 5, "copy {copy} holds every long-term clip once");
        assert!(
            on.iter()
                .any(|x| [a, b, c].iter().all(|k| x.clips.contains(k))),
            "case X together"
        );
        for x in &on {
            assert!(x.bytes <= Medium::Cd.usable());
        }
    }
    let (_, plan) = cli_json(&lib, &["burn", "plan", "--media", "cd", "--json"]);
    for key in ["id", "media", "bytes", "capacity", "clips"] {
        assert!(plan[0].get(key).is_some(), "{key}");
    }
    let discs = st.discs().list().expect("discs");
    let first = discs
        .iter()
        .find(|x| x.clips.contains(&e))
        .expect("the disc with the Chinese name")
        .clone();

    // Write to an image file; the station reads it back before it counts.
    let image = tmp.path().join(format!("{}.iso", first.id));
    let check = st
        .discs()
        .write(&first.id, &DiscTarget::Image(image.clone()), &NoEvents)
        .expect("write");
    assert!(check.ok, "{check:#?}");
    assert_eq!(check.image_matches, Some(true));
    let after = st.discs().backlog().expect("backlog");
    assert_eq!(
        after.copies,
        10 - first.clips.len() as u64,
        "a written disc is one copy less to make"
    );

    // A court's clerk, without the station: extract with xorriso, check with sha256sum.
    let out = tmp.path().join("extracted");
    let x = Command::new("xorriso")
        .args(["-osirrox", "on", "-indev"])
        .arg(&image)
        .args(["-extract", "/"])
        .arg(&out)
        .output()
        .expect("xorriso");
    assert!(x.status.success(), "{}", String::from_utf8_lossy(&x.stderr));
    let sums = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&out)
        .output()
        .expect("sha256sum");
    assert!(
        sums.status.success(),
        "{}",
        String::from_utf8_lossy(&sums.stdout)
    );
    let said = String::from_utf8_lossy(&sums.stdout);
    assert!(
        said.contains("一中队/100001/") && said.contains("现场检查_张三.mp4: OK"),
        "{said}"
    );
    let readme = std::fs::read_to_string(out.join("README.txt")).expect("readme");
    assert!(
        readme.contains(&first.id)
            && readme.contains("sha256sum -c SHA256SUMS")
            && readme.contains("certutil")
            && readme.contains("openssl dgst -sm3")
    );
    assert_eq!(check_sm3sums(&out), first.clips.len());
    assert!(std::fs::read_to_string(out.join("MANIFEST.csv"))
        .expect("manifest")
        .contains("evidence"));

    // One flipped byte in a file's data on the disc: verify fails and names the file.
    let mut bytes = std::fs::read(&image).expect("image");
    let needle = &mp4_of_size(2 << 20, 77)[1 << 20..(1 << 20) + 64];
    let at = bytes
        .windows(64)
        .position(|w| w == needle)
        .expect("the file's bytes in the image");
    bytes[at + 10] ^= 0x40;
    let damaged = tmp.path().join("damaged.iso");
    std::fs::write(&damaged, &bytes).expect("write");
    let out = cli(&lib)
        .args(["burn", "verify", &first.id, "--image"])
        .arg(&damaged)
        .output()
        .expect("verify");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("现场检查_张三.mp4"), "{text}");
    // The good image still verifies (and the register says so again).
    let out = cli(&lib)
        .args(["burn", "verify", &first.id, "--image"])
        .arg(&image)
        .output()
        .expect("verify");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Both copies of clip e verified: once its hold is released, it may be disposed of.
    let second = st
        .discs()
        .list()
        .expect("discs")
        .into_iter()
        .find(|x| x.copy_no == 2 && x.clips.contains(&e))
        .expect("second copy");
    let image2 = tmp.path().join("second.iso");
    assert!(
        st.discs()
            .write(&second.id, &DiscTarget::Image(image2), &NoEvents)
            .expect("write")
            .ok
    );
    signed_in(&lib, Arc::new(SystemClock), BRANCH_HEAD)
        .retention()
        .release_hold(2, "判决已生效")
        .expect("release");
    let status = st
        .retention()
        .status(Some(chrono::Utc::now() + chrono::Duration::days(3650)))
        .expect("status");
    let s = status.iter().find(|s| s.id == e).expect("e");
    assert_eq!((s.state, s.verified_copies), (RetentionState::Eligible, 2));
    let (_, register) = cli_json(&lib, &["discs", "list", "--json"]);
    let verified: Vec<_> = register
        .as_array()
        .expect("a")
        .iter()
        .filter(|d| d["state"] == "verified")
        .collect();
    assert_eq!(verified.len(), 2);
    assert!(verified[0]["next_check"].as_str().is_some());
}

#[test]
fn long_term_copies_on_a_removable_drive_are_written_whole_read_back_and_registered() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut drive = match Mount::exfat(
        &tmp.path().join("drive.img"),
        &tmp.path().join("drive"),
        64,
        "ARCHIVE1",
    ) {
        Ok(m) => m,
        Err(why) => return skip("removable drive", &why),
    };
    let small = match Mount::exfat(
        &tmp.path().join("small.img"),
        &tmp.path().join("small"),
        8,
        "SMALL",
    ) {
        Ok(m) => m,
        Err(why) => return skip("removable drive", &why),
    };
    let lib = tmp.path().join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    st.registry().add_squad("一中队").expect("squad");
    st.registry()
        .add_officer("100001", Some("张三"), Some("一中队"))
        .expect("officer");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("BN1", "100001", "20240105_100000", "", 3 << 20);
    rec.dsj("BN1", "100001", "20240105_110000", "", 4 << 20);
    rec.file("强制拆除_李四.mp4", &mp4_of_size(2 << 20, 91));
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let ids: Vec<i64> = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .iter()
        .map(|c| c.id)
        .collect();
    st.retention()
        .add_hold(
            &HoldTarget::Clips(ids.clone()),
            HoldReason::Obstruction,
            None,
        )
        .expect("hold");

    // Planned for this drive: its free space is the capacity; two copies, one volume each.
    let (code, plan) = cli_json(
        &lib,
        &[
            "burn",
            "plan",
            "--media",
            "drive",
            "--drive",
            drive.dir.to_str().expect("utf-8"),
            "--json",
        ],
    );
    assert_eq!(code, 0, "{plan}");
    let plan = plan.as_array().expect("volumes").clone();
    assert_eq!(plan.len(), 2, "{plan:?}");
    assert!(plan.iter().all(|v| v["media"] == "drive"));
    let first = plan[0]["id"].as_str().expect("id").to_string();
    let second = plan[1]["id"].as_str().expect("id").to_string();

    // A volume planned for a drive is not written as a disc image.
    let out = cli(&lib)
        .args(["burn", "write", &first, "--image"])
        .arg(tmp.path().join("x.iso"))
        .output()
        .expect("write");
    assert_eq!(out.status.code(), Some(2));

    // A work folder somebody prepared on the drive (no mark of the station's, a link inside)
    // is refused and left as it is.
    let leftover = drive.dir.join(format!(".{first}.partial"));
    std::fs::create_dir_all(&leftover).expect("leftover");
    std::fs::write(leftover.join("half.mp4"), b"half").expect("leftover");
    let out = cli(&lib)
        .args(["burn", "write", &first, "--drive"])
        .arg(&drive.dir)
        .output()
        .expect("write");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("不是本站留下的未完成副本"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(leftover.join("half.mp4")).expect("kept"),
        b"half"
    );

    // What an interrupted write of the station's left behind does not count and is replaced.
    std::fs::write(
        leftover.join(station_core::destination::MARK),
        first.as_bytes(),
    )
    .expect("mark");
    let out = cli(&lib)
        .args(["burn", "write", &first, "--drive"])
        .arg(&drive.dir)
        .output()
        .expect("write");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!leftover.exists());
    let volume = drive.dir.join(&first);

    // Anyone can check the drive with sha256sum, without the station.
    let sums = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&volume)
        .output()
        .expect("sha256sum");
    let said = String::from_utf8_lossy(&sums.stdout);
    assert!(sums.status.success(), "{said}");
    assert!(said.contains("强制拆除_李四.mp4: OK"), "{said}");
    assert_eq!(said.matches(": OK").count(), 3, "{said}");
    assert_eq!(check_sm3sums(&volume), 3, "SM3SUMS names every clip");
    let readme = std::fs::read_to_string(volume.join("README.txt")).expect("readme");
    assert!(readme.contains("移动存储介质") && readme.contains(&first));
    assert!(std::fs::read_to_string(volume.join("MANIFEST.csv"))
        .expect("manifest")
        .contains("obstruction"));

    // One flipped byte on the drive: verify fails and names the file; mended, it passes.
    let damaged = files_under(&volume)
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("强制拆除_李四.mp4"))
        .expect("file on the drive");
    let good = std::fs::read(&damaged).expect("read");
    let mut bad = good.clone();
    bad[1 << 20] ^= 0x01;
    std::fs::write(&damaged, &bad).expect("damage");
    let out = cli(&lib)
        .args(["burn", "verify", &first, "--drive"])
        .arg(&drive.dir)
        .output()
        .expect("verify");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("强制拆除_李四.mp4"));
    std::fs::write(&damaged, &good).expect("mend");
    let out = cli(&lib)
        .args(["burn", "verify", &first, "--drive"])
        .arg(&drive.dir)
        .output()
        .expect("verify");
    assert_eq!(out.status.code(), Some(0));

    // The second copy does not fit on the small drive: refused before anything is written.
    let out = cli(&lib)
        .args(["burn", "write", &second, "--json", "--drive"])
        .arg(&small.dir)
        .output()
        .expect("write");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("will_not_fit"));
    assert_eq!(files_under(&small.dir), Vec::<std::path::PathBuf>::new());

    // Registered like a disc: verified, kept somewhere, a printable label.
    let out = cli(&lib)
        .args(["discs", "locate", &first, "--location", "档案室 2号柜"])
        .output()
        .expect("locate");
    assert_eq!(out.status.code(), Some(0));
    let (_, register) = cli_json(&lib, &["discs", "list", "--json"]);
    let entry = register
        .as_array()
        .expect("register")
        .iter()
        .find(|d| d["id"] == first.as_str())
        .expect("entry")
        .clone();
    assert_eq!(entry["state"], "verified");
    assert_eq!(entry["location"], "档案室 2号柜");
    let label = cli(&lib)
        .args(["discs", "label", &first])
        .output()
        .expect("label");
    let label = String::from_utf8_lossy(&label.stdout);
    assert!(label.contains(&first) && label.contains("第 1 份") && label.contains("3 条"));
    let status = st.retention().status(None).expect("status");
    assert!(status.iter().all(|s| s.verified_copies == 1));

    // Pulled: nothing to read back, the check fails and says so.
    drive.pull();
    let out = cli(&lib)
        .args(["burn", "verify", &first, "--drive"])
        .arg(&drive.dir)
        .output()
        .expect("verify");
    assert_eq!(out.status.code(), Some(1));
}

/// On FAT, exFAT and NTFS `A.MP4` and `a.mp4` are one file: the drive copy and the weekly
/// export name them by one rule that compares names without regard to case (`a (2).mp4`), so
/// neither can overwrite the other there. (Written to a plain folder: fusefat, the only FAT
/// driver these machines can mount, loses a renamed folder, which every drive copy is.)
#[test]
fn two_clips_named_alike_but_for_case_get_two_names_on_a_drive_and_in_an_export() {
    let tmp = tempfile::tempdir().expect("tmp");
    let drive = tmp.path().join("drive");
    std::fs::create_dir_all(&drive).expect("drive");
    let lib = tmp.path().join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.file("A.MP4", &mp4_of_size(200_000, 1));
    rec.file("a.mp4", &mp4_of_size(300_000, 2));
    let opts = IngestOptions {
        device: Some("CASE1".into()),
        officer: Some("100001".into()),
        ..IngestOptions::default()
    };
    assert!(st
        .ingest(&rec.root, &opts, &NoEvents)
        .expect("ingest")
        .complete());
    let ids: Vec<i64> = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .iter()
        .map(|c| c.id)
        .collect();
    st.retention()
        .add_hold(&HoldTarget::Clips(ids), HoldReason::Evidence, None)
        .expect("hold");
    let names = |dir: &std::path::Path| -> Vec<String> {
        let mut n: Vec<String> = files_under(dir)
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("mp4")))
            .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };

    let medium = st
        .discs()
        .medium(MediumName::Drive, Some(&drive))
        .expect("drive");
    let volume = st.discs().plan(medium).expect("plan")[0].clone();
    let check = st
        .discs()
        .write(&volume.id, &DiscTarget::Drive(drive.clone()), &NoEvents)
        .expect("write");
    assert!(check.ok, "{check:?}");
    assert_eq!(names(&drive.join(&volume.id)), ["A.MP4", "a (2).mp4"]);

    let week = station_core::export::IsoWeek::parse("2024-W01").expect("week");
    let report = st
        .exports()
        .week(week, &drive, false, &NoEvents)
        .expect("export")
        .expect("a package");
    assert!(report.check.ok, "{report:?}");
    assert_eq!(names(&drive.join(&report.name)), ["A.MP4", "a (2).mp4"]);
}

/// A drive copy whose file was replaced by a link into the library reads the same bytes, but
/// is no copy: `burn verify --drive` does not follow it.
#[test]
fn a_drive_copy_with_a_file_replaced_by_a_link_fails_its_check() {
    let tmp = tempfile::tempdir().expect("tmp");
    let drive = tmp.path().join("drive");
    std::fs::create_dir_all(&drive).expect("drive");
    let lib = tmp.path().join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.dsj("BL1", "100002", "20240105_100000", "", 300_000);
    st.ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    let clip = st
        .clips()
        .list(&Default::default())
        .expect("list")
        .remove(0);
    st.retention()
        .add_hold(
            &HoldTarget::Clips(vec![clip.id]),
            HoldReason::Obstruction,
            None,
        )
        .expect("hold");
    let medium = st
        .discs()
        .medium(MediumName::Drive, Some(&drive))
        .expect("drive");
    let volume = st.discs().plan(medium).expect("plan")[0].clone();
    let target = DiscTarget::Drive(drive.clone());
    assert!(
        st.discs()
            .write(&volume.id, &target, &NoEvents)
            .expect("write")
            .ok
    );
    let copy = files_under(&drive.join(&volume.id))
        .into_iter()
        .find(|f| std::fs::read(f).ok() == std::fs::read(&clip.path).ok())
        .expect("the copy");
    std::fs::remove_file(&copy).expect("rm");
    std::os::unix::fs::symlink(&clip.path, &copy).expect("link");
    let check = st
        .discs()
        .verify(&volume.id, &target, &NoEvents)
        .expect("verify");
    assert!(!check.ok, "{check:?}");
}
