//! The media server's answer to a `Range` header: a part is never empty and never past the
//! file's end.
#![no_main]

use libfuzzer_sys::fuzz_target;
use station_core::media_server::{byte_span, Span};

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let size = u64::from_le_bytes(data[..8].try_into().expect("8 bytes")) % (1 << 40);
    let header = String::from_utf8_lossy(&data[8..]);
    if let Span::Part { start, len } = byte_span(Some(&header), size) {
        assert!(len > 0 && start.checked_add(len).is_some_and(|end| end <= size));
    }
});
