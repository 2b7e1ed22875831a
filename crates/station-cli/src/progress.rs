//! A progress bar on a terminal for long work; silent when stderr is not a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use station_core::events::{CoreEvent, EventSink};
use station_core::Lang;

pub struct Bar {
    bar: ProgressBar,
    lang: Lang,
}

impl Bar {
    pub fn new(lang: Lang) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{msg:24!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        Bar { bar, lang }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl EventSink for Bar {
    fn emit(&self, event: CoreEvent) {
        match event {
            CoreEvent::IngestPlanned { bytes_to_copy, .. } => {
                self.bar.set_length(bytes_to_copy);
                self.bar
                    .set_message(self.lang.pick("复制并校验", "copy + verify").to_string());
            }
            CoreEvent::IngestProgress(p) | CoreEvent::VerifyProgress(p) => {
                self.bar.set_length(p.bytes_total);
                self.bar.set_position(p.bytes_done);
                self.bar
                    .set_message(format!("{}/{} {}", p.files_done, p.files_total, p.current));
            }
            CoreEvent::DiscProgress { phase, progress }
            | CoreEvent::ExportProgress { phase, progress }
            | CoreEvent::MoveProgress { phase, progress } => {
                self.bar.set_length(progress.bytes_total);
                self.bar.set_position(progress.bytes_done);
                let step = match phase {
                    "copying" => self.lang.pick("复制", "copying"),
                    "imaging" => self.lang.pick("生成镜像", "making the image"),
                    "burning" => self.lang.pick("刻录", "burning"),
                    "removing" => self.lang.pick("删除旧文件", "removing old files"),
                    _ => self.lang.pick("回读校验", "reading back"),
                };
                self.bar.set_message(format!(
                    "{step} {}/{}",
                    progress.files_done, progress.files_total
                ));
            }
            _ => {}
        }
    }
}

/// 1.5 GiB, 300 MiB, 12 KiB …
pub fn bytes(n: u64) -> String {
    indicatif::BinaryBytes(n).to_string()
}
