//! Serving evidence to the app's player. WebKitGTK cannot play `<video>` from Tauri's custom
//! URL schemes (GStreamer cannot read them; tauri issue 3725), so originals are served over
//! HTTP on 127.0.0.1 only, on a random port, behind a random per-session token, with byte
//! ranges (seeking in a 2 GB file reads only what is shown). Every view is in the audit log;
//! the access-approval issue enforces approvals here.
//!
//! Also serves thumbnails: made with ffmpeg in the background when it is installed, a
//! placeholder until then or without it; a request never waits for one.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::audit::AuditAction;
use crate::catalog::{ClipFilter, ClipSort};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::Station;

/// A view of the same clip within this long counts once in the audit log (a player makes
/// many range requests while it plays and seeks).
const VIEW_WINDOW: Duration = Duration::from_secs(600);

pub struct MediaServer {
    port: u16,
    token: String,
    server: Arc<Server>,
    stop: Arc<AtomicBool>,
    shared: Arc<Shared>,
}

struct Shared {
    library: Library,
    /// Its own connection, acting for whoever signed in to the window.
    station: Mutex<Station>,
    clock: Arc<dyn Clock>,
    token: String,
    /// (who, clip, player or thumbnail) → when that view was last logged.
    viewed: Mutex<HashMap<(String, i64, String), Instant>>,
    thumbs: Mutex<Thumbnails>,
}

/// Thumbnails asked for so far, and the queue of the thread that makes them (None: no ffmpeg).
struct Thumbnails {
    asked: HashSet<i64>,
    queue: Option<Sender<(i64, PathBuf)>>,
}

impl MediaServer {
    /// Start serving the library at `root` on 127.0.0.1 and a free port. Views are checked
    /// and recorded for whoever [`MediaServer::act_for`] names.
    pub fn start(root: &Path, clock: Arc<dyn Clock>) -> Result<MediaServer> {
        Self::start_with_events(root, clock, Arc::new(crate::events::NoEvents))
    }

    /// The same, saying `thumbnail_made` on `events` when a thumbnail asked for is ready, so
    /// the window replaces its placeholder at once.
    pub fn start_with_events(
        root: &Path,
        clock: Arc<dyn Clock>,
        events: Arc<dyn crate::events::EventSink>,
    ) -> Result<MediaServer> {
        let library = Library::open(root)?;
        let station = Station::open(root, clock.clone())?;
        let server = Server::http("127.0.0.1:0").map_err(|e| {
            Error::input(
                format!("播放服务无法启动：{e}"),
                format!("media server: {e}"),
            )
        })?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| Error::input("播放服务没有可用的端口", "media server has no port"))?;
        let mut raw = [0u8; 16];
        getrandom::fill(&mut raw).map_err(|e| {
            Error::input(
                format!("无法生成随机令牌：{e}"),
                format!("random token: {e}"),
            )
        })?;
        let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        let thumbs_tx = start_thumbnailer(library.root().join("thumbs"), events);
        let shared = Arc::new(Shared {
            library,
            station: Mutex::new(station),
            clock,
            token: token.clone(),
            viewed: Mutex::new(HashMap::new()),
            thumbs: Mutex::new(Thumbnails {
                asked: HashSet::new(),
                queue: thumbs_tx,
            }),
        });
        let shared_handle = shared.clone();
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let (srv, halt) = (server.clone(), stop.clone());
        std::thread::Builder::new()
            .name("media-server".into())
            .spawn(move || {
                for request in srv.incoming_requests() {
                    if halt.load(Ordering::Relaxed) {
                        break;
                    }
                    let shared = shared.clone();
                    // One thread per request: a long video response must not hold up a seek.
                    let _ = std::thread::Builder::new()
                        .name("media-request".into())
                        .spawn(move || handle(&shared, request));
                }
            })
            .map_err(|e| Error::io("create", "media-server thread", e))?;
        Ok(MediaServer {
            port,
            token,
            server,
            stop,
            shared: shared_handle,
        })
    }

    /// Check and record views for whoever is signed in to `window` (nobody: views are refused
    /// on a station with accounts).
    pub fn act_for(&self, window: &Station) {
        let token = window.sign_in_token();
        let mut st = self
            .shared
            .station
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        st.adopt(&token);
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where the player gets a clip's original.
    pub fn clip_url(&self, id: i64) -> String {
        format!(
            "http://127.0.0.1:{}/clip/{id}?token={}",
            self.port, self.token
        )
    }

    pub fn thumb_url(&self, id: i64) -> String {
        format!(
            "http://127.0.0.1:{}/thumb/{id}?token={}",
            self.port, self.token
        )
    }

    /// `http://127.0.0.1:PORT` and the token, for the UI to build URLs itself.
    pub fn base(&self) -> (String, String) {
        (
            format!("http://127.0.0.1:{}", self.port),
            self.token.clone(),
        )
    }
}

