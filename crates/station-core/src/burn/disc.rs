//! One disc: its folder tree (clips in readable folders, MANIFEST.csv, SHA256SUMS, BLAKE3SUMS,
//! README.txt), the ISO 9660 level 3 image with Joliet and Rock Ridge made by xorriso, and
//! the read-back check through xorriso as an independent reader.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
#[cfg(not(windows))]
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// xorriso, or a clear message how to install it.
#[cfg(not(windows))]
pub fn xorriso() -> Result<&'static str> {
    let ok = Command::new("xorriso")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Ok("xorriso")
    } else {
        Err(Error::ToolMissing {
            tool: "xorriso",
            install: "sudo apt-get install xorriso",
        })
    }
}

#[cfg(not(windows))]
fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd.output().map_err(|e| Error::io("open", what, e))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::input(
            format!(
                "{what} 出错：{}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            format!("{what}: {}", String::from_utf8_lossy(&out.stderr).trim()),
        ))
    }
}

/// Build the ISO image of `tree` at `image`; returns its SHA-256 and size. Linux: xorriso
/// (ISO 9660 level 3, Joliet, Rock Ridge); Windows: IMAPI2 (ISO 9660, Joliet, UDF).
pub fn make_image(tree: &Path, image: &Path, volume: &str) -> Result<(String, u64)> {
    let _ = fs::remove_file(image);
    #[cfg(windows)]
    super::imapi::make_image(tree, image, volume)?;
    #[cfg(not(windows))]
    image_by_xorriso(tree, image, volume)?;
    let size = fs::metadata(image)
        .map_err(|e| Error::io("read", image, e))?
        .len();
    Ok((sha256_prefix(image, size)?, size))
}

#[cfg(not(windows))]
fn image_by_xorriso(tree: &Path, image: &Path, volume: &str) -> Result<()> {
    let x = xorriso()?;
    run(
        Command::new(x)
            .args([
                "-as",
                "mkisofs",
                "-iso-level",
                "3",
                "-J",
                "-joliet-long",
                "-R",
            ])
            .args(["-input-charset", "utf-8", "-V", volume, "-o"])
            .arg(image)
            .arg(tree),
        "xorriso mkisofs",
    )
}

/// Write an image to an optical drive (untested here: no drive on the build machines).
pub fn write_to_device(image: &Path, device: &str) -> Result<()> {
    #[cfg(windows)]
    return super::imapi::burn(image, device);
    #[cfg(not(windows))]
    run(
        Command::new(xorriso()?)
            .args(["-as", "cdrecord", "-v", &format!("dev={device}"), "-waiti"])
            .arg(image),
        "xorriso cdrecord",
    )
}

/// SHA-256 of exactly the first `len` bytes of `target` (an image file or a drive, which may
/// hold more blocks than the image).
pub fn sha256_prefix(target: &Path, len: u64) -> Result<String> {
    let f = fs::File::open(target).map_err(|e| Error::io("open", target, e))?;
    let mut r = f.take(len);
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 4 << 20];
    let mut total = 0u64;
    loop {
        let n = r.read(&mut buf).map_err(|e| Error::io("read", target, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        total += n as u64;
    }
    if total != len {
        return Ok(format!("short read: {total} of {len} bytes"));
    }
    Ok(format!("{:x}", h.finalize()))
}

/// The disc's blocks as a file to read: the image itself, `/dev/sr0`, or on Windows the raw
/// volume `\\.\E:` of the burner's letter.
pub fn raw(target: &Path) -> std::path::PathBuf {
    #[cfg(windows)]
    if let Some(letter) = drive_letter(target) {
        return std::path::PathBuf::from(format!(r"\\.\{letter}:"));
    }
    target.to_path_buf()
}

/// `E` of `E:` or `E:\`.
#[cfg(windows)]
fn drive_letter(target: &Path) -> Option<char> {
    let text = target.to_str()?.trim_end_matches('\\');
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(l), Some(':'), None) if l.is_ascii_alphabetic() => Some(l),
        _ => None,
    }
}

/// Where the disc's files can be read, each through a reader independent of the station's
/// own writing: on Linux xorriso extracts them into `into`; on Windows the burner's letter is
/// the disc as Windows' own UDF/Joliet driver mounts it.
pub fn readable_files(target: &Path, into: &Path) -> Result<std::path::PathBuf> {
    #[cfg(windows)]
    {
        let _ = into;
        drive_letter(target)
            .map(|l| std::path::PathBuf::from(format!("{l}:\\")))
            .ok_or_else(|| {
                Error::input(
                    format!("{} 不是刻录机盘符", target.display()),
                    format!("{} is no burner's drive letter", target.display()),
                )
            })
    }
    #[cfg(not(windows))]
    {
        extract(target, into)?;
        Ok(into.to_path_buf())
    }
}

/// Extract the disc at `target` with xorriso into `into` (an independent reader of the disc).
#[cfg(not(windows))]
fn extract(target: &Path, into: &Path) -> Result<()> {
    fs::create_dir_all(into).map_err(|e| Error::io("create", into, e))?;
    run(
        Command::new(xorriso()?)
            .args(["-osirrox", "on", "-indev"])
            .arg(target)
            .args(["-extract", "/"])
            .arg(into),
        "xorriso extract",
    )
}

/// Put `original` at `tree/rel`: with `link`, a hard link where the file system allows it;
/// otherwise (and always for a removable drive) a real copy.
pub fn place(original: &Path, tree: &Path, rel: &str, link: bool) -> Result<PathBuf> {
    let dest = tree.join(rel);
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    // The station's own copy, not `fs::copy`: that also copies the original's read-only mode,
    // which some FAT drivers refuse (the copy then fails though every byte was written).
    if !(link && fs::hard_link(original, &dest).is_ok()) {
        crate::fixity::copy_verified_bytes(original, &dest)?;
    }
    Ok(dest)
}
