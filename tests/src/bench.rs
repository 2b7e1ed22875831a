//! What the benchmarks (`src/bin/*-bench.rs`) share: running a plain tool, timing from a cold
//! page cache, medians, a fresh folder, the plain copies a custodian could make without the
//! station, how busy the machine's cores were, and a profile of the whole machine.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use xxhash_rust::xxh64::Xxh64;

/// Run a plain tool; a failure ends the benchmark.
pub fn sh(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed");
}

/// Write everything back and, as root, drop the page cache, so what follows reads the disk.
pub fn drop_caches() {
    sh(&mut Command::new("sync"));
    if crate::is_root() {
        std::fs::write("/proc/sys/vm/drop_caches", "3").expect("drop the page cache");
    }
}

/// The seconds `f` takes from a cold page cache (where one can be had: see [`drop_caches`]).
pub fn timed(f: impl FnOnce()) -> f64 {
    drop_caches();
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// An empty folder at `dir`, whatever was there (a library's read-only files too).
pub fn fresh(dir: &Path) {
    let _ = Command::new("rm").arg("-rf").arg(dir).status();
    std::fs::create_dir_all(dir).expect("create");
}

/// How a card is copied without the station: the plain tools the benches measure against.
/// Each runs on every source at once (one card, or a rack in parallel) and ends with `sync`.
#[derive(Clone, Copy, Debug)]
pub enum PlainCopy {
    /// `cp -r`.
    Cp,
    /// `rsync -a`.
    Rsync,
    /// What offload tools do: XXH64 of the source as it is copied, `sync`, the page cache
    /// dropped, XXH64 of the copy read back from the disk and compared.
    Offload,
}

impl PlainCopy {
    pub const ALL: [PlainCopy; 3] = [PlainCopy::Cp, PlainCopy::Rsync, PlainCopy::Offload];

    pub fn name(self) -> &'static str {
        match self {
            PlainCopy::Cp => "`cp -r` + `sync`",
            PlainCopy::Rsync => "`rsync -a` + `sync`",
            PlainCopy::Offload => "offload-style: copy + XXH64 of source and read-back copy",
        }
    }

    /// Copy each of `sources` into the matching folder of `dsts`, all at once. A failed tool or
    /// a copy that does not match its source ends the benchmark.
    pub fn run(self, sources: &[PathBuf], dsts: &[PathBuf]) {
        if let PlainCopy::Offload = self {
            return offload(sources, dsts);
        }
        let copies: Vec<_> = sources
            .iter()
            .zip(dsts)
            .map(|(src, dst)| {
                let mut tool;
                if let PlainCopy::Cp = self {
                    tool = Command::new("cp");
                    tool.arg("-r").arg(src).arg(dst);
                } else {
                    tool = Command::new("rsync");
                    tool.arg("-a").arg(format!("{}/", src.display())).arg(dst);
                }
                tool.spawn().unwrap_or_else(|e| panic!("{self:?}: {e}"))
            })
            .collect();
        for mut c in copies {
            assert!(c.wait().expect("copy").success(), "{self:?} failed");
        }
        sh(&mut Command::new("sync"));
    }
}

/// [`PlainCopy::Offload`]: one thread per card, as offload tools copy cards side by side.
fn offload(sources: &[PathBuf], dsts: &[PathBuf]) {
    let sums: Vec<Vec<(PathBuf, u64)>> = std::thread::scope(|s| {
        let copies: Vec<_> = sources
            .iter()
            .zip(dsts)
            .map(|(src, dst)| s.spawn(move || offload_copy(src, dst)))
            .collect();
        copies
            .into_iter()
            .map(|c| c.join().expect("copy"))
            .collect()
    });
    drop_caches();
    std::thread::scope(|s| {
        for card in &sums {
            s.spawn(move || {
                for (path, sum) in card {
                    let mut h = Xxh64::new(0);
                    each_chunk(path, |c| h.update(c));
                    assert_eq!(
                        h.digest(),
                        *sum,
                        "{} differs from its source",
                        path.display()
                    );
                }
            });
        }
    });
}

fn offload_copy(src: &Path, dst: &Path) -> Vec<(PathBuf, u64)> {
    let mut sums = Vec::new();
    for file in crate::files_under(src) {
        let to = dst.join(file.strip_prefix(src).expect("under the source"));
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("create");
        let mut out = std::fs::File::create(&to).expect("create");
        let mut h = Xxh64::new(0);
        each_chunk(&file, |c| {
            h.update(c);
            out.write_all(c).expect("write");
        });
        sums.push((to, h.digest()));
    }
    sums
}

fn each_chunk(path: &Path, mut f: impl FnMut(&[u8])) {
    let mut file = std::fs::File::open(path).expect("open");
    let mut buf = vec![0; 1 << 20];
    loop {
        match file.read(&mut buf).expect("read") {
            0 => return,
            n => f(&buf[..n]),
        }
    }
}

/// Seconds the machine's cores spent working (not idle, not waiting on a disk) while `f` ran,
/// whoever worked: the bench, the card's FUSE driver, the kernel (`/proc/stat`, Linux only).
pub fn cpu_busy(f: impl FnOnce()) -> f64 {
    let busy = || -> f64 {
        let stat = std::fs::read_to_string("/proc/stat").expect("/proc/stat");
        let ticks: Vec<f64> = stat
            .lines()
            .next()
            .expect("the cpu line")
            .split_whitespace()
            .skip(1)
            .map(|n| n.parse().expect("a count"))
            .collect();
        // user nice system idle iowait irq softirq steal: not idle, not waiting on a disk, not
        // taken by the virtual machine's host.
        let ticks_per_s = 100.0; // USER_HZ on Linux
        [0, 1, 2, 5, 6].iter().map(|&i| ticks[i]).sum::<f64>() / ticks_per_s
    };
    let before = busy();
    f();
    busy() - before
}

/// `perf record` of the whole machine while `f` runs, then perf's report by program and
/// library and its busiest functions: where the CPU went, the card's driver and the kernel too.
pub fn profile(data: &Path, f: impl FnOnce()) -> String {
    let mut perf = Command::new("perf")
        .args(["record", "-a", "-e", "cpu-clock", "-F", "999", "-o"])
        .arg(data)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("perf (Debian's linux-perf)");
    std::thread::sleep(std::time::Duration::from_millis(500)); // perf is recording
    f();
    // SAFETY: kill(2) on our own child's pid; perf writes its data on SIGINT.
    unsafe { libc::kill(perf.id() as libc::pid_t, libc::SIGINT) };
    let _ = perf.wait();
    let report = |sort: &str, limit: &str| {
        let out = Command::new("perf")
            .args([
                "report",
                "--stdio",
                "--sort",
                sort,
                "--percent-limit",
                limit,
                "-i",
            ])
            .arg(data)
            .output()
            .expect("perf report");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| format!("    {}\n", l.trim_end()))
            .collect::<String>()
    };
    format!(
        "by program and library:\n{}busiest functions:\n{}",
        report("comm,dso", "1"),
        report("sym", "1.5")
    )
}
