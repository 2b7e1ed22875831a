//! `evidence-station` exactly as shipped (station-cli's code), built inside this package so the
//! integration tests can run it as a process and kill it.
fn main() -> std::process::ExitCode {
    station_cli::main()
}
