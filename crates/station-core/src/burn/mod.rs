//! Long-term copies on optical discs (art. 19): plan the discs, write each as an ISO image a
//! court can verify with ordinary tools, read it back before it counts, keep the register.

mod disc;
#[cfg(windows)]
mod imapi;
mod plan;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Duration;
use serde::Serialize;

pub use plan::{pack, Medium, MediumName, Pending};

use crate::access::Duty;
use crate::audit::AuditAction;
use crate::catalog::{ClipFilter, ClipRow, ClipSort, PlannedDisc};
pub use crate::catalog::{DiscRow, DiscState};
use crate::destination;
use crate::error::{Error, Result};
use crate::events::{CoreEvent, EventSink, Steps};
use crate::fixity::sha256_on_disk;
use crate::lang::Lang;
use crate::layout::{safe_component, NameClaims};
use crate::platform;
use crate::view::station_view;
use crate::Station;

/// Where a disc is written to or read back from (the window sends `{kind, path}`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "kind", content = "path", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DiscTarget {
    Image(PathBuf),
    Device(String),
    /// A mounted removable drive: the volume is the folder `<drive>/<volume id>/`.
    Drive(PathBuf),
}

impl DiscTarget {
    fn path(&self) -> PathBuf {
        match self {
            DiscTarget::Image(p) | DiscTarget::Drive(p) => p.clone(),
            DiscTarget::Device(d) => PathBuf::from(d),
        }
    }

    /// An image "file" that is a folder means `<folder>/<disc id>.iso`.
    fn for_disc(&self, id: &str) -> DiscTarget {
        match self {
            DiscTarget::Image(p) if p.is_dir() => DiscTarget::Image(p.join(format!("{id}.iso"))),
            other => other.clone(),
        }
    }
}

/// The result of reading a disc back.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiscCheck {
    pub disc: String,
    pub ok: bool,
    /// The image's blocks as read back match the image as written.
    pub image_matches: Option<bool>,
    pub files_checked: u64,
    /// Files on the disc whose SHA-256 differs from the catalog, by their path on the disc.
    pub mismatched: Vec<String>,
    pub missing: Vec<String>,
}

impl Station {
    /// Copy a volume onto a mounted removable drive: built in a hidden folder, every file and
    /// folder synced, then renamed to `<drive>/<id>/`, so a pulled drive never holds a
    /// half-written volume under its real name.
    /// Returns where each clip is on the drive's volume.
    fn write_drive(
        &self,
        d: &DiscRow,
        drive: &Path,
        events: &dyn EventSink,
    ) -> Result<Vec<(i64, String)>> {
        if !drive.is_dir() {
            return Err(Error::input(
                format!("{} 不是已挂载的移动硬盘文件夹", drive.display()),
                format!("{} is not a mounted drive folder", drive.display()),
            ));
        }
        let dest = drive.join(&d.id);
        if dest.exists() {
            return Err(Error::state(
                format!("{} 已存在：请校验它，或删除后重新写入", dest.display()),
                format!(
                    "{} already exists: verify it, or remove it and write again",
                    dest.display()
                ),
            ));
        }
        let partial = drive.join(format!(".{}.partial", d.id));
        if fs::symlink_metadata(&partial).is_ok() {
            // Left by an interrupted write, nothing in it counts; one somebody prepared is
            // refused, untouched.
            destination::work_folder(&partial, &d.id)?;
            fs::remove_dir_all(&partial).map_err(|e| Error::io("remove", &partial, e))?;
        }
        let (free, _) = platform::disk_space(drive).map_err(|e| Error::io("read", drive, e))?;
        if free < d.bytes + (16 << 20) {
            return Err(Error::WillNotFit {
                path: drive.to_path_buf(),
                needed: d.bytes + (16 << 20),
                free,
            });
        }
        destination::work_folder(&partial, &d.id)?;
        let written = self
            .disc_tree(d, &partial, false, events)
            .and_then(|paths| {
                destination::finish(&partial, &dest)?;
                Ok(paths)
            });
        if written.is_err() {
            // A full or pulled drive: leave nothing half-written behind where it can be reached.
            let _ = fs::remove_dir_all(&partial);
        }
        written
    }

    fn disc_or_not_found(&self, id: &str) -> Result<DiscRow> {
        self.catalog.disc(id)?.ok_or_else(|| Error::NotFound {
            what: crate::error::Object::Disc,
            name: id.to_string(),
        })
    }

