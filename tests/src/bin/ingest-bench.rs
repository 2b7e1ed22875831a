//! Benchmark (not a test): verified ingest against `cp -r` + `sync` from the same exFAT card
//! mounted with exfat-fuse like a docked recorder, to the local disk; `verify` against
//! `sha256sum` over the same stored files; the weekly export against `cp -r` + `sync` +
//! `sha256sum` of the copies. Page caches are dropped before every run. Prints
//! the medians and their ratios.
//!
//! Then a card of `--small` photos and audio notes of 50–500 KiB each; then racks of `--cards`
//! recorders docked at once (one small card among big ones of `--card-mib`), with each docking's
//! time beside its time alone. Every ingest is set beside the plain copies of the same cards —
//! `cp -r`, `rsync -a` and an offload tool's XXH64 check, each with `sync`, the cards of a rack
//! in parallel — with the seconds the machine's cores were busy. `--explain` prints where each
//! ingest's time went, stage by stage; `--profile` one more ingest under `perf record`.
//!
//!     cargo run --release -p station-tests --bin ingest-bench -- [--mib 1024] [--file-mib 256] [--small 10000] [--cards 4,8] [--card-mib 256] [--runs 3] [--work DIR] [--explain] [--profile]
//!
//! Needs root (loop devices, FUSE mounts, drop_caches), exfatprogs, exfat-fuse, rsync, openssl,
//! b3sum and, for `--profile`, perf (Debian's linux-perf).

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use station_core::events::NoEvents;
use station_core::fixity::FileDigest;
use station_core::{IngestOptions, SystemClock};
use station_tests::bench::{cpu_busy, drop_caches, fresh, median, sh, timed, PlainCopy};
use station_tests::mounts::Mount;
use station_tests::{is_root, FakeRecorder, SAMPLE_JPG};

struct Args {
    mib: usize,
    file_mib: usize,
    small: usize,
    /// Racks docked at once: how many cards in each.
    cards: Vec<usize>,
    card_mib: usize,
    runs: usize,
    work: PathBuf,
    explain: bool,
    profile: bool,
}

fn parse_args() -> Args {
    let mut a = Args {
        mib: 1024,
        file_mib: 256,
        small: 10_000,
        cards: vec![4, 8],
        card_mib: 256,
        runs: 3,
        // Never the repository folder: a bench makes libraries and cards.
        work: std::env::temp_dir().join("evidence-station-bench"),
        explain: false,
        profile: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--explain" || flag == "--profile" {
            a.explain |= flag == "--explain";
            a.profile |= flag == "--profile";
            continue;
        }
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--mib" => a.mib = value.parse().unwrap_or(a.mib),
            "--file-mib" => a.file_mib = value.parse().unwrap_or(a.file_mib),
            "--small" => a.small = value.parse().unwrap_or(a.small),
            "--cards" => {
                a.cards = value
                    .split(',')
                    .filter_map(|n| n.parse().ok())
                    .filter(|&n| n > 1)
                    .collect()
            }
            "--card-mib" => a.card_mib = value.parse().unwrap_or(a.card_mib),
            "--runs" => a.runs = value.parse().unwrap_or(a.runs),
            "--work" => a.work = PathBuf::from(value),
            _ => {
                eprintln!("usage: ingest-bench [--mib N] [--file-mib N] [--small N] [--cards N,M] [--card-mib N] [--runs N] [--work DIR] [--explain] [--profile]");
                std::process::exit(2);
            }
        }
    }
    a
}

