//! The fonts a paper is set in: the Chinese fonts every Windows PC has (Microsoft YaHei,
//! SimHei, SimSun, DengXian) or, on Linux, Noto Sans CJK / WenQuanYi — looked up by file, not by
//! parsing every font on the system, and read once per process.

use std::path::PathBuf;
use std::sync::Mutex;

use typst::foundations::Bytes;
use typst::text::Font;

#[derive(Clone)]
pub(crate) struct Fonts {
    pub faces: Vec<Font>,
    /// Family names in order of preference, for Typst's fallback list.
    pub families: Vec<String>,
}

const FILES: &[&str] = &[
    // Windows (every edition ships these).
    "msyh.ttc",
    "msyhbd.ttc",
    "simhei.ttf",
    "simsun.ttc",
    "Deng.ttf",
    "Dengb.ttf",
    // Installed by hand on Windows, or Debian's fonts-noto-cjk / fonts-wqy-*.
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
    "NotoSansSC-Regular.otf",
    "NotoSansSC-Bold.otf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
];

/// Every file a font may be read from, in order of preference.
fn candidates() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").unwrap_or_else(|| "C:\\Windows".into());
        dirs.push(PathBuf::from(windir).join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
        }
    } else {
        for d in [
            "/usr/share/fonts/opentype/noto",
            "/usr/share/fonts/noto-cjk",
            "/usr/share/fonts/google-noto-cjk",
            "/usr/share/fonts/truetype/wqy",
            "/usr/share/fonts/wqy-microhei",
        ] {
            dirs.push(d.into());
        }
    }
    FILES
        .iter()
        .flat_map(|f| dirs.iter().map(move |d| d.join(f)))
        .collect()
}

static LOADED: Mutex<Option<Fonts>> = Mutex::new(None);

/// The fonts, read on first use; None when no file holds a Chinese font (searched again next
/// time: a font may be installed meanwhile).
pub(crate) fn load() -> Option<Fonts> {
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(fonts) = loaded.as_ref() {
        return Some(fonts.clone());
    }
    let mut faces = Vec::new();
    for path in candidates() {
        if let Ok(data) = std::fs::read(path) {
            faces.extend(Font::iter(Bytes::new(data)).filter(has_chinese));
        }
    }
    if faces.is_empty() {
        return None;
    }
    let mut families: Vec<String> = Vec::new();
    for f in &faces {
        let family = f.info().family.clone();
        if !families.contains(&family) {
            families.push(family);
        }
    }
    // Simplified Chinese forms first: a TTC of Noto holds the Japanese and Korean faces too.
    families.sort_by_key(|f| !f.ends_with(" SC") && f.contains("CJK"));
    let fonts = Fonts { faces, families };
    *loaded = Some(fonts.clone());
    Some(fonts)
}

fn has_chinese(font: &Font) -> bool {
    // 证 (U+8BC1), a simplified form: a face without it cannot set a receipt.
    font.info().coverage.contains(0x8BC1)
}