    /// The disc's folder tree: `<squad>/<officer>/<date>/<file>`, MANIFEST.csv, SHA256SUMS,
    /// SM3SUMS, BLAKE3SUMS and README.txt. `link`: hard-link the originals where possible (a tree that
    /// only feeds an image); otherwise every file is a real copy. Returns where each clip is
    /// on the volume, for the caller to record once the volume is written.
    fn disc_tree(
        &self,
        d: &DiscRow,
        tree: &Path,
        link: bool,
        events: &dyn EventSink,
    ) -> Result<Vec<(i64, String)>> {
        let clips = self.catalog.clips(
            &ClipFilter {
                ids: Some(d.clips.clone()),
                ..ClipFilter::default()
            },
            ClipSort::RecordedAsc,
            None,
        )?;
        let holds: HashMap<i64, Vec<String>> = self
            .retention()
            .status(None)?
            .into_iter()
            .map(|s| (s.id, s.hold_reasons))
            .collect();
        let mut names = NameClaims::default();
        let mut steps = Steps::start(
            &d.id,
            d.clips.len(),
            d.bytes,
            "copying",
            events,
            CoreEvent::disc,
        );
        let mut paths = Vec::with_capacity(clips.len());
        let mut sha_lines = String::new();
        let mut b3_lines = String::new();
        let mut sm3_lines = String::new();
        let mut manifest = Vec::with_capacity(clips.len());
        for c in &clips {
            let name = c.source_path.rsplit('/').next().unwrap_or(&c.source_path);
            let date = c
                .recorded_at
                .as_deref()
                .and_then(|t| t.get(..10))
                .unwrap_or("未知日期");
            let rel = names.claim(&format!(
                "{}/{}/{}/{}",
                safe_component(c.squad.as_deref().unwrap_or("未分中队")),
                safe_component(c.officer.as_deref().unwrap_or("未知人员")),
                safe_component(date),
                safe_component(name)
            ));
            disc::place(&self.library.media_file(&c.media_path), tree, &rel, link)?;
            steps.file_done(&rel, c.size);
            paths.push((c.id, rel.clone()));
            sha_lines.push_str(&format!("{}  {rel}\n", c.sha256));
            b3_lines.push_str(&format!("{}  {rel}\n", c.blake3));
            // Clips stored before the station computed SM3 have none to list.
            if let Some(sm3) = &c.sm3 {
                sm3_lines.push_str(&format!("{sm3}  {rel}\n"));
            }
            let holds = holds.get(&c.id).cloned().unwrap_or_default().join(" ");
            manifest.push(manifest_row(c, &rel, &holds));
        }
        let write =
            |name: &str, text: &str| destination::write_new(&tree.join(name), text.as_bytes());
        fs::create_dir_all(tree).map_err(|e| Error::io("create", tree, e))?;
        write("SHA256SUMS", &sha_lines)?;
        write("SM3SUMS", &sm3_lines)?;
        write("BLAKE3SUMS", &b3_lines)?;
        destination::write_new(
            &tree.join("MANIFEST.csv"),
            &crate::table::csv(&MANIFEST_HEADERS, manifest),
        )?;
        let branch = self.setting("branch")?.unwrap_or_default();
        let head = self.catalog.audit_head()?.unwrap_or_default();
        write("README.txt", &readme(d, &branch, &head, clips.len()))?;
        Ok(paths)
    }
}

const MANIFEST_HEADERS: [&str; 16] = [
    "光盘路径 disc path",
    "记录号 clip",
    "设备 device",
    "警号 officer",
    "中队 squad",
    "录制时间 recorded",
    "时长(秒) duration",
    "类型 kind",
    "案件编号 case",
    "案由 cause",
    "当事人 party",
    "长期保存原因 holds",
    "字节 bytes",
    "SHA-256",
    "SM3",
    "BLAKE3",
];

/// One row of a volume's MANIFEST.csv.
fn manifest_row(c: &crate::catalog::ClipRow, rel: &str, holds: &str) -> Vec<String> {
    let text = |s: Option<&String>| s.cloned().unwrap_or_default();
    vec![
        rel.to_string(),
        c.id.to_string(),
        c.device.clone(),
        text(c.officer.as_ref()),
        text(c.squad.as_ref()),
        text(c.recorded_at.as_ref()),
        c.duration_s.map(|d| format!("{d:.1}")).unwrap_or_default(),
        c.kind.clone(),
        text(c.case_number.as_ref()),
        text(c.cause.as_ref()),
        text(c.party.as_ref()),
        holds.to_string(),
        c.size.to_string(),
        c.sha256.clone(),
        text(c.sm3.as_ref()),
        c.blake3.clone(),
    ]
}

