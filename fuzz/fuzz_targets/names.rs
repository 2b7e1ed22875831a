//! Recorder file names: any text a card's names can decode to.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use station_core::recorders::{default_patterns, NamePatterns};

fuzz_target!(|data: &[u8]| {
    static PATTERNS: OnceLock<NamePatterns> = OnceLock::new();
    let patterns =
        PATTERNS.get_or_init(|| NamePatterns::new(&default_patterns()).expect("the shipped patterns"));
    let _ = patterns.parse(&String::from_utf8_lossy(data));
});
