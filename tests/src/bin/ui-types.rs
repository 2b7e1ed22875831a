//! Rewrite the window's generated types from the station's Rust types:
//! `cargo run -p station-tests --bin ui-types` (a developer's command; tests only compare).

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated/core.ts");
    if let Err(e) = std::fs::write(&path, station_core::typescript::core_module()) {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1);
    }
    println!("{}", path.display());
}
