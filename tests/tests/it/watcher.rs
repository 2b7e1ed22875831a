//! The dock watcher with real exFAT cards mounted under a watched root: recorders ingest
//! themselves when docked, several at once; pulling one mid-copy, docking a non-recorder or
//! stopping the station leaves everything consistent and the watcher running.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use station_core::events::NoEvents;
use station_core::{IngestOptions, SystemClock};
use station_tests::mounts::Mount;
use station_tests::*;

struct Watcher {
    child: Child,
    events: Arc<Mutex<Vec<Value>>>,
}

impl Watcher {
    fn start(lib: &Path, root: &Path) -> Watcher {
        let mut child = cli(lib)
            .args(["watch", "--json", "--mount-root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start watch");
        let events = Arc::new(Mutex::new(Vec::new()));
        let out = child.stdout.take().expect("stdout");
        let sink = events.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    sink.lock().expect("lock").push(v);
                }
            }
        });
        let w = Watcher { child, events };
        w.wait_for("the watcher to start", Duration::from_secs(10), |e| {
            e["event"] == "watching"
        });
        w
    }

    /// Wait for an event matching `pred`; returns it.
    fn wait_for(&self, what: &str, limit: Duration, pred: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        loop {
            if let Some(v) = self.events.lock().expect("lock").iter().find(|e| pred(e)) {
                return v.clone();
            }
            assert!(
                start.elapsed() < limit,
                "no {what} within {limit:?}; events: {:#?}",
                self.events.lock().expect("lock")
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn count(&self, pred: impl Fn(&Value) -> bool) -> usize {
        self.events
            .lock()
            .expect("lock")
            .iter()
            .filter(|e| pred(e))
            .count()
    }

    /// SIGTERM, as systemd or a logout sends; returns the exit code.
    fn stop(mut self) -> Option<i32> {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Write a card image outside the watched root, so docking it is one atomic mount.
fn prepare_card(
    tmp: &Path,
    name: &str,
    mib: u64,
    fill: impl FnOnce(&mut FakeRecorder),
) -> Result<PathBuf, String> {
    let image = tmp.join(format!("{name}.img"));
    let prep = tmp.join(format!("prep-{name}"));
    let mut m = Mount::exfat(&image, &prep, mib, name)?;
    let mut rec = FakeRecorder::new(&m.dir);
    fill(&mut rec);
    m.unmount();
    Ok(image)
}

fn is_finished_for<'a>(mount: &'a Path) -> impl Fn(&Value) -> bool + 'a {
    move |e: &Value| e["event"] == "ingest_finished" && e["source"].as_str() == mount.to_str()
}

#[test]
fn docked_cards_ingest_themselves_within_seconds_two_at_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("media");
    std::fs::create_dir_all(&root).expect("root");
    let a = match prepare_card(tmp.path(), "DSJA", 64, |r| {
        r.dsj("AAA1", "050001", "20240105_080000", "", 4 << 20);
        r.dsj("AAA1", "050001", "20240105_090000", "_IMP", 2 << 20);
        r.file("DCIM/100MEDIA/IMG_0001.JPG", SAMPLE_JPG);
    }) {
        Ok(i) => i,
        Err(why) => return skip("dock watcher", &why),
    };
    let b = prepare_card(tmp.path(), "DSJB", 64, |r| {
        r.dsj("BBB2", "050002", "20240105_100000", "", 3 << 20);
    })
    .expect("second card");
    let lib = tmp.path().join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);
    let w = Watcher::start(&lib, &root);

    let (ma, mb) = (root.join("DSJA"), root.join("DSJB"));
    let docked_at = Instant::now();
    let _ca = Mount::exfat_again(&a, &ma).expect("dock A");
    let _cb = Mount::exfat_again(&b, &mb).expect("dock B");
    for m in [&ma, &mb] {
        w.wait_for("a docked event", Duration::from_secs(2), |e| {
            e["event"] == "docked" && e["mount"].as_str() == m.to_str()
        });
    }
    assert!(
        docked_at.elapsed() <= Duration::from_secs(2) + Duration::from_millis(200),
        "{:?}",
        docked_at.elapsed()
    );
    let fa = w.wait_for("A's ingest", Duration::from_secs(30), is_finished_for(&ma));
    let fb = w.wait_for("B's ingest", Duration::from_secs(30), is_finished_for(&mb));
    assert_eq!(
        (fa["copied"].as_u64(), fa["failed"].as_u64()),
        (Some(3), Some(0)),
        "{fa:#}"
    );
    assert_eq!(
        (fb["copied"].as_u64(), fb["failed"].as_u64()),
        (Some(1), Some(0)),
        "{fb:#}"
    );
    assert_eq!(fa["device"], "AAA1");
    assert!(fa["flags"]
        .as_array()
        .expect("flags")
        .contains(&Value::from("unregistered_device")));
    assert!(fa["free_bytes"].as_u64().expect("free") > 0);

    let (_, docks) = cli_json(&lib, &["docks", "list", "--json"]);
    assert_eq!(docks.as_array().expect("a").len(), 2);
    assert_eq!(w.stop(), Some(0), "SIGTERM ends the watcher cleanly");
}

