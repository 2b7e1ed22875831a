//! The player's media server: 127.0.0.1 only, a token, byte ranges, every view audited.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use station_core::access::AccessTarget;
use station_core::events::NoEvents;
use station_core::media_server::MediaServer;
use station_core::{IngestOptions, SystemClock};
use station_tests::*;

/// (status, headers, body) of one GET.
fn get(url: &str, range: Option<&str>) -> (u16, String, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("http url");
    let (host, path) = rest.split_once('/').expect("path");
    let mut s = TcpStream::connect(host).expect("connect");
    let range = range.map(|r| format!("Range: {r}\r\n")).unwrap_or_default();
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\n{range}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head") + 4;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head[9..12].parse().expect("status");
    (status, head, raw[split..].to_vec())
}

#[test]
fn ranges_token_and_one_audited_view() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    let big = mp4_of_size(200 << 20, 5);
    rec.file("DCIM/DSJ_MS1_070001_20240105_090000.MP4", &big);
    let st = found(&lib, None, Arc::new(SystemClock), &[]);
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let id = st.clips().list(&Default::default()).expect("list")[0].id;

    approved(
        &lib,
        Arc::new(SystemClock),
        AccessTarget::Clips(vec![id]),
        Purpose::View,
    );
    let server = MediaServer::start(&lib, Arc::new(SystemClock)).expect("server");
    server.act_for(&st);
    let url = server.clip_url(id);
    assert!(url.starts_with("http://127.0.0.1:"));

    // Seeking near the end of a 200 MB file sends exactly the bytes asked for.
    let (status, head, body) = get(&url, Some("bytes=209715000-209715199"));
    assert_eq!(status, 206, "{head}");
    assert!(
        head.contains("Content-Range: bytes 209715000-209715199/209715200"),
        "{head}"
    );
    assert!(head.contains("Content-Type: video/mp4"));
    assert_eq!(body, big[209_715_000..209_715_200].to_vec());
    let (status, _, body) = get(&url, Some("bytes=0-99"));
    assert_eq!((status, body.len()), (206, 100));
    assert_eq!(body, big[..100].to_vec());
    // Open-ended ranges, as WebKit's player sends them.
    let (status, head, body) = get(&url, Some("bytes=209715100-"));
    assert_eq!((status, body.len()), (206, 100), "{head}");
    let (status, _, _) = get(&url, Some("bytes=999999999-"));
    assert_eq!(status, 416);

    // Without the token, with a wrong one, or for a clip that does not exist: nothing.
    let bare = url.split('?').next().expect("path");
    assert_eq!(get(bare, None).0, 403);
    assert_eq!(get(&format!("{bare}?token=00"), None).0, 403);
    assert_eq!(get(&server.clip_url(987_654), None).0, 404);

    // A thumbnail never waits: a placeholder (or the made one) at once.
    let (status, head, _) = get(&server.thumb_url(id), None);
    assert_eq!(status, 200);
    assert!(head.contains("image/"), "{head}");

    // All those requests are one view in the player and one of the thumbnail.
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    let views: Vec<(String, String, String)> = db
        .prepare(
            "SELECT actor, object, json_extract(detail, '$.via') FROM audit_log
             WHERE action = 'view' ORDER BY id",
        )
        .expect("prep")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("q")
        .map(|r| r.expect("row"))
        .collect();
    // Views are recorded for the signed-in user the player acts for.
    let who = CUSTODIAN.to_string();
    assert_eq!(
        views,
        vec![
            (who.clone(), id.to_string(), "player".to_string()),
            (who, id.to_string(), "thumbnail".to_string())
        ]
    );
}

#[test]
fn a_thumbnail_without_approval_is_not_shown_nor_recorded_as_a_refused_view() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    rec.file(
        "DCIM/DSJ_MS1_070001_20240105_090000.MP4",
        &mp4_of_size(1 << 20, 6),
    );
    let st = found(&lib, None, Arc::new(SystemClock), &[]);
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let id = st.clips().list(&Default::default()).expect("list")[0].id;
    let server = MediaServer::start(&lib, Arc::new(SystemClock)).expect("server");
    server.act_for(&st);
    // The Library asks for the thumbnail again and again as it scrolls: never shown, never a
    // row in the report of refused access; opening the player is an attempt, and recorded.
    for _ in 0..5 {
        assert_eq!(get(&server.thumb_url(id), None).0, 403);
    }
    assert_eq!(get(&server.clip_url(id), None).0, 403);
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    let refused: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(refused, 1);
}
