//! BagIt 1.0 packages (RFC 8493): written into a hidden folder beside their final place, read
//! back against their own manifests, then renamed into place; and checked again at any time,
//! the same way `bagit.py --validate` does.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::destination;
use crate::error::{Error, Result};
use crate::events::{CoreEvent, EventSink, Steps};
use crate::fixity::{copy_verified_bytes, sha256_on_disk};
use crate::platform;

/// An original to put under `data/`.
pub struct Payload {
    pub source: PathBuf,
    /// Below `data/`, `/`-separated, already safe for Windows and FAT.
    pub path: String,
    pub sha256: String,
    /// SM3 as the catalog holds it (none for clips stored before the station computed it).
    pub sm3: Option<String>,
    pub size: u64,
}

/// A tag file at the package's root (ledger, docking records, audit entries …).
pub struct Tag {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// What reading a package back found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BagCheck {
    pub ok: bool,
    pub files_checked: u64,
    /// Files (payload or tag) whose SHA-256 differs from the manifest.
    pub mismatched: Vec<String>,
    pub missing: Vec<String>,
    /// Payload files no manifest names (links and special files among them).
    pub unexpected: Vec<String>,
    /// Manifest paths that lead outside the package (`..`, absolute): refused, never read.
    pub outside: Vec<String>,
    /// `Payload-Oxum` in bag-info.txt agrees with the payload.
    pub oxum_ok: bool,
}

/// Write the package `name` into `into`; returns the check of the finished package and the
/// SHA-256 of its payload manifest. An earlier, interrupted run of the same package is
/// resumed: payload files already there with the right size are kept (the read-back check
/// catches a bad one, which is copied again).
pub fn write(
    into: &Path,
    name: &str,
    payload: &[Payload],
    bag_info: &[(&str, String)],
    tags: &[Tag],
    events: &dyn EventSink,
) -> Result<(BagCheck, String)> {
    let done = into.join(name);
    if done.exists() {
        return Err(Error::state(
            format!(
                "{} 已存在：请先检查它（`export verify`），或选择其他文件夹",
                done.display()
            ),
            format!(
                "{} already exists: check it (`export verify`) or choose another folder",
                done.display()
            ),
        ));
    }
    let partial = into.join(format!(".{name}.partial"));
    if fs::symlink_metadata(&partial).is_ok() {
        // An interrupted run's is resumed; one somebody prepared is refused, untouched.
        destination::work_folder(&partial, name)?;
    }
    let data = partial.join("data");
    let present = |p: &Payload| fs::metadata(data.join(&p.path)).is_ok_and(|m| m.len() == p.size);
    let missing = payload
        .iter()
        .filter(|p| !present(p))
        .map(|p| p.size)
        .sum::<u64>();
    room_for(
        into,
        missing + tags.iter().map(|t| t.bytes.len() as u64).sum::<u64>(),
    )?;
    destination::work_folder(&partial, name)?;
    fs::create_dir_all(&data).map_err(|e| Error::io("create", &data, e))?;
    let total: u64 = payload.iter().map(|p| p.size).sum();
    let mut steps = Steps::start(
        name,
        payload.len(),
        total,
        "copying",
        events,
        CoreEvent::export,
    );
    for p in payload {
        if !present(p) {
            copy_payload(p, &data)?;
        }
        steps.file_done(&p.path, p.size);
    }
    write_tags(&partial, payload, bag_info, tags)?;
    platform::sync_tree(&partial).map_err(|e| Error::io("sync", &partial, e))?;
    let mut check = validate(&partial, name, events)?;
    if !check.ok && check.unexpected.is_empty() && check.oxum_ok {
        // A file left half-written by an interrupted run, or damaged on the way: copy it again.
        for p in payload {
            let rel = format!("data/{}", p.path);
            if check.mismatched.contains(&rel) || check.missing.contains(&rel) {
                let _ = fs::remove_file(data.join(&p.path));
                copy_payload(p, &data)?;
            }
        }
        platform::sync_tree(&partial).map_err(|e| Error::io("sync", &partial, e))?;
        check = validate(&partial, name, events)?;
    }
    if !check.ok {
        return Ok((check, String::new()));
    }
    destination::finish(&partial, &done)?;
    let manifest = sha256_on_disk(&done.join("manifest-sha256.txt")).unwrap_or_default();
    Ok((check, manifest))
}