fn main() {
    let args = parse_args();
    if Command::new("b3sum").arg("--version").output().is_err() {
        eprintln!("ingest-bench compares verify with b3sum: cargo install b3sum --locked (and keep it on PATH under sudo).");
        std::process::exit(2);
    }
    if !is_root() {
        eprintln!("ingest-bench needs root: it mounts an exFAT image through a loop device and drops the page cache.");
        std::process::exit(2);
    }
    std::fs::create_dir_all(&args.work).expect("work dir");
    let work = args.work.canonicalize().expect("work dir");
    let (mount, image) = mount_image(&work, "BENCH", args.mib as u64 * 11 / 10 + 64);

    // A shift's worth: long videos split at `file_mib`, plus a few photos.
    let mut rec = FakeRecorder::new(&mount.dir);
    let videos = (args.mib / args.file_mib).max(1);
    for i in 0..videos {
        rec.dsj(
            "BENCH01",
            "012345",
            &format!("20240105_{:02}{:02}00", 8 + i / 60, i % 60),
            "",
            args.file_mib << 20,
        );
    }
    for i in 0..20 {
        rec.file(
            format!("DCIM/DSJ_BENCH01_012345_20240105_1700{i:02}.JPG"),
            SAMPLE_JPG,
        );
    }
    sh(&mut Command::new("sync"));
    let total_mib = videos * args.file_mib;
    println!("source: {videos} × {} MiB videos + 20 photos ({total_mib} MiB) on exFAT via exfat-fuse; destination: {}", args.file_mib, work.display());
    println!(
        "runs: {} each, page cache dropped before every run; medians reported\n",
        args.runs
    );

    let (mut plain, mut ingest, mut ingest_cpu) = (vec![], vec![], vec![]);
    let (mut sha, mut verify) = (vec![], vec![]);
    let mut b3sum = vec![];
    let (mut cp_check, mut export) = (vec![], vec![]);
    let (mut sm3sum, mut verify_sm3) = (vec![], vec![]);
    let (exp_cp, exp_st) = (work.join("export-cp"), work.join("export-station"));
    let week = station_core::export::IsoWeek::parse("2024-W01").expect("week");
    let lib = work.join("library");
    for run in 0..args.runs {
        plain.push(plain_runs(std::slice::from_ref(&mount.dir), &work));

        let (st, _, t, cpu) = ingest_once(&lib, &mount.dir, args.explain);
        ingest.push(t);
        ingest_cpu.push(cpu);

        let stored = station_tests::files_under(&lib.join("media"));
        let t = timed(|| {
            sh(Command::new("sha256sum")
                .args(&stored)
                .stdout(std::process::Stdio::null()));
        });
        sha.push(t);
        let t = timed(|| {
            sh(Command::new("b3sum")
                .args(&stored)
                .stdout(std::process::Stdio::null()));
        });
        b3sum.push(t);
        let t = timed(|| assert!(st.clips().verify(&NoEvents).expect("verify").clean()));
        verify.push(t);
        // SM3, the digest Chinese courts use: OpenSSL's against the station's read-back.
        drop_caches();
        let t = timed(|| {
            sh(Command::new("openssl")
                .args(["dgst", "-sm3"])
                .args(&stored)
                .stdout(std::process::Stdio::null()));
        });
        sm3sum.push(t);
        let t = timed(|| {
            let r = st
                .clips()
                .verify_with(FileDigest::Sm3, &NoEvents)
                .expect("verify");
            assert!(r.clean() && r.read_with_blake3 == 0);
        });
        verify_sm3.push(t);

        // The weekly export: a copy that is checked after it is on the destination's disk.
        fresh(&exp_cp);
        let t = timed(|| {
            sh(Command::new("cp")
                .arg("-r")
                .arg(lib.join("media"))
                .arg(&exp_cp));
            drop_caches();
            sh(Command::new("sha256sum")
                .args(station_tests::files_under(&exp_cp))
                .stdout(std::process::Stdio::null()));
        });
        cp_check.push(t);
        fresh(&exp_st);
        let t = timed(|| {
            let r = st
                .exports()
                .week(week, &exp_st, true, &NoEvents)
                .expect("export")
                .expect("a package");
            assert!(r.check.ok);
        });
        export.push(t);
        println!(
            "run {}: {}, verified ingest {:.2} s, sha256sum {:.2} s, b3sum {:.2} s, verify {:.2} s, openssl sm3 {:.2} s, verify --digest sm3 {:.2} s, cp+sync+sha256sum {:.2} s, export {:.2} s",
            run + 1,
            plain_line(&plain[run]),
            ingest[run],
            sha[run],
            b3sum[run],
            verify[run],
            sm3sum[run],
            verify_sm3[run],
            cp_check[run],
            export[run]
        );
    }
    let (ingest, ingest_cpu) = (median(ingest), median(ingest_cpu));
    let (sha, verify) = (median(sha), median(verify));
    let b3sum = median(b3sum);
    let (cp_check, export) = (median(cp_check), median(export));
    let (sm3sum, verify_sm3) = (median(sm3sum), median(verify_sm3));
    let mibps = |t: f64| total_mib as f64 / t;
    println!();
    println!("| what | median | MiB/s | CPU busy | ratio |");
    println!("|---|---|---|---|---|");
    let cp = plain_rows(&plain, &mibps);
    println!("| verified ingest (copy + BLAKE3 + SHA-256 + SM3 + fsync + read-back) | {ingest:.2} s | {:.0} | {ingest_cpu:.1} s | **{:.2}× cp** |", mibps(ingest), ingest / cp);
    println!(
        "| `sha256sum` of the stored files | {sha:.2} s | {:.0} | | 1.00 |",
        mibps(sha)
    );
    println!(
        "| `b3sum` of the stored files | {b3sum:.2} s | {:.0} | | {:.2}× sha256sum |",
        mibps(b3sum),
        b3sum / sha
    );
    println!(
        "| `evidence-station verify` | {verify:.2} s | {:.0} | | **{:.2}× sha256sum, {:.2}× b3sum** |",
        mibps(verify),
        verify / sha,
        verify / b3sum
    );
    println!(
        "| `openssl dgst -sm3` of the stored files | {sm3sum:.2} s | {:.0} | | 1.00 |",
        mibps(sm3sum)
    );
    println!(
        "| `evidence-station verify --digest sm3` | {verify_sm3:.2} s | {:.0} | | **{:.2}× openssl** |",
        mibps(verify_sm3),
        verify_sm3 / sm3sum
    );
    println!(
        "| `cp -r` + `sync` + `sha256sum` of the copies (cache dropped) | {cp_check:.2} s | {:.0} | | 1.00 |",
        mibps(cp_check)
    );
    println!(
        "| `export week` (BagIt: copy + SHA-256 + fsync + read-back + ledger) | {export:.2} s | {:.0} | | **{:.2}× cp + sha256sum** |",
        mibps(export),
        export / cp_check
    );
    digests_in_memory();
    if args.profile {
        profile_ingest(&mount.dir, &work);
    }
    drop(mount);
    if args.small > 0 {
        small_files(&args, &work);
    }
    if !args.cards.is_empty() {
        many_cards(&args, &work);
    }
    let _ = Command::new("rm")
        .arg("-rf")
        .arg(&exp_cp)
        .arg(&exp_st)
        .arg(&lib)
        .arg(&image)
        .status();
}

