//! Fault campaign (not a test): interruptions at random moments on real exFAT cards and drives,
//! each followed by the checks the station promises — the recorder untouched, nothing
//! half-written counted, the catalog equal to the disk, `verify` clean, the audit chain valid —
//! and a resume that completes. Prints "faults survived K/N" for each kind.
//!
//!     cargo run --release -p station-tests --bin fault-campaign -- \
//!         [--kills 50] [--pulls 20] [--full 20] [--export-kills 20] [--drive-kills 20] \
//!         [--many 100000] [--seed N]
//!
//! `--many N` also docks one card of N small files and says how long it took.
//!
//! Needs root (loop devices, FUSE, tmpfs), exfatprogs and exfat-fuse; works under a temporary
//! folder only. The seed is printed so that a failing trial can be replayed.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use station_core::events::NoEvents;
use station_core::retention::{HoldReason, HoldTarget};
use station_core::{IngestOptions, SystemClock};
use station_tests::mounts::Mount;
use station_tests::*;

const FILES: usize = 12;
const FILE_MIB: usize = 8;

struct Args {
    kills: usize,
    pulls: usize,
    full: usize,
    export_kills: usize,
    drive_kills: usize,
    many: usize,
    seed: u64,
}

fn parse_args() -> Args {
    let mut a = Args {
        kills: 50,
        pulls: 20,
        full: 20,
        export_kills: 20,
        drive_kills: 20,
        many: 0,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let n: u64 = it
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| usage());
        match flag.as_str() {
            "--kills" => a.kills = n as usize,
            "--pulls" => a.pulls = n as usize,
            "--full" => a.full = n as usize,
            "--export-kills" => a.export_kills = n as usize,
            "--drive-kills" => a.drive_kills = n as usize,
            "--many" => a.many = n as usize,
            "--seed" => a.seed = n,
            _ => usage(),
        }
    }
    a
}

fn usage() -> ! {
    eprintln!(
        "usage: fault-campaign [--kills N] [--pulls N] [--full N] [--export-kills N] \
         [--drive-kills N] [--many FILES] [--seed N]"
    );
    std::process::exit(2)
}

/// xorshift64*: enough randomness for moments and sizes, reproducible from the seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// A card image with FILES recordings, built once; each trial docks a copy of it.
struct Card {
    image: PathBuf,
    before: std::collections::BTreeMap<Vec<u8>, FileState>,
}

fn make_card(work: &Path) -> Result<Card, String> {
    let image = work.join("card.img");
    let mut m = Mount::exfat(&image, &work.join("prep"), 160, "DSJ001")?;
    let mut rec = FakeRecorder::new(&m.dir);
    for i in 0..FILES {
        rec.dsj(
            "FC1",
            "000001",
            &format!("20240105_10{i:02}00"),
            "",
            FILE_MIB << 20,
        );
    }
    m.unmount();
    // Read back as docked: exFAT keeps times to 10 ms, the page cache kept them to the ns.
    let mut m = Mount::exfat_again(&image, &work.join("prep"))?;
    let before = FakeRecorder::new(&m.dir).snapshot();
    m.unmount();
    Ok(Card { image, before })
}

/// Dock a fresh copy of the card at `dir`.
fn dock(card: &Card, trial: &Path) -> Result<Mount, String> {
    let copy = trial.join("card.img");
    std::fs::copy(&card.image, &copy).map_err(|e| e.to_string())?;
    Mount::exfat_again(&copy, &trial.join("DSJ001"))
}

fn spawn(lib: &Path, args: &[&str]) -> Child {
    cli(lib)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the CLI")
}

fn kill_after(mut child: Child, ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
    let _ = child.kill();
    let _ = child.wait();
}

