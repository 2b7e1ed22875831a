//! Who may do what: accounts with argon2id passwords, roles refused clearly in the CLI,
//! throttled sign-in, access requests approved by the branch head with an expiry (never by the
//! requester), views and copies refused without a live approval, confidentiality levels, and
//! no password anywhere in clear.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use station_core::access::{AccessTarget, NewAccount, Role};
use station_core::events::NoEvents;
use station_core::export::Selection;
use station_core::media_server::MediaServer;
use station_core::{Clock, ErrorCode, FixedClock, Station, SystemClock};
use station_tests::*;

const ADMIN_PW: &str = "管理员-Admin-2026";
const PW: &str = "correct horse 9";

/// Run the CLI as `user`, with `passwords` on standard input, one per line.
fn cli_as(lib: &Path, user: &str, passwords: &[&str], args: &[&str]) -> (i32, String, String) {
    let mut child = cli_unsigned(lib)
        .args(["--user", user, "--password-stdin"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cli");
    let input: String = passwords.iter().map(|p| format!("{p}\n")).collect();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A library with an administrator, a custodian, a branch head, a legal inspector and an
/// officer, and a card of three clips.
fn station(tmp: &Path) -> PathBuf {
    let lib = tmp.join("lib");
    let mut init = cli_unsigned(&lib)
        .args([
            "--password-stdin",
            "init",
            "--branch",
            "兴隆分局",
            "--admin",
            "admin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("init");
    init.stdin
        .take()
        .expect("stdin")
        .write_all(format!("{ADMIN_PW}\n").as_bytes())
        .expect("pw");
    assert!(init.wait().expect("init").success());
    for (name, role, extra) in [
        ("kgy", "custodian", vec![]),
        ("fzr", "branch_head", vec![]),
        ("fzk", "legal_inspector", vec![]),
        ("zhang", "officer", vec!["--officer", "080001"]),
    ] {
        let mut args = vec!["accounts", "add", name, "--role", role];
        args.extend(extra);
        let (code, _, err) = cli_as(&lib, "admin", &[ADMIN_PW, PW], &args);
        assert_eq!(code, 0, "{err}");
    }
    let mut rec = FakeRecorder::new(&tmp.join("card"));
    rec.dsj("AC1", "080001", "20240105_090000", "", 20_000);
    rec.dsj("AC1", "080001", "20240105_100000", "", 30_000);
    rec.dsj("AC1", "080002", "20240105_110000", "", 40_000);
    let (code, _, err) = cli_as(
        &lib,
        "kgy",
        &[PW],
        &["ingest", rec.root.to_str().expect("utf8")],
    );
    assert_eq!(code, 0, "{err}");
    lib
}

fn signed_in(lib: &Path, clock: Arc<FixedClock>, user: &str) -> Station {
    sign_in_as(lib, clock, user, PW)
}

#[test]
fn roles_are_enforced_in_the_cli_and_passwords_are_never_in_clear() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = station(tmp.path());

    // Without signing in, a station with accounts refuses clearly.
    let out = cli_unsigned(&lib)
        .args(["squads", "add", "二中队"])
        .output()
        .expect("cli");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("请先登录"));

    // Each role to its work: the custodian labels, but does not approve disposals or read
    // the audit log; the administrator manages accounts but does not label evidence.
    let (code, _, err) = cli_as(
        &lib,
        "kgy",
        &[PW],
        &["clips", "label", "1", "--cause", "占道经营"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = cli_as(&lib, "kgy", &[PW], &["audit", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("保管员 角色无权查看审计日志"), "{err}");
    let (code, _, err) = cli_as(
        &lib,
        "admin",
        &[ADMIN_PW],
        &["clips", "label", "1", "--cause", "x"],
    );
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = cli_as(
        &lib,
        "fzk",
        &[PW],
        &["audit", "list", "--json", "--action", "login"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("\"kgy\""), "{out}");
    assert!(out.contains(" kgy 登录\""), "each row in words: {out}");
    let (code, _, _) = cli_as(&lib, "fzr", &[PW], &["accounts", "list"]);
    assert_eq!(code, 2, "only the administrator manages accounts");

    // Repeated wrong passwords: refused, then the account waits even for the right one.
    for _ in 0..5 {
        let (code, _, err) = cli_as(&lib, "fzk", &["wrong password"], &["audit", "list"]);
        assert_eq!(code, 2);
        assert!(err.contains("用户名或密码错误"), "{err}");
    }
    let (code, _, err) = cli_as(&lib, "fzk", &[PW], &["audit", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("登录失败次数过多"), "{err}");

    // No password in clear anywhere in the library: catalog, WAL, manifests.
    for file in files_under(&lib) {
        let mut bytes = Vec::new();
        std::fs::File::open(&file)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .expect("read");
        for pw in [PW, ADMIN_PW, "wrong password"] {
            assert!(
                !bytes.windows(pw.len()).any(|w| w == pw.as_bytes()),
                "{pw} in {}",
                file.display()
            );
        }
    }
    let db = rusqlite::Connection::open(lib.join("catalog.sqlite")).expect("db");
    let hash: String = db
        .query_row(
            "SELECT password_hash FROM accounts WHERE name = 'kgy'",
            [],
            |r| r.get(0),
        )
        .expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let failed: i64 = db
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND actor = 'fzk'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(failed, 6);
}

#[test]
fn views_and_copies_need_a_live_approval_from_someone_else() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = station(tmp.path());
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 29, 2, 0, 0)
            .single()
            .expect("t"),
    ));
    let inspector = signed_in(&lib, clock.clone(), "fzk");
    let head = signed_in(&lib, clock.clone(), "fzr");
    let admin = {
        let mut st = signed_in(&lib, clock.clone(), CUSTODIAN);
        st.sign_in("admin", ADMIN_PW).expect("admin");
        st
    };
    let custodian = signed_in(&lib, clock.clone(), "kgy");
    let ids: Vec<i64> = custodian
        .clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .map(|c| c.id)
        .collect();
    let clip = ids[0];

    // No approval: no view, no copy, for anyone — the administrator included.
    let refused = |st: &Station, purpose: Purpose| {
        st.access()
            .check(clip, purpose)
            .expect_err("refused")
            .code()
    };
    assert_eq!(refused(&inspector, Purpose::View), ErrorCode::NeedsApproval);
    assert_eq!(refused(&admin, Purpose::View), ErrorCode::NeedsApproval);
    assert_eq!(refused(&custodian, Purpose::View), ErrorCode::NeedsApproval);

    // The player refuses too.
    let server = MediaServer::start(&lib, clock.clone()).expect("server");
    server.act_for(&inspector);
    assert_eq!(http_status(&server.clip_url(clip)), 403);

    // A request; the requester cannot approve it, the branch head can.
    let id = inspector
        .access()
        .request(
            &AccessTarget::Clips(vec![clip]),
            Purpose::View,
            Level::Normal,
            "复核执法过程",
        )
        .expect("request");
    let own = head
        .access()
        .request(
            &AccessTarget::Clips(vec![clip]),
            Purpose::View,
            Level::Normal,
            "自查",
        )
        .expect("request");
    assert_eq!(
        head.access()
            .approve(own, None, None)
            .expect_err("own")
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        custodian
            .access()
            .approve(id, None, None)
            .expect_err("not a head")
            .code(),
        ErrorCode::Forbidden
    );
    head.access()
        .approve(id, Some(7), Some("同意"))
        .expect("approve");
    inspector
        .access()
        .check(clip, Purpose::View)
        .expect("allowed while approved");
    assert_eq!(http_status(&server.clip_url(clip)), 206);
    assert_eq!(refused(&inspector, Purpose::Copy), ErrorCode::NeedsApproval);
    assert_eq!(refused(&admin, Purpose::View), ErrorCode::NeedsApproval);

    // Expired after seven days.
    clock.set(clock.now() + Duration::days(8));
    assert_eq!(refused(&inspector, Purpose::View), ErrorCode::NeedsApproval);
    assert_eq!(http_status(&server.clip_url(clip)), 403);

    // A district copy: refused without approval, written with one, refused after expiry.
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let district = || {
        custodian
            .exports()
            .request(&Selection::Clips(vec![clip]), &out, "区局调取", &NoEvents)
    };
    assert_eq!(
        district().expect_err("refused").code(),
        ErrorCode::NeedsApproval
    );
    let id = custodian
        .access()
        .request(
            &AccessTarget::Clips(vec![clip]),
            Purpose::District,
            Level::Normal,
            "区局调取",
        )
        .expect("request");
    head.access().approve(id, Some(1), None).expect("approve");
    assert!(district().expect("copy").check.ok);
    clock.set(clock.now() + Duration::days(2));
    assert_eq!(
        district().expect_err("expired").code(),
        ErrorCode::NeedsApproval
    );

    // Confidentiality: a state secret leaves the inspector's lists, and a copy needs an
    // approval that names the level.
    head.access()
        .classify(&[ids[1]], Level::State)
        .expect("classify");
    let seen: Vec<i64> = inspector
        .clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(!seen.contains(&ids[1]) && seen.contains(&ids[2]));
    assert!(custodian
        .clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .any(|c| c.id == ids[1] && c.confidentiality == Level::State));
    let normal = custodian
        .access()
        .request(
            &AccessTarget::Clips(vec![ids[1]]),
            Purpose::District,
            Level::Normal,
            "调取",
        )
        .expect("request");
    head.access().approve(normal, None, None).expect("approve");
    let secret = || {
        custodian
            .exports()
            .request(&Selection::Clips(vec![ids[1]]), &out, "调取", &NoEvents)
    };
    assert_eq!(
        secret().expect_err("level").code(),
        ErrorCode::NeedsApproval
    );
    let named = custodian
        .access()
        .request(
            &AccessTarget::Clips(vec![ids[1]]),
            Purpose::District,
            Level::State,
            "调取（涉密）",
        )
        .expect("request");
    head.access().approve(named, None, None).expect("approve");
    assert!(secret().expect("copy").check.ok);

    // Every refused attempt is in the report of unapproved views and copies, which shows the
    // audit log's content: the branch head reads it, the custodian may not.
    assert_eq!(
        custodian
            .reports()
            .get(ReportKind::Refused, None, None)
            .expect_err("audit content")
            .code(),
        ErrorCode::Forbidden
    );
    let refused = head
        .reports()
        .get(ReportKind::Refused, None, None)
        .expect("report");
    assert!(refused
        .iter()
        .any(|r| r.id == clip.to_string() && r.detail == "kgy 未经批准区局调取"));
    assert!(refused.iter().any(|r| r.detail == "admin 未经批准调阅"));

    // An officer sees their own recordings where the branch allows it, and no one else's.
    let officer = signed_in(&lib, clock.clone(), "zhang");
    assert_eq!(
        officer
            .access()
            .check(ids[0], Purpose::View)
            .expect_err("off")
            .code(),
        ErrorCode::NeedsApproval
    );
    let mut admin = admin;
    admin
        .set_setting("officer_view_own", "true")
        .expect("setting");
    admin.sign_out().expect("out");
    officer
        .access()
        .check(ids[0], Purpose::View)
        .expect("own recording");
    assert_eq!(
        officer
            .access()
            .check(ids[2], Purpose::View)
            .expect_err("not theirs")
            .code(),
        ErrorCode::NeedsApproval
    );
}

#[test]
fn a_library_without_accounts_refuses_everything_until_its_administrator_exists() {
    let tmp = tempfile::tempdir().expect("tmp");
    // `init` without an administrator makes nothing.
    let lib = tmp.path().join("lib");
    let out = cli_unsigned(&lib).args(["init"]).output().expect("init");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--admin"));
    assert!(!lib.exists());

    // A library made before accounts existed: nothing is done in it, not even by the station.
    let st = Station::init(&lib, None, Arc::new(SystemClock)).expect("an old library");
    let card = FakeRecorder::typical(&tmp.path().join("card"));
    for refused in [
        st.registry().add_squad("一中队").err(),
        st.clips().list(&Default::default()).err(),
        st.ingest(&card.root, &Default::default(), &NoEvents).err(),
        st.audit().verify(None).err(),
    ] {
        assert_eq!(refused.map(|e| e.code()), Some(ErrorCode::NoAdministrator));
    }
    let err = st
        .access()
        .create_account(&NewAccount::new("kgy", Role::Custodian, PW))
        .expect_err("admin first");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    drop(st);

    // The administrator is bootstrapped once, from the CLI; then sign-in is what is asked.
    let (code, _, err) = cli_as(&lib, "nobody", &[], &["squads", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("bootstrap"), "{err}");
    let bootstrap = |pw: &str| {
        let mut child = cli_unsigned(&lib)
            .args([
                "--password-stdin",
                "accounts",
                "bootstrap",
                "--admin",
                "admin",
            ])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bootstrap");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(format!("{pw}\n").as_bytes()).expect("pw");
        drop(stdin);
        child.wait_with_output().expect("wait")
    };
    assert!(!bootstrap("short").status.success(), "a short password");
    assert!(bootstrap(ADMIN_PW).status.success());
    assert_eq!(bootstrap(ADMIN_PW).status.code(), Some(2), "only once");
    let st = Station::open(&lib, Arc::new(SystemClock)).expect("open");
    assert_eq!(
        st.registry()
            .add_squad("二中队")
            .expect_err("closed now")
            .code(),
        ErrorCode::NotSignedIn
    );
}

/// The window shows each person what their role may do, as the core decides it: the duties a
/// session carries are the README's table, and nobody signed in may do nothing.
#[test]
fn a_session_carries_what_its_role_may_do() {
    use station_core::access::Duty;
    let tmp = tempfile::tempdir().expect("tmp");
    let lib = tmp.path().join("lib");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    drop(found(&lib, None, clock.clone(), &[]));
    let duties = |user: &str| {
        station_tests::signed_in(&lib, clock.clone(), user)
            .duties()
            .expect("duties")
    };
    assert!(duties(ADMIN).contains(&Duty::Accounts));
    assert!(!duties(CUSTODIAN).contains(&Duty::Accounts));
    assert!(duties(BRANCH_HEAD).contains(&Duty::DecideAccess));
    assert!(!duties(CUSTODIAN).contains(&Duty::DecideAccess));
    assert_eq!(
        duties(INSPECTOR),
        [
            Duty::ConfirmMassDisposal,
            Duty::ReadAudit,
            Duty::SpotCheck,
            Duty::ReadRecords
        ]
    );
    let nobody = Station::open(&lib, clock.clone()).expect("open");
    assert!(nobody.duties().expect("duties").is_empty());
    // A disabled account's open window loses its duties at once.
    let window = station_tests::signed_in(&lib, clock.clone(), CUSTODIAN);
    assert!(!window.duties().expect("duties").is_empty());
    station_tests::signed_in(&lib, clock, ADMIN)
        .access()
        .set_account(CUSTODIAN, Role::Custodian, false)
        .expect("disable");
    assert!(window.duties().expect("duties").is_empty());
}