/// An empty exFAT card image `<name>.img` of `mib` MiB under `work`, mounted with exfat-fuse at
/// `DSJ_<name>` (whatever a bench left mounted there is unmounted first); the bench ends if it
/// cannot be.
fn mount_image(work: &std::path::Path, name: &str, mib: u64) -> (Mount, PathBuf) {
    let dir = work.join(format!("DSJ_{name}"));
    let _ = Command::new("umount").arg(&dir).status();
    let image = work.join(format!("{}.img", name.to_lowercase()));
    let mount = Mount::exfat(&image, &dir, mib, &format!("DSJ{name}")).unwrap_or_else(|e| {
        eprintln!("cannot mount the exFAT card: {e}");
        std::process::exit(2);
    });
    (mount, image)
}

/// One verified ingest of `card` into a fresh library at `lib`, signed in as its custodian (so
/// it passes the custody door): the station, its report (a complete one, or the bench ends),
/// the seconds it took from a cold page cache and the seconds the cores were busy.
fn ingest_once(
    lib: &std::path::Path,
    card: &std::path::Path,
    explain: bool,
) -> (station_core::Station, station_core::IngestReport, f64, f64) {
    fresh(lib);
    let st = station_tests::found(lib, None, Arc::new(SystemClock), &[]);
    let (mut report, mut cpu) = (None, 0.0);
    let t = timed(|| {
        cpu = cpu_busy(|| {
            report = Some(
                st.ingest(card, &IngestOptions::default(), &NoEvents)
                    .expect("ingest"),
            )
        })
    });
    let report = report.expect("ran");
    assert!(
        report.complete(),
        "{}",
        report.summary(station_core::Lang::En)
    );
    if explain {
        print!("{}", report.stages.explain(station_core::Lang::En));
    }
    (st, report, t, cpu)
}