/// A volume's README.txt: what it is, and how to check it without the station.
fn readme(d: &DiscRow, branch: &str, head: &str, clips: usize) -> String {
    format!(
        "{title}\r\n\
         编号 ID: {id}\r\n分局 Branch: {branch}\r\n第 {copy} 份 Copy no. {copy}\r\n\
         记录数 Clips: {clips}\r\n刻录时审计日志末条 Audit log head at burn time: {head}\r\n\r\n\
         校验方法（无需本系统）：\r\n\
         Linux: 在本目录运行 sha256sum -c SHA256SUMS ，每行应显示“OK”。\r\n\
         Windows: certutil -hashfile <文件> SHA256 ，与 SHA256SUMS 中对应行比较。\r\n\
         SM3（GB/T 32905）：openssl dgst -sm3 <文件> ，与 SM3SUMS 中对应行比较。\r\n\
         MANIFEST.csv 列出每个文件的标注、时间、长期保存原因和校验值。\r\n\r\n\
         How to verify (without the station):\r\n\
         Linux: in this folder run sha256sum -c SHA256SUMS; every line must say OK.\r\n\
         Windows: certutil -hashfile <file> SHA256 and compare with its line in SHA256SUMS.\r\n\
         SM3 (GB/T 32905): openssl dgst -sm3 <file> and compare with its line in SM3SUMS.\r\n\
         MANIFEST.csv lists each file's labels, times, hold reasons and digests.\r\n",
        title = if d.medium == MediumName::Drive {
            "执法记录长期保存移动存储介质 / Long-term evidence drive"
        } else {
            "执法记录长期保存光盘 / Long-term evidence disc"
        },
        id = d.id,
        copy = d.copy_no,
    )
}

/// A volume planned for a drive is written to a drive; a disc to an image or a burner.
fn check_target(d: &DiscRow, target: &DiscTarget) -> Result<()> {
    // Reading an image's files back needs xorriso, which Windows does not have; a disc in a
    // burner is read back through the file system Windows mounts.
    if cfg!(windows) && matches!(target, DiscTarget::Image(_)) {
        return Err(Error::input(
            "在 Windows 上请直接刻录到光盘（刻录机盘符，如 --device E:）；光盘映像文件只能在 Linux 工作站上制作并读回校验"
                .to_string(),
            "on Windows burn straight to a disc (the burner's letter, e.g. --device E:); disc image files are made and read back on a Linux station only"
                .to_string(),
        ));
    }
    match (d.medium == MediumName::Drive, target) {
        (true, DiscTarget::Drive(_)) | (false, DiscTarget::Image(_) | DiscTarget::Device(_)) => {
            Ok(())
        }
        (true, _) => Err(Error::input(
            format!("{} 计划写入移动硬盘：请给出硬盘的文件夹（--drive）", d.id),
            format!(
                "{} is planned for a removable drive: give the drive's folder (--drive)",
                d.id
            ),
        )),
        (false, _) => Err(Error::input(
            format!(
                "{} 计划刻录到光盘：请给出镜像文件或刻录机（--image、--device）",
                d.id
            ),
            format!(
            "{} is planned for an optical disc: give an image file or a burner (--image, --device)",
            d.id
        ),
        )),
    }
}

station_view! {
    /// Long-term copies on discs and drives: planned, written, read back, registered.
    Discs,
    discs
}

/// Long-term clips still short of their copies (`copies_required` written or verified), so a
/// page with nothing planned never says everything is copied when it is not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backlog {
    pub clips: u64,
    pub bytes: u64,
    /// Copies still to write, counted per clip.
    pub copies: u64,
}