#[test]
fn pulled_mid_copy_then_redocked_and_a_non_recorder_ignored_without_a_restart() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("media");
    std::fs::create_dir_all(&root).expect("root");
    let card = match prepare_card(tmp.path(), "DSJC", 400, |r| {
        for i in 0..16 {
            r.dsj(
                "CCC3",
                "050003",
                &format!("20240105_11{i:02}00"),
                "",
                20 << 20,
            );
        }
    }) {
        Ok(i) => i,
        Err(why) => return skip("dock watcher", &why),
    };
    let backup = prepare_card(tmp.path(), "BACKUP", 32, |r| {
        r.file("报告/周报.docx", b"not evidence");
        r.file("notes.txt", b"not evidence either");
    })
    .expect("backup disk");
    let lib = tmp.path().join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);
    let w = Watcher::start(&lib, &root);

    // A disk that is no recorder: ignored, said once.
    let mb = root.join("BACKUP");
    let _b = Mount::exfat_again(&backup, &mb).expect("mount backup");
    w.wait_for("the backup disk ignored", Duration::from_secs(3), |e| {
        e["event"] == "mount_ignored" && e["reason"] == "no_media"
    });

    // The recorder, pulled out in the middle.
    let mc = root.join("DSJC");
    let mut c = Mount::exfat_again(&card, &mc).expect("dock");
    let lib_media = lib.join("media");
    let start = Instant::now();
    while files_under(&lib_media).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(30), "nothing stored");
        std::thread::sleep(Duration::from_millis(2));
    }
    c.pull();
    let first = w.wait_for(
        "the interrupted ingest",
        Duration::from_secs(30),
        is_finished_for(&mc),
    );
    assert_eq!(first["stopped"]["code"], "recorder_gone", "{first:#}");
    let stored = first["copied"].as_u64().expect("n");
    assert!(stored < 16, "{first:#}");
    w.wait_for("the undock", Duration::from_secs(5), |e| {
        e["event"] == "undocked" && e["mount"].as_str() == mc.to_str()
    });
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    assert!(
        files_under(&lib.join(".staging")).is_empty(),
        "the stopped job left partial copies"
    );

    // Docked again: the rest comes in, without restarting the watcher.
    let _c = Mount::exfat_again(&card, &mc).expect("re-dock");
    let start = Instant::now();
    let second = loop {
        let done: Vec<Value> = w
            .events
            .lock()
            .expect("lock")
            .iter()
            .filter(|e| is_finished_for(&mc)(e))
            .cloned()
            .collect();
        if done.len() >= 2 {
            break done[1].clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no second ingest"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(second["failed"], 0, "{second:#}");
    assert_eq!(
        second["copied"].as_u64().expect("n") + second["skipped"].as_u64().expect("n"),
        16
    );
    assert_eq!(st.clips().count().expect("count"), 16);
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    assert_eq!(
        w.count(|e| e["event"] == "mount_ignored"),
        1,
        "ignored once, not at every rescan"
    );
    assert_eq!(w.stop(), Some(0));
}

#[test]
fn stopping_the_station_mid_ingest_stores_nothing_partial_and_the_next_run_completes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("media");
    std::fs::create_dir_all(&root).expect("root");
    let card = match prepare_card(tmp.path(), "DSJD", 400, |r| {
        for i in 0..12 {
            r.dsj(
                "DDD4",
                "050004",
                &format!("20240105_12{i:02}00"),
                "",
                24 << 20,
            );
        }
    }) {
        Ok(i) => i,
        Err(why) => return skip("dock watcher", &why),
    };
    let lib = tmp.path().join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);
    let w = Watcher::start(&lib, &root);
    let md = root.join("DSJD");
    let _d = Mount::exfat_again(&card, &md).expect("dock");
    let start = Instant::now();
    while files_under(&lib.join("media")).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(30), "nothing stored");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(w.stop(), Some(0));
    let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
    assert!(files_under(&lib.join(".staging")).is_empty());
    assert!(st.clips().verify(&NoEvents).expect("verify").clean());
    let r = st
        .ingest(&md, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(r.complete(), "{r:#?}");
    assert_eq!(st.clips().count().expect("count"), 12);
}

