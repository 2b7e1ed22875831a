//! A BagIt manifest from a package anyone could have written: no path that leaves the
//! package may pass as inside it.
#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;
use station_core::export::bag::{inside_package, manifest_entries};

fuzz_target!(|data: &[u8]| {
    for (_, path) in manifest_entries(&String::from_utf8_lossy(data)) {
        if inside_package(&path) {
            assert!(Path::new(&path)
                .components()
                .all(|c| matches!(c, Component::Normal(_))));
        }
    }
});
