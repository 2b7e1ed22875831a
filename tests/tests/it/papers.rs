//! Papers to print: each one the CLI saves (`--pdf FILE`) is read back by poppler — its text
//! (`pdftotext`), its fonts (`pdffonts`: all embedded), its pages (`pdfinfo`: A4) and a
//! rendered image (`pdftoppm`: ink on the page) — and audited; none overwrites a file.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use station_core::burn::{DiscTarget, Medium};
use station_core::events::NoEvents;
use station_core::retention::{HoldReason, HoldTarget};
use station_core::{FixedClock, IngestOptions, Labels};
use station_tests::*;

/// What poppler reads from a PDF.
pub(crate) struct Read {
    pub text: String,
    pub pages: usize,
    a4: bool,
    fonts: Vec<String>,
    all_embedded: bool,
    inked: usize,
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e} (apt install poppler-utils)"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn read(pdf: &Path) -> Read {
    let info = poppler("pdfinfo", &[], pdf);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages");
    let fonts_table = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts_table.lines().skip(2).collect();
    // name type encoding emb sub uni …: `emb` is the third column from the right but two.
    let all_embedded = !rows.is_empty()
        && rows.iter().all(|r| {
            let cols: Vec<&str> = r.split_whitespace().collect();
            cols.len() >= 5 && cols[cols.len() - 5] == "yes"
        });
    // The first page in grey at 40 dpi: count the dark pixels.
    let dir = tempfile::tempdir().expect("tmp");
    let stem = dir.path().join("page");
    let out = Command::new("pdftoppm")
        .args(["-r", "40", "-gray", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&stem)
        .output()
        .expect("pdftoppm");
    assert!(out.status.success(), "pdftoppm failed");
    let image = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .next()
        .map(|e| std::fs::read(e.path()).expect("pgm"))
        .expect("a rendered page");
    Read {
        text: poppler("pdftotext", &["-layout"], pdf),
        pages,
        a4: info.contains("(A4)")
            || info.contains("841.89 x 595.276")
            || info.contains("595.276 x 841.89"),
        fonts: rows
            .iter()
            .map(|r| r.split_whitespace().next().unwrap_or("").to_string())
            .collect(),
        all_embedded,
        inked: image.iter().skip(20).filter(|&&p| p < 128).count(),
    }
}

fn paper(lib: &Path, user: &str, args: &[&str], pdf: &Path) -> serde_json::Value {
    let (code, v) = cli_json_as(
        lib,
        user,
        &[args, &["--pdf", pdf.to_str().expect("utf8"), "--json"]].concat(),
    );
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub(crate) fn has_all(r: &Read, words: &[&str]) {
    // pdftotext -layout may space a table's cells apart; compare without spaces.
    let text: String = r.text.chars().filter(|c| !c.is_whitespace()).collect();
    for w in words {
        let w: String = w.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&w), "{w:?} is not in:\n{}", r.text);
    }
    assert!(r.a4, "A4 pages");
    assert!(r.all_embedded, "fonts not all embedded: {:?}", r.fonts);
    assert!(r.inked > 200, "page 1 is blank ({} dark pixels)", r.inked);
}