/// One run of each plain copy of `sources` at once, into fresh folders under `work` removed
/// afterwards: (seconds, seconds the cores were busy) each, in [`PlainCopy::ALL`]'s order.
fn plain_runs(sources: &[PathBuf], work: &std::path::Path) -> [(f64, f64); 3] {
    PlainCopy::ALL.map(|tool| {
        let dsts: Vec<PathBuf> = (0..sources.len())
            .map(|i| work.join(format!("plain-{i}")))
            .collect();
        dsts.iter().for_each(|d| fresh(d));
        let mut cpu = 0.0;
        let t = timed(|| cpu = cpu_busy(|| tool.run(sources, &dsts)));
        let _ = Command::new("rm").arg("-rf").args(&dsts).status();
        (t, cpu)
    })
}

fn plain_line(run: &[(f64, f64); 3]) -> String {
    let [cp, rsync, offload] = run.map(|(t, _)| t);
    format!("cp+sync {cp:.2} s, rsync -a {rsync:.2} s, offload-style {offload:.2} s")
}

/// The plain copies' rows of a table (medians of the runs); returns `cp`'s, the ratios' base.
fn plain_rows(runs: &[[(f64, f64); 3]], rate: &dyn Fn(f64) -> f64) -> f64 {
    let mut cp = 0.0;
    for (i, tool) in PlainCopy::ALL.iter().enumerate() {
        let t = median(runs.iter().map(|r| r[i].0).collect());
        let cpu = median(runs.iter().map(|r| r[i].1).collect());
        if i == 0 {
            cp = t;
        }
        println!(
            "| {} | {t:.2} s | {:.0} | {cpu:.1} s | {:.2}× cp |",
            tool.name(),
            rate(t),
            t / cp
        );
    }
    cp
}

/// One more ingest of the card under `perf record` of the whole machine: which programs and
/// functions the cores worked in (the card's FUSE driver and the kernel included).
fn profile_ingest(card: &std::path::Path, work: &std::path::Path) {
    let lib = work.join("library-profile");
    fresh(&lib);
    let st = station_tests::found(&lib, None, Arc::new(SystemClock), &[]);
    drop_caches();
    let report = station_tests::bench::profile(&work.join("perf.data"), || {
        let r = st
            .ingest(card, &IngestOptions::default(), &NoEvents)
            .expect("ingest");
        assert!(r.complete(), "{}", r.summary(station_core::Lang::En));
    });
    println!(
        "\nperf record -a of one more ingest (share of both cores' time, idle included):\n{report}"
    );
    let _ = Command::new("rm")
        .arg("-rf")
        .arg(&lib)
        .arg(work.join("perf.data"))
        .status();
}

/// What each digest costs on one core, in memory (no disk): why SM3, which has no CPU
/// instructions here, is the one the ingest's copier thread waits for.
fn digests_in_memory() {
    use sha2::Digest;
    let data = station_tests::noise(7, 256 << 20);
    let speed = |f: &dyn Fn(&[u8])| {
        let t = timed(|| data.chunks(4 << 20).for_each(f));
        256.0 / t
    };
    let b3 = speed(&|c| {
        std::hint::black_box(blake3::hash(c));
    });
    let sha = speed(&|c| {
        std::hint::black_box(sha2::Sha256::digest(c));
    });
    let sm3 = speed(&|c| {
        std::hint::black_box(sm3::Sm3::digest(c));
    });
    println!(
        "\none core, in memory: BLAKE3 {b3:.0} MiB/s, SHA-256 {sha:.0} MiB/s, SM3 {sm3:.0} MiB/s"
    );
}