/// What must hold after any interruption, and again after the resume.
fn promises_hold(lib: &Path, card: &Card, card_dir: &Path) -> Result<(), String> {
    // What a recorder's file is: its bytes, size and modification time (reading it to hash it
    // moves its access time on exfat-fuse, so that is not compared).
    let facts = |m: &std::collections::BTreeMap<Vec<u8>, FileState>| -> Vec<_> {
        m.iter()
            .map(|(rel, f)| (rel.clone(), f.size, f.mtime_ns, f.blake3.clone()))
            .collect()
    };
    if facts(&FakeRecorder::new(card_dir).snapshot()) != facts(&card.before) {
        return Err("the recorder was touched".into());
    }
    let st = signed_in(lib, Arc::new(SystemClock), CUSTODIAN); // opening tidies a dead run
    if !files_under(&lib.join(".staging")).is_empty() {
        return Err("partial copies left in staging".into());
    }
    let clips = st
        .clips()
        .list(&Default::default())
        .map_err(|e| e.to_string())?;
    // Every file in media/ is whole: a catalogued clip (verify reads those below), or — left
    // by a run killed between linking it and committing its row — a whole copy of a card
    // file, which the next docking adopts (so after a resume the two counts agree).
    let catalogued: std::collections::BTreeSet<PathBuf> =
        clips.iter().map(|c| PathBuf::from(&c.path)).collect();
    let on_card: std::collections::BTreeSet<&str> =
        card.before.values().map(|f| f.blake3.as_str()).collect();
    for f in files_under(&lib.join("media")) {
        if !catalogued.contains(&f) {
            let whole = std::fs::read(&f).is_ok_and(|b| on_card.contains(blake3_hex(&b).as_str()));
            if !whole {
                return Err(format!("{} in media/ is no whole copy", f.display()));
            }
        }
    }
    let report = st.clips().verify(&NoEvents).map_err(|e| e.to_string())?;
    if !report.clean() {
        return Err(format!("verify: {report:?}"));
    }
    chain_holds(lib)
}

fn chain_holds(lib: &Path) -> Result<(), String> {
    let out = cli_as(lib, BRANCH_HEAD)
        .args(["audit", "verify", "--json"])
        .output()
        .map_err(|e| e.to_string())?;
    match out.status.code() {
        Some(0) => Ok(()),
        _ => Err(format!(
            "audit verify: {}",
            String::from_utf8_lossy(&out.stdout)
        )),
    }
}

/// Dock again and ingest to the end: every recording stored, once.
fn resume(lib: &Path, card: &Card, card_dir: &Path) -> Result<(), String> {
    let out = cli(lib)
        .args(["ingest", card_dir.to_str().unwrap_or_default(), "--json"])
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.code() != Some(0) {
        return Err(format!("resume: {}", String::from_utf8_lossy(&out.stdout)));
    }
    promises_hold(lib, card, card_dir)?;
    let st = signed_in(lib, Arc::new(SystemClock), CUSTODIAN);
    let clips = st.clips().count().map_err(|e| e.to_string())? as usize;
    let on_disk = files_under(&lib.join("media")).len();
    if (clips, on_disk) != (FILES, FILES) {
        return Err(format!(
            "after the resume {clips} clips and {on_disk} files in media/; {FILES} on the card"
        ));
    }
    Ok(())
}

fn fresh_library(trial: &Path) -> PathBuf {
    let lib = trial.join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    lib
}

/// kill -9 of an ingest at a random moment of its copy.
fn kill_trial(card: &Card, trial: &Path, dice: &mut Dice, span_ms: u64) -> Result<(), String> {
    let mount = dock(card, trial)?;
    let lib = fresh_library(trial);
    let source = mount.dir.to_str().unwrap_or_default().to_string();
    kill_after(spawn(&lib, &["ingest", &source]), dice.below(span_ms));
    promises_hold(&lib, card, &mount.dir)?;
    resume(&lib, card, &mount.dir)
}

/// The card pulled out (a lazy unmount) at a random moment; docked again, the rest comes in.
fn pull_trial(card: &Card, trial: &Path, dice: &mut Dice, span_ms: u64) -> Result<(), String> {
    let mut mount = dock(card, trial)?;
    let lib = fresh_library(trial);
    let source = mount.dir.to_str().unwrap_or_default().to_string();
    let child = spawn(&lib, &["ingest", &source]);
    std::thread::sleep(Duration::from_millis(dice.below(span_ms)));
    mount.pull();
    let _ = child.wait_with_output();
    drop(mount);
    let mount = Mount::exfat_again(&trial.join("card.img"), &trial.join("DSJ001"))?;
    promises_hold(&lib, card, &mount.dir)?;
    resume(&lib, card, &mount.dir)
}

