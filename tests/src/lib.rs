//! The test harness: a fake-recorder builder that writes realistic card trees (real MP4, JPEG
//! and WAV bytes, real naming patterns, Chinese and GBK names, empty and truncated files, OS
//! junk), snapshots to prove a recorder was not touched, real mounts, and the CLI under test.

pub mod app;
pub mod bench;
pub mod mounts;
pub mod seaweed;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use filetime::FileTime;
use sha2::{Digest, Sha256};
use station_core::access::NewAccount;
/// The closed sets tests name, so a test reads `Purpose::View` as the core does.
pub use station_core::access::{Level, Purpose, Role};
pub use station_core::cases::{ActivityKind, GapReason, ReportKind, Stage};
pub use station_core::statistics::Period;

pub const SAMPLE_MP4: &[u8] = include_bytes!("../fixtures/sample.mp4");
pub const SAMPLE_JPG: &[u8] = include_bytes!("../fixtures/sample.jpg");
pub const SAMPLE_WAV: &[u8] = include_bytes!("../fixtures/sample.wav");

/// The CLI under test: station-cli's own code as a process. Cargo builds this package's
/// binaries before its integration tests, next to the `deps/` folder the test runs from.
pub fn cli_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    // A test runs from `target/<profile>/deps/`, a binary of this package (the fault
    // campaign) from `target/<profile>/`: the CLI is in the profile folder either way.
    let here = exe.parent().expect("its folder");
    let beside = here.join("evidence-station-tested");
    if beside.is_file() {
        return beside;
    }
    here.parent()
        .expect("target dir")
        .join("evidence-station-tested")
}

/// The CLI with nobody signed in (for `init`, `accounts bootstrap`, and refusals).
pub fn cli_unsigned(library: &Path) -> Command {
    let mut c = Command::new(cli_binary());
    c.arg("--library")
        .arg(library)
        .env_remove("EVIDENCE_STATION_LIBRARY");
    c
}

/// The CLI signed in as the custodian `kgy` of a library made by [`found`].
pub fn cli(library: &Path) -> Command {
    cli_as(library, CUSTODIAN)
}

/// The CLI signed in as `user` (one of [`found`]'s accounts), its password read from a file
/// beside the library (in the test's temporary folder, never in the library).
pub fn cli_as(library: &Path, user: &str) -> Command {
    let file = library.with_extension("password");
    fs::write(&file, format!("{PASSWORD}\n")).expect("password file");
    let mut c = cli_unsigned(library);
    c.arg("--user").arg(user).arg("--password-file").arg(file);
    c
}

/// The password of every account [`found`] makes.
pub const PASSWORD: &str = "correct horse 9";
/// The accounts [`found`] makes, one per role.
pub const ADMIN: &str = "admin";
pub const CUSTODIAN: &str = "kgy";
pub const BRANCH_HEAD: &str = "fzr";
pub const INSPECTOR: &str = "fzk";

/// A library as a branch's first run makes it: the administrator `admin`, who creates the
/// custodian `kgy`, the branch head `fzr` and the legal inspector `fzk` (all with [`PASSWORD`])
/// and sets `settings`. Returns the custodian's station.
pub fn found(
    lib: &Path,
    branch: Option<&str>,
    clock: std::sync::Arc<dyn station_core::Clock>,
    settings: &[(&str, &str)],
) -> station_core::Station {
    let st = station_core::Station::init(lib, branch, clock.clone()).expect("init");
    st.access()
        .create_account(&NewAccount::new(ADMIN, Role::Admin, PASSWORD))
        .expect("administrator");
    drop(st);
    let admin = signed_in(lib, clock.clone(), ADMIN);
    for (name, role) in [
        (CUSTODIAN, Role::Custodian),
        (BRANCH_HEAD, Role::BranchHead),
        (INSPECTOR, Role::LegalInspector),
    ] {
        admin
            .access()
            .create_account(&NewAccount::new(name, role, PASSWORD))
            .expect("account");
    }
    for (key, value) in settings {
        admin.set_setting(key, value).expect("setting");
    }
    signed_in(lib, clock, CUSTODIAN)
}

/// The library at `lib` signed in as `user`, one of [`found`]'s accounts.
pub fn signed_in(
    lib: &Path,
    clock: std::sync::Arc<dyn station_core::Clock>,
    user: &str,
) -> station_core::Station {
    sign_in_as(lib, clock, user, PASSWORD)
}

/// Run the CLI as the custodian, return (exit code, parsed JSON stdout).
pub fn cli_json(library: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    cli_json_as(library, CUSTODIAN, args)
}

