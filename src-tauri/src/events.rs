//! Core events to the window, as they happen. The core already throttles progress (about four
//! a second per job).

use station_core::events::{CoreEvent, EventSink};
use tauri::{AppHandle, Emitter};

pub struct WindowEvents(pub AppHandle);

impl EventSink for WindowEvents {
    fn emit(&self, event: CoreEvent) {
        let _ = self.0.emit("core-event", &event);
    }
}