/// A library disk that fills at a random point of the card; given room, the rest comes in.
fn full_trial(card: &Card, trial: &Path, dice: &mut Dice) -> Result<(), String> {
    let mount = dock(card, trial)?;
    let card_mib = (FILES * FILE_MIB) as u64;
    let disk_mib = 8 + card_mib * (15 + dice.below(75)) / 100;
    let disk = Mount::tmpfs(&trial.join("disk"), disk_mib)?;
    let lib = trial.join("disk").join("lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    let out = cli(&lib)
        .args(["ingest", mount.dir.to_str().unwrap_or_default(), "--json"])
        .output()
        .map_err(|e| e.to_string())?;
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!(
            "a full disk: {}",
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    promises_hold(&lib, card, &mount.dir)?;
    disk.grow_tmpfs(card_mib * 3 + 64)?;
    resume(&lib, card, &mount.dir)
}

/// A library with the whole card stored and held long-term, for export and drive trials.
fn template(card: &Card, work: &Path) -> Result<PathBuf, String> {
    let dir = work.join("template");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mount = dock(card, &dir)?;
    let lib = dir.join("lib");
    let st = found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]);
    let r = st
        .ingest(&mount.dir, &IngestOptions::default(), &NoEvents)
        .map_err(|e| e.to_string())?;
    if !r.complete() {
        return Err(format!("template ingest: {r:?}"));
    }
    let ids = st
        .clips()
        .list(&Default::default())
        .map_err(|e| e.to_string())?;
    let ids = ids.iter().map(|c| c.id).collect();
    st.retention()
        .add_hold(&HoldTarget::Clips(ids), HoldReason::Evidence, None)
        .map_err(|e| e.to_string())?;
    Ok(lib)
}

fn copy_library(template: &Path, trial: &Path) -> Result<PathBuf, String> {
    let lib = trial.join("lib");
    let ok = std::process::Command::new("cp")
        .arg("-a")
        .arg(template)
        .arg(&lib)
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(lib)
        .ok_or_else(|| "cp -a of the template library".into())
}

