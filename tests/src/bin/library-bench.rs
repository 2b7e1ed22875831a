//! Benchmark (not a test): a catalog with a year of a large branch's footage — 1,000,000 clips
//! over 365 days, 12 squads, 240 officers and recorders — and the queries the Library page
//! makes: the first page of the unfiltered list in recording order, each filter alone, and 50
//! random combinations (p50 / p95 / max). Each query is a page of 50 plus the total count.
//!
//!     cargo run --release -p station-tests --bin library-bench -- [--clips 1000000] [--work DIR]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use station_core::{ClipQuery, ClipSort, Station, SystemClock};

fn main() {
    let mut clips: u64 = 1_000_000;
    // Never the repository folder: a bench makes a library of a million clips.
    let mut work = std::env::temp_dir().join("evidence-station-bench/library");
    let mut reuse = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--reuse" {
            reuse = true; // keep the catalog seeded by an earlier run
            continue;
        }
        match (a.as_str(), args.next()) {
            ("--clips", Some(v)) => clips = v.parse().expect("--clips N"),
            ("--work", Some(v)) => work = PathBuf::from(v),
            _ => {
                eprintln!("usage: library-bench [--clips N] [--work DIR] [--reuse]");
                std::process::exit(2);
            }
        }
    }
    if !reuse {
        let _ = std::fs::remove_dir_all(&work);
        let st = Station::init(&work, Some("基准分局"), Arc::new(SystemClock)).expect("library");
        st.set_setting("time_zone", "Asia/Shanghai").expect("tz");
        drop(st);
        let t = Instant::now();
        seed(&work.join("catalog.sqlite"), clips);
        println!("seeded {clips} clips in {:.1} s", t.elapsed().as_secs_f64());
    }
    let st = Station::open(&work, Arc::new(SystemClock)).expect("open");

    let first = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let week = |d: i64| {
        (
            Some(first + Duration::days(d)),
            Some(first + Duration::days(d + 6)),
        )
    };
    let singles: Vec<(&str, ClipQuery)> = vec![
        ("unfiltered, newest first", ClipQuery::default()),
        (
            "officer",
            ClipQuery {
                officer: Some("010117".into()),
                ..Default::default()
            },
        ),
        (
            "squad",
            ClipQuery {
                squad: Some("第7中队".into()),
                ..Default::default()
            },
        ),
        (
            "device",
            ClipQuery {
                device: Some("DSJ0042".into()),
                ..Default::default()
            },
        ),
        ("one week", {
            let (from, to) = week(200);
            ClipQuery {
                from,
                to,
                ..Default::default()
            }
        }),
        (
            "kind = photo",
            ClipQuery {
                kind: Some(station_core::recorders::Kind::Photo),
                ..Default::default()
            },
        ),
        (
            "case number",
            ClipQuery {
                case_number: Some("兖综执〔2024〕1234号".into()),
                ..Default::default()
            },
        ),
        (
            "party",
            ClipQuery {
                party: Some("当事人317".into()),
                ..Default::default()
            },
        ),
        (
            "important",
            ClipQuery {
                important: Some(true),
                ..Default::default()
            },
        ),
        (
            "missing labels",
            ClipQuery {
                missing_labels: true,
                ..Default::default()
            },
        ),
    ];
    println!("\n| Library query (page of 50 + total count) | time | matches |");
    println!("|---|---|---|");
    for (name, q) in &singles {
        let (ms, total) = time_page(&st, q);
        println!("| {name} | {ms:.1} ms | {total} |");
    }

    // 50 random combinations, as a custodian clicks through filters.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rnd = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let mut times = Vec::new();
    for _ in 0..50 {
        let mut q = ClipQuery::default();
        if rnd(2) == 0 {
            q.squad = Some(format!("第{}中队", rnd(12) + 1));
        }
        if rnd(3) == 0 {
            q.officer = Some(format!("010{:03}", rnd(240)));
        }
        if rnd(4) == 0 {
            q.device = Some(format!("DSJ{:04}", rnd(240)));
        }
        if rnd(2) == 0 {
            let (f, t) = week(rnd(358) as i64);
            q.from = f;
            q.to = t;
        }
        if rnd(3) == 0 {
            q.kind = Some(station_core::recorders::Kind::ALL[rnd(3) as usize]);
        }
        if rnd(5) == 0 {
            q.important = Some(true);
        }
        if rnd(4) == 0 {
            q.missing_labels = true;
        }
        if rnd(8) == 0 {
            q.party = Some(format!("当事人{}", rnd(5000)));
        }
        let (ms, total) = time_page(&st, &q);
        if ms > 100.0 {
            eprintln!("slow: {ms:.0} ms, {total} matches: {q:?}");
        }
        times.push(ms);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "| 50 random filter combinations | p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms | |",
        times[25], times[47], times[49]
    );
}

