//! The district's store for the Windows tests under Wine (tests/windows.sh): SeaweedFS on
//! 127.0.0.1 with the test key pair and the `evidence` bucket (versioning, Object Lock). Prints
//! its address, access key and secret key, one a line, then runs until its stdin closes.
//!
//!     district-store DIR

use std::io::{Read, Write};
use std::path::Path;

use station_tests::seaweed::{Seaweed, ACCESS_KEY, SECRET_KEY};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: district-store DIR");
        std::process::exit(2);
    };
    let weed = Seaweed::start(Path::new(&dir)).unwrap_or_else(|why| {
        eprintln!("cannot start SeaweedFS: {why}");
        std::process::exit(2);
    });
    if let Err(e) = weed.store("evidence").create_bucket(true) {
        eprintln!("cannot make the evidence bucket: {e}");
        std::process::exit(2);
    }
    println!("{}\n{ACCESS_KEY}\n{SECRET_KEY}", weed.url);
    let _ = std::io::stdout().flush();
    // Until the script closes our stdin; then the store stops (its Drop).
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}