/// kill -9 of a week's export at a random moment; run again, the package is whole.
fn export_trial(
    template: &Path,
    trial: &Path,
    dice: &mut Dice,
    span_ms: u64,
) -> Result<(), String> {
    let lib = copy_library(template, trial)?;
    let to = trial.join("drive");
    std::fs::create_dir_all(&to).map_err(|e| e.to_string())?;
    let to_s = to.to_str().unwrap_or_default().to_string();
    let args = ["export", "week", "--week", "2024-W01", "--to", &to_s];
    kill_after(spawn(&lib, &args), dice.below(span_ms));
    let out = cli(&lib)
        .args(args)
        .arg("--json")
        .output()
        .map_err(|e| e.to_string())?;
    if !matches!(out.status.code(), Some(0)) {
        return Err(format!(
            "export again: {}",
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    let package = to.join("兴隆分局_2024-W01");
    let out = cli(&lib)
        .args(["export", "verify", package.to_str().unwrap_or_default()])
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.code() != Some(0) {
        return Err(format!(
            "export verify: {}",
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    chain_holds(&lib)
}

/// kill -9 of a long-term drive copy at a random moment; written again, it checks out.
fn drive_trial(template: &Path, trial: &Path, dice: &mut Dice, span_ms: u64) -> Result<(), String> {
    let lib = copy_library(template, trial)?;
    let drive = Mount::exfat(
        &trial.join("drive.img"),
        &trial.join("ARCHIVE"),
        160,
        "ARCHIVE",
    )?;
    let dir = drive.dir.to_str().unwrap_or_default().to_string();
    let (code, plan) = cli_json(
        &lib,
        &[
            "burn", "plan", "--media", "drive", "--drive", &dir, "--json",
        ],
    );
    let id = plan[0]["id"]
        .as_str()
        .filter(|_| code == 0)
        .ok_or(format!("plan: {plan}"))?;
    kill_after(
        spawn(&lib, &["burn", "write", id, "--drive", &dir]),
        dice.below(span_ms),
    );
    let partial = drive.dir.join(format!(".{id}.partial"));
    let written = drive.dir.join(id);
    if !written.exists() || partial.exists() {
        // Cut off before the end: the station's own partial copy is replaced.
        let out = cli(&lib)
            .args(["burn", "write", id, "--drive", &dir])
            .output();
        if !out.is_ok_and(|o| o.status.success()) {
            return Err("writing the drive copy again failed".into());
        }
    }
    let out = cli(&lib)
        .args(["burn", "verify", id, "--drive", &dir])
        .output();
    if !out.is_ok_and(|o| o.status.success()) {
        return Err("burn verify --drive failed".into());
    }
    chain_holds(&lib)
}

/// A card of `n` small files (photos and audio notes of 1–4 KiB) on tmpfs: the ingest ends
/// with every file stored and verified, once. Returns the seconds it took.
fn many_files(work: &Path, n: usize) -> Result<f64, String> {
    let card = work.join("many-card");
    let _disk = Mount::tmpfs(&card, (n as u64 * 8 / 1024).max(64))?;
    let mut rec = FakeRecorder::new(&card);
    for i in 0..n {
        let name = format!(
            "DCIM/{:03}MEDIA/IMG_{:04}.JPG",
            100 + i / 9999,
            i % 9999 + 1
        );
        rec.file(&name, &noise(i as u64, 1024 + i % 3072));
    }
    let lib = work.join("many-lib");
    drop(found(&lib, Some("兴隆分局"), Arc::new(SystemClock), &[]));
    let start = Instant::now();
    let out = cli(&lib)
        .args([
            "ingest",
            card.to_str().unwrap_or_default(),
            "--device",
            "MANY1",
            "--json",
        ])
        .output()
        .map_err(|e| e.to_string())?;
    let took = start.elapsed().as_secs_f64();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    if out.status.code() != Some(0) || report["copied"].as_u64() != Some(n as u64) {
        return Err(format!("{n} files: {report}"));
    }
    Ok(took)
}

/// How long an uninterrupted `args` takes: the span the random moments are drawn from.
fn span_of(lib: &Path, args: &[&str]) -> u64 {
    let start = Instant::now();
    let _ = cli(lib).args(args).output();
    (start.elapsed().as_millis() as u64).max(50)
}

fn run(kind: &str, n: usize, work: &Path, mut trial: impl FnMut(&Path) -> Result<(), String>) {
    let mut survived = 0;
    for i in 0..n {
        let dir = work.join(format!("{kind}-{i}"));
        std::fs::create_dir_all(&dir).expect("trial folder");
        match trial(&dir) {
            Ok(()) => survived += 1,
            Err(why) => eprintln!("{kind} #{i}: {why}"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!("{kind:<22} faults survived {survived}/{n}");
}

fn main() {
    let args = parse_args();
    if !is_root() {
        eprintln!("fault-campaign needs root (loop devices, FUSE, tmpfs)");
        std::process::exit(2);
    }
    let work = tempfile::tempdir().expect("work folder");
    let card = make_card(work.path()).unwrap_or_else(|e| panic!("the card image: {e}"));
    println!(
        "seed {} · card: {FILES} files of {FILE_MIB} MiB on exFAT",
        args.seed
    );
    let mut dice = Dice(args.seed.max(1));
    let calibrate = work.path().join("calibrate");
    std::fs::create_dir_all(&calibrate).expect("calibrate");
    let mount = dock(&card, &calibrate).expect("dock");
    let lib = fresh_library(&calibrate);
    let ingest_ms = span_of(&lib, &["ingest", mount.dir.to_str().unwrap_or_default()]);
    drop(mount);
    run("ingest kill -9", args.kills, work.path(), |t| {
        kill_trial(&card, t, &mut dice, ingest_ms)
    });
    run("card pulled", args.pulls, work.path(), |t| {
        pull_trial(&card, t, &mut dice, ingest_ms)
    });
    run("library disk full", args.full, work.path(), |t| {
        full_trial(&card, t, &mut dice)
    });
    let template = template(&card, work.path()).expect("template library");
    let e = work.path().join("export-calibrate");
    std::fs::create_dir_all(e.join("out")).expect("calibrate");
    let out = e.join("out").to_str().unwrap_or_default().to_string();
    let export_ms = span_of(
        &copy_library(&template, &e).expect("copy"),
        &["export", "week", "--week", "2024-W01", "--to", &out],
    );
    run("export kill -9", args.export_kills, work.path(), |t| {
        export_trial(&template, t, &mut dice, export_ms)
    });
    run("drive copy kill -9", args.drive_kills, work.path(), |t| {
        drive_trial(&template, t, &mut dice, export_ms)
    });
    if args.many > 0 {
        match many_files(work.path(), args.many) {
            Ok(s) => println!(
                "{} small files on one card: all stored and verified in {s:.0} s",
                args.many
            ),
            Err(why) => println!("{} small files on one card: FAILED: {why}", args.many),
        }
    }
}
