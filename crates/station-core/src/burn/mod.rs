//! Long-term copies on optical discs (art. 19): plan the discs, write each as an ISO image a
//! court can verify with ordinary tools, read it back before it counts, keep the register.

mod disc;
mod plan;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use chrono::Duration;
use serde::Serialize;

pub use plan::{pack, Medium, Pending};

use crate::catalog::{ClipFilter, ClipSort, DiscRow, PlannedDisc};
use crate::error::{Error, Result};
use crate::ingest::store::safe_component;
use crate::Station;

/// Where a disc is written to or read back from.
#[derive(Debug, Clone)]
pub enum DiscTarget {
    Image(std::path::PathBuf),
    Device(String),
}

impl DiscTarget {
    fn path(&self) -> std::path::PathBuf {
        match self {
            DiscTarget::Image(p) => p.clone(),
            DiscTarget::Device(d) => std::path::PathBuf::from(d),
        }
    }
}

/// The result of reading a disc back.
#[derive(Debug, Clone, Serialize)]
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
    /// Plan discs of `medium` for every long-term clip that lacks copies (`copies_required`,
    /// default 2, each on a separate disc). Replaces the previous unwritten plan.
    pub fn plan_burn(&self, medium: Medium) -> Result<Vec<DiscRow>> {
        let policy = self.retention_policy()?;
        let long_term: BTreeSet<i64> = self
            .retention_status(None)?
            .into_iter()
            .filter(|c| !c.hold_reasons.is_empty())
            .map(|c| c.id)
            .collect();
        let copies = self.catalog.disc_copies()?;
        let clips = self.catalog.clips(
            &ClipFilter {
                ids: Some(long_term.iter().copied().collect()),
                ..ClipFilter::default()
            },
            ClipSort::IngestedAsc,
            None,
        )?;
        let day = self
            .clock
            .now()
            .with_timezone(&self.tz)
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
                return Err(Error::InvalidInput(format!(
                    "clips {too_large:?} are larger than one {} disc: choose a larger medium",
                    medium.as_str()
                )));
            }
            for ids in packed {
                seq += 1;
                let bytes = clips
                    .iter()
                    .filter(|c| ids.contains(&c.id))
                    .map(|c| c.size)
                    .sum();
                discs.push((
                    format!("{prefix}{seq:03}"),
                    medium.as_str().to_string(),
                    medium.capacity(),
                    bytes,
                    copy,
                    ids,
                ));
            }
        }
        self.catalog
            .replace_planned_discs(&discs, &self.now_text())?;
        let detail =
            serde_json::json!({ "media": medium.as_str(), "discs": discs.len() }).to_string();
        self.audit_ok("plan_burn", medium.as_str(), Some(&detail))?;
        Ok(self
            .catalog
            .discs()?
            .into_iter()
            .filter(|d| d.state == "planned")
            .collect())
    }

    pub fn discs(&self) -> Result<Vec<DiscRow>> {
        self.catalog.discs()
    }

    /// Write a planned disc to an image file or a drive, then read it back; only a disc whose
    /// every file matches counts as a verified copy.
    pub fn write_disc(&self, id: &str, target: &DiscTarget) -> Result<DiscCheck> {
        let d = self.disc_or_not_found(id)?;
        if d.state != "planned" && d.state != "failed" {
            return Err(Error::InvalidState(format!(
                "disc {id} is already {}",
                d.state
            )));
        }
        let work = self.library.staging_area(&format!("disc-{id}"))?;
        let tree = work.dir().join("tree");
        self.disc_tree(&d, &tree)?;
        let image = match target {
            DiscTarget::Image(p) => p.clone(),
            DiscTarget::Device(_) => work.dir().join("disc.iso"),
        };
        let (sha, size) = disc::make_image(&tree, &image, &d.id)?;
        if let DiscTarget::Device(dev) = target {
            disc::write_to_device(&image, dev)?;
        }
        self.catalog.mark_disc_written(
            id,
            &self.actor(),
            &self.now_text(),
            &target.path().display().to_string(),
            &sha,
            size,
        )?;
        let detail = serde_json::json!({ "target": target.path(), "image_sha256": sha, "bytes": size, "clips": d.clips.len() }).to_string();
        self.audit_ok("write_disc", id, Some(&detail))?;
        drop(work);
        self.verify_disc(id, target)
    }

    /// Read a disc back (now or years later): exactly the image's blocks, then every file
    /// through an independent reader (xorriso) against the catalog's SHA-256.
    pub fn verify_disc(&self, id: &str, target: &DiscTarget) -> Result<DiscCheck> {
        let d = self.disc_or_not_found(id)?;
        let path = target.path();
        let image_matches = match (&d.image_sha256, d.image_bytes) {
            (Some(sha), Some(len)) => Some(&disc::sha256_prefix(&path, len)? == sha),
            _ => None,
        };
        let work = self.library.staging_area(&format!("check-{id}"))?;
        let out = work.dir().join("x");
        let extracted = disc::extract(&path, &out);
        let mut check = DiscCheck {
            disc: id.to_string(),
            ok: false,
            image_matches,
            files_checked: 0,
            mismatched: Vec::new(),
            missing: Vec::new(),
        };
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
        for (clip, disc_path) in self.catalog.disc_paths(id)? {
            check.files_checked += 1;
            match disc::sha256_file(&out.join(&disc_path)) {
                None => check.missing.push(disc_path),
                Some(sha) if digests.get(&clip) != Some(&sha) => check.mismatched.push(disc_path),
                Some(_) => {}
            }
        }
        check.ok = extracted.is_ok()
            && image_matches != Some(false)
            && check.mismatched.is_empty()
            && check.missing.is_empty();
        let years = self.setting_number("disc_recheck_days", 365)? as i64;
        let next = (self.clock.now() + Duration::days(years)).to_rfc3339();
        self.catalog
            .mark_disc_checked(id, check.ok, &self.now_text(), &next)?;
        let detail = serde_json::to_string(&check).unwrap_or_default();
        self.catalog.audit(
            &self.now_text(),
            &self.actor(),
            "verify_disc",
            Some(id),
            if check.ok { "ok" } else { "problems" },
            Some(&detail),
        )?;
        Ok(check)
    }

    fn disc_or_not_found(&self, id: &str) -> Result<DiscRow> {
        self.catalog.disc(id)?.ok_or_else(|| Error::NotFound {
            what: "disc",
            name: id.to_string(),
        })
    }

    /// The disc's folder tree: `<squad>/<officer>/<date>/<file>`, MANIFEST.csv, SHA256SUMS,
    /// BLAKE3SUMS and README.txt.
    fn disc_tree(&self, d: &DiscRow, tree: &Path) -> Result<()> {
        let clips = self.catalog.clips(
            &ClipFilter {
                ids: Some(d.clips.clone()),
                ..ClipFilter::default()
            },
            ClipSort::RecordedAsc,
            None,
        )?;
        let holds: HashMap<i64, Vec<String>> = self
            .retention_status(None)?
            .into_iter()
            .map(|s| (s.id, s.hold_reasons))
            .collect();
        let mut used = BTreeSet::new();
        let mut sha_lines = String::new();
        let mut b3_lines = String::new();
        let mut csv = String::from("\u{feff}光盘路径 disc path,记录号 clip,设备 device,警号 officer,中队 squad,录制时间 recorded,时长(秒) duration,类型 kind,案件编号 case,案由 cause,当事人 party,长期保存原因 holds,字节 bytes,SHA-256,BLAKE3\n");
        for c in &clips {
            let name = c.source_path.rsplit('/').next().unwrap_or(&c.source_path);
            let date = c
                .recorded_at
                .as_deref()
                .and_then(|t| t.get(..10))
                .unwrap_or("未知日期");
            let mut rel = format!(
                "{}/{}/{}/{}",
                safe_component(c.squad.as_deref().unwrap_or("未分中队")),
                safe_component(c.officer.as_deref().unwrap_or("未知人员")),
                safe_component(date),
                safe_component(name)
            );
            let mut n = 2;
            while !used.insert(rel.clone()) {
                rel = format!("{rel}.{n}");
                n += 1;
            }
            disc::place(&self.library.media_file(&c.media_path), tree, &rel)?;
            self.catalog.set_disc_path(&d.id, c.id, &rel)?;
            sha_lines.push_str(&format!("{}  {rel}\n", c.sha256));
            b3_lines.push_str(&format!("{}  {rel}\n", c.blake3));
            let field = |s: Option<&str>| format!("\"{}\"", s.unwrap_or("").replace('"', "\"\""));
            csv.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                field(Some(&rel)),
                c.id,
                field(Some(&c.device)),
                field(c.officer.as_deref()),
                field(c.squad.as_deref()),
                field(c.recorded_at.as_deref()),
                c.duration_s.map(|d| format!("{d:.1}")).unwrap_or_default(),
                c.kind,
                field(c.case_number.as_deref()),
                field(c.cause.as_deref()),
                field(c.party.as_deref()),
                field(Some(
                    &holds.get(&c.id).cloned().unwrap_or_default().join(" ")
                )),
                c.size,
                c.sha256,
                c.blake3
            ));
        }
        let write = |name: &str, text: &str| -> Result<()> {
            let p = tree.join(name);
            fs::write(&p, text).map_err(|e| Error::io("write", &p, e))
        };
        fs::create_dir_all(tree).map_err(|e| Error::io("create", tree, e))?;
        write("SHA256SUMS", &sha_lines)?;
        write("BLAKE3SUMS", &b3_lines)?;
        write("MANIFEST.csv", &csv)?;
        let branch = self.setting("branch")?.unwrap_or_default();
        let head = self.catalog.audit_head()?.unwrap_or_default();
        write(
            "README.txt",
            &format!(
                "执法记录长期保存光盘 / Long-term evidence disc\r\n\
                 光盘编号 Disc ID: {id}\r\n分局 Branch: {branch}\r\n第 {copy} 份 Copy no. {copy}\r\n\
                 记录数 Clips: {n}\r\n刻录时审计日志末条 Audit log head at burn time: {head}\r\n\r\n\
                 校验方法（无需本系统）：\r\n\
                 Linux: 在光盘根目录运行 sha256sum -c SHA256SUMS ，每行应显示“OK”。\r\n\
                 Windows: certutil -hashfile <文件> SHA256 ，与 SHA256SUMS 中对应行比较。\r\n\
                 MANIFEST.csv 列出每个文件的标注、时间、长期保存原因和校验值。\r\n\r\n\
                 How to verify (without the station):\r\n\
                 Linux: in the disc's root run sha256sum -c SHA256SUMS; every line must say OK.\r\n\
                 Windows: certutil -hashfile <file> SHA256 and compare with its line in SHA256SUMS.\r\n\
                 MANIFEST.csv lists each file's labels, times, hold reasons and digests.\r\n",
                id = d.id,
                copy = d.copy_no,
                n = clips.len()
            ),
        )?;
        Ok(())
    }
}