/// Refuse before writing when `bytes` (and a MiB for the tag files' slack) will not fit.
fn room_for(into: &Path, bytes: u64) -> Result<()> {
    let needed = bytes + (1 << 20);
    let (free, _) = platform::disk_space(into).map_err(|e| Error::io("read", into, e))?;
    if needed > free {
        return Err(Error::WillNotFit {
            path: into.to_path_buf(),
            needed,
            free,
        });
    }
    Ok(())
}

fn copy_payload(p: &Payload, data: &Path) -> Result<()> {
    let dest = data.join(&p.path);
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    let _ = fs::remove_file(&dest);
    let copied = copy_verified_bytes(&p.source, &dest)?;
    if copied.sha256 != p.sha256 {
        let _ = fs::remove_file(&dest);
        return Err(Error::OriginalDamaged {
            path: p.source.clone(),
        });
    }
    Ok(())
}

/// bagit.txt, bag-info.txt, the payload manifest, the tag files and the tag manifest.
fn write_tags(
    bag: &Path,
    payload: &[Payload],
    bag_info: &[(&str, String)],
    tags: &[Tag],
) -> Result<()> {
    let put = |name: &str, bytes: &[u8]| -> Result<Vec<u8>> {
        destination::write_new(&bag.join(name), bytes)?;
        Ok(bytes.to_vec())
    };
    let mut written: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
    written.insert("bagit.txt".into(), put("bagit.txt", bagit.as_bytes())?);
    let bytes: u64 = payload.iter().map(|p| p.size).sum();
    let mut info = String::new();
    for (k, v) in bag_info {
        info.push_str(&format!("{k}: {}\n", v.replace(['\r', '\n'], " ")));
    }
    info.push_str(&format!("Payload-Oxum: {bytes}.{}\n", payload.len()));
    info.push_str(&format!("Bag-Size: {}\n", crate::error::human_bytes(bytes)));
    written.insert("bag-info.txt".into(), put("bag-info.txt", info.as_bytes())?);
    let mut lines: Vec<String> = payload
        .iter()
        .map(|p| format!("{}  {}\n", p.sha256, encode(&format!("data/{}", p.path))))
        .collect();
    lines.sort();
    let manifest = lines.concat();
    written.insert(
        "manifest-sha256.txt".into(),
        put("manifest-sha256.txt", manifest.as_bytes())?,
    );
    // SM3 (GB/T 32905) for Chinese courts, as a tag file: RFC 8493 registers no `sm3` manifest
    // algorithm, and a `manifest-sm3.txt` would fail other tools' validation.
    let mut sm3_lines: Vec<String> = payload
        .iter()
        .filter_map(|p| {
            let sm3 = p.sm3.as_ref()?;
            Some(format!("{sm3}  {}\n", encode(&format!("data/{}", p.path))))
        })
        .collect();
    sm3_lines.sort();
    written.insert(
        "SM3SUMS".into(),
        put("SM3SUMS", sm3_lines.concat().as_bytes())?,
    );
    for t in tags {
        written.insert(t.name.to_string(), put(t.name, &t.bytes)?);
    }
    let tag_manifest: String = written
        .iter()
        .map(|(name, bytes)| {
            use sha2::Digest;
            format!("{:x}  {}\n", sha2::Sha256::digest(bytes), encode(name))
        })
        .collect();
    put("tagmanifest-sha256.txt", tag_manifest.as_bytes())?;
    Ok(())
}

