fn main() -> std::process::ExitCode {
    station_cli::main()
}