/// Run the CLI as `user`, return (exit code, parsed JSON stdout).
pub fn cli_json_as(library: &Path, user: &str, args: &[&str]) -> (i32, serde_json::Value) {
    let out = cli_as(library, user)
        .args(args)
        .output()
        .expect("run the CLI");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// Run the CLI as `user` with `stdin`; (exit code, stdout, stderr).
pub fn cli_with_stdin(
    library: &Path,
    user: &str,
    args: &[&str],
    stdin: &str,
) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cli_as(library, user)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the CLI");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("stdin");
    drop(input);
    let out = child.wait_with_output().expect("CLI");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// The Python with openpyxl that tests/run.sh installs (target/pytools).
pub fn openpyxl() -> Option<std::path::PathBuf> {
    let py = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pytools/bin/python");
    std::process::Command::new(&py)
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(py)
}

/// Every sheet of a workbook as rows of values (`{sheet: [[cell, …], …]}`), read by openpyxl
/// (the Python of [`openpyxl`]): what a spreadsheet program would show.
pub fn workbook_rows(py: &std::path::Path, book: &std::path::Path) -> serde_json::Value {
    let read = std::process::Command::new(py)
        .args([
            "-c",
            "import openpyxl, json, sys\n\
             wb = openpyxl.load_workbook(sys.argv[1])\n\
             print(json.dumps({n: [list(r) for r in wb[n].iter_rows(values_only=True)] for n in wb.sheetnames}, ensure_ascii=False, default=str))",
        ])
        .arg(book)
        .output()
        .expect("openpyxl");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    serde_json::from_slice(&read.stdout).expect("json")
}

/// Bytes that differ per seed, fast to make.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v = Vec::with_capacity(len + 8);
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(len);
    v
}

/// A real MP4 grown to `size` bytes with a trailing `free` box of unique noise, as long
/// recordings are; still a valid file with the sample's `mvhd`.
pub fn mp4_of_size(size: usize, seed: u64) -> Vec<u8> {
    let mut v = SAMPLE_MP4.to_vec();
    if size > v.len() + 8 {
        let pad = size - v.len();
        v.extend_from_slice(&(pad as u32).to_be_bytes());
        v.extend_from_slice(b"free");
        v.extend_from_slice(&noise(seed, pad - 8));
    }
    v
}

pub fn blake3_hex(data: &[u8]) -> String {
    blake3::hash(data).to_hex().to_string()
}

pub fn sha256_hex(data: &[u8]) -> String {
    format!("{:x}", Sha256::digest(data))
}

