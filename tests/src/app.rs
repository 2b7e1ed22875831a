//! Driving the real desktop app for end-to-end tests: the app under Xvfb, tauri-driver and
//! WebKitWebDriver, and a WebDriver client (fantoccini). Each session has its own display,
//! ports, HOME and library; everything is ended when it is dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// The app binary cargo built (`cargo build -p station-app`), next to the test's `deps/`.
pub fn app_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .join("station-app")
}

/// Why the end-to-end tests cannot run here, if they cannot.
pub fn missing_tools() -> Option<String> {
    for tool in ["xvfb-run", "tauri-driver", "WebKitWebDriver"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Some(format!(
                "{tool} is not installed (tests/setup.sh installs it)"
            ));
        }
    }
    None
}

pub struct App {
    pub client: Client,
    driver: Child,
    pub home: PathBuf,
}

impl App {
    /// Start the app with `home` as its HOME (so its settings and default library are there)
    /// and these extra arguments.
    pub async fn start(home: &Path, args: &[&str]) -> App {
        let binary = app_binary();
        assert!(
            binary.is_file(),
            "{} is missing: build the app first (cargo build -p station-app; tests/run.sh does)",
            binary.display()
        );
        let [port, native] = crate::free_ports();
        // The PDF viewer the window opens a paper in: a stand-in that notes which file it was
        // given (the paper itself is then read by poppler).
        let bin = home.join("bin");
        std::fs::create_dir_all(&bin).expect("bin");
        let viewer = bin.join("xdg-open");
        std::fs::write(
            &viewer,
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$HOME/opened.txt\"\n",
        )
        .expect("viewer");
        std::fs::set_permissions(
            &viewer,
            <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755),
        )
        .expect("chmod");
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        use std::os::unix::process::CommandExt;
        let driver = Command::new("xvfb-run")
            .process_group(0)
            .args(["-a", "-s", "-screen 0 1366x768x24", "tauri-driver"])
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("HOME", home)
            .env("PATH", path)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env_remove("EVIDENCE_STATION_LIBRARY")
            // No session bus: it would start the document portal, which mounts a FUSE file
            // system under HOME and outlives the test.
            .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
            .env("GTK_USE_PORTAL", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tauri-driver under xvfb-run");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary, "args": args }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if start.elapsed() < Duration::from_secs(60) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                Err(e) => panic!("no WebDriver session with the app: {e}"),
            }
        };
        App {
            client,
            driver,
            home: home.to_path_buf(),
        }
    }

    pub async fn css(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Click an element. WebKitWebDriver, on a loaded machine, now and then answers a click with
    /// an error that says nothing (seen once in a full run, on a button that was there): such a
    /// click is tried once more, the element found afresh and scrolled into view; a second
    /// failure is the test's.
    pub async fn click(&self, css: &str) {
        let Err(first) = self.css(css).await.click().await else {
            return;
        };
        tokio::time::sleep(Duration::from_millis(500)).await;
        let _ = self
            .client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView({ block: 'center' });",
                vec![serde_json::Value::from(css)],
            )
            .await;
        if let Err(again) = self.css(css).await.click().await {
            panic!("click {css}: {first}; again: {again}");
        }
    }

    /// Empty a field the way the UI notices (WebDriver's clear does not fire `input`), then
    /// type into it key by key.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.css(css).await;
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); e.value = '';
                 e.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::Value::from(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("clear {css}: {e}"));
        if !text.is_empty() {
            el.send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        }
    }

    /// Run JavaScript in the page and return its value.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Wait until `script` returns true.
    pub async fn until(&self, what: &str, limit: Duration, script: &str) {
        let start = Instant::now();
        loop {
            if self.js(script).await == serde_json::Value::Bool(true) {
                return;
            }
            if start.elapsed() >= limit {
                let page = self.text().await;
                panic!("{what} did not happen within {limit:?}; the window shows:\n{page}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The files the window has opened in the PDF viewer so far, in order.
    pub fn opened(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(self.home.join("opened.txt"))
            .unwrap_or_default()
            .lines()
            .map(PathBuf::from)
            .collect()
    }

    /// Wait for the window to open its `n`th paper in the PDF viewer, and return it.
    pub async fn until_opened(&self, n: usize, limit: Duration) -> PathBuf {
        let start = Instant::now();
        loop {
            if let Some(p) = self.opened().get(n - 1) {
                return p.clone();
            }
            if start.elapsed() >= limit {
                let page = self.text().await;
                panic!("no paper {n} was opened within {limit:?}; the window shows:\n{page}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn text(&self) -> String {
        self.js("return document.body.innerText")
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Save what the window shows, once Element Plus's short transitions have settled.
    pub async fn screenshot(&self, path: &Path) {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let png = self.client.screenshot().await.expect("screenshot");
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::write(path, png).expect("write screenshot");
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.end(libc::SIGTERM);
    }

    /// Signal the whole process group: xvfb-run, Xvfb, tauri-driver, WebKitWebDriver, the app.
    fn end(&mut self, signal: i32) {
        // SAFETY: signalling the process group we started.
        unsafe { libc::kill(-(self.driver.id() as i32), signal) };
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.end(libc::SIGKILL);
    }
}