impl Drop for MediaServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.server.unblock();
    }
}

fn handle(shared: &Shared, request: Request) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let token_ok = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .any(|(k, v)| k == "token" && constant_time_eq(v.as_bytes(), shared.token.as_bytes()));
    if !token_ok {
        let _ = request.respond(Response::empty(StatusCode(403)));
        return;
    }
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let (what, id) = (
        parts.next(),
        parts.next().and_then(|i| i.parse::<i64>().ok()),
    );
    let Some(id) = id else {
        let _ = request.respond(Response::empty(StatusCode(404)));
        return;
    };
    let media_path = {
        let st = shared.station.lock().unwrap_or_else(|p| p.into_inner());
        let catalog = &st.catalog;
        let filter = ClipFilter {
            ids: Some(vec![id]),
            ..ClipFilter::default()
        };
        catalog
            .clips(&filter, ClipSort::IngestedAsc, None)
            .ok()
            .and_then(|mut v| v.pop())
            .map(|c| c.media_path)
    };
    let Some(media_path) = media_path else {
        let _ = request.respond(Response::empty(StatusCode(404)));
        return;
    };
    let file = shared.library.media_file(&media_path);
    let via = match what {
        Some("clip") => "player",
        Some("thumb") => "thumbnail",
        _ => {
            let _ = request.respond(Response::empty(StatusCode(404)));
            return;
        }
    };
    // Viewing evidence needs a live approval (art. 20), the thumbnail too: for a photo it is
    // the evidence. A refused player is logged (a thumbnail refused is only not shown: see
    // `may_view`); a view that cannot be logged is not served.
    let allowed = {
        let st = shared.station.lock().unwrap_or_else(|p| p.into_inner());
        match via {
            "thumbnail" => st.access().may_view(id).unwrap_or(false),
            _ => st.access().check(id, crate::access::Purpose::View).is_ok(),
        }
    };
    if !allowed {
        let _ = request.respond(Response::empty(StatusCode(403)));
        return;
    }
    if !record_view(shared, id, &media_path, via, &request) {
        let _ = request.respond(Response::empty(StatusCode(503)));
        return;
    }
    match via {
        "player" => serve_file(request, &file),
        _ => serve_thumb(shared, request, id, &file),
    }
}

/// Log one view per person, clip and way of viewing within [`VIEW_WINDOW`]; false when the
/// audit row could not be written (then nothing may be served).
fn record_view(shared: &Shared, id: i64, media_path: &str, via: &str, request: &Request) -> bool {
    let now = Instant::now();
    let st = shared.station.lock().unwrap_or_else(|p| p.into_inner());
    let key = (st.actor(), id, via.to_string());
    let mut viewed = shared.viewed.lock().unwrap_or_else(|p| p.into_inner());
    if viewed
        .get(&key)
        .is_some_and(|t| now.duration_since(*t) < VIEW_WINDOW)
    {
        return true;
    }
    let detail = serde_json::json!({
        "media_path": media_path,
        "from": request.remote_addr().map(|a| a.to_string()),
        "via": via,
    })
    .to_string();
    let logged = st
        .catalog
        .audit(
            &shared.clock.now().to_rfc3339(),
            &key.0,
            AuditAction::View,
            Some(&id.to_string()),
            "ok",
            Some(&detail),
        )
        .is_ok();
    if logged {
        viewed.insert(key, now);
    }
    logged
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("mp4" | "m4v") => "video/mp4",
        Some("mov") => "video/quicktime",
        Some("avi") => "video/x-msvideo",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("wav") => "audio/wav",
        Some("mp3") => "audio/mpeg",
        Some("m4a" | "aac") => "audio/mp4",
        Some("amr") => "audio/amr",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// What part of a file of `size` bytes a request's `Range` header asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Span {
    Whole,
    /// One range, within the file, never empty.
    Part {
        start: u64,
        len: u64,
    },
    Unsatisfiable,
}