fn time_page(st: &Station, q: &ClipQuery) -> (f64, u64) {
    // Warm the statement cache and the page cache like a page that is already open.
    let _ = st
        .clips()
        .page(q, ClipSort::RecordedDesc, 0, 50)
        .expect("page");
    let t = Instant::now();
    let page = st
        .clips()
        .page(q, ClipSort::RecordedDesc, 0, 50)
        .expect("page");
    (t.elapsed().as_secs_f64() * 1000.0, page.total)
}

fn seed(db: &std::path::Path, clips: u64) {
    let mut c = rusqlite::Connection::open(db).expect("catalog");
    c.pragma_update(None, "synchronous", "OFF").expect("pragma");
    let tx = c.transaction().expect("tx");
    let now = "2025-01-01T00:00:00+08:00";
    for s in 1..=12 {
        tx.execute(
            "INSERT INTO squads (name, created_at) VALUES (?1, ?2)",
            (format!("第{s}中队"), now),
        )
        .expect("squad");
    }
    for o in 0..240 {
        tx.execute(
            "INSERT INTO officers (number, name, squad_id, created_at) VALUES (?1, ?2, ?3, ?4)",
            (format!("010{o:03}"), format!("队员{o}"), o % 12 + 1, now),
        )
        .expect("officer");
        tx.execute(
            "INSERT INTO devices (serial, squad_id, officer_id, registered, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
            (format!("DSJ{o:04}"), o % 12 + 1, o + 1, now),
        ).expect("device");
    }
    {
        let mut ins = tx.prepare(
            "INSERT INTO clips (media_path, device_id, source_path, source_path_raw, source_size,
                source_mtime_ns, size, blake3, sha256, kind, recorded_at, recorded_at_unix,
                time_source, duration_s, officer_id, squad_id, important, case_number, cause,
                party, ingested_at, verified_at, officer_source)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?5, ?6, ?6, ?7, ?8, ?9, 'file_name', ?10, ?11, ?12,
                ?13, ?14, ?15, ?16, ?17, ?17, 'file_name')",
        ).expect("prepare");
        let start = 1_704_038_400i64; // 2024-01-01 00:00 +08:00
        let mut x: u64 = 88172645463325252;
        for i in 0..clips {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let officer = (x % 240) as i64;
            // Working hours, every day of the year.
            let t = start
                + ((i * 365 * 86_400) / clips) as i64 / 86_400 * 86_400
                + 7 * 3600
                + (x >> 20) as i64 % (12 * 3600);
            let kind = match x % 10 {
                0..=6 => "video",
                7 => "audio",
                _ => "photo",
            };
            let labelled = x % 10 < 8;
            let serial = format!("DSJ{officer:04}");
            let name = format!("DSJ_{serial}_010{officer:03}_{i}.MP4");
            ins.execute(rusqlite::params![
                format!("media/2024/{serial}/{name}"),
                officer + 1,
                name,
                name.as_bytes(),
                (x % 500_000_000) as i64,
                format!("{:064x}", i),
                kind,
                chrono::DateTime::from_timestamp(t, 0)
                    .expect("t")
                    .to_rfc3339(),
                t,
                (x % 900) as f64,
                officer + 1,
                officer % 12 + 1,
                x.is_multiple_of(20) as i64,
                x.is_multiple_of(5)
                    .then(|| format!("兖综执〔2024〕{}号", x % 2000)),
                labelled.then_some("占道经营"),
                labelled.then(|| format!("当事人{}", x % 5000)),
                now,
            ])
            .expect("clip");
        }
    }
    tx.commit().expect("commit");
    c.execute_batch("ANALYZE").expect("analyze");
}
