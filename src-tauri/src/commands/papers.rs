//! Papers to print: opened in the computer's PDF viewer to print from there (the webview
//! cannot print a PDF itself), or saved where the custodian chooses.

use std::path::{Path, PathBuf};

use station_core::error::Error;
use station_core::papers::{PaperRequest, SavedPaper};
use tauri::State;

use super::{with, Answer};
use crate::Services;

#[tauri::command(async)]
pub fn save_paper(
    services: State<'_, Services>,
    request: PaperRequest,
    to: PathBuf,
) -> Answer<SavedPaper> {
    with(&services, |st| st.papers().save(&request, &to))
}

/// The paper saved in Documents\证据工作站文书 (kept: a printed paper's file is its record)
/// and opened in the PDF viewer.
#[tauri::command(async)]
pub fn print_paper(services: State<'_, Services>, request: PaperRequest) -> Answer<SavedPaper> {
    with(&services, |st| {
        let saved = st.papers().save_into(&request, &folder())?;
        open(Path::new(&saved.path)).map_err(|e| {
            Error::state(
                format!("{} 已保存，但无法用 PDF 阅读器打开（{e}）：请在文件夹中双击它打印", saved.path),
                format!("{} was saved but no PDF viewer opened it ({e}): open it from its folder to print", saved.path),
            )
        })?;
        Ok(saved)
    })
}

#[tauri::command]
pub async fn pick_paper_target(
    services: State<'_, Services>,
    request: PaperRequest,
) -> Answer<Option<String>> {
    let title = with(&services, |st| Ok(request.title(st.lang())))?;
    Ok(rfd::AsyncFileDialog::new()
        .set_title("存为 PDF / Save as PDF")
        .set_directory(folder())
        .set_file_name(format!("{title}.pdf"))
        .add_filter("PDF", &["pdf"])
        .save_file()
        .await
        .map(|f| f.path().display().to_string()))
}

/// 证据工作站文书 in the user's Documents folder as the system names it (also where it was
/// moved, e.g. to OneDrive).
fn folder() -> PathBuf {
    dirs::document_dir()
        .or_else(|| dirs::home_dir().map(|h| h.join("Documents")))
        .unwrap_or_else(std::env::temp_dir)
        .join("证据工作站文书")
}

#[cfg(windows)]
fn open(path: &Path) -> Result<(), String> {
    use std::os::windows::ffi::OsStrExt;
    use windows::core::{w, PCWSTR};
    use windows::Win32::UI::Shell::ShellExecuteW;
    use windows::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
    let wide: Vec<u16> = path.as_os_str().encode_wide().chain([0]).collect();
    // SAFETY: both strings are NUL-terminated and outlive the call.
    let code = unsafe {
        ShellExecuteW(
            None,
            w!("open"),
            PCWSTR(wide.as_ptr()),
            None,
            None,
            SW_SHOWNORMAL,
        )
    };
    // ShellExecute returns a value above 32 on success.
    if code.0 as usize > 32 {
        Ok(())
    } else {
        Err(format!("ShellExecute {}", code.0 as usize))
    }
}

#[cfg(not(windows))]
fn open(path: &Path) -> Result<(), String> {
    std::process::Command::new("xdg-open")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| e.to_string())
}