#[test]
fn a_camera_card_without_serials_is_recognised_by_its_registered_volume_label() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("media");
    std::fs::create_dir_all(&root).expect("root");
    let card = match prepare_card(tmp.path(), "CAM42", 64, |r| {
        r.file("DCIM/100MEDIA/IMG_0001.JPG", SAMPLE_JPG);
        r.file("DCIM/100MEDIA/MOV_0002.MP4", &mp4_of_size(1 << 20, 9));
    }) {
        Ok(i) => i,
        Err(why) => return skip("volume label recognition", &why),
    };
    let lib = tmp.path().join("lib");
    found(&lib, None, Arc::new(SystemClock), &[]);
    let out = cli(&lib)
        .args([
            "devices",
            "add",
            "--serial",
            "CAMERA-42",
            "--volume-label",
            "CAM42",
        ])
        .output()
        .expect("register");
    assert!(out.status.success());
    let w = Watcher::start(&lib, &root);
    // The desktop mounts it under a generic name: only the label tells which camera it is.
    let mount = root.join("usb0");
    let _m = Mount::exfat_again(&card, &mount).expect("dock");
    let done = w.wait_for(
        "the camera's ingest",
        Duration::from_secs(30),
        is_finished_for(&mount),
    );
    assert_eq!(done["device"], "CAMERA-42", "{done:#}");
    assert_eq!(done["recognised_by"], "volume_label");
    assert_eq!(done["copied"], 2);
    assert!(!done["flags"]
        .as_array()
        .expect("flags")
        .contains(&Value::from("unregistered_device")));
    assert_eq!(w.stop(), Some(0));
}

#[test]
fn a_docked_card_reaches_the_district_store_within_a_minute() {
    use station_core::district::DistrictConnection;
    use station_tests::seaweed::{Seaweed, ACCESS_KEY, SECRET_KEY};
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("media");
    std::fs::create_dir_all(&root).expect("root");
    let card = match prepare_card(tmp.path(), "DSJD", 64, |r| {
        r.dsj("DDD4", "050004", "20240105_080000", "", 3 << 20);
        r.dsj("DDD4", "050004", "20240105_083000", "", 1 << 20);
    }) {
        Ok(i) => i,
        Err(why) => return skip("dock watcher", &why),
    };
    let weed = match Seaweed::start(&tmp.path().join("weed")) {
        Ok(s) => s,
        Err(why) => return skip("the district store", &why),
    };
    weed.store("evidence").create_bucket(true).expect("bucket");
    let lib = tmp.path().join("lib");
    drop(found(&lib, None, Arc::new(SystemClock), &[]));
    let connection = DistrictConnection {
        url: weed.url.clone(),
        bucket: "evidence".into(),
        branch: "xl-04".into(),
        access_key: ACCESS_KEY.into(),
    };
    signed_in(&lib, Arc::new(SystemClock), ADMIN)
        .set_district(&connection, Some(SECRET_KEY))
        .expect("connect the district");
    let w = Watcher::start(&lib, &root);

    let mount = root.join("DSJD");
    let docked_at = Instant::now();
    let _c = Mount::exfat_again(&card, &mount).expect("dock");
    w.wait_for(
        "the ingest",
        Duration::from_secs(30),
        is_finished_for(&mount),
    );
    // The station sends on its own, beside whatever else it does.
    let store = weed.store("evidence");
    let minute = Duration::from_secs(60);
    while store.versions("xl-04/clips/").expect("versions").len() < 2 {
        assert!(
            docked_at.elapsed() < minute,
            "not in the district within a minute"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    w.wait_for("the round's report", Duration::from_secs(10), |e| {
        e["event"] == "district_pushed" && e["report"]["pushed"].as_u64() > Some(0)
    });
    assert_eq!(w.stop(), Some(0));
}
