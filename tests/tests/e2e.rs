//! End to end: the real desktop app under Xvfb, driven through WebDriver as a custodian
//! would — first-run setup, a recorder docked under the watched root, live progress, the
//! clips in the library, filtering, bulk labelling, playing a clip, switching language.
//! Screenshots of each page go to tests/screenshots/ (the README shows them).

use std::path::{Path, PathBuf};
use std::time::Duration;

use station_tests::app::{missing_tools, App};
use station_tests::mounts::Mount;
use station_tests::*;

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

        // First run: the setup page, in Chinese.
        app.css("#setup").await;
        assert!(app.text().await.contains("首次使用设置"));
        app.type_into("#setup-branch", "兴隆分局").await;
        app.type_into("#setup-library", library.to_str().expect("utf8"))
            .await;
        app.type_into("#setup-roots", watched.to_str().expect("utf8"))
            .await;
        app.screenshot(&shots().join("setup.png")).await;
        app.click("#setup-start").await;
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
        // The registry knows the officer (the CLI and the app share the catalog).
        for args in [
            vec!["squads", "add", "一中队"],
            vec![
                "officers",
                "add",
                "--id",
                "080001",
                "--name",
                "张三",
                "--squad",
                "一中队",
            ],
        ] {
            assert!(cli(&library).args(&args).status().expect("cli").success());
        }

        // Dock a recorder: live progress, then the docking record, without any other action.
        let _card = Mount::exfat_again(&image, &watched.join("DSJ_E2E")).expect("dock");
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
            "return document.body.innerText.includes('已完成，全部校验通过')",
        )
        .await;
        app.until(
            "the docking record",
            Duration::from_secs(10),
            "return document.querySelectorAll('#recent-docks tbody tr').length >= 1",
        )
        .await;
        app.screenshot(&shots().join("dock-done.png")).await;

        // The library shows the 8 clips; filter by kind.
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
        app.type_into("#filter-officer", "080001").await;
        app.js("document.querySelector('#filter-officer').dispatchEvent(new Event('change'))")
            .await;
        app.until(
            "6 clips of officer 080001",
            Duration::from_secs(10),
            "return document.querySelector('#clip-total').innerText.includes('6')",
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

        // The missing-labels view: all 8; bulk-label three; five remain.
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

        // Open a video and play it from the station's media server.
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

        // The devices page, then English and back.
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
        app.click("#nav-settings").await;
        app.css("#settings-save").await;
        app.screenshot(&shots().join("settings.png")).await;
        app.close().await;
    };
    tokio::time::timeout(Duration::from_secs(400), run)
        .await
        .expect("the end-to-end run took too long (is a display available?)");

    // What the window did is on record: the clip was viewed, three clips labelled.
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
