//! What the benchmarks (`src/bin/*-bench.rs`) share: running a plain tool, timing from a cold
//! page cache, medians, a fresh folder.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

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