/// SM3 of a file by OpenSSL (`openssl dgst -sm3`): an implementation independent of the
/// station's, as a court's clerk would use.
pub fn openssl_sm3(path: &Path) -> String {
    let out = Command::new("openssl")
        .args(["dgst", "-sm3", "-r"])
        .arg(path)
        .output()
        .expect("openssl (Debian's openssl package) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("a digest")
        .to_string()
}

/// Check every line of `dir/SM3SUMS` (`<sm3>  <path>`, BagIt's percent-encoding aside) with
/// OpenSSL; the number of files it names.
pub fn check_sm3sums(dir: &Path) -> usize {
    let text = std::fs::read_to_string(dir.join("SM3SUMS")).expect("SM3SUMS");
    let mut n = 0;
    for line in text.lines() {
        let (sum, rel) = line.split_once("  ").expect("sum  path");
        assert_eq!(
            openssl_sm3(&dir.join(rel)),
            sum,
            "{rel} in {}",
            dir.display()
        );
        n += 1;
    }
    n
}

/// Builds a recorder's card tree.
pub struct FakeRecorder {
    pub root: PathBuf,
    seed: u64,
}

/// A day in January 2024, as the recorders' files say.
const FILE_MTIME: i64 = 1_704_418_212;

impl FakeRecorder {
    pub fn new(root: &Path) -> FakeRecorder {
        fs::create_dir_all(root).expect("create recorder root");
        FakeRecorder {
            root: root.to_path_buf(),
            seed: 1,
        }
    }

    /// Write a file; its times are set in the past like a card's.
    pub fn file(&mut self, rel: impl AsRef<Path>, bytes: &[u8]) -> PathBuf {
        let path = self.root.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).expect("create dirs");
        }
        fs::write(&path, bytes).expect("write file");
        self.seed += 1;
        let t = FileTime::from_unix_time(FILE_MTIME + self.seed as i64 * 60, 0);
        filetime::set_file_times(&path, t, t).expect("set times");
        path
    }

    /// `DSJ_<serial>_<officer>_<YYYYMMDD>_<HHMMSS>[_flags].mp4` of about `size` bytes.
    pub fn dsj(
        &mut self,
        serial: &str,
        officer: &str,
        stamp: &str,
        flags: &str,
        size: usize,
    ) -> PathBuf {
        let name = format!("DCIM/DSJ_{serial}_{officer}_{stamp}{flags}.MP4");
        let bytes = mp4_of_size(size, self.seed * 7919);
        self.file(name, &bytes)
    }

    /// The tree of a body camera after a shift, with everything that goes wrong in the field.
    pub fn typical(root: &Path) -> FakeRecorder {
        let mut r = FakeRecorder::new(root);
        r.dsj("A12345", "012345", "20240105_093012", "", 300_000);
        r.dsj("A12345", "012345", "20240105_094512", "_IMP", 200_000);
        r.dsj("A12345", "012345", "20240105_101500", "_SOS_enc", 50_000);
        r.file("DCIM/DSJ_A12345_012345_20240105_110000.JPG", SAMPLE_JPG);
        r.file("AUDIO/DSJ_A12345_012345_20240105_111500.WAV", SAMPLE_WAV);
        // A camera card folder: times only in the container.
        r.file("DCIM/100MEDIA/IMG_0001.JPG", SAMPLE_JPG);
        r.file("DCIM/100MEDIA/MOV_0002.MP4", &mp4_of_size(40_000, 99));
        // Chinese names, an empty file, a file cut short by a dead battery, a text note.
        r.file("录像/现场检查_张三.mp4", &mp4_of_size(30_000, 5));
        r.file("DCIM/DSJ_A12345_012345_20240105_120000.MP4", b"");
        r.file(
            "DCIM/DSJ_A12345_012345_20240105_121500.MP4",
            &SAMPLE_MP4[..4000],
        );
        r.file("备注.txt", "当事人拒绝签字".as_bytes());
        // A name written in GBK by a Windows tool ("录像2.mp4"), not valid UTF-8.
        let gbk = [0xC2, 0xBC, 0xCF, 0xF1, b'2', b'.', b'm', b'p', b'4'];
        r.file(std::ffi::OsStr::from_bytes(&gbk), &mp4_of_size(20_000, 6));
        // Operating-system junk that is never evidence.
        r.file("System Volume Information/IndexerVolumeGuid", b"guid");
        r.file("$RECYCLE.BIN/S-1-5-21/desktop.ini", b"junk");
        r.file("DCIM/Thumbs.db", b"junk");
        r.file("DCIM/._DSJ_A12345_012345_20240105_093012.MP4", b"mac junk");
        r.file(".Trashes/501/x", b"junk");
        r
    }

    /// Files that count as evidence (everything but the OS junk above), relative, raw bytes.
    pub fn evidence(&self) -> Vec<Vec<u8>> {
        let junk = [
            "System Volume Information",
            "$RECYCLE.BIN",
            ".Trashes",
            "Thumbs.db",
        ];
        self.snapshot()
            .into_keys()
            .filter(|rel| {
                let s = String::from_utf8_lossy(rel);
                !junk.iter().any(|j| s.contains(j)) && !s.contains("/._") && !s.starts_with("._")
            })
            .collect()
    }

    /// Everything about every file and folder that an ingest must not change.
    pub fn snapshot(&self) -> BTreeMap<Vec<u8>, FileState> {
        snapshot(&self.root)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    pub mode: u32,
    pub mtime_ns: i64,
    pub atime_ns: i64,
    pub blake3: String,
}

pub fn snapshot(root: &Path) -> BTreeMap<Vec<u8>, FileState> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .as_os_str()
                .as_bytes()
                .to_vec();
            // Read without touching the access time we are about to compare.
            let data = read_noatime(&path);
            out.insert(
                rel,
                FileState {
                    size: meta.len(),
                    mode: meta.mode(),
                    mtime_ns: meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
                    atime_ns: meta.atime() * 1_000_000_000 + meta.atime_nsec(),
                    blake3: blake3_hex(&data),
                },
            );
        }
    }
    out
}

fn read_noatime(path: &Path) -> Vec<u8> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOATIME)
        .open(path)
        .or_else(|_| fs::File::open(path))
        .expect("open");
    let mut v = Vec::new();
    f.read_to_end(&mut v).expect("read");
    v
}

