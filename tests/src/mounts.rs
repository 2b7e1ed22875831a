//! Real mounts for tests, as root: an exFAT card through a loop device and exfat-fuse (like a
//! docked recorder), a FAT card through fusefat, a small tmpfs for a disk that fills. Each is
//! undone on drop. `None` with the reason where this machine cannot do it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub struct Mount {
    pub dir: PathBuf,
    loop_dev: Option<String>,
    pub image: Option<PathBuf>,
}

impl Mount {
    /// An exFAT file system of `mib` MiB labelled `label`, mounted with exfat-fuse.
    pub fn exfat(image: &Path, dir: &Path, mib: u64, label: &str) -> Result<Mount, String> {
        if !crate::is_root() {
            return Err("needs root for losetup and mount".into());
        }
        for t in ["mkfs.exfat", "mount.exfat-fuse", "losetup"] {
            if !have(t) {
                return Err(format!(
                    "{t} is not installed (Debian: exfatprogs exfat-fuse)"
                ));
            }
        }
        run(Command::new("truncate")
            .arg("-s")
            .arg(format!("{mib}M"))
            .arg(image))?;
        run(Command::new("mkfs.exfat").arg("-L").arg(label).arg(image))?;
        let dev = run(Command::new("losetup").args(["-f", "--show"]).arg(image))?;
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        if let Err(e) = run(Command::new("mount.exfat-fuse").arg(&dev).arg(dir)) {
            let _ = run(Command::new("losetup").arg("-d").arg(&dev));
            return Err(e);
        }
        Ok(Mount {
            dir: dir.to_path_buf(),
            loop_dev: Some(dev),
            image: Some(image.to_path_buf()),
        })
    }

    /// Mount the same exFAT image again after it was pulled.
    pub fn exfat_again(image: &Path, dir: &Path) -> Result<Mount, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let dev = run(Command::new("losetup").args(["-f", "--show"]).arg(image))?;
        if let Err(e) = run(Command::new("mount.exfat-fuse").arg(&dev).arg(dir)) {
            let _ = run(Command::new("losetup").arg("-d").arg(&dev));
            return Err(e);
        }
        Ok(Mount {
            dir: dir.to_path_buf(),
            loop_dev: Some(dev),
            image: Some(image.to_path_buf()),
        })
    }

    /// A FAT file system through fusefat (the kernel here has no vfat module).
    pub fn fat(image: &Path, dir: &Path, mib: u64, label: &str) -> Result<Mount, String> {
        if !crate::is_root() {
            return Err("needs root for FUSE mounts".into());
        }
        for t in ["mkfs.vfat", "fusefat"] {
            if !have(t) {
                return Err(format!("{t} is not installed (Debian: dosfstools fusefat)"));
            }
        }
        run(Command::new("truncate")
            .arg("-s")
            .arg(format!("{mib}M"))
            .arg(image))?;
        run(Command::new("mkfs.vfat").arg("-n").arg(label).arg(image))?;
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        run(Command::new("fusefat")
            .args(["-o", "rw+"])
            .arg(image)
            .arg(dir))?;
        Ok(Mount {
            dir: dir.to_path_buf(),
            loop_dev: None,
            image: Some(image.to_path_buf()),
        })
    }

    /// A tmpfs of `mib` MiB: a disk that fills up.
    pub fn tmpfs(dir: &Path, mib: u64) -> Result<Mount, String> {
        if !crate::is_root() {
            return Err("needs root to mount tmpfs".into());
        }
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        run(Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={mib}M"))
            .arg("tmpfs")
            .arg(dir))?;
        Ok(Mount {
            dir: dir.to_path_buf(),
            loop_dev: None,
            image: None,
        })
    }

    pub fn grow_tmpfs(&self, mib: u64) -> Result<(), String> {
        run(Command::new("mount")
            .args(["-o"])
            .arg(format!("remount,size={mib}M"))
            .arg(&self.dir))
        .map(|_| ())
    }

    /// Pull the card out: the FUSE daemon dies as when the USB cable goes, and every later
    /// read fails with "transport endpoint is not connected".
    pub fn pull(&mut self) {
        let _ = run(Command::new("pkill").args(["-9", "-f"]).arg(format!(
            "mount.exfat-fuse {} {}",
            self.loop_dev.as_deref().unwrap_or(""),
            self.dir.display()
        )));
        // Wait until the mount really is dead.
        for _ in 0..100 {
            if std::fs::read_dir(&self.dir).is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        self.unmount();
    }

    /// Flush and write everything to the image (before looking at it from outside).
    pub fn unmount(&mut self) {
        let _ = run(Command::new("umount").arg(&self.dir));
        let _ = run(Command::new("umount").arg("-l").arg(&self.dir));
        if let Some(dev) = self.loop_dev.take() {
            let _ = run(Command::new("losetup").arg("-d").arg(dev));
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        self.unmount();
    }
}