/// The span a `Range` header names: the first of its ranges, checked against the file (a
/// header a player or anyone on this machine sends; fuzzed).
pub fn byte_span(range: Option<&str>, size: u64) -> Span {
    let Some(range) = range else {
        return Span::Whole;
    };
    match http_range_header::parse_range_header(range).and_then(|p| p.validate(size)) {
        Ok(ranges) => match ranges.first() {
            Some(r) if r.start() <= r.end() && *r.end() < size => Span::Part {
                start: *r.start(),
                len: r.end() - r.start() + 1,
            },
            Some(_) => Span::Unsatisfiable,
            None => Span::Whole,
        },
        Err(_) => Span::Unsatisfiable,
    }
}

/// Serve a file, whole or the one byte range asked for.
fn serve_file(request: Request, path: &Path) {
    let Ok(mut file) = File::open(path) else {
        let _ = request.respond(Response::empty(StatusCode(404)));
        return;
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let range = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Range"))
        .map(|h| h.value.as_str().to_string());
    let mut headers: Vec<Header> = [
        header("Content-Type", content_type(path)),
        header("Accept-Ranges", "bytes"),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (status, start, len) = match byte_span(range.as_deref(), size) {
        Span::Whole => (200, 0, size),
        Span::Part { start, len } => {
            let end = start + len - 1;
            headers.extend(header(
                "Content-Range",
                &format!("bytes {start}-{end}/{size}"),
            ));
            (206, start, len)
        }
        Span::Unsatisfiable => {
            let mut resp = Response::empty(StatusCode(416));
            if let Some(h) = header("Content-Range", &format!("bytes */{size}")) {
                resp.add_header(h);
            }
            let _ = request.respond(resp);
            return;
        }
    };
    if file.seek(SeekFrom::Start(start)).is_err() {
        let _ = request.respond(Response::empty(StatusCode(500)));
        return;
    }
    let body = file.take(len);
    let _ = request.respond(Response::new(
        StatusCode(status),
        headers,
        body,
        Some(len as usize),
        None,
    ));
}

const PLACEHOLDER_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90"><rect width="160" height="90" fill="#e4e7ed"/><path d="M66 30v30l26-15z" fill="#909399"/></svg>"##;

fn serve_thumb(shared: &Shared, request: Request, id: i64, original: &Path) {
    let thumb = shared
        .library
        .root()
        .join("thumbs")
        .join(format!("{id}.jpg"));
    if thumb.is_file() {
        serve_file(request, &thumb);
        return;
    }
    {
        let mut thumbs = shared.thumbs.lock().unwrap_or_else(|p| p.into_inner());
        if thumbs.asked.insert(id) {
            if let Some(queue) = &thumbs.queue {
                let _ = queue.send((id, original.to_path_buf()));
            }
        }
    }
    let headers: Vec<Header> = [
        header("Content-Type", "image/svg+xml"),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let _ = request.respond(Response::new(
        StatusCode(200),
        headers,
        PLACEHOLDER_SVG.as_bytes(),
        Some(PLACEHOLDER_SVG.len()),
        None,
    ));
}

/// A background thread that makes thumbnails with ffmpeg, one at a time; None without ffmpeg.
fn start_thumbnailer(
    dir: PathBuf,
    events: Arc<dyn crate::events::EventSink>,
) -> Option<Sender<(i64, PathBuf)>> {
    let ffmpeg_works = std::process::Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ffmpeg_works || std::fs::create_dir_all(&dir).is_err() {
        return None;
    }
    let (tx, rx) = mpsc::channel::<(i64, PathBuf)>();
    std::thread::Builder::new()
        .name("thumbnails".into())
        .spawn(move || {
            for (id, original) in rx {
                let tmp = dir.join(format!("{id}.tmp.jpg"));
                let made = std::process::Command::new("ffmpeg")
                    .args(["-nostdin", "-loglevel", "error", "-y", "-i"])
                    .arg(&original)
                    .args(["-frames:v", "1", "-vf", "scale=320:-2", "-q:v", "5"])
                    .arg(&tmp)
                    .status()
                    .is_ok_and(|s| s.success());
                if made && std::fs::rename(&tmp, dir.join(format!("{id}.jpg"))).is_ok() {
                    events.emit(crate::events::CoreEvent::ThumbnailMade { id });
                } else {
                    let _ = std::fs::remove_file(&tmp);
                }
            }
        })
        .ok()?;
    Some(tx)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
