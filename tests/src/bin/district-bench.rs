//! Benchmark (not a test): pushing a library to the district's store against `rclone copy` of
//! the same stored files to the same SeaweedFS, in the same run; and verified ingest with a
//! background push running beside it against the same with the queue idle. Prints the medians
//! and ratios.
//!
//!     cargo build --release -p station-tests --bin district-bench && ./target/release/district-bench [--mib 1024] [--file-mib 256] [--runs 3] [--mbps N] [--work DIR]
//!
//! Needs `weed` in target/pytools (the test command installs it) and Debian's `rclone`. As
//! root, the page cache is dropped before every timed run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use station_core::district::{DistrictConnection, Round};
use station_core::events::NoEvents;
use station_core::{IngestOptions, Station, SystemClock};
use station_tests::bench::{fresh, median, sh, timed};
use station_tests::seaweed::{Seaweed, ACCESS_KEY, SECRET_KEY};
use station_tests::{found, signed_in, FakeRecorder, ADMIN, CUSTODIAN};

struct Args {
    mib: usize,
    file_mib: usize,
    runs: usize,
    /// `district_bandwidth_mbps` while ingesting beside a push (0: no limit).
    mbps: u32,
    work: PathBuf,
}

fn parse_args() -> Args {
    let mut a = Args {
        mib: 1024,
        file_mib: 256,
        runs: 3,
        mbps: 0,
        // Never the repository folder: a bench makes libraries, cards and a store.
        work: std::env::temp_dir(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--mib" => a.mib = value.parse().unwrap_or(a.mib),
            "--file-mib" => a.file_mib = value.parse().unwrap_or(a.file_mib),
            "--runs" => a.runs = value.parse().unwrap_or(a.runs).max(1),
            "--mbps" => a.mbps = value.parse().unwrap_or(a.mbps),
            "--work" => a.work = PathBuf::from(value),
            _ => {
                eprintln!("usage: district-bench [--mib N] [--file-mib N] [--runs N] [--mbps N] [--work DIR]");
                std::process::exit(2);
            }
        }
    }
    a
}

/// How many videos of `file_mib` a card holds.
fn videos(args: &Args) -> usize {
    (args.mib / args.file_mib.max(1)).max(1)
}

/// A shift's worth of one recorder: long videos split at `file_mib`, starting at `hour`.
fn card(dir: &Path, serial: &str, hour: usize, args: &Args) -> PathBuf {
    fresh(dir);
    let mut rec = FakeRecorder::new(dir);
    for i in 0..videos(args) {
        let at = format!("20240105_{:02}{:02}00", hour + i / 60, i % 60);
        rec.dsj(serial, "012345", &at, "", args.file_mib << 20);
    }
    rec.root.clone()
}

/// A library with `card` ingested, connected to the store as branch `branch`.
fn library(lib: &Path, card: &Path, weed: &Seaweed, branch: &str, mbps: u32) -> Station {
    fresh(lib);
    let clock = Arc::new(SystemClock);
    let mbps = mbps.to_string();
    let st = found(
        lib,
        Some("基准分局"),
        clock.clone(),
        &[("district_bandwidth_mbps", &mbps)],
    );
    let connection = DistrictConnection {
        url: weed.url.clone(),
        bucket: "evidence".into(),
        branch: branch.into(),
        access_key: ACCESS_KEY.into(),
    };
    signed_in(lib, clock, ADMIN)
        .set_district(&connection, Some(SECRET_KEY))
        .expect("connect");
    let report = st
        .ingest(card, &IngestOptions::default(), &NoEvents)
        .expect("ingest");
    assert!(report.complete(), "{report:#?}");
    st
}

/// `rclone copy` of `from` into `to` (bucket/prefix), with the store's address and key pair from the
/// environment as a remote named `district`; rclone's defaults (MD5 checked per upload).
fn rclone(from: &Path, weed: &Seaweed, to: &str) {
    sh(Command::new("rclone")
        .arg("copy")
        .arg(from)
        .arg(format!("district:{to}"))
        .env("RCLONE_CONFIG_DISTRICT_TYPE", "s3")
        .env("RCLONE_CONFIG_DISTRICT_PROVIDER", "Other")
        .env("RCLONE_CONFIG_DISTRICT_ENDPOINT", &weed.url)
        .env("RCLONE_CONFIG_DISTRICT_ACCESS_KEY_ID", ACCESS_KEY)
        .env("RCLONE_CONFIG_DISTRICT_SECRET_ACCESS_KEY", SECRET_KEY)
        // A CA bundle in the environment makes rclone's S3 client fail on its own transport;
        // the store here is plain HTTP.
        .env_remove("AWS_CA_BUNDLE")
        .stdout(Stdio::null()));
}