/// A card of `args.small` photos and audio notes of 50–500 KiB: the plain copies and the
/// verified ingest, from the same exFAT image.
fn small_files(args: &Args, work: &std::path::Path) {
    let sizes: Vec<usize> = (0..args.small)
        .map(|i| (50 << 10) + (i * 7919 * 1021) % (450 << 10))
        .collect();
    let total: usize = sizes.iter().sum();
    let (mount, image) = mount_image(work, "SMALL", (total as u64 >> 20) * 13 / 10 + 64);
    let mut rec = FakeRecorder::new(&mount.dir);
    let noise = station_tests::noise(11, 512 << 10);
    for (i, size) in sizes.iter().enumerate() {
        let ext = if i % 4 == 3 { "WAV" } else { "JPG" };
        let at = i % (60 << 10);
        rec.file(
            format!(
                "DCIM/{:03}/DSJ_BENCH02_012345_20240105_{:02}{:02}{:02}_{i}.{ext}",
                i / 1000,
                8 + i / 3600 % 10,
                i / 60 % 60,
                i % 60
            ),
            &noise[at..at + size],
        );
    }
    sh(&mut Command::new("sync"));
    let mib = total as f64 / (1 << 20) as f64;
    println!(
        "\nsource: {} files of 50–500 KiB ({mib:.0} MiB) on exFAT via exfat-fuse",
        args.small
    );
    let lib = work.join("library-small");
    let (mut plain, mut ingest, mut ingest_cpu) = (vec![], vec![], vec![]);
    for run in 0..args.runs {
        plain.push(plain_runs(std::slice::from_ref(&mount.dir), work));
        let (_, report, t, cpu) = ingest_once(&lib, &mount.dir, args.explain);
        assert_eq!(report.copied as usize, args.small);
        ingest.push(t);
        ingest_cpu.push(cpu);
        println!(
            "run {}: {}, verified ingest {:.2} s",
            run + 1,
            plain_line(&plain[run]),
            ingest[run]
        );
    }
    let (ingest, ingest_cpu) = (median(ingest), median(ingest_cpu));
    println!();
    println!(
        "| what ({} small files) | median | files/s | CPU busy | ratio |",
        args.small
    );
    println!("|---|---|---|---|---|");
    let rate = |t: f64| args.small as f64 / t;
    let cp = plain_rows(&plain, &rate);
    println!(
        "| verified ingest | {ingest:.2} s | {:.0} | {ingest_cpu:.1} s | **{:.2}× cp** |",
        rate(ingest),
        ingest / cp
    );
    drop(mount);
    let _ = Command::new("rm").arg("-rf").arg(&lib).arg(&image).status();
}

/// Racks of recorders docked at once (`args.cards`, say 4 and 8): card 0 small (16 MiB and 20
/// photos), the others `args.card_mib` each. Against the plain copies of the same cards in
/// parallel; each docking beside the same card docked alone.
fn many_cards(args: &Args, work: &std::path::Path) {
    let most = args.cards.iter().copied().max().unwrap_or(0);
    let mounts: Vec<_> = (0..most).map(|card| mount_card(args, work, card)).collect();
    sh(&mut Command::new("sync"));
    let dirs: Vec<PathBuf> = mounts.iter().map(|(m, _)| m.dir.clone()).collect();
    let lib = work.join("library-cards");
    let (mut small_alone, mut big_alone) = (vec![], vec![]);
    let mut racks: Vec<Vec<Rack>> = vec![vec![]; args.cards.len()];
    for run in 0..args.runs {
        small_alone.push(dock(&lib, &dirs[..1]).0);
        big_alone.push(dock(&lib, &dirs[1..2]).0);
        for (rack, &n) in racks.iter_mut().zip(&args.cards) {
            let plain = plain_runs(&dirs[..n], work);
            let (total, each, cpu) = dock(&lib, &dirs[..n]);
            let big = each[1..].iter().copied().fold(0.0, f64::max);
            println!(
                "run {}, {n} cards: {}, docked at once {total:.2} s (small card {:.2} s, alone {:.2} s; slowest big card {big:.2} s, alone {:.2} s)",
                run + 1, plain_line(&plain), each[0], small_alone[run], big_alone[run]
            );
            rack.push(Rack {
                plain,
                total,
                cpu,
                small: each[0],
                big,
            });
        }
    }
    let (small_alone, big_alone) = (median(small_alone), median(big_alone));
    for (runs, &n) in racks.iter().zip(&args.cards) {
        let total_mib = 16 + (n - 1) * args.card_mib;
        let mibps = |t: f64| total_mib as f64 / t;
        let m = |f: fn(&Rack) -> f64| median(runs.iter().map(f).collect());
        let (total, cpu) = (m(|r| r.total), m(|r| r.cpu));
        println!(
            "\n| what ({n} cards at once: 16 MiB + {} × {} MiB, {total_mib} MiB) | median | MiB/s | CPU busy | ratio |",
            n - 1,
            args.card_mib
        );
        println!("|---|---|---|---|---|");
        let plain: Vec<_> = runs.iter().map(|r| r.plain).collect();
        let cp = plain_rows(&plain, &mibps);
        println!(
            "| {n} verified dockings at once | {total:.2} s | {:.0} | {cpu:.1} s | **{:.2}× cp** |",
            mibps(total),
            total / cp
        );
        let (small, big) = (m(|r| r.small), m(|r| r.big));
        println!("| the 16 MiB card among them (alone: {small_alone:.2} s) | {small:.2} s | | | {:.1}× alone |", small / small_alone);
        println!(
            "| the slowest {} MiB card (alone: {big_alone:.2} s) | {big:.2} s | | | {:.1}× alone |",
            args.card_mib,
            big / big_alone
        );
    }
    for (mount, image) in mounts {
        drop(mount);
        let _ = std::fs::remove_file(image);
    }
    let _ = Command::new("rm").arg("-rf").arg(&lib).status();
}

