//! End to end: the real desktop app under Xvfb, driven through WebDriver as a custodian
//! would — first-run setup, a recorder docked under the watched root, live progress, the
//! clips in the library, filtering, bulk labelling, playing a clip, switching language.
//! Screenshots of each page go to tests/screenshots/ (the README shows them).

use std::path::{Path, PathBuf};
use std::time::Duration;

use station_tests::app::{missing_tools, App};
use station_tests::mounts::Mount;
use station_tests::*;

const PW: &str = "correct horse 9";

/// Run the CLI signed in as `user` (if any) with `input` on standard input (the passwords).
fn cli_signed(library: &Path, user: Option<&str>, input: &str, args: &[&str]) {
    use std::io::Write;
    use std::process::Stdio;
    let mut c = cli_unsigned(library);
    if let Some(u) = user {
        c.args(["--user", u]);
    }
    let mut child = c
        .arg("--password-stdin")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("cli");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("stdin");
    assert!(child.wait().expect("cli").success(), "{args:?}");
}

fn shots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots")
}

/// A recorder card image with realistic content, written outside the watched root.
fn card(tmp: &Path) -> Result<PathBuf, String> {
    let image = tmp.join("DSJ_E2E.img");
    let mut m = Mount::exfat(&image, &tmp.join("prep"), 160, "DSJE2E")?;
    let mut r = FakeRecorder::new(&m.dir);
    for i in 0..6 {
        r.dsj(
            "E2E01",
            "080001",
            &format!("20240105_09{i:02}00"),
            if i == 2 { "_IMP" } else { "" },
            8 << 20,
        );
    }
    r.file("DCIM/100MEDIA/IMG_0001.JPG", SAMPLE_JPG);
    r.file("DCIM/100MEDIA/IMG_0002.JPG", SAMPLE_JPG);
    m.unmount();
    Ok(image)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custodian_sets_up_docks_labels_and_plays() {
    if let Some(why) = missing_tools() {
        return skip("end-to-end", &why);
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let image = match card(tmp.path()) {
        Ok(i) => i,
        Err(why) => return skip("end-to-end (needs a real exFAT card)", &why),
    };
    let watched = tmp.path().join("media");
    std::fs::create_dir_all(&watched).expect("mount root");
    let library = tmp.path().join("证据库");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).expect("home");

    let run = async {
        let app = App::start(&home, &[]).await;
        first_run_sets_up_the_library_in_chinese(&app, &library, &watched).await;
        the_administrator_adds_accounts_and_the_custodian_signs_in(&app, &library).await;
        the_custodian_imports_the_registry_from_the_template(&app, tmp.path()).await;
        let _card = docking_a_recorder_shows_progress_then_the_record(&app, &image, &watched).await;
        the_library_shows_the_8_clips_and_filters_them(&app).await;
        the_missing_labels_view_bulk_labels_three_clips(&app).await;
        viewing_needs_the_branch_heads_approval_even_for_the_custodian(&library);
        a_video_plays_from_the_stations_media_server(&app).await;
        thumbnails_appear_once_made_without_signing_out(&app, &library).await;
        the_devices_page_switches_to_english_and_back_then_settings(&app).await;
        the_custodian_checks_a_recorder_and_classifies_a_clip(&app, &library).await;
        a_case_links_the_officers_clips_and_shows_the_gaps(&app).await;
        the_dashboard_shows_this_months_figures(&app).await;
        a_changed_original_is_found_and_raised_at_once(&app, &library).await;
        app.close().await;
    };
    tokio::time::timeout(Duration::from_secs(400), run)
        .await
        .expect("the end-to-end run took too long (is a display available?)");

    the_view_and_the_labels_are_on_record(&library);
}

/// First run: the setup page, in Chinese.
async fn first_run_sets_up_the_library_in_chinese(app: &App, library: &Path, watched: &Path) {
    app.css("#setup").await;
    assert!(app.text().await.contains("首次使用设置"));
    app.type_into("#setup-branch", "兴隆分局").await;
    app.type_into("#setup-library", library.to_str().expect("utf8"))
        .await;
    app.type_into("#setup-roots", watched.to_str().expect("utf8"))
        .await;
    // The first run creates the administrator.
    app.type_into("#setup-admin-password", "admin-pass-1").await;
    // A typo in the second entry keeps the button off.
    app.type_into("#setup-admin-password2", "admin-pass-2")
        .await;
    app.until(
        "the mismatch said",
        Duration::from_secs(5),
        "return document.querySelector('#setup-start').disabled
            && document.body.innerText.includes('两次输入的密码不一致')",
    )
    .await;
    app.type_into("#setup-admin-password2", "admin-pass-1")
        .await;
    app.screenshot(&shots().join("setup.png")).await;
    app.click("#setup-start").await;
    app.until(
        "setup done, sign in as the administrator",
        Duration::from_secs(20),
        "return document.querySelector('#setup-done')?.innerText.includes('设置完成，请以管理员 admin 登录')",
    )
    .await;
}

/// The administrator adds the custodian and the branch head, and the registry knows the
/// officer (the CLI and the app share the catalog).
async fn the_administrator_adds_accounts_and_the_custodian_signs_in(app: &App, library: &Path) {
    app.until(
        "the sign-in page",
        Duration::from_secs(20),
        "return !!document.querySelector('#login-name')",
    )
    .await;
    for args in [
        vec!["accounts", "add", "kgy", "--role", "custodian"],
        vec!["accounts", "add", "fzr", "--role", "branch_head"],
    ] {
        cli_signed(
            library,
            Some("admin"),
            &format!("admin-pass-1\n{PW}\n"),
            &args,
        );
    }
    sign_in(app, "kgy", PW).await;
    app.until(
        "the dock page",
        Duration::from_secs(20),
        "return !!document.querySelector('#recent-docks')",
    )
    .await;
    assert_eq!(
        app.css("#branch").await.text().await.expect("branch"),
        "兴隆分局"
    );
    assert!(
        library.join("catalog.sqlite").is_file(),
        "setup created the library"
    );
}

/// The custodian saves the blank template, fills it in (with one mistake first), checks it —
/// the mistake is shown on its row and nothing can be saved — then imports it.
async fn the_custodian_imports_the_registry_from_the_template(app: &App, tmp: &Path) {
    app.click("#nav-devices").await;
    app.click("#tab-import").await;
    let template = tmp.join("名册导入模板.xlsx");
    app.type_into("#import-file", template.to_str().expect("utf8"))
        .await;
    app.click("#import-template").await;
    for _ in 0..50 {
        if template.is_file() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(template.is_file(), "the template was written where asked");

    let filled = tmp.join("名册.xlsx");
    let mut rows = vec![
        ["一中队", "", "", "", ""],
        ["一中队", "080001", "张三", "", ""],
        ["一中队", "", "", "DSJ-SPARE-01", "DSJ-A8"],
        ["", "", "李四", "", ""],
    ];
    registry_workbook(&filled, &rows);
    app.type_into("#import-file", filled.to_str().expect("utf8"))
        .await;
    app.click("#import-check").await;
    app.until(
        "the row's problem",
        Duration::from_secs(10),
        "return document.querySelector('#import-summary')?.innerText.includes('1 处问题')
            && document.querySelector('#import-preview').innerText.includes('填写了姓名却没有警号')
            && document.querySelector('#import-save').disabled",
    )
    .await;
    app.screenshot(&shots().join("import-problem.png")).await;

    rows.pop();
    registry_workbook(&filled, &rows);
    app.click("#import-check").await;
    app.until(
        "a clean check",
        Duration::from_secs(10),
        "return document.querySelector('#import-summary')?.innerText.includes('将新增 3')
            && !document.querySelector('#import-save').disabled",
    )
    .await;
    app.click("#import-save").await;
    app.until(
        "the registry imported",
        Duration::from_secs(10),
        "return document.querySelector('#import-summary')?.innerText.includes('已导入 3 行')",
    )
    .await;
    app.screenshot(&shots().join("import.png")).await;
    app.click("#tab-officers").await;
    app.until(
        "the officer by name",
        Duration::from_secs(10),
        "return document.body.innerText.includes('张三')",
    )
    .await;
    app.click("#nav-dock").await;
}

/// Dock a recorder: live progress, then the docking record, without any other action.
async fn docking_a_recorder_shows_progress_then_the_record(
    app: &App,
    image: &Path,
    watched: &Path,
) -> Mount {
    let card = Mount::exfat_again(image, &watched.join("DSJ_E2E")).expect("dock");
    app.until(
        "a live recorder card",
        Duration::from_secs(20),
        "return !!document.querySelector('.recorder')",
    )
    .await;
    app.screenshot(&shots().join("dock.png")).await;
    app.until(
        "the ingest to finish",
        Duration::from_secs(90),
        "return document.querySelector('.verdict')?.innerText.includes('可以拔下记录仪')
            && document.querySelector('#docked-now').innerText.includes('0')",
    )
    .await;
    app.until(
        "the docking record",
        Duration::from_secs(10),
        "return document.querySelectorAll('#recent-docks tbody tr').length >= 1",
    )
    .await;
    app.screenshot(&shots().join("dock-done.png")).await;
    // The receipt, printed from the docking record: the PDF the viewer is given.
    app.js("document.querySelector('#recent-docks tbody .paper-print').click()")
        .await;
    let receipt = app.until_opened(1, Duration::from_secs(30)).await;
    let read = crate::papers::read(&receipt);
    crate::papers::has_all(
        &read,
        &[
            "执法记录仪接收清单",
            "DSJ",
            "执法人员（签名）",
            "保管员（签名）",
            "第 1 页 共",
        ],
    );
    // Its first page as printed, for the README.
    let page = std::process::Command::new("pdftoppm")
        .args(["-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1"])
        .arg(&receipt)
        .arg(shots().join("paper-receipt"))
        .status()
        .expect("pdftoppm");
    assert!(page.success());
    app.until(
        "the printed note",
        Duration::from_secs(5),
        "return document.body.innerText.includes('已在 PDF 阅读器中打开')",
    )
    .await;
    card
}

/// The library shows the 8 clips; filter by kind.
async fn the_library_shows_the_8_clips_and_filters_them(app: &App) {
    app.click("#nav-library").await;
    app.until(
        "8 clips",
        Duration::from_secs(15),
        "return document.querySelector('#clip-total')?.innerText.includes('8')",
    )
    .await;
    // Recording times in the station's zone (set at setup), as the recorder wrote them.
    assert!(
        app.text().await.contains("2024-01-05 09:05:00"),
        "times not in the station's zone"
    );
    app.screenshot(&shots().join("library.png")).await;
    // By the officer's name, as the custodian knows him.
    app.type_into("#filter-officer", "张三").await;
    app.js("document.querySelector('#filter-officer').dispatchEvent(new Event('change'))")
        .await;
    app.until(
        "6 clips of 张三 080001",
        Duration::from_secs(10),
        "return document.querySelector('#clip-total').innerText.includes('6')",
    )
    .await;
    // Two of them asked for from the selection; the request lists them; back in the library
    // the filter is still there. (Leaving the filter field applies it, as Enter does.)
    app.js("document.activeElement?.blur()").await;
    app.until(
        "the filter applied",
        Duration::from_secs(10),
        "return document.querySelector('#clip-total').innerText.includes('6')",
    )
    .await;
    for n in 0..2 {
        app.js(&format!(
            "document.querySelectorAll('.el-table-v2__row .row-select input')[{n}].click()"
        ))
        .await;
        app.until(
            &format!("row {n} selected"),
            Duration::from_secs(5),
            &format!("return document.body.innerText.includes('已选 {}')", n + 1),
        )
        .await;
    }
    app.click("#request-selected").await;
    app.until(
        "the request listing the two clips",
        Duration::from_secs(10),
        "return document.querySelectorAll('#access-chosen tbody tr').length === 2
            && document.querySelector('#access-chosen').innerText.includes('张三 080001')",
    )
    .await;
    app.screenshot(&shots().join("access-request.png")).await;
    app.click("#access-back").await;
    app.until(
        "the filtered library again",
        Duration::from_secs(10),
        "return document.querySelector('#filter-officer')?.value === '张三'
            && document.querySelector('#clip-total')?.innerText.includes('6')",
    )
    .await;
    app.type_into("#filter-officer", "").await;
    app.js("document.querySelector('#filter-officer').dispatchEvent(new Event('change'))")
        .await;
    app.until(
        "all 8 again",
        Duration::from_secs(10),
        "return document.querySelector('#clip-total').innerText.includes('8')",
    )
    .await;
}

/// The missing-labels view: all 8; bulk-label three; five remain.
async fn the_missing_labels_view_bulk_labels_three_clips(app: &App) {
    app.js("document.querySelector('#filter-missing').closest('.el-switch').click()")
        .await;
    app.until(
        "the missing-labels view",
        Duration::from_secs(10),
        "return document.querySelectorAll('.row-select').length === 8",
    )
    .await;
    // Three videos: their names give the officer, whose squad the registry knows.
    app.js("[...document.querySelectorAll('.el-table-v2__row')].filter(r => r.innerText.includes('视频'))
            .slice(0, 3).forEach(r => r.querySelector('.row-select').click())").await;
    app.click("#bulk-label").await;
    app.until("the label dialog to open", Duration::from_secs(5),
        "const e = document.querySelector('#label-case'); return !!e && e.offsetParent !== null && getComputedStyle(e.closest('.el-overlay')).opacity === '1'").await;
    app.type_into("#label-case", "兖综执罚〔2024〕12号").await;
    app.type_into("#label-cause", "占道经营").await;
    app.type_into("#label-party", "王某某").await;
    app.screenshot(&shots().join("bulk-label.png")).await;
    app.click("#label-save").await;
    app.until(
        "three clips to leave the view",
        Duration::from_secs(10),
        "return document.querySelector('#clip-total').innerText.includes('5')",
    )
    .await;
    app.js("document.querySelector('#filter-missing').closest('.el-switch').click()")
        .await;
    app.until(
        "all 8 again",
        Duration::from_secs(10),
        "return document.querySelector('#clip-total').innerText.includes('8')",
    )
    .await;
}

/// Viewing needs the branch head's approval, even for the custodian.
fn viewing_needs_the_branch_heads_approval_even_for_the_custodian(library: &Path) {
    cli_signed(
        library,
        Some("kgy"),
        &format!("{PW}\n"),
        &[
            "access",
            "request",
            "--clip",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "--purpose",
            "view",
            "--reason",
            "核对入库记录",
        ],
    );
    cli_signed(
        library,
        Some("fzr"),
        &format!("{PW}\n"),
        &["access", "approve", "1"],
    );
}

/// Open a video and play it from the station's media server.
async fn a_video_plays_from_the_stations_media_server(app: &App) {
    app.js("[...document.querySelectorAll('.el-table-v2__row')].find(r => r.innerText.includes('视频')).click()").await;
    app.css("#player").await;
    app.until(
        "the video to load",
        Duration::from_secs(30),
        "const v = document.querySelector('#player'); return v.readyState >= 2",
    )
    .await;
    let duration = app
        .js("return document.querySelector('#player').duration")
        .await
        .as_f64()
        .expect("duration");
    assert!(
        (duration - 2.0).abs() < 0.2,
        "the player says {duration} s, the file 2 s"
    );
    app.js("document.querySelector('#player').play()").await;
    app.until(
        "playback",
        Duration::from_secs(10),
        "return document.querySelector('#player').currentTime > 0.2",
    )
    .await;
    app.screenshot(&shots().join("clip.png")).await;
}

/// Back in the library the thumbnails (made in the background) replace their placeholders
/// by themselves.
async fn thumbnails_appear_once_made_without_signing_out(app: &App, library: &Path) {
    app.click("#nav-library").await;
    // Made by ffmpeg 320 px wide; the placeholder is an SVG the page sizes to its cell.
    app.until(
        "every thumbnail made and shown",
        Duration::from_secs(40),
        "const t = [...document.querySelectorAll('img.thumb')];
         return t.length === 8 && t.every(i => i.complete && i.naturalWidth === 320)",
    )
    .await;
    let made = std::fs::read_dir(library.join("thumbs"))
        .expect("thumbs")
        .count();
    assert_eq!(made, 8, "one thumbnail per clip");
    app.screenshot(&shots().join("library-thumbnails.png"))
        .await;
}

/// The devices page, then English and back.
async fn the_devices_page_switches_to_english_and_back_then_settings(app: &App) {
    app.click("#nav-devices").await;
    app.until(
        "the device table",
        Duration::from_secs(10),
        "return document.querySelector('#device-table')?.innerText.includes('E2E01')",
    )
    .await;
    app.screenshot(&shots().join("devices.png")).await;
    app.click("#switch-language").await;
    app.until(
        "English",
        Duration::from_secs(5),
        "return document.body.innerText.includes('Recorders')",
    )
    .await;
    app.screenshot(&shots().join("devices-en.png")).await;
    app.click("#switch-language").await;
    app.until(
        "Chinese again",
        Duration::from_secs(5),
        "return document.body.innerText.includes('记录仪')",
    )
    .await;
    // The custodian reads the settings; only the administrator changes them.
    app.click("#nav-settings").await;
    app.css("#settings-read-only").await;
    app.until(
        "the settings locked",
        Duration::from_secs(5),
        "return !document.querySelector('#settings-save')
            && (document.querySelector('#setting-retention_months input') ?? document.querySelector('#setting-retention_months')).disabled
            && document.body.innerText.includes('第十九条')
            && !document.querySelector('#nav-audit')",
    )
    .await;
    app.screenshot(&shots().join("settings.png")).await;
}

/// Art. 14 and 21 in the window: the custodian records the pre-shift check of the registered
/// recorder DSJ-SPARE-01 on its upkeep tab (storage found short), and sets a clip's
/// confidentiality on its 详情 page; both land in the catalog through the core's door.
async fn the_custodian_checks_a_recorder_and_classifies_a_clip(app: &App, library: &Path) {
    app.click("#nav-devices").await;
    app.click("#tab-upkeep").await;
    app.js("document.querySelector('#upkeep-device').click()")
        .await;
    app.until("the recorders", Duration::from_secs(5),
        "return [...document.querySelectorAll('.el-select-dropdown__item')].some(o => o.offsetParent !== null && o.innerText.includes('DSJ-SPARE-01'))").await;
    app.js("[...document.querySelectorAll('.el-select-dropdown__item')].find(o => o.offsetParent !== null && o.innerText.includes('DSJ-SPARE-01')).click()").await;
    app.until(
        "its upkeep record",
        Duration::from_secs(10),
        "return !!document.querySelector('#upkeep-check-save')",
    )
    .await;
    app.js("document.querySelectorAll('.check-storage .el-radio-button')[1].click()")
        .await;
    app.click("#upkeep-check-save").await;
    app.until(
        "the check listed",
        Duration::from_secs(10),
        "return document.querySelector('#upkeep-checks tbody')?.innerText.includes('不足')",
    )
    .await;
    app.screenshot(&shots().join("upkeep.png")).await;

    app.js("location.hash = '#/clip/1'").await;
    app.css("#clip-level").await;
    app.js("document.querySelector('#clip-level').click()")
        .await;
    app.until("the levels", Duration::from_secs(5),
        "return [...document.querySelectorAll('.el-select-dropdown__item')].some(o => o.offsetParent !== null && o.innerText.includes('个人隐私'))").await;
    app.js("[...document.querySelectorAll('.el-select-dropdown__item')].find(o => o.offsetParent !== null && o.innerText.includes('个人隐私')).click()").await;
    app.click("#clip-level-save").await;
    app.until(
        "the level in the clip's history",
        Duration::from_secs(10),
        "return document.querySelector('#clip-history tbody')?.innerText.includes('设置密级')
            && document.querySelector('#clip-sm3')?.innerText.length === 64",
    )
    .await;
    let catalog = rusqlite::Connection::open(library.join("catalog.sqlite")).expect("catalog");
    let (storage, level): (String, String) = catalog
        .query_row(
            "SELECT (SELECT storage FROM device_checks), (SELECT confidentiality FROM clips WHERE id = 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("read");
    assert_eq!((storage.as_str(), level.as_str()), ("low", "privacy"));
}

/// A case and its inspection: the officer's clips are suggested, linked, and the
/// timeline shows what was recorded and the gaps between.
async fn a_case_links_the_officers_clips_and_shows_the_gaps(app: &App) {
    app.click("#nav-cases").await;
    app.type_into("#case-number", "兖综执〔2024〕12号").await;
    app.click("#case-add").await;
    app.until(
        "the case",
        Duration::from_secs(10),
        "return document.querySelector('#cases tbody')?.innerText.includes('兖综执〔2024〕12号')",
    )
    .await;
    // The case's own history reads as a sentence, as a clip's does.
    app.js("document.querySelector('#cases tbody .case-history').click()")
        .await;
    app.until(
        "the case's history in words",
        Duration::from_secs(10),
        "return document.querySelector('#case-history tbody')?.innerText.includes('kgy 登记案件 案件 兖综执〔2024〕12号')",
    )
    .await;
    app.js("document.querySelector('.el-dialog__headerbtn').click()")
        .await;
    app.until("the dialog closed", Duration::from_secs(5), NO_OVERLAY)
        .await;
    app.type_into("#activity-from", "2024-01-05 09:00").await;
    app.type_into("#activity-to", "2024-01-05 09:06").await;
    app.type_into("#activity-officers", "080001").await;
    app.click("#activity-add").await;
    app.until(
        "the suggested clips",
        Duration::from_secs(10),
        "return !!document.querySelector('#link-suggested')",
    )
    .await;
    app.click("#link-suggested").await;
    app.until(
        "the timeline with gaps",
        Duration::from_secs(10),
        "return !!document.querySelector('#timeline canvas')
            && document.querySelectorAll('#gaps tbody tr').length >= 1
            && !document.querySelector('#link-suggested')",
    )
    .await;
    app.screenshot(&shots().join("cases.png")).await;
    app.click("#nav-checks").await;
    app.click("#report-run").await;
    app.until(
        "the missing-records report",
        Duration::from_secs(10),
        "return !!document.querySelector('#report-rows')",
    )
    .await;
}

/// The dashboard: this month's hours, dockings and coverage.
async fn the_dashboard_shows_this_months_figures(app: &App) {
    app.click("#nav-stats").await;
    app.until(
        "the charts and the figures",
        Duration::from_secs(10),
        "return !!document.querySelector('#hours-chart canvas')
            && document.querySelector('#stats-table tbody')?.innerText.includes('2024-01')",
    )
    .await;
    app.screenshot(&shots().join("stats.png")).await;
}

/// The custodian checks the whole library from the dashboard: all whole. A stored original
/// is then changed on disk; the next check finds it, the docking page raises it at once and
/// its link opens the integrity report naming the file.
async fn a_changed_original_is_found_and_raised_at_once(app: &App, library: &Path) {
    app.until(
        "the integrity line",
        Duration::from_secs(10),
        "return document.querySelector('#fixity')?.innerText.includes('均已回读校验完好')",
    )
    .await;
    app.click("#verify-now").await;
    app.until(
        "a clean full check",
        Duration::from_secs(30),
        "return document.body.innerText.includes('全部完好')
            && document.querySelector('#fixity').innerText.includes('全部校验')",
    )
    .await;
    let victim = walk_files(&library.join("media"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("mp4")))
        .expect("a stored video");
    let mut perm = std::fs::metadata(&victim).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(&victim, perm).expect("writable");
    let mut bytes = std::fs::read(&victim).expect("read");
    bytes[64] ^= 0x5a;
    std::fs::write(&victim, &bytes).expect("change it");
    app.click("#verify-now").await;
    app.until(
        "the problem on the dashboard",
        Duration::from_secs(30),
        "return document.querySelector('#fixity')?.innerText.includes('1 个原始文件校验异常')",
    )
    .await;
    app.click("#nav-dock").await;
    app.until(
        "the alert on the docking page",
        Duration::from_secs(10),
        "return !!document.querySelector('#integrity-alert')",
    )
    .await;
    app.screenshot(&shots().join("integrity-alert.png")).await;
    app.js("document.querySelector('#integrity-alert a').click()")
        .await;
    app.until(
        "the integrity report",
        Duration::from_secs(10),
        "return document.querySelector('#report-rows tbody')?.innerText.includes('不一致')",
    )
    .await;
    app.screenshot(&shots().join("integrity-report.png")).await;
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// What the window did is on record: the clip was viewed, three clips labelled.
fn the_view_and_the_labels_are_on_record(library: &Path) {
    let db = rusqlite::Connection::open(library.join("catalog.sqlite")).expect("catalog");
    let count = |action: &str| -> i64 {
        db.query_row(
            "SELECT count(*) FROM audit_log WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .expect("count")
    };
    assert_eq!(count("label"), 3);
    assert!(count("view") >= 1);
}

/// Every page the account can open, in Chinese: no Latin-letter word outside names (the
/// accounts' login names), file
/// names and paths, numbers and serials, and the standard terms people read as they are.
async fn no_english_word_on_any_page(app: &App, account: &str) {
    let pages: Vec<String> = serde_json::from_value(
        app.js("return [...document.querySelectorAll('[id^=nav-]')].map(e => e.id)")
            .await,
    )
    .expect("nav ids");
    assert!(pages.len() >= 8, "{pages:?}");
    for page in pages {
        app.click(&format!("#{page}")).await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        let found = app
            .js(
                "const allowed = new Set(['SHA', 'SM3', 'ISO', 'PDF', 'CD', 'DVD', 'GB', 'MB', 'KB', 'TB', 'B', 'Excel', 'CSV', 'XLSX', 'English', 'Windows', 'kgy', 'fzr', 'fzk', 'admin']);
                 const words = document.querySelector('main, .main, body').innerText
                   .split(/[\\s，。、：；（）()【】“”,:;|·…]+/)
                   .filter(w => !/[\\/\\\\.@_]/.test(w) && !/\\d/.test(w))
                   .flatMap(w => w.match(/[A-Za-z]+/g) ?? [])
                   .filter(w => !allowed.has(w));
                 return [...new Set(words)]"
            )
            .await;
        let found: Vec<String> = serde_json::from_value(found).expect("words");
        if !found.is_empty() {
            app.screenshot(&shots().join(format!("english-{page}.png")))
                .await;
        }
        assert!(
            found.is_empty(),
            "{page} shows English or codes to {account}: {found:?}"
        );
    }
}

// Element Plus also renders each column's cells once, empty, in a hidden block above the
// table: buttons are clicked in the table body (`tbody`).

/// Click the primary button of the open message box (confirm, prompt).
const CONFIRM_BOX: &str =
    "document.querySelector('.el-message-box__btns .el-button--primary').click()";
const NO_OVERLAY: &str = "return [...document.querySelectorAll('.el-overlay')].every(o => getComputedStyle(o).display === 'none')";
const BOX_OPEN: &str = "const b = document.querySelector('.el-message-box'); return !!b && b.offsetParent !== null && getComputedStyle(b.closest('.el-overlay')).opacity === '1'";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_term_evidence_is_held_burned_registered_disposal_approved_and_exported_in_the_window()
{
    if let Some(why) = missing_tools() {
        return skip("end-to-end", &why);
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let library = tmp.path().join("证据库");
    let home = tmp.path().join("home");
    let images = tmp.path().join("光盘镜像");
    let exports = tmp.path().join("U盘");
    std::fs::create_dir_all(&home).expect("home");
    std::fs::create_dir_all(&images).expect("images");
    std::fs::create_dir_all(&exports).expect("exports");
    let (held, in_case) =
        six_clips_long_past_the_minimum_one_held_one_in_a_case(&library, tmp.path());

    let run = async {
        let app = App::start(&home, &["--library", library.to_str().expect("utf8")]).await;
        // There is no open station: the custodian signs in first.
        sign_in(&app, CUSTODIAN, PW).await;
        the_case_is_held_from_the_retention_form(&app).await;
        the_burn_queue_writes_a_disc_image_and_reads_it_back(&app, &images).await;
        the_register_records_where_the_disc_is_kept_and_prints_its_label(&app).await;
        the_branch_head_approves_a_mass_disposal_then_restores_it(&app).await;
        the_custodian_exports_the_unexported_week(&app, &exports).await;
        no_english_word_on_any_page(&app, "kgy").await;
        sign_out(&app).await;
        sign_in(&app, BRANCH_HEAD, PW).await;
        no_english_word_on_any_page(&app, "fzr").await;
        app.close().await;
    };
    tokio::time::timeout(Duration::from_secs(300), run)
        .await
        .expect("the end-to-end run took too long (is a display available?)");

    the_disc_the_hold_and_the_disposal_are_in_the_catalog(&library, &images, held, in_case);
    the_weeks_package_is_whole(&library, &exports);
}

/// Six clips recorded in January 2024 and stored the next day: long past the six months.
/// One is held as evidence, one belongs to a case the branch head will hold from the window.
fn six_clips_long_past_the_minimum_one_held_one_in_a_case(
    library: &Path,
    tmp: &Path,
) -> (i64, i64) {
    use station_core::events::NoEvents;
    use station_core::retention::{HoldReason, HoldTarget};
    use station_core::{FixedClock, IngestOptions, Labels};
    use std::sync::Arc;
    let stored = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 1, 6, 9, 0, 0)
        .single()
        .expect("time");
    let clock = Arc::new(FixedClock::new(stored));
    let st = found(library, Some("兴隆分局"), clock, &[]);
    let mut rec = FakeRecorder::new(&tmp.join("card"));
    for i in 0..6 {
        rec.dsj(
            "LT01",
            "080001",
            &format!("20240105_10{i:02}00"),
            "",
            (2 + i) << 20,
        );
    }
    assert!(st
        .ingest(&rec.root, &IngestOptions::default(), &NoEvents)
        .expect("ingest")
        .complete());
    let ids: Vec<i64> = st
        .clips()
        .list(&Default::default())
        .expect("clips")
        .iter()
        .map(|c| c.id)
        .collect();
    st.retention()
        .add_hold(&HoldTarget::Clips(vec![ids[0]]), HoldReason::Evidence, None)
        .expect("hold");
    st.clips()
        .label(
            &[ids[1]],
            &Labels {
                case_number: Some("兖综执〔2024〕7号".into()),
                ..Default::default()
            },
        )
        .expect("label");
    (ids[0], ids[1])
}

/// Retention: one long-term clip, five past the minimum; hold the case from the form.
async fn the_case_is_held_from_the_retention_form(app: &App) {
    app.click("#nav-retention").await;
    app.until(
        "the state counts",
        Duration::from_secs(15),
        "return document.querySelector('[data-state=long_term] .count')?.innerText.includes('1')",
    )
    .await;
    app.type_into("#hold-case", "兖综执〔2024〕7号").await;
    app.type_into("#hold-note", "当事人申请行政复议").await;
    app.js("document.querySelector('#hold-reason').click()")
        .await;
    app.until("the reasons", Duration::from_secs(5),
        "return [...document.querySelectorAll('.el-select-dropdown__item')].some(o => o.offsetParent !== null && o.innerText.includes('复议'))").await;
    app.js("[...document.querySelectorAll('.el-select-dropdown__item')].find(o => o.innerText.includes('复议')).click()").await;
    app.click("#hold-add").await;
    app.until(
        "two long-term clips",
        Duration::from_secs(10),
        "return document.querySelector('[data-state=long_term] .count').innerText.includes('2')
            && document.querySelector('#holds tbody').innerText.includes('兖综执〔2024〕7号')",
    )
    .await;
    app.until(
        "the charts",
        Duration::from_secs(10),
        "return !!document.querySelector('#forecast-chart canvas') && !!document.querySelector('#upcoming-chart canvas')",
    )
    .await;
    app.screenshot(&shots().join("retention.png")).await;
}

/// Burn queue: CD discs, two copies; write the first as an image and read it back.
async fn the_burn_queue_writes_a_disc_image_and_reads_it_back(app: &App, images: &Path) {
    app.click("#nav-burn").await;
    // Nothing planned yet, and the page says what still lacks its copies, not "all copied".
    app.until(
        "the backlog said",
        Duration::from_secs(10),
        "return document.querySelector('#burn-backlog')?.innerText.includes('还缺少')
            && !document.body.innerText.includes('都已有足够的校验副本')",
    )
    .await;
    app.css("#burn-medium").await;
    app.js("document.querySelector('#burn-medium').click()")
        .await;
    app.until("the media", Duration::from_secs(5),
        "return [...document.querySelectorAll('.el-select-dropdown__item')].some(o => o.offsetParent !== null && o.innerText === 'CD')").await;
    app.js("[...document.querySelectorAll('.el-select-dropdown__item')].find(o => o.offsetParent !== null && o.innerText === 'CD').click()").await;
    app.type_into("#burn-folder", images.to_str().expect("utf8"))
        .await;
    app.click("#burn-plan").await;
    app.until(
        "two planned discs",
        Duration::from_secs(15),
        "return document.querySelectorAll('#planned-discs tbody tr').length === 2",
    )
    .await;
    app.screenshot(&shots().join("burn.png")).await;
    app.js("document.querySelector('#planned-discs tbody .write-image').click()")
        .await;
    app.until(
        "the disc read back",
        Duration::from_secs(60),
        "return document.body.innerText.includes('全部回读校验一致')",
    )
    .await;
    app.until(
        "one disc left to burn",
        Duration::from_secs(10),
        "return document.querySelectorAll('#planned-discs tbody tr').length === 1",
    )
    .await;
}

/// The register: verified, a printable label, and where the disc is kept.
async fn the_register_records_where_the_disc_is_kept_and_prints_its_label(app: &App) {
    app.click("#nav-discs").await;
    app.until(
        "the verified disc",
        Duration::from_secs(10),
        "return document.querySelector('#disc-register')?.innerText.includes('已校验')",
    )
    .await;
    app.js("document.querySelector('#disc-register tbody .location').click()")
        .await;
    app.until("the location box", Duration::from_secs(5), BOX_OPEN)
        .await;
    app.type_into(".el-message-box__input input", "档案室 2号柜")
        .await;
    app.js(CONFIRM_BOX).await;
    app.until(
        "the location",
        Duration::from_secs(10),
        "return document.querySelector('#disc-register').innerText.includes('档案室 2号柜')",
    )
    .await;
    app.js("document.querySelector('#disc-register tbody .show-label').click()")
        .await;
    app.until(
        "the label",
        Duration::from_secs(5),
        "const l = document.querySelector('#disc-label'); return !!l && l.offsetParent !== null && l.innerText.includes('第 1 份')",
    )
    .await;
    app.screenshot(&shots().join("discs.png")).await;
    app.click("#disc-label-paper-print").await;
    let label = app.until_opened(1, Duration::from_secs(30)).await;
    crate::papers::has_all(
        &crate::papers::read(&label),
        &["执法记录长期保存", "第 1 份", "沿虚线剪下"],
    );
    app.js("document.querySelector('.el-dialog__headerbtn').click()")
        .await;
    app.until("the label to close", Duration::from_secs(5), NO_OVERLAY)
        .await;
}

/// Disposal: the custodian proposes; four of six clips is more than 20 %: the branch
/// head confirms twice (it then waits for a second person); then takes it back within
/// the grace period.
async fn the_branch_head_approves_a_mass_disposal_then_restores_it(app: &App) {
    app.click("#nav-disposal").await;
    app.click("#disposal-propose").await;
    app.until(
        "a proposed batch",
        Duration::from_secs(10),
        "return document.querySelector('#disposal-batches tbody .approve') !== null",
    )
    .await;
    sign_out(app).await;
    sign_in(app, BRANCH_HEAD, PW).await;
    app.click("#nav-disposal").await;
    app.until(
        "the proposed batch",
        Duration::from_secs(10),
        "return document.querySelector('#disposal-batches tbody .approve') !== null",
    )
    .await;
    app.js("document.querySelector('#disposal-batches tbody .approve').click()")
        .await;
    app.until("the approval question", Duration::from_secs(5), BOX_OPEN)
        .await;
    app.js(CONFIRM_BOX).await;
    app.until(
        "the mass-disposal warning",
        Duration::from_secs(10),
        "const t = document.querySelector('.el-message-box__title'); return !!t && t.innerText.includes('大批量销毁')",
    )
    .await;
    app.until("the warning box", Duration::from_secs(5), BOX_OPEN)
        .await;
    app.js(CONFIRM_BOX).await;
    app.until(
        "the approved batch",
        Duration::from_secs(10),
        "return document.querySelector('#disposal-batches').innerText.includes('已批准')",
    )
    .await;
    app.screenshot(&shots().join("disposal.png")).await;
    app.js("document.querySelector('#disposal-batches tbody .restore').click()")
        .await;
    app.until(
        "the restored batch",
        Duration::from_secs(10),
        "return document.querySelector('#disposal-batches').innerText.includes('已恢复')",
    )
    .await;
}

/// Exports: the dashboard says a week is not exported; the custodian exports it.
async fn the_custodian_exports_the_unexported_week(app: &App, exports: &Path) {
    sign_out(app).await;
    sign_in(app, CUSTODIAN, PW).await;
    app.click("#nav-dock").await;
    app.until(
        "the export reminder",
        Duration::from_secs(10),
        "return document.querySelector('#export-reminder')?.innerText.includes('2024年1月1日–1月7日')",
    )
    .await;
    // The page opens on the oldest week still to export, named in words.
    app.click("#nav-exports").await;
    app.until(
        "the week's records",
        Duration::from_secs(10),
        "return document.querySelector('#week-words')?.innerText === '2024年1月1日–1月7日'
            && document.querySelector('#week-pending').innerText.includes('6')
            && !!document.querySelector('#unexported-weeks .week-tag[data-week=\"2024-W01\"]')",
    )
    .await;
    app.type_into("#export-folder", exports.to_str().expect("utf8"))
        .await;
    app.click("#export-run").await;
    app.until(
        "the package read back",
        Duration::from_secs(60),
        "return document.querySelectorAll('#export-history tbody tr').length === 1
            && document.querySelector('#week-pending').innerText.includes('0')",
    )
    .await;
    app.screenshot(&shots().join("exports.png")).await;
    app.click("#week-ledger-print").await;
    let ledger = app.until_opened(2, Duration::from_secs(30)).await;
    crate::papers::has_all(
        &crate::papers::read(&ledger),
        &[
            "执法记录周台账",
            "2024年第1周（1月1日–1月7日）",
            "保管员（签名）",
        ],
    );
}

/// What the window did is in the catalog and on disk.
fn the_disc_the_hold_and_the_disposal_are_in_the_catalog(
    library: &Path,
    images: &Path,
    held: i64,
    in_case: i64,
) {
    let (_, discs) = cli_json(library, &["discs", "list", "--json"]);
    let verified: Vec<_> = discs
        .as_array()
        .expect("discs")
        .iter()
        .filter(|d| d["state"] == "verified")
        .collect();
    assert_eq!(verified.len(), 1, "{discs}");
    assert_eq!(verified[0]["location"], "档案室 2号柜");
    let iso = images.join(format!("{}.iso", verified[0]["id"].as_str().expect("id")));
    assert!(iso.is_file(), "the image is where the custodian chose");
    let (_, holds) = cli_json(library, &["holds", "list", "--json"]);
    assert!(holds
        .as_array()
        .expect("holds")
        .iter()
        .any(|h| h["case"] == "兖综执〔2024〕7号" && h["reason"] == "review"));
    let (_, status) = cli_json(library, &["retention", "status", "--json"]);
    let state_of = |id: i64| {
        status
            .as_array()
            .expect("status")
            .iter()
            .find(|s| s["id"] == id)
            .expect("clip")["state"]
            .clone()
    };
    assert_eq!(state_of(held), "long_term");
    assert_eq!(state_of(in_case), "long_term");
    let db = rusqlite::Connection::open(library.join("catalog.sqlite")).expect("catalog");
    let detail: String = db
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'approve_disposal'",
            [],
            |r| r.get(0),
        )
        .expect("the approval is audited");
    assert!(detail.contains("\"mass_confirmed\":true"), "{detail}");
    let restored: i64 = db
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'restore_disposal'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(restored, 1);
}

/// The week's package is whole: the station's own check agrees, as does bagit's where the
/// test tools are installed (tests/run.sh installs them).
fn the_weeks_package_is_whole(library: &Path, exports: &Path) {
    let bag = exports.join("兴隆分局_2024-W01");
    let out = cli(library)
        .args(["export", "verify"])
        .arg(&bag)
        .output()
        .expect("verify");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let py = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pytools/bin/python");
    if py.is_file() {
        let v = std::process::Command::new(&py)
            .args(["-m", "bagit", "--validate"])
            .arg(&bag)
            .output()
            .expect("bagit");
        assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    }
}

/// Sign in from the login page and wait for the window behind it.
async fn sign_in(app: &App, name: &str, password: &str) {
    try_sign_in(app, name, password).await;
    app.until(
        &format!("the window signed in as {name}"),
        Duration::from_secs(15),
        "return !document.querySelector('#login-name') && !!document.querySelector('#signed-in')",
    )
    .await;
}

/// Type a name and password into the login page and submit them.
async fn try_sign_in(app: &App, name: &str, password: &str) {
    app.until(
        "the login page",
        Duration::from_secs(15),
        "return !!document.querySelector('#login-name')",
    )
    .await;
    // The page may still be settling (a session refresh re-renders it): type again until the
    // fields hold what was typed, then submit.
    let typed = format!(
        "return document.querySelector('#login-name')?.value === {name:?} && document.querySelector('#login-password')?.value.length === {}",
        password.chars().count()
    );
    for _ in 0..5 {
        app.type_into("#login-name", name).await;
        app.type_into("#login-password", password).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        if app.js(&typed).await == serde_json::Value::Bool(true) {
            break;
        }
    }
    app.click("#login-submit").await;
}

async fn sign_out(app: &App) {
    app.click("#sign-out").await;
    app.until(
        "the login page",
        Duration::from_secs(10),
        "return !!document.querySelector('#login-name')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewing_needs_the_branch_heads_approval_and_the_audit_chain_verifies_in_the_window() {
    if let Some(why) = missing_tools() {
        return skip("end-to-end", &why);
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let library = tmp.path().join("证据库");
    let moved = tmp.path().join("数据盘").join("执法记录证据库");
    let summaries = tmp.path().join("区局汇总");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    a_library_with_four_accounts_and_one_clip(&library, tmp.path());
    let store = match station_tests::seaweed::Seaweed::start(&tmp.path().join("weed")) {
        Ok(s) => s,
        Err(why) => return skip("end-to-end with the district store", &why),
    };
    store.store("evidence").create_bucket(true).expect("bucket");

    let run = async {
        let app = App::start(&home, &["--library", library.to_str().expect("utf8")]).await;
        a_wrong_password_is_refused_and_the_inspector_signs_in(&app).await;
        the_clip_without_approval_shows_no_player_but_a_way_to_ask(&app).await;
        the_inspector_prints_the_refused_access_report(&app).await;
        the_branch_head_approves_it(&app).await;
        now_the_inspectors_player_plays_it(&app).await;
        a_script_planted_in_the_page_never_runs(&app).await;
        the_audit_chain_verifies_from_the_window(&app).await;
        the_administrator_manages_accounts_but_sees_no_evidence(&app).await;
        the_administrator_rebuilds_the_catalog(&app).await;
        the_administrator_moves_the_library_then_clears_the_old_one(&app, &moved).await;
        the_administrator_connects_the_district_store(&app, &store.url).await;
        the_inspector_reads_every_branch_from_the_district_console(&app, &summaries).await;
        app.close().await;
    };
    tokio::time::timeout(Duration::from_secs(300), run)
        .await
        .expect("the end-to-end run took too long (is a display available?)");

    assert!(
        !library.exists(),
        "every file of the old library was proven moved and removed"
    );
    the_approval_the_views_and_the_refusals_are_audited(&moved);
    assert!(summaries.join("区局周汇总-2024-W01.xlsx").is_file());
}

/// A library set up from the CLI: the administrator, a custodian, a branch head and a legal
/// inspector; one clip ingested by the custodian.
fn a_library_with_four_accounts_and_one_clip(library: &Path, tmp: &Path) {
    cli_signed(
        library,
        None,
        "admin-pass-1\n",
        &["init", "--branch", "兴隆分局", "--admin", "admin"],
    );
    for (name, role) in [
        ("kgy", "custodian"),
        ("fzr", "branch_head"),
        ("fzk", "legal_inspector"),
    ] {
        cli_signed(
            library,
            Some("admin"),
            &format!("admin-pass-1\n{PW}\n"),
            &["accounts", "add", name, "--role", role],
        );
    }
    let mut rec = FakeRecorder::new(&tmp.join("card"));
    rec.dsj("AP1", "080001", "20240105_090000", "", 4 << 20);
    cli_signed(
        library,
        Some("kgy"),
        &format!("{PW}\n"),
        &["ingest", rec.root.to_str().expect("utf8")],
    );
}

/// A wrong password is refused; the inspector signs in.
async fn a_wrong_password_is_refused_and_the_inspector_signs_in(app: &App) {
    try_sign_in(app, "fzk", "wrong password").await;
    app.until(
        "the refusal",
        Duration::from_secs(10),
        "return document.querySelector('#login-error')?.innerText.includes('用户名或密码错误')",
    )
    .await;
    app.screenshot(&shots().join("login.png")).await;
    sign_in(app, "fzk", PW).await;
    app.until(
        "signed in",
        Duration::from_secs(10),
        "return document.querySelector('#signed-in')?.innerText.includes('法制科')",
    )
    .await;
}

/// The clip without approval: no player, a way to ask.
async fn the_clip_without_approval_shows_no_player_but_a_way_to_ask(app: &App) {
    app.js("location.hash = '#/clip/1'").await;
    app.until(
        "the approval notice",
        Duration::from_secs(10),
        "return !!document.querySelector('#needs-approval') && !document.querySelector('#player')",
    )
    .await;
    app.click("#ask-access").await;
    app.until(
        "the request form listing the clip in words",
        Duration::from_secs(10),
        "return document.querySelectorAll('#access-chosen tbody tr').length === 1
            && !document.querySelector('#access-clips')",
    )
    .await;
    app.type_into("#access-reason", "复核执法全过程").await;
    app.click("#access-submit").await;
    app.until(
        "the pending request",
        Duration::from_secs(10),
        "return document.querySelector('#access-requests tbody')?.innerText.includes('待审批')",
    )
    .await;
}

/// Art. 23's report of refused access, run and printed by the inspector: the PDF the viewer
/// is given names the report and the refused viewing.
async fn the_inspector_prints_the_refused_access_report(app: &App) {
    app.click("#nav-checks").await;
    app.js("[...document.querySelectorAll('#report-kind label')].find(l => l.innerText.includes('未经批准'))?.click()")
        .await;
    app.click("#report-run").await;
    app.until(
        "the refused viewing in the report",
        Duration::from_secs(10),
        "return document.querySelectorAll('#report-rows tbody tr').length >= 1",
    )
    .await;
    app.click("#report-paper-print").await;
    let report = app.until_opened(1, Duration::from_secs(30)).await;
    crate::papers::has_all(
        &crate::papers::read(&report),
        &["报表：未经批准的调阅", "记录", "核查人（签名）"],
    );
}

/// The branch head approves it (the requester could not).
async fn the_branch_head_approves_it(app: &App) {
    sign_out(app).await;
    sign_in(app, "fzr", PW).await;
    app.until(
        "signed in",
        Duration::from_secs(10),
        "return document.querySelector('#signed-in')?.innerText.includes('分局负责人')",
    )
    .await;
    app.click("#nav-access").await;
    app.until(
        "the request to approve, with what it asks for",
        Duration::from_secs(10),
        "return !!document.querySelector('#access-requests tbody .approve')
            && document.querySelector('#access-requests tbody .first')?.innerText.includes(' · ')",
    )
    .await;
    // Opened, the request lists each clip's time, officer, device and case.
    app.js("document.querySelector('#access-requests tbody .el-table__expand-icon').click()")
        .await;
    app.until(
        "the requested clips",
        Duration::from_secs(5),
        "return document.querySelectorAll('#access-requests .items tbody tr').length === 1",
    )
    .await;
    app.js("document.querySelector('#access-requests tbody .approve').click()")
        .await;
    app.until("the approval box", Duration::from_secs(5), BOX_OPEN)
        .await;
    app.type_into(".el-message-box__input input", "同意，七日内有效")
        .await;
    app.js(CONFIRM_BOX).await;
    app.until(
        "the approved request",
        Duration::from_secs(10),
        "return document.querySelector('#access-requests tbody').innerText.includes('已批准')",
    )
    .await;
    app.screenshot(&shots().join("access.png")).await;
}

/// Now the inspector's player plays it.
async fn now_the_inspectors_player_plays_it(app: &App) {
    sign_out(app).await;
    sign_in(app, "fzk", PW).await;
    app.until(
        "signed in",
        Duration::from_secs(10),
        "return !!document.querySelector('#signed-in')",
    )
    .await;
    app.js("location.hash = '#/clip/1'").await;
    app.until(
        "the video to load",
        Duration::from_secs(30),
        "const v = document.querySelector('#player'); return !!v && v.readyState >= 2",
    )
    .await;
}

/// The window's Content-Security-Policy: markup planted in the page — as a crafted file name
/// or label would try — runs no script, inline or as an event handler, while the station's
/// own scripts and its media server (the player above) work.
async fn a_script_planted_in_the_page_never_runs(app: &App) {
    app.js(
        "const s = document.createElement('script'); s.textContent = 'window.__planted = 1'; \
         document.body.appendChild(s); \
         const i = document.createElement('img'); i.setAttribute('onerror', 'window.__planted = 2'); \
         i.src = 'data:,x'; document.body.appendChild(i); return true",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        app.js("return window.__planted ?? null").await,
        serde_json::Value::Null,
        "a planted script ran: the window has no working Content-Security-Policy"
    );
}

/// The audit log, and its chain verified from the window.
async fn the_audit_chain_verifies_from_the_window(app: &App) {
    app.click("#nav-audit").await;
    app.click("#audit-verify").await;
    app.until(
        "the chain verified",
        Duration::from_secs(10),
        "return document.querySelector('#audit-result')?.innerText.includes('哈希链完整')",
    )
    .await;
    // Each row in words, in Chinese: the approval by name, no action codes or raw details.
    app.until(
        "the log in words",
        Duration::from_secs(10),
        "const text = document.querySelector('#audit-rows tbody')?.innerText ?? '';
         return text.includes('批准调阅') && text.includes('校验审计日志')
             && !/access_approve|audit_verify|\"duty\"/.test(text)",
    )
    .await;
    app.screenshot(&shots().join("audit.png")).await;
}

/// The administrator manages accounts but sees no evidence without approval.
async fn the_administrator_manages_accounts_but_sees_no_evidence(app: &App) {
    sign_out(app).await;
    sign_in(app, "admin", "admin-pass-1").await;
    app.until(
        "the accounts page link",
        Duration::from_secs(10),
        "return !!document.querySelector('#nav-accounts')",
    )
    .await;
    app.click("#nav-accounts").await;
    app.until(
        "the accounts",
        Duration::from_secs(10),
        "return document.querySelector('#accounts tbody')?.innerText.includes('fzr')",
    )
    .await;
    app.screenshot(&shots().join("accounts.png")).await;
    no_english_word_on_any_page(app, "admin").await;
    app.js("location.hash = '#/clip/1'").await;
    app.until(
        "the approval notice for the administrator",
        Duration::from_secs(10),
        "return !!document.querySelector('#needs-approval')",
    )
    .await;
}

/// The administrator rebuilds the catalog from the window (the password asked again): the
/// station closes its connections, rebuilds, opens again and asks everyone to sign in; the
/// clip is still there.
async fn the_administrator_rebuilds_the_catalog(app: &App) {
    app.click("#nav-settings").await;
    app.click("#rebuild-open").await;
    app.until(
        "the rebuild dialog",
        Duration::from_secs(5),
        "return !!document.querySelector('#rebuild-password')?.offsetParent",
    )
    .await;
    app.type_into("#rebuild-password", "admin-pass-1").await;
    app.click("#rebuild-run").await;
    app.until(
        "the rebuilt catalog",
        Duration::from_secs(60),
        "const b = document.querySelector('.el-message-box'); return !!b && b.innerText.includes('目录已重建') && b.innerText.includes('恢复 1 条记录')",
    )
    .await;
    app.screenshot(&shots().join("rebuild.png")).await;
    app.js(CONFIRM_BOX).await;
    app.until(
        "the login page",
        Duration::from_secs(10),
        "return !!document.querySelector('#login-name')",
    )
    .await;
    sign_in(app, "admin", "admin-pass-1").await;
    app.until(
        "the administrator again",
        Duration::from_secs(10),
        "return !!document.querySelector('#nav-accounts')",
    )
    .await;
}

/// The administrator moves the library to another disk from Settings: copied and read back
/// with progress, the station switched to the copy (still signed in), the old one listed as
/// kept; then clears the old one, every file proven held in the new library.
async fn the_administrator_moves_the_library_then_clears_the_old_one(app: &App, to: &Path) {
    app.click("#nav-settings").await;
    app.click("#move-open").await;
    app.until(
        "the move dialog",
        Duration::from_secs(5),
        "return !!document.querySelector('#move-target')?.offsetParent",
    )
    .await;
    app.type_into("#move-target", to.to_str().expect("utf8"))
        .await;
    app.click("#move-run").await;
    app.until(
        "the library moved",
        Duration::from_secs(60),
        "const b = document.querySelector('.el-message-box'); return !!b && b.innerText.includes('证据库已迁移到') && b.innerText.includes('逐个回读校验一致')",
    )
    .await;
    app.js(CONFIRM_BOX).await;
    let shown = format!(
        "return document.querySelector('#settings-library')?.innerText === {:?} && !!document.querySelector('#old-library-card')",
        std::fs::canonicalize(to).expect("moved").display().to_string()
    );
    app.until(
        "the new place and the kept old one",
        Duration::from_secs(10),
        &shown,
    )
    .await;
    app.until("no dialog", Duration::from_secs(5), NO_OVERLAY)
        .await;
    // The page's own scroller to the library's place, the window itself to its top.
    app.js("document.querySelector('#settings-library').scrollIntoView(); window.scrollTo(0, 0)")
        .await;
    app.screenshot(&shots().join("library-moved.png")).await;
    // Still the administrator, on the moved library.
    app.until(
        "the administrator's pages",
        Duration::from_secs(5),
        "return !!document.querySelector('#nav-accounts')",
    )
    .await;
    app.click("#old-library-remove").await;
    app.until("the confirmation", Duration::from_secs(5), BOX_OPEN)
        .await;
    app.js(CONFIRM_BOX).await;
    app.until(
        "the old library cleared",
        Duration::from_secs(60),
        "const b = document.querySelector('.el-message-box'); return !!b && b.innerText.includes('每个都已证明在新证据库中完好') && !b.innerText.includes('保留')",
    )
    .await;
    app.js(CONFIRM_BOX).await;
    app.until(
        "no old library listed",
        Duration::from_secs(10),
        "return !document.querySelector('#old-library-card')",
    )
    .await;
}

/// The administrator connects the district store in Settings: its address, bucket, branch
/// code and access key saved with the other settings, the secret typed into its own field
/// (never shown again), and 测试连接 says the bucket can keep evidence.
async fn the_administrator_connects_the_district_store(app: &App, url: &str) {
    let key = station_tests::seaweed::ACCESS_KEY;
    for (id, value) in [
        ("url", url),
        ("bucket", "evidence"),
        ("branch", "xl-01"),
        ("access_key", key),
    ] {
        app.type_into(&format!("#setting-district_{id}"), value)
            .await;
    }
    app.click("#settings-save").await;
    app.until(
        "the settings saved",
        Duration::from_secs(10),
        "return [...document.querySelectorAll('.el-message')].some(m => m.innerText.includes('已保存'))",
    )
    .await;
    app.type_into("#district-secret", station_tests::seaweed::SECRET_KEY)
        .await;
    app.click("#district-secret-save").await;
    app.until(
        "the secret saved",
        Duration::from_secs(10),
        "return [...document.querySelectorAll('.el-message')].some(m => m.innerText.includes('密钥已保存'))",
    )
    .await;
    app.click("#district-test").await;
    app.until(
        "the store ready",
        Duration::from_secs(30),
        "return !!document.querySelector('#district-check')?.innerText.includes('区局存储可用')",
    )
    .await;
    app.js("document.querySelector('#district-check').scrollIntoView({ block: 'center' }); window.scrollTo(0, 0)")
        .await;
    app.screenshot(&shots().join("district.png")).await;
    let secret_shown = format!(
        "return document.body.innerText.includes({:?}) || [...document.querySelectorAll('input')].some(i => i.value === {:?})",
        station_tests::seaweed::SECRET_KEY,
        station_tests::seaweed::SECRET_KEY
    );
    assert_eq!(app.js(&secret_shown).await, serde_json::Value::Bool(false));
}

/// The administrator makes the station the district's console; the legal inspector opens
/// 分局汇总: the branch's clip, pushed in the background, is listed from the store, checked
/// against the branch's journal and read back, and the week's summary is written.
async fn the_inspector_reads_every_branch_from_the_district_console(app: &App, to: &Path) {
    app.js("document.querySelector('#setting-district_console').closest('.el-switch').click()")
        .await;
    app.click("#settings-save").await;
    app.until(
        "the console switched on",
        Duration::from_secs(10),
        "return !!document.querySelector('#nav-district')",
    )
    .await;
    sign_out(app).await;
    sign_in(app, "fzk", PW).await;
    app.click("#nav-district").await;
    // Pushed by the station's background rounds: refreshed until the clip and the journal
    // that records it are in the store.
    app.until(
        "the branch's clip and journal in the store",
        Duration::from_secs(90),
        "const cells = [...document.querySelectorAll('#district-branches tbody tr')]
           .map(r => [...r.cells].map(c => c.textContent.trim()))
           .find(c => c[0] === 'xl-01');
         if (cells && cells[1] === '1' && Number(cells[3]) >= 1) return true;
         const b = document.querySelector('#district-refresh');
         if (!b.classList.contains('is-loading')) b.click();
         return false",
    )
    .await;
    app.click("#district-verify").await;
    app.until(
        "the check",
        Duration::from_secs(30),
        "const v = document.querySelector('#district-verified')?.innerText ?? '';
         return v.includes('1 个分局的 1 份副本') && v.includes('1 份完整回读') && v.includes('未发现问题')",
    )
    .await;
    app.type_into("#district-folder", to.to_str().expect("utf8"))
        .await;
    app.click("#district-week-run").await;
    app.until(
        "the week summary",
        Duration::from_secs(60),
        "const w = document.querySelector('#district-week-result')?.innerText ?? '';
         return w.includes('2024年第1周') && w.includes('区局周汇总-2024-W01.xlsx') && w.includes('已报齐')
           && !document.querySelector('#district-week-run').classList.contains('is-loading')",
    )
    .await;
    app.screenshot(&shots().join("district-console.png")).await;
}

/// What the window did is in the audit log: the approval, the inspector's view, the
/// administrator's refused view and the failed sign-in.
fn the_approval_the_views_and_the_refusals_are_audited(library: &Path) {
    let db = rusqlite::Connection::open(library.join("catalog.sqlite")).expect("catalog");
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).expect("count") };
    assert_eq!(
        count("SELECT count(*) FROM audit_log WHERE action = 'access_approve' AND actor = 'fzr'"),
        1
    );
    assert!(count("SELECT count(*) FROM audit_log WHERE action = 'view' AND actor = 'fzk' AND outcome = 'ok'") >= 1);
    assert!(count("SELECT count(*) FROM audit_log WHERE action = 'view' AND actor = 'admin' AND outcome = 'refused'") >= 1);
    // (The refused name is the one typed, so any actor.)
    assert!(count("SELECT count(*) FROM audit_log WHERE action = 'login_failed'") >= 1);
}