/// A manifest's lines as (digest, path), as a package anyone wrote gives them: lines that are
/// no `digest path` pair are passed over, paths percent-decoded (RFC 8493 §2.1.3).
pub fn manifest_entries(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let (sha, path) = l.split_once(char::is_whitespace)?;
            Some((sha.to_ascii_lowercase(), decode(path.trim_start())))
        })
        .collect()
}

/// A manifest path that names a file inside the package: relative, no `..`, no root or
/// drive, no backslash (which Windows reads as a separator).
pub fn inside_package(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// RFC 8493 §2.1.3: in manifests a path's `%`, CR and LF are percent-encoded.
fn encode(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn decode(path: &str) -> String {
    path.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
}

/// Read a package back: every payload and tag file against its manifest (from the disk, not
/// the page cache), no payload file the manifest does not name, and Payload-Oxum.
pub fn validate(bag: &Path, name: &str, events: &dyn EventSink) -> Result<BagCheck> {
    let read = |file: &str| -> Result<String> {
        let p = bag.join(file);
        fs::read_to_string(&p).map_err(|e| Error::io("read", &p, e))
    };
    let mut check = BagCheck {
        ok: false,
        files_checked: 0,
        mismatched: Vec::new(),
        missing: Vec::new(),
        unexpected: Vec::new(),
        outside: Vec::new(),
        oxum_ok: false,
    };
    // A manifest is read from a package anyone could have written: a path out of it would
    // make the check a hash oracle on the station's own files.
    let mut keep_inside = |list: Vec<(String, String)>| -> Vec<(String, String)> {
        let (inside, outside): (Vec<_>, Vec<_>) =
            list.into_iter().partition(|(_, p)| inside_package(p));
        check.outside.extend(outside.into_iter().map(|(_, p)| p));
        inside
    };
    let payload = keep_inside(manifest_entries(&read("manifest-sha256.txt")?));
    let tags = keep_inside(manifest_entries(&read("tagmanifest-sha256.txt")?));
    let total: u64 = payload
        .iter()
        .map(|(_, p)| fs::metadata(bag.join(p)).map_or(0, |m| m.len()))
        .sum();
    let mut steps = Steps::start(
        name,
        payload.len(),
        total,
        "verifying",
        events,
        CoreEvent::export,
    );
    for (sha, path) in payload.iter().chain(tags.iter()) {
        check.files_checked += 1;
        let file = bag.join(path);
        match sha256_on_disk(&file) {
            None => check.missing.push(path.clone()),
            Some(got) if &got != sha => check.mismatched.push(path.clone()),
            Some(_) => {}
        }
        if path.starts_with("data/") {
            steps.file_done(path, fs::metadata(&file).map_or(0, |m| m.len()));
        }
    }
    let named: HashSet<&str> = payload.iter().map(|(_, p)| p.as_str()).collect();
    let data = bag.join("data");
    let (mut bytes, mut count) = (0u64, 0u64);
    for entry in walkdir::WalkDir::new(&data).min_depth(1) {
        let entry = entry.map_err(|e| Error::io("list", &data, e.into()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(bag)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        bytes += entry.metadata().map_or(0, |m| m.len());
        count += 1;
        if !named.contains(rel.as_str()) {
            check.unexpected.push(rel);
        }
    }
    let oxum = read("bag-info.txt")?.lines().find_map(|l| {
        l.strip_prefix("Payload-Oxum:")
            .map(|v| v.trim().to_string())
    });
    check.oxum_ok = oxum.as_deref() == Some(format!("{bytes}.{count}").as_str());
    check.ok = check.mismatched.is_empty()
        && check.missing.is_empty()
        && check.unexpected.is_empty()
        && check.outside.is_empty()
        && check.oxum_ok;
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_are_percent_encoded_both_ways() {
        let odd = "data/a%b\nc\rd.mp4";
        assert_eq!(encode(odd), "data/a%25b%0Ac%0Dd.mp4");
        assert_eq!(decode(&encode(odd)), odd);
    }
}