/// Every regular file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `N` different ports free now, each with its twin (port + 10000, SeaweedFS's gRPC default)
/// free too. All lie below the kernel's ephemeral range (32768 and up): the processes under
/// test open many outgoing connections, and one of them could otherwise take a chosen port
/// before the process meant to listen there binds it (a volume server then never joins).
/// Random, so that tests starting servers at once rarely reach for the same one.
pub fn free_ports<const N: usize>() -> [u16; N] {
    use std::hash::{BuildHasher, RandomState};
    let mut ports = [0u16; N];
    let mut filled = 0;
    let random = RandomState::new();
    let mut draw = 0u64;
    while filled < N {
        draw += 1;
        let p = 10_000 + (random.hash_one(draw) % 12_000) as u16;
        let free = |port: u16| std::net::TcpListener::bind(("127.0.0.1", port)).is_ok();
        if !ports[..filled].contains(&p) && free(p) && free(p + 10_000) {
            ports[filled] = p;
            filled += 1;
        }
    }
    ports
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A test that cannot run here fails, saying why: a skip must never read as a pass. Under
/// `CI=true` always; elsewhere unless the developer allows it with `STATION_ALLOW_SKIP=1`.
pub fn skip(test: &str, why: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let allowed = std::env::var("STATION_ALLOW_SKIP").is_ok_and(|v| v == "1");
    if ci || !allowed {
        panic!(
            "{test} cannot run here: {why}. The test command installs and starts what it \
             needs; outside CI, STATION_ALLOW_SKIP=1 lets it pass as skipped."
        );
    }
    eprintln!("SKIP {test}: {why}");
}

/// A real MP4 of about `size` bytes whose `mvhd` says it lasts `seconds`.
pub fn mp4_lasting(seconds: u64, size: usize, seed: u64) -> Vec<u8> {
    let mut v = mp4_of_size(size, seed);
    let at = v
        .windows(4)
        .position(|w| w == b"mvhd")
        .expect("the sample has an mvhd box")
        + 4;
    if v[at] == 0 {
        let scale = u32::from_be_bytes([v[at + 12], v[at + 13], v[at + 14], v[at + 15]]) as u64;
        v[at + 16..at + 20].copy_from_slice(&((seconds * scale) as u32).to_be_bytes());
    } else {
        let scale = u32::from_be_bytes([v[at + 20], v[at + 21], v[at + 22], v[at + 23]]) as u64;
        v[at + 24..at + 32].copy_from_slice(&(seconds * scale).to_be_bytes());
    }
    v
}

/// The HTTP status of a GET of the first ten bytes of `url` (the media server's answer).
pub fn http_status(url: &str) -> u16 {
    let rest = url.strip_prefix("http://").expect("http url");
    let (host, path) = rest.split_once('/').expect("path");
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    use std::io::{Read, Write};
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    String::from_utf8_lossy(&raw[9..12])
        .parse()
        .expect("status")
}

/// The library at `lib`, opened with `clock` and signed in as `user`.
pub fn sign_in_as(
    lib: &Path,
    clock: std::sync::Arc<dyn station_core::Clock>,
    user: &str,
    password: &str,
) -> station_core::Station {
    let mut st = station_core::Station::open(lib, clock).expect("open");
    st.sign_in(user, password).expect("sign in");
    st
}

/// The custodian asks to `purpose` what `target` names and the branch head approves, as
/// art. 20 has it.
pub fn approved(
    lib: &Path,
    clock: std::sync::Arc<dyn station_core::Clock>,
    target: station_core::access::AccessTarget,
    purpose: Purpose,
) {
    let request = signed_in(lib, clock.clone(), CUSTODIAN)
        .access()
        .request(&target, purpose, Level::Normal, "区局调阅")
        .expect("request");
    signed_in(lib, clock, BRANCH_HEAD)
        .access()
        .approve(request, None, None)
        .expect("approve");
}

/// Rebuild the catalog at `lib` as the administrator; the custodian's station on the rebuilt
/// catalog, and the report.
pub fn rebuild_as_admin(
    lib: &Path,
    clock: std::sync::Arc<dyn station_core::Clock>,
) -> (station_core::Station, station_core::RebuildReport) {
    let admin = station_core::RebuildAuthority {
        user: ADMIN,
        password: PASSWORD,
    };
    let (st, report) =
        station_core::Station::rebuild_catalog(lib, clock.clone(), Some(admin)).expect("rebuild");
    drop(st);
    (signed_in(lib, clock, CUSTODIAN), report)
}

/// A registry spreadsheet filled in as a custodian would: the template's five columns, every
/// cell as text (empty cells left blank).
pub fn registry_workbook(path: &Path, rows: &[[&str; 5]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["中队", "警号", "姓名", "记录仪序列号", "记录仪型号"]
        .iter()
        .enumerate()
    {
        sheet.write(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            sheet.write(r as u32 + 1, c as u16, *v).expect("cell");
        }
    }
    book.save(path).expect("save");
}