impl Discs<'_> {
    /// The held clips that still lack copies, whether or not discs are planned for them.
    pub fn backlog(&self) -> Result<Backlog> {
        self.require(Duty::ReadRecords)?;
        let needed = self.retention().policy().copies_required;
        let copies = self.catalog.disc_copies()?;
        let mut backlog = Backlog::default();
        for c in self.held_clips()? {
            let have = copies.get(&c.id).map_or(0, |x| x.1);
            if have < needed {
                backlog.clips += 1;
                backlog.bytes += c.size;
                backlog.copies += u64::from(needed - have);
            }
        }
        Ok(backlog)
    }

    /// Plan discs of `medium` for every long-term clip that lacks copies (`copies_required`,
    /// default 2, each on a separate disc). Replaces the previous unwritten plan.
    pub fn plan(&self, medium: Medium) -> Result<Vec<DiscRow>> {
        self.act(Duty::Burn, || {
            let policy = self.retention().policy();
            let copies = self.catalog.disc_copies()?;
            let clips = self.held_clips()?;
            let day = self
                .clock
                .now()
                .with_timezone(&self.time_zone())
                .format("%Y%m%d")
                .to_string();
            let prefix = format!("LT{day}-");
            let mut seq = self.catalog.disc_ids_with_prefix(&prefix)?;
            let mut discs: Vec<PlannedDisc> = Vec::new();
            for copy in 1..=policy.copies_required {
                let pending: Vec<Pending> = clips
                    .iter()
                    .filter(|c| {
                        // Planned discs are replaced by this plan: written ones count.
                        copies.get(&c.id).map(|x| x.1).unwrap_or(0) < copy
                    })
                    .map(|c| Pending {
                        clip: c.id,
                        size: c.size,
                        case_number: c.case_number.clone(),
                    })
                    .collect();
                let (packed, too_large) = pack(&pending, medium);
                if !too_large.is_empty() {
                    return Err(Error::input(
                        format!(
                            "记录 {too_large:?} 超过一张 {} 光盘的容量：请选用更大的介质",
                            medium.name().code()
                        ),
                        format!(
                        "clips {too_large:?} are larger than one {} disc: choose a larger medium",
                        medium.name().code()
                    ),
                    ));
                }
                for ids in packed {
                    seq += 1;
                    let bytes = clips
                        .iter()
                        .filter(|c| ids.contains(&c.id))
                        .map(|c| c.size)
                        .sum();
                    discs.push(PlannedDisc {
                        id: format!("{prefix}{seq:03}"),
                        medium: medium.name(),
                        capacity: medium.capacity(),
                        bytes,
                        copy_no: copy,
                        clips: ids,
                    });
                }
            }
            self.catalog
                .replace_planned_discs(&discs, &self.now_text())?;
            let detail = serde_json::json!({ "media": medium.name().code(), "discs": discs.len() })
                .to_string();
            self.audit_ok(AuditAction::PlanBurn, medium.name().code(), Some(&detail))?;
            Ok(self
                .catalog
                .discs()?
                .into_iter()
                .filter(|d| d.state == DiscState::Planned)
                .collect())
        })
    }

    /// The clips held long-term, which need copies on discs or drives.
    fn held_clips(&self) -> Result<Vec<ClipRow>> {
        let long_term: BTreeSet<i64> = self
            .retention()
            .status(None)?
            .into_iter()
            .filter(|c| !c.hold_reasons.is_empty())
            .map(|c| c.id)
            .collect();
        self.catalog.clips(
            &ClipFilter {
                ids: Some(long_term.into_iter().collect()),
                ..ClipFilter::default()
            },
            ClipSort::IngestedAsc,
            None,
        )
    }

    /// A medium by its name; `drive` with the folder where the drive is mounted, whose free
    /// space is what a volume may hold.
    pub fn medium(&self, name: MediumName, drive: Option<&Path>) -> Result<Medium> {
        match (Medium::optical(name), drive) {
            (Some(optical), _) => Ok(optical),
            (None, Some(drive)) => {
                if !drive.is_dir() {
                    return Err(Error::input(
                        format!("{} 不是已挂载的移动硬盘文件夹", drive.display()),
                        format!("{} is not a mounted drive folder", drive.display()),
                    ));
                }
                let (free, _) =
                    platform::disk_space(drive).map_err(|e| Error::io("read", drive, e))?;
                Ok(Medium::Drive(free))
            }
            (None, None) => Err(Error::input(
                "移动硬盘须给出其挂载的文件夹（--drive 文件夹）",
                "a removable drive needs the folder where it is mounted (--drive DIR)",
            )),
        }
    }

    pub fn list(&self) -> Result<Vec<DiscRow>> {
        self.catalog.discs()
    }

    /// Write a planned disc to an image file or an optical drive, or a planned volume to a
    /// removable drive, then read it back; only a copy whose every file matches counts.
    pub fn write(
        &self,
        id: &str,
        target: &DiscTarget,
        events: &dyn EventSink,
    ) -> Result<DiscCheck> {
        self.require(Duty::Burn)?;
        let d = self.disc_or_not_found(id)?;
        if d.state != DiscState::Planned && d.state != DiscState::Failed {
            return Err(Error::state(
                format!("光盘 {id} 已经是 {} 状态", d.state),
                format!("disc {id} is already {}", d.state),
            ));
        }
        check_target(&d, target)?;
        let target = &target.for_disc(id);
        let (image, paths) = match target {
            DiscTarget::Drive(drive) => (None, self.write_drive(&d, drive, events)?),
            DiscTarget::Image(_) | DiscTarget::Device(_) => {
                let work = self.library.staging_area(&format!("disc-{id}"))?;
                let tree = work.dir().join("tree");
                let paths = self.disc_tree(&d, &tree, true, events)?;
                let image = match target {
                    DiscTarget::Image(p) => p.clone(),
                    _ => work.dir().join("disc.iso"),
                };
                Steps::start(
                    &d.id,
                    d.clips.len(),
                    d.bytes,
                    "imaging",
                    events,
                    CoreEvent::disc,
                );
                let made = disc::make_image(&tree, &image, &d.id)?;
                if let DiscTarget::Device(dev) = target {
                    Steps::start(
                        &d.id,
                        d.clips.len(),
                        d.bytes,
                        "burning",
                        events,
                        CoreEvent::disc,
                    );
                    disc::write_to_device(&image, dev)?;
                }
                (Some(made), paths)
            }
        };
        let detail = serde_json::json!({
            "target": target.path(),
            "image_sha256": image.as_ref().map(|i| &i.0),
            "bytes": image.as_ref().map(|i| i.1).unwrap_or(d.bytes),
            "clips": d.clips.len(),
        })
        .to_string();
        // Where each clip is on the volume, the volume written, and its audit row: one record.
        self.apply_audited(|| {
            for (clip, rel) in &paths {
                self.catalog.set_disc_path(&d.id, *clip, rel)?;
            }
            self.catalog.mark_disc_written(
                id,
                &self.actor(),
                &self.now_text(),
                &target.path().display().to_string(),
                image.as_ref().map(|i| i.0.as_str()),
                image.as_ref().map(|i| i.1),
            )?;
            self.audit_ok(AuditAction::WriteDisc, id, Some(&detail))
        })?;
        self.discs().verify(id, target, events)
    }

    /// Read a disc back (now or years later): exactly the image's blocks, then every file
    /// through an independent reader (xorriso) against the catalog's SHA-256.
    pub fn verify(
        &self,
        id: &str,
        target: &DiscTarget,
        events: &dyn EventSink,
    ) -> Result<DiscCheck> {
        self.require(Duty::Burn)?;
        let d = self.disc_or_not_found(id)?;
        check_target(&d, target)?;
        let target = &target.for_disc(id);
        let path = target.path();
        let image_matches = match (&d.image_sha256, d.image_bytes) {
            (Some(sha), Some(len)) => Some(&disc::sha256_prefix(&disc::raw(&path), len)? == sha),
            _ => None,
        };
        let work = self.library.staging_area(&format!("check-{id}"))?;
        let mut steps = Steps::start(
            &d.id,
            d.clips.len(),
            d.bytes,
            "verifying",
            events,
            CoreEvent::disc,
        );
        let (out, readable) = match target {
            DiscTarget::Drive(drive) => {
                let root = drive.join(&d.id);
                let readable = root.is_dir();
                (root, readable)
            }
            DiscTarget::Image(_) | DiscTarget::Device(_) => {
                match disc::readable_files(&path, &work.dir().join("x")) {
                    Ok(files) => (files, true),
                    Err(_) => (work.dir().join("x"), false),
                }
            }
        };
        let mut check = DiscCheck {
            disc: id.to_string(),
            ok: false,
            image_matches,
            files_checked: 0,
            mismatched: Vec::new(),
            missing: Vec::new(),
        };
        self.compare_files(&d, &out, &mut steps, &mut check)?;
        check.ok = readable
            && image_matches != Some(false)
            && check.mismatched.is_empty()
            && check.missing.is_empty();
        let years = i64::from(self.settings().disc_recheck_days);
        let next = (self.clock.now() + Duration::days(years)).to_rfc3339();
        let detail = serde_json::to_string(&check).unwrap_or_default();
        self.apply_audited(|| {
            self.catalog
                .mark_disc_checked(id, check.ok, &self.now_text(), &next)?;
            self.catalog.audit(
                &self.now_text(),
                &self.actor(),
                AuditAction::VerifyDisc,
                Some(id),
                if check.ok { "ok" } else { "problems" },
                Some(&detail),
            )
        })?;
        Ok(check)
    }

    /// Every file the volume should hold, read from `out` and compared with the catalog's
    /// SHA-256: missing and mismatched ones go into `check`.
    fn compare_files(
        &self,
        d: &DiscRow,
        out: &Path,
        steps: &mut Steps<'_>,
        check: &mut DiscCheck,
    ) -> Result<()> {
        let digests: HashMap<i64, String> = self
            .catalog
            .clips(
                &ClipFilter {
                    ids: Some(d.clips.clone()),
                    ..ClipFilter::default()
                },
                ClipSort::IngestedAsc,
                None,
            )?
            .into_iter()
            .map(|c| (c.id, c.sha256))
            .collect();
        for (clip, disc_path) in self.catalog.disc_paths(&d.id)? {
            check.files_checked += 1;
            let size = fs::metadata(out.join(&disc_path)).map_or(0, |m| m.len());
            steps.file_done(&disc_path, size);
            match sha256_on_disk(&out.join(&disc_path)) {
                None => check.missing.push(disc_path),
                Some(sha) if digests.get(&clip) != Some(&sha) => check.mismatched.push(disc_path),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Record where a written disc or drive is kept (copies go to different places).
    pub fn set_location(&self, id: &str, location: &str) -> Result<()> {
        self.act(Duty::Burn, || {
            let d = self.disc_or_not_found(id)?;
            if d.state == DiscState::Planned {
                return Err(Error::state(
                    format!("光盘 {id} 尚未写入"),
                    format!("disc {id} is not written yet"),
                ));
            }
            self.catalog.set_disc_location(id, location.trim())?;
            let detail =
                serde_json::json!({ "from": d.location, "to": location.trim() }).to_string();
            self.audit_ok(AuditAction::LocateDisc, id, Some(&detail))
        })
    }

    /// The text printed on a disc's label or a drive's tag: enough to find its register entry
    /// and to tell what it holds without a computer.
    pub fn label(&self, id: &str) -> Result<String> {
        let d = self.disc_or_not_found(id)?;
        let branch = self.setting("branch")?.unwrap_or_default();
        let clips = self.catalog.clips(
            &ClipFilter {
                ids: Some(d.clips.clone()),
                ..ClipFilter::default()
            },
            ClipSort::RecordedAsc,
            None,
        )?;
        // Dates as the register shows them: the station's zone, not the stored UTC.
        let tz = self.time_zone();
        let day = |t: Option<&String>| {
            t.map(|t| crate::time::shown(t, tz).chars().take(10).collect())
                .unwrap_or_else(|| "？".to_string())
        };
        let first = day(clips.iter().find_map(|c| c.recorded_at.as_ref()));
        let last = day(clips.iter().rev().find_map(|c| c.recorded_at.as_ref()));
        let cases: BTreeSet<&str> = clips
            .iter()
            .filter_map(|c| c.case_number.as_deref())
            .collect();
        let lang = self.lang();
        let medium = d.medium.label(lang);
        let (copy, n) = (d.copy_no, clips.len());
        let mut text = match lang {
            Lang::Zh => format!(
                "{branch} 执法记录长期保存 {id}\n第 {copy} 份 · {medium}\n录制 {first} 至 {last} · {n} 条记录\n",
                id = d.id
            ),
            Lang::En => format!(
                "{branch} long-term evidence {id}\nCopy {copy} · {medium}\nRecorded {first} to {last} · {n} clips\n",
                id = d.id
            ),
        };
        if !cases.is_empty() {
            let list: Vec<&str> = cases.into_iter().collect();
            text.push_str(&format!(
                "{} {}\n",
                lang.pick("案件", "Cases"),
                list.join("、")
            ));
        }
        if let Some(at) = &d.written_at {
            let by = d.written_by.as_deref().unwrap_or("");
            text.push_str(&format!(
                "{} {} {by}\n",
                lang.pick("刻录", "Written"),
                day(Some(at))
            ));
        }
        if let Some(sha) = &d.image_sha256 {
            text.push_str(&format!(
                "{} SHA-256 {}\n",
                lang.pick("镜像", "Image"),
                sha.get(..16).unwrap_or(sha)
            ));
        }
        Ok(text)
    }
}