/// One run of a rack: the plain copies, the dockings (all, the small card's, the slowest big
/// card's seconds) and the seconds the cores were busy docking.
#[derive(Clone)]
struct Rack {
    plain: [(f64, f64); 3],
    total: f64,
    cpu: f64,
    small: f64,
    big: f64,
}

/// Card `card` of a rack mounted: the first small, the others `args.card_mib`.
fn mount_card(args: &Args, work: &std::path::Path, card: usize) -> (Mount, PathBuf) {
    let mib = if card == 0 { 16 } else { args.card_mib };
    let (mount, image) = mount_image(work, &format!("CARD{card}"), mib as u64 * 11 / 10 + 64);
    let mut rec = FakeRecorder::new(&mount.dir);
    let serial = format!("CARD{card:02}");
    for v in 0..2 {
        rec.dsj(
            &serial,
            "012345",
            &format!("20240105_0{}0000", 8 + v),
            "",
            (mib << 20) / 2,
        );
    }
    for i in 0..20 {
        rec.file(
            format!("DCIM/DSJ_{serial}_012345_20240105_1700{i:02}.JPG"),
            SAMPLE_JPG,
        );
    }
    (mount, image)
}

/// `cards` docked at once into a fresh library, each by its own custodian session: the
/// seconds for all, for each, and the seconds the cores were busy. Every session signs in
/// before the clock starts (a sign-in hashes the password, deliberately slowly; at a real dock
/// the custodian signed in long before).
fn dock(lib: &std::path::Path, cards: &[PathBuf]) -> (f64, Vec<f64>, f64) {
    fresh(lib);
    drop(station_tests::found(lib, None, Arc::new(SystemClock), &[]));
    let sessions: Vec<_> = cards
        .iter()
        .map(|_| station_tests::signed_in(lib, Arc::new(SystemClock), station_tests::CUSTODIAN))
        .collect();
    let mut each = vec![0.0; cards.len()];
    let mut cpu = 0.0;
    let total = timed(|| {
        cpu = cpu_busy(|| {
            std::thread::scope(|s| {
                let running: Vec<_> = cards
                    .iter()
                    .zip(sessions)
                    .map(|(dir, st)| {
                        s.spawn(move || {
                            let t = std::time::Instant::now();
                            let r = st
                                .ingest(dir, &IngestOptions::default(), &NoEvents)
                                .expect("ingest");
                            assert!(r.complete(), "{}", r.summary(station_core::Lang::En));
                            t.elapsed().as_secs_f64()
                        })
                    })
                    .collect();
                for (i, r) in running.into_iter().enumerate() {
                    each[i] = r.join().expect("docking");
                }
            })
        })
    });
    (total, each, cpu)
}
