//! Container metadata from a card: MP4/MOV boxes, JPEG EXIF, WAV headers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let head = &data[..data.len().min(64)];
    let _ = station_core::recorders::container_facts(std::io::Cursor::new(data), head);
});
