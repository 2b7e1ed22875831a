//! Writes a realistic recorder card tree (the same builder the tests use) into a folder, for
//! the demo and for trying the station by hand:  make-recorder DIR
fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: make-recorder DIR");
        std::process::exit(2);
    };
    let rec = station_tests::FakeRecorder::typical(std::path::Path::new(&dir));
    println!("{}", rec.root.display());
}
