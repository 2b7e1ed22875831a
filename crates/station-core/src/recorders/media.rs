//! Kind and container facts of a stored file: MP4/MOV `mvhd` creation time and duration,
//! JPEG EXIF `DateTimeOriginal`, WAV duration.
//!
//! EXIF and WAV use kamadak-exif and hound. For MP4 a tiny box walker is used: Firefox's
//! mp4parse skips the `mvhd` creation time and reads through `mdat` sequentially (gigabytes
//! for one timestamp), and the other crates either do the same or panic on malformed input.
//! The walker seeks over boxes, checks every length against its parent, and is fuzzed below.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::closed_set::closed_set;

closed_set! {
    /// What a stored file is.
    pub enum Kind as ("文件类型", "kind") {
        Video = "video" ("视频", "video"),
        Audio = "audio" ("音频", "audio"),
        Photo = "photo" ("照片", "photo"),
        Other = "other" ("其他", "other"),
    }
}

impl Kind {
    pub fn from_extension(ext: &str) -> Kind {
        match ext.to_ascii_lowercase().as_str() {
            "mp4" | "mov" | "avi" | "mkv" | "3gp" | "ts" | "mts" | "m2ts" | "wmv" | "flv"
            | "h264" | "h265" | "asf" | "m4v" | "mpg" | "mpeg" => Kind::Video,
            "wav" | "mp3" | "aac" | "amr" | "m4a" | "wma" | "ogg" | "opus" | "flac" => Kind::Audio,
            "jpg" | "jpeg" | "png" | "heic" | "heif" | "bmp" | "tif" | "tiff" | "gif" | "webp"
            | "dng" => Kind::Photo,
            _ => Kind::Other,
        }
    }

    /// From the first bytes of the file, where they are recognised.
    pub fn from_magic(head: &[u8]) -> Option<Kind> {
        let t = infer::get(head)?;
        match t.matcher_type() {
            infer::MatcherType::Video => Some(Kind::Video),
            infer::MatcherType::Audio => Some(Kind::Audio),
            infer::MatcherType::Image => Some(Kind::Photo),
            _ => None,
        }
    }
}

/// What the container says. Times are as the format defines them: MP4 in UTC, EXIF in the
/// camera's local time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContainerFacts {
    pub created_utc: Option<DateTime<Utc>>,
    pub created_local: Option<NaiveDateTime>,
    pub duration_s: Option<f64>,
}

/// Read the container facts of a file we know the kind of. `Err` carries a short technical
/// detail for the clip's warning.
pub fn read_container(path: &Path, head: &[u8]) -> Result<ContainerFacts, String> {
    let f = File::open(path).map_err(|e| e.to_string())?;
    container_facts(BufReader::new(f), head)
}

/// The same from any reader: what the fuzz targets feed bytes from a card into.
pub fn container_facts<R: Read + Seek>(mut r: R, head: &[u8]) -> Result<ContainerFacts, String> {
    let is_mp4 = head.len() >= 8 && &head[4..8] == b"ftyp"
        || head.len() >= 8 && matches!(&head[4..8], b"moov" | b"mdat" | b"free" | b"wide");
    let is_wav = head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WAVE";
    let is_jpeg = head.starts_with(&[0xFF, 0xD8, 0xFF]);
    if is_mp4 {
        mp4_facts(r)
    } else if is_jpeg {
        exif_facts(&mut r)
    } else if is_wav {
        let w = hound::WavReader::new(r).map_err(|e| format!("WAV: {e}"))?;
        let rate = w.spec().sample_rate;
        Ok(ContainerFacts {
            duration_s: (rate > 0).then(|| w.duration() as f64 / rate as f64),
            ..ContainerFacts::default()
        })
    } else {
        Ok(ContainerFacts::default())
    }
}

fn exif_facts<R: Read + Seek>(r: &mut R) -> Result<ContainerFacts, String> {
    let exif = match exif::Reader::new().read_from_container(&mut BufReader::new(r)) {
        Ok(e) => e,
        // A photo without EXIF is normal (screenshots, some phones): no facts, no warning.
        Err(exif::Error::NotFound(_)) => return Ok(ContainerFacts::default()),
        Err(e) => return Err(format!("EXIF: {e}")),
    };
    let mut facts = ContainerFacts::default();
    for tag in [exif::Tag::DateTimeOriginal, exif::Tag::DateTime] {
        if let Some(field) = exif.get_field(tag, exif::In::PRIMARY) {
            if let exif::Value::Ascii(ref v) = field.value {
                if let Some(dt) = v
                    .first()
                    .and_then(|b| exif::DateTime::from_ascii(b).ok())
                    .and_then(|d| {
                        chrono::NaiveDate::from_ymd_opt(
                            d.year as i32,
                            d.month as u32,
                            d.day as u32,
                        )?
                        .and_hms_opt(
                            d.hour as u32,
                            d.minute as u32,
                            d.second as u32,
                        )
                    })
                {
                    facts.created_local = Some(dt);
                    break;
                }
            }
        }
    }
    Ok(facts)
}

/// Seconds between 1904-01-01 (the MP4 epoch) and 1970-01-01.
const MP4_EPOCH_OFFSET: i64 = 2_082_844_800;