/// Rounds of the background queue, as the app runs them, until `stop`.
fn pushing(lib: PathBuf, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut pushed = 0;
        // On its own connection, as the app's queue runs.
        let st = signed_in(&lib, Arc::new(SystemClock), CUSTODIAN);
        while !stop.load(Ordering::Relaxed) {
            let report = st
                .push_district(Round::Background { stop: &stop })
                .expect("round");
            pushed += report.pushed;
            std::thread::sleep(Duration::from_millis(500));
        }
        pushed
    })
}

fn main() {
    let args = parse_args();
    if Command::new("rclone").arg("version").output().is_err() {
        eprintln!("district-bench needs Debian's rclone (apt-get install rclone)");
        std::process::exit(2);
    }
    std::fs::create_dir_all(&args.work).expect("work dir");
    // A folder of this run's own inside --work, removed when the run ends.
    let scratch = tempfile::Builder::new()
        .prefix("district-bench-")
        .tempdir_in(&args.work)
        .expect("work dir");
    let work = scratch.path().to_path_buf();
    let weed = Seaweed::start(&work.join("weed")).unwrap_or_else(|e| {
        eprintln!("cannot start SeaweedFS: {e}");
        std::process::exit(2);
    });
    weed.store("evidence").create_bucket(true).expect("bucket");
    let first = card(&work.join("card-a"), "BENCHA1", 8, &args);
    let second = card(&work.join("card-b"), "BENCHB1", 14, &args);
    let total_mib = videos(&args) * args.file_mib;
    println!(
        "each card: {} × {} MiB videos ({total_mib} MiB) on the local disk; SeaweedFS 4.48 (`weed server`) on 127.0.0.1, its data on the same disk",
        videos(&args),
        args.file_mib
    );
    println!("runs: {} each; medians reported\n", args.runs);

    let (mut push, mut copy, mut alone, mut beside) = (vec![], vec![], vec![], vec![]);
    for run in 0..args.runs {
        // A branch per run and kind: a locked version cannot be deleted, nor should it be.
        let branch = |what: &str| format!("bench-{what}-{run}");
        let lib = work.join("library");
        let st = library(&lib, &first, &weed, &branch("push"), 0);
        let t = timed(|| {
            let r = st.push_district(Round::Foreground).expect("push");
            assert!(r.failed.is_empty() && r.stopped.is_none(), "{r:#?}");
        });
        push.push(t);
        let t = timed(|| rclone(&lib.join("media"), &weed, &format!("rclone/{run}")));
        copy.push(t);

        // The second card into a library holding the first, its queue idle; then the same
        // into another such library while its background queue pushes the first card.
        let alone_lib = work.join("alone");
        let quiet = library(&alone_lib, &first, &weed, &branch("alone"), args.mbps);
        let t = timed(|| {
            let r = quiet.ingest(&second, &IngestOptions::default(), &NoEvents);
            assert!(r.expect("ingest").complete());
        });
        alone.push(t);
        let busy_lib = work.join("beside");
        let busy = library(&busy_lib, &first, &weed, &branch("beside"), args.mbps);
        let stop = Arc::new(AtomicBool::new(false));
        let pusher = pushing(busy_lib.clone(), stop.clone());
        let t = timed(|| {
            let r = busy.ingest(&second, &IngestOptions::default(), &NoEvents);
            assert!(r.expect("ingest").complete());
        });
        stop.store(true, Ordering::Relaxed);
        let pushed = pusher.join().expect("pusher");
        beside.push(t);
        println!(
            "run {}: push {:.2} s, rclone copy {:.2} s, ingest with the queue idle {:.2} s, beside a push {:.2} s ({pushed} clips pushed meanwhile)",
            run + 1, push[run], copy[run], alone[run], beside[run]
        );
    }
    let (push, copy, alone, beside) = (median(push), median(copy), median(alone), median(beside));
    let mibps = |t: f64| total_mib as f64 / t;
    println!();
    println!("| what | median | MiB/s | ratio |");
    println!("|---|---|---|---|");
    println!("| `rclone copy` of the stored files (4 transfers, MD5 checked) | {copy:.2} s | {:.0} | 1.00 |", mibps(copy));
    println!("| `district push` (SHA-256 per part checked by the store, COMPLIANCE lock, confirmed by HEAD) | {push:.2} s | {:.0} | **{:.2}× rclone** |", mibps(push), push / copy);
    println!(
        "| verified ingest of the second card, queue idle | {alone:.2} s | {:.0} | 1.00 |",
        mibps(alone)
    );
    let limit = match args.mbps {
        0 => "no bandwidth limit".to_string(),
        n => format!("`district_bandwidth_mbps` {n}"),
    };
    println!("| the same beside the background push ({limit}) | {beside:.2} s | {:.0} | **{:.2}× idle** |", mibps(beside), beside / alone);
    drop(weed);
}