#[test]
fn every_paper_prints_in_chinese_with_embedded_fonts_and_is_audited() {
    let have = |t: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {t}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("pdftotext") || !have("xorriso") {
        return skip(
            "papers",
            "poppler-utils and xorriso are needed (run tests/setup.sh)",
        );
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2024, 1, 20, 2, 0, 0)
            .single()
            .expect("t"),
    ));
    let _ = found(
        &lib,
        Some("兴隆分局"),
        clock.clone(),
        &[("time_zone", "Asia/Shanghai")],
    );
    let st = signed_in(&lib, clock.clone(), CUSTODIAN);
    st.registry().add_squad("一中队").expect("squad");
    st.registry()
        .add_officer("080001", Some("张三"), Some("一中队"))
        .expect("officer");
    let mut rec = FakeRecorder::new(&tmp.path().join("card"));
    // Enough files that the receipt runs over a page and repeats its header.
    for i in 0..60u64 {
        rec.dsj(
            "SC1",
            "080001",
            &format!("20240110_08{:02}{:02}", i / 60, i % 60),
            "",
            20_000 + i as usize,
        );
    }
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let clips = st.clips().list(&Default::default()).expect("clips");
    // A party whose name holds a character no font here draws (a hieroglyph stands in for
    // a rare character): printed as its code, and named.
    st.clips()
        .label(
            &[clips[0].id],
            &Labels {
                case_number: Some("兴执罚〔2024〕7号".into()),
                cause: Some("占道经营".into()),
                party: Some("王\u{13000}".into()),
                ..Default::default()
            },
        )
        .expect("label");
    st.retention()
        .add_hold(
            &HoldTarget::Case("兴执罚〔2024〕7号".into()),
            HoldReason::Evidence,
            None,
        )
        .expect("hold");
    let disc = st
        .discs()
        .plan(Medium::Cd)
        .expect("plan")
        .into_iter()
        .next()
        .expect("a disc");
    st.discs()
        .write(
            &disc.id,
            &DiscTarget::Image(tmp.path().join("copy1.iso")),
            &NoEvents,
        )
        .expect("write");
    drop(st);
    let (_, docks) = cli_json(&lib, &["docks", "list", "--json"]);
    let dock = docks[0]["id"].as_i64().expect("dock id").to_string();

    // The docking receipt, for officer and custodian to sign.
    let receipt = tmp.path().join("接收清单.pdf");
    let saved = paper(&lib, CUSTODIAN, &["docks", "receipt", &dock], &receipt);
    let r = read(&receipt);
    assert!(
        r.pages >= 2 && saved["pages"] == r.pages,
        "{saved} vs {} pages",
        r.pages
    );
    has_all(
        &r,
        &[
            "兴隆分局",
            "执法记录仪接收清单",
            "SC1",
            "张三（080001）",
            "一中队",
            "发现 60，复制 60",
            "执法人员（签名）",
            "保管员（签名）",
            "第 1 页 共",
            file_name(&clips[59].source_path),
            &clips[0].sha256[..32],
        ],
    );
    assert!(
        r.text.matches("原文件").count() >= 2,
        "the table's header repeats on every page"
    );
    assert!(
        r.fonts
            .iter()
            .all(|f| f.contains("CJK") || f.contains("Noto")),
        "{:?}",
        r.fonts
    );

    // Saving over a file is refused and leaves it as it was.
    let before = std::fs::read(&receipt).expect("pdf");
    let (code, _) = cli_json(
        &lib,
        &[
            "docks",
            "receipt",
            &dock,
            "--pdf",
            receipt.to_str().expect("utf8"),
            "--json",
        ],
    );
    assert_ne!(code, 0);
    assert_eq!(std::fs::read(&receipt).expect("pdf"), before);

    // The week's ledger: the rare character printed as its code and named to the caller.
    let ledger = tmp.path().join("周台账.pdf");
    let saved = paper(
        &lib,
        CUSTODIAN,
        &["export", "ledger", "--week", "2024-W02"],
        &ledger,
    );
    assert_eq!(saved["missing"], serde_json::json!(["\u{13000}"]));
    has_all(
        &read(&ledger),
        &[
            "执法记录周台账",
            "2024年第2周（1月8日–1月14日）",
            "占道经营",
            "[U+13000]",
            "占道经营",
        ],
    );

    // A report, the disc's label and the register.
    let report = tmp.path().join("报表.pdf");
    paper(&lib, CUSTODIAN, &["reports", "labels"], &report);
    has_all(
        &read(&report),
        &["报表：缺少标注", "记录", "核查人（签名）"],
    );
    let label = tmp.path().join("标签.pdf");
    paper(&lib, CUSTODIAN, &["discs", "label", &disc.id], &label);
    has_all(
        &read(&label),
        &["兴隆分局 执法记录长期保存", &disc.id, "兴执罚〔2024〕7号"],
    );
    let register = tmp.path().join("登记簿.pdf");
    paper(&lib, CUSTODIAN, &["discs", "list"], &register);
    has_all(
        &read(&register),
        &["长期保存光盘登记簿", &disc.id, "镜像文件", "copy1.iso"],
    );

    // The inspection ledger, after one reviewed item.
    let (code, drawn) = cli_json_as(
        &lib,
        INSPECTOR,
        &[
            "spotcheck",
            "draw",
            "--seed",
            "7",
            "--size",
            "2",
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-31",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{drawn}");
    let item = drawn["items"][0]["id"].as_i64().expect("item").to_string();
    let out = cli_as(&lib, INSPECTOR)
        .args(["spotcheck", "review", &item, "--result", "pass"])
        .output()
        .expect("review");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let checks = tmp.path().join("检查台账.pdf");
    let out = cli_as(&lib, INSPECTOR)
        .args(["spotcheck", "ledger", "--pdf"])
        .arg(&checks)
        .output()
        .expect("ledger");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    has_all(
        &read(&checks),
        &["执法记录检查台账", "合格", "一中队", "检查人（签名）"],
    );

    // Each paper that left the station is in the audit log, in words.
    let (code, audit) = cli_json_as(
        &lib,
        BRANCH_HEAD,
        &["audit", "list", "--action", "print_paper", "--json"],
    );
    assert_eq!(code, 0, "{audit}");
    let rows = audit.as_array().expect("rows");
    assert_eq!(rows.len(), 6, "{audit}");
    assert!(
        rows.iter().any(|r| r["text"]
            .as_str()
            .is_some_and(|t| t.contains("打印文书") && t.contains("执法记录仪接收清单"))),
        "{audit}"
    );
}