fn mp4_facts<R: Read + Seek>(mut r: R) -> Result<ContainerFacts, String> {
    let end = r.seek(SeekFrom::End(0)).map_err(|e| e.to_string())?;
    let moov = find_box(&mut r, 0, end, b"moov")?.ok_or("MP4: no moov box")?;
    let mvhd = find_box(&mut r, moov.0, moov.1, b"mvhd")?.ok_or("MP4: no mvhd box")?;
    r.seek(SeekFrom::Start(mvhd.0)).map_err(|e| e.to_string())?;
    let len = (mvhd.1 - mvhd.0).min(64) as usize;
    let mut b = vec![0u8; len];
    r.read_exact(&mut b).map_err(|_| "MP4: mvhd cut short")?;
    let be32 = |o: usize| {
        b.get(o..o + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    };
    let be64 = |o: usize| {
        b.get(o..o + 8)
            .map(|s| u64::from_be_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
    };
    let (created, timescale, duration) = match b.first() {
        Some(0) => (
            be32(4).map(u64::from),
            be32(12),
            be32(16).map(|d| {
                if d == u32::MAX {
                    u64::MAX
                } else {
                    u64::from(d)
                }
            }),
        ),
        Some(1) => (be64(4), be32(20), be64(24)),
        _ => return Err("MP4: unknown mvhd version".into()),
    };
    let (Some(created), Some(timescale), Some(duration)) = (created, timescale, duration) else {
        return Err("MP4: mvhd cut short".into());
    };
    Ok(ContainerFacts {
        // 0 means "not set"; huge values are garbage.
        created_utc: (created != 0)
            .then(|| i64::try_from(created).ok())
            .flatten()
            .and_then(|c| DateTime::from_timestamp(c - MP4_EPOCH_OFFSET, 0)),
        created_local: None,
        duration_s: (timescale > 0 && duration != u64::MAX)
            .then(|| duration as f64 / f64::from(timescale)),
    })
}

/// Find the first box of `kind` between `start` and `end`; returns its payload range.
fn find_box<R: Read + Seek>(
    r: &mut R,
    start: u64,
    end: u64,
    kind: &[u8; 4],
) -> Result<Option<(u64, u64)>, String> {
    let mut pos = start;
    while pos.saturating_add(8) <= end {
        r.seek(SeekFrom::Start(pos)).map_err(|e| e.to_string())?;
        let mut h = [0u8; 8];
        r.read_exact(&mut h)
            .map_err(|_| "MP4: box header cut short")?;
        let size32 = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as u64;
        let (size, header) = match size32 {
            0 => (end - pos, 8),
            1 => {
                let mut l = [0u8; 8];
                r.read_exact(&mut l)
                    .map_err(|_| "MP4: box header cut short")?;
                (u64::from_be_bytes(l), 16)
            }
            s => (s, 8),
        };
        if size < header || pos.saturating_add(size) > end {
            return Err(format!(
                "MP4: box '{}' at {pos} has an impossible size {size}",
                String::from_utf8_lossy(&h[4..8])
            ));
        }
        if &h[4..8] == kind {
            return Ok(Some((pos + header, pos + size)));
        }
        pos += size;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn boxed(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut v = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(payload);
        v
    }

    fn sample_mp4(created_1904: u32, timescale: u32, duration: u32) -> Vec<u8> {
        let mut mvhd = vec![0u8; 4];
        mvhd.extend(created_1904.to_be_bytes());
        mvhd.extend(created_1904.to_be_bytes());
        mvhd.extend(timescale.to_be_bytes());
        mvhd.extend(duration.to_be_bytes());
        mvhd.extend([0u8; 80]);
        let mut f = boxed(b"ftyp", b"isom\0\0\0\0isom");
        f.extend(boxed(b"mdat", &[7u8; 1000]));
        f.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
        f
    }

    #[test]
    fn mvhd_time_and_duration() {
        // 2024-01-05T01:30:12Z
        let t = 1_704_418_212 + MP4_EPOCH_OFFSET;
        let facts = mp4_facts(Cursor::new(sample_mp4(t as u32, 1000, 62_500))).expect("parses");
        assert_eq!(
            facts.created_utc.map(|t| t.to_rfc3339()).as_deref(),
            Some("2024-01-05T01:30:12+00:00")
        );
        assert_eq!(facts.duration_s, Some(62.5));
    }

    #[test]
    fn no_input_makes_the_box_walker_panic_or_loop() {
        // A deterministic fuzz: every truncation of a valid file, and many byte flips.
        let good = sample_mp4(3_000_000_000, 600, 6000);
        for cut in 0..good.len() {
            let _ = mp4_facts(Cursor::new(&good[..cut]));
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let mut bad = good.clone();
            for _ in 0..3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = (seed as usize) % bad.len();
                bad[i] = (seed >> 32) as u8;
            }
            let _ = mp4_facts(Cursor::new(&bad));
        }
    }

    #[test]
    fn kinds_from_magic_and_extension() {
        assert_eq!(Kind::from_magic(&sample_mp4(1, 1, 1)), Some(Kind::Video));
        assert_eq!(
            Kind::from_magic(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(Kind::Photo)
        );
        assert_eq!(Kind::from_magic(b"hello world"), None);
        assert_eq!(Kind::from_extension("MP4"), Kind::Video);
        assert_eq!(Kind::from_extension("amr"), Kind::Audio);
        assert_eq!(Kind::from_extension("txt"), Kind::Other);
    }
}
