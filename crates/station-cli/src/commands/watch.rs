//! `evidence-station watch`: watch the mount roots and ingest every recorder docked there,
//! until Ctrl-C / SIGTERM; one line per docking event, for a person or (with --json) for a
//! program.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use station_core::access::Role;
use station_core::dock;
use station_core::events::{CoreEvent, EventSink};
use station_core::{Error, Lang, SystemClock};

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// A folder recorders are mounted under (repeatable; default: the settings, else the OS's).
    #[arg(long = "mount-root")]
    mount_roots: Vec<PathBuf>,
    /// One JSON event per line instead of text.
    #[arg(long)]
    json: bool,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let (st, out) = ctx.open(args.json)?;
    let library = st.root().to_path_buf();
    // The custodian who started the watch (`--user`) is named in what it ingests.
    let on_duty = st
        .signed_in()
        .filter(|a| a.role == Role::Custodian)
        .map(|a| a.name);
    drop(st);
    let stop = Arc::new(AtomicBool::new(false));
    let on_signal = stop.clone();
    // Ctrl-C and SIGTERM end the watch cleanly: running jobs stop, nothing partial stays.
    let _ = ctrlc::set_handler(move || on_signal.store(true, Ordering::Relaxed));
    let sink: Arc<dyn EventSink> = Arc::new(Printer::new(out.lang, args.json));
    dock::watch(
        &library,
        Arc::new(SystemClock),
        dock::WatchOptions {
            roots: args.mount_roots,
            on_duty: Arc::new(Mutex::new(on_duty)),
            ..Default::default()
        },
        sink,
        stop,
    )?;
    Ok(ExitCode::SUCCESS)
}

pub struct Printer {
    lang: Lang,
    json: bool,
    out: Mutex<()>,
}

impl Printer {
    pub fn new(lang: Lang, json: bool) -> Printer {
        Printer {
            lang,
            json,
            out: Mutex::new(()),
        }
    }
}

impl EventSink for Printer {
    fn emit(&self, event: CoreEvent) {
        let _guard = self.out.lock().unwrap_or_else(|p| p.into_inner());
        if self.json {
            if !matches!(event, CoreEvent::IngestProgress(_)) {
                if let Ok(line) = serde_json::to_string(&event) {
                    println!("{line}");
                }
            }
            return;
        }
        let zh = self.lang == Lang::Zh;
        let line = match event {
            CoreEvent::Watching { roots } => {
                if zh {
                    format!("正在监视：{}（按 Ctrl-C 停止）", roots.join("、"))
                } else {
                    format!("watching {} (Ctrl-C stops)", roots.join(", "))
                }
            }
            CoreEvent::Docked { mount, .. } => self
                .lang
                .pick(format!("接入：{mount}"), format!("docked: {mount}")),
            CoreEvent::Undocked { mount } => self
                .lang
                .pick(format!("拔出：{mount}"), format!("undocked: {mount}")),
            CoreEvent::MountIgnored { mount, reason } => {
                let why = match (reason.as_str(), zh) {
                    ("no_media", true) => "没有音视频文件，不是记录仪",
                    ("excluded", true) => "设置中已排除",
                    ("library_disk", true) => "证据库所在磁盘",
                    ("no_media", false) => "no media files: not a recorder",
                    ("excluded", false) => "excluded in settings",
                    (_, _) => "the library's own disk",
                };
                self.lang.pick(
                    format!("忽略：{mount}（{why}）"),
                    format!("ignored: {mount} ({why})"),
                )
            }
            CoreEvent::DockFailed { mount, message, .. } => self.lang.pick(
                format!("无法导入 {mount}：{message}"),
                format!("cannot ingest {mount}: {message}"),
            ),
            CoreEvent::IngestFinished(r) => {
                format!(
                    "{}{}",
                    self.lang.pick("完成：", "done: "),
                    r.summary(self.lang)
                )
            }
            CoreEvent::DistrictPushed { report: r } => match &r.stopped {
                Some(why) => self.lang.pick(
                    format!("区局存储暂不可用，{} 条待报送：{why}", r.pending),
                    format!(
                        "the district store is not available, {} waiting: {why}",
                        r.pending
                    ),
                ),
                None => self.lang.pick(
                    format!("已报送区局：{} 条，仍待 {} 条", r.pushed, r.pending),
                    format!(
                        "sent to the district: {}, still waiting: {}",
                        r.pushed, r.pending
                    ),
                ),
            },
            _ => return,
        };
        println!("{line}");
    }
}
