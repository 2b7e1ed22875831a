//! Windows: a drive plugged in or pulled is announced to every top-level window as
//! `WM_DEVICECHANGE`; the main window passes it on to the dock watcher, which then reads the
//! drive letters at once instead of at its next one-second poll. Built for Windows here, not
//! run (no WebView2 under Wine; README "Windows").

use station_core::dock::Wake;
use windows::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
use windows::Win32::UI::Shell::{DefSubclassProc, SetWindowSubclass};
use windows::Win32::UI::WindowsAndMessaging::WM_DEVICECHANGE;

/// Our subclass's id among the window's subclasses.
const SUBCLASS_ID: usize = 0x4553; // "ES"

/// Ring `wake` whenever `window` hears that the devices changed.
pub fn forward(window: &tauri::WebviewWindow, wake: Wake) -> tauri::Result<()> {
    let hwnd = window.hwnd()?;
    // The window lives as long as the app; so does this, on purpose.
    let data = Box::into_raw(Box::new(wake)) as usize;
    // SAFETY: a valid window of this thread's app; `on_message` matches SUBCLASSPROC and
    // reads `data` only as the `Wake` leaked above.
    let set = unsafe { SetWindowSubclass(hwnd, Some(on_message), SUBCLASS_ID, data) };
    if !set.as_bool() {
        return Err(tauri::Error::Io(std::io::Error::last_os_error()));
    }
    Ok(())
}

unsafe extern "system" fn on_message(
    hwnd: HWND,
    msg: u32,
    wparam: WPARAM,
    lparam: LPARAM,
    _id: usize,
    data: usize,
) -> LRESULT {
    if msg == WM_DEVICECHANGE {
        // SAFETY: `data` is the `Wake` that `forward` leaked for this subclass.
        let wake = unsafe { &*(data as *const Wake) };
        wake.drives_changed();
    }
    // SAFETY: the arguments are the message as the window received it.
    unsafe { DefSubclassProc(hwnd, msg, wparam, lparam) }
}
