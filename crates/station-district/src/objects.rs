//! Objects in the district's bucket: putting a file so that the store itself proves its bytes
//! (`x-amz-checksum-sha256` on every request, per part for large files, four parts in flight at
//! once), locked in COMPLIANCE mode until a date, confirmed afterwards from the store's own
//! checksum; and what the console and the tests read back (the newest version, every version,
//! one version's bytes).
//!
//! ```text
//!  file ──► ≤ 16 MiB: read once ──► SHA-256 == expected? ──► PutObject (checksum, lock, hold)
//!     │                                                           │
//!     └──► larger: CreateMultipartUpload ──► each 8 MiB+ part      ▼
//!              with its SHA-256 ──► whole file == expected? ──► Complete (COMPOSITE)
//!                                                                  │
//!              HeadObject (checksum mode) ◄─────────────────────────┘
//!              the store's checksum == ours? ──► Stored { version_id, … }
//! ```

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_s3::primitives::{ByteStream, DateTime};
use aws_sdk_s3::types::{
    ChecksumAlgorithm, ChecksumMode, ChecksumType, CompletedMultipartUpload, CompletedPart,
    ObjectLockLegalHold, ObjectLockLegalHoldStatus, ObjectLockMode, ObjectLockRetention,
    ObjectLockRetentionMode,
};
use aws_smithy_types::base64;
use sha2::{Digest, Sha256};

use crate::{said, Store, StoreError};

/// Files larger than this go up in parts.
pub const MULTIPART_ABOVE: u64 = 16 << 20;
/// Parts of one upload in flight at once: one at a time leaves the link idle while the store
/// writes each part; four keep it busy (rclone's default too), in four parts' memory.
const PARTS_AT_ONCE: usize = 4;
/// The smallest part; S3 allows 10,000 parts, so a file above 80 GB uses larger ones.
const PART: u64 = 8 << 20;

/// One object to put.
pub struct Put<'a> {
    pub key: &'a str,
    /// What the whole body must hash to (lowercase hex): the catalog's record of it. A file
    /// that no longer does is not sent.
    pub sha256: &'a str,
    /// COMPLIANCE retention until this moment (seconds since 1970).
    pub retain_until: i64,
    pub legal_hold: bool,
    /// User metadata; values that are not ASCII are sent RFC 2047-encoded, as S3 requires.
    pub metadata: Vec<(&'static str, String)>,
    /// At most this many bytes a second, averaged over each request (up to four parts of a
    /// large file go at once); `None`: as fast as it goes.
    pub bytes_per_second: Option<u64>,
    /// Set when the station is closing: a paced upload stops waiting, a multipart one stops
    /// between parts ([`StoreError::Stopped`]).
    pub stop: Option<&'a AtomicBool>,
}

/// A version of an object as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub key: String,
    pub version_id: String,
    pub size: u64,
    /// The store's SHA-256 checksum as S3 gives it: base64, `-N` after a composite of N parts.
    pub checksum: Option<String>,
    pub retain_until: Option<i64>,
    pub legal_hold: bool,
    /// User metadata, RFC 2047-encoded values decoded.
    pub metadata: HashMap<String, String>,
}

/// One version in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub key: String,
    pub version_id: String,
    pub size: u64,
    pub latest: bool,
    /// Seconds since 1970.
    pub modified: i64,
}

impl Store {
    /// Put the file at `path` under `put.key` and confirm it from the store's own checksum.
    pub fn put_file(&self, put: &Put, path: &Path) -> Result<Stored, StoreError> {
        let mut file = std::fs::File::open(path).map_err(|e| io(path, e))?;
        let size = file.metadata().map_err(|e| io(path, e))?.len();
        let sent = if size > MULTIPART_ABOVE {
            self.put_parts(put, path, file, size)?
        } else {
            let mut body = Vec::new();
            file.read_to_end(&mut body).map_err(|e| io(path, e))?;
            self.put_whole(put, path, body)?
        };
        self.confirm(put, &sent)
    }

    /// Put a small body (a journal segment) and confirm it.
    pub fn put_bytes(&self, put: &Put, body: Vec<u8>) -> Result<Stored, StoreError> {
        let sent = self.put_whole(put, Path::new(put.key), body)?;
        self.confirm(put, &sent)
    }

    fn confirm(&self, put: &Put, sent: &str) -> Result<Stored, StoreError> {
        let stored = self.head(put.key)?.ok_or_else(|| StoreError::Unconfirmed {
            key: put.key.to_string(),
            why: "the store does not list what it accepted".into(),
        })?;
        if stored.checksum.as_deref() != Some(sent) {
            return Err(StoreError::Unconfirmed {
                key: put.key.to_string(),
                why: format!(
                    "its SHA-256 is {} in the store, {sent} as sent",
                    stored.checksum.as_deref().unwrap_or("not given")
                ),
            });
        }
        Ok(stored)
    }

    /// A small body in one request; returns the checksum sent.
    fn put_whole(&self, put: &Put, path: &Path, body: Vec<u8>) -> Result<String, StoreError> {
        let digest = Sha256::digest(&body);
        as_recorded(put, path, &digest)?;
        let checksum = base64::encode(digest);
        let started = Instant::now();
        let len = body.len() as u64;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(put.key)
            .body(ByteStream::from(body))
            .checksum_sha256(&checksum)
            .object_lock_mode(ObjectLockMode::Compliance)
            .object_lock_retain_until_date(DateTime::from_secs(put.retain_until))
            .object_lock_legal_hold_status(hold_status(put.legal_hold))
            .set_metadata(Some(encoded(&put.metadata)));
        self.run(request.send()).map_err(said)?;
        pace(started, len, put);
        Ok(checksum)
    }

    /// A large file in parts, each with its own checksum; an upload left by an interrupted
    /// push of the same key is aborted first, so the store keeps no orphaned parts.
    fn put_parts(
        &self,
        put: &Put,
        path: &Path,
        mut file: std::fs::File,
        size: u64,
    ) -> Result<String, StoreError> {
        self.abort_uploads(put.key)?;
        let created = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(put.key)
            .checksum_algorithm(ChecksumAlgorithm::Sha256)
            .checksum_type(ChecksumType::Composite)
            .object_lock_mode(ObjectLockMode::Compliance)
            .object_lock_retain_until_date(DateTime::from_secs(put.retain_until))
            .object_lock_legal_hold_status(hold_status(put.legal_hold))
            .set_metadata(Some(encoded(&put.metadata)));
        let created = self.run(created.send()).map_err(said)?;
        let upload = created.upload_id().unwrap_or_default().to_string();
        let sent = self.send_parts(put, path, &mut file, size, &upload);
        match sent {
            Ok(parts) => self.complete(put.key, &upload, parts),
            Err(e) => {
                // Best effort: what is left is aborted by the next push of this key anyway.
                let _ = self.abort(put.key, &upload);
                Err(e)
            }
        }
    }

    /// Every part, read once: each part's digest for the store, the whole file's for the
    /// comparison with the record before anything is completed. Parts go up a few at a time.
    fn send_parts(
        &self,
        put: &Put,
        path: &Path,
        file: &mut std::fs::File,
        size: u64,
        upload: &str,
    ) -> Result<Vec<(CompletedPart, [u8; 32])>, StoreError> {
        let part_size = PART.max(size.div_ceil(9_000));
        let mut whole = Sha256::new();
        let mut parts = Vec::new();
        let started = Instant::now();
        let (mut sent, mut number) = (0u64, 0i32);
        loop {
            // The next few parts, read and hashed in order.
            let mut batch = Vec::with_capacity(PARTS_AT_ONCE);
            while batch.len() < PARTS_AT_ONCE && sent < size {
                let mut body = Vec::with_capacity(part_size as usize);
                (&mut *file)
                    .take(part_size)
                    .read_to_end(&mut body)
                    .map_err(|e| io(path, e))?;
                if body.is_empty() {
                    break; // shorter than it was: the whole file's digest says so below
                }
                number += 1;
                whole.update(&body);
                sent += body.len() as u64;
                batch.push((number, Sha256::digest(&body).into(), body));
            }
            if batch.is_empty() {
                break;
            }
            parts.extend(self.send_batch(put.key, upload, batch)?);
            pace(started, sent, put);
            if sent >= size {
                break;
            }
            if put.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
                return Err(StoreError::Stopped);
            }
        }
        as_recorded(put, path, &whole.finalize())?;
        Ok(parts)
    }

    /// Upload these parts at once, each with its SHA-256; in part order.
    fn send_batch(
        &self,
        key: &str,
        upload: &str,
        batch: Vec<(i32, [u8; 32], Vec<u8>)>,
    ) -> Result<Vec<(CompletedPart, [u8; 32])>, StoreError> {
        let requests = batch.into_iter().map(|(number, digest, body)| {
            let checksum = base64::encode(digest);
            let request = self
                .client
                .upload_part()
                .bucket(&self.bucket)
                .key(key)
                .upload_id(upload)
                .part_number(number)
                .checksum_sha256(&checksum)
                .body(ByteStream::from(body));
            async move {
                request.send().await.map(|out| {
                    let part = CompletedPart::builder()
                        .part_number(number)
                        .set_e_tag(out.e_tag().map(str::to_string))
                        .checksum_sha256(checksum)
                        .build();
                    (part, digest)
                })
            }
        });
        self.run(futures_util::future::try_join_all(requests))
            .map_err(said)
    }

    /// Complete an upload; returns the composite checksum S3 gives it (`base64-N`).
    fn complete(
        &self,
        key: &str,
        upload: &str,
        parts: Vec<(CompletedPart, [u8; 32])>,
    ) -> Result<String, StoreError> {
        let mut of_digests = Sha256::new();
        for (_, digest) in &parts {
            of_digests.update(digest);
        }
        let checksum = format!("{}-{}", base64::encode(of_digests.finalize()), parts.len());
        let done = CompletedMultipartUpload::builder()
            .set_parts(Some(parts.into_iter().map(|(p, _)| p).collect()))
            .build();
        let request = self
            .client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload)
            .multipart_upload(done);
        self.run(request.send()).map_err(said)?;
        Ok(checksum)
    }

    /// The unfinished multipart uploads under `prefix`: (key, upload id).
    pub fn open_uploads(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        let listed = self
            .client
            .list_multipart_uploads()
            .bucket(&self.bucket)
            .prefix(prefix);
        let listed = self.run(listed.send()).map_err(said)?;
        Ok(listed
            .uploads()
            .iter()
            .filter_map(|u| Some((u.key()?.to_string(), u.upload_id()?.to_string())))
            .collect())
    }

    /// Abort every unfinished upload of `key` (an interrupted push's); returns how many.
    pub fn abort_uploads(&self, key: &str) -> Result<usize, StoreError> {
        let open = self.open_uploads(key)?;
        let mine: Vec<_> = open.iter().filter(|(k, _)| k == key).collect();
        for (k, id) in &mine {
            self.abort(k, id)?;
        }
        Ok(mine.len())
    }

    fn abort(&self, key: &str, upload: &str) -> Result<(), StoreError> {
        let request = self
            .client
            .abort_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload);
        self.run(request.send()).map_err(said)?;
        Ok(())
    }

    /// The newest version of `key`, with the store's checksum; `None` when there is none.
    pub fn head(&self, key: &str) -> Result<Option<Stored>, StoreError> {
        self.head_version(key, None)
    }

    pub fn head_version(
        &self,
        key: &str,
        version: Option<&str>,
    ) -> Result<Option<Stored>, StoreError> {
        let request = self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .set_version_id(version.map(str::to_string))
            .checksum_mode(ChecksumMode::Enabled);
        let out = match self.run(request.send()) {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => return Ok(None),
            Err(e) => return Err(said(e)),
        };
        let metadata = out
            .metadata()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), decoded(v))).collect())
            .unwrap_or_default();
        Ok(Some(Stored {
            key: key.to_string(),
            version_id: out.version_id().unwrap_or_default().to_string(),
            size: out.content_length().unwrap_or(0).max(0) as u64,
            checksum: out.checksum_sha256().map(str::to_string),
            retain_until: out.object_lock_retain_until_date().map(|d| d.secs()),
            legal_hold: out.object_lock_legal_hold_status() == Some(&ObjectLockLegalHoldStatus::On),
            metadata,
        }))
    }

    /// Set or clear the legal hold of one version (a long-term hold at the branch, its release).
    pub fn set_legal_hold(&self, key: &str, version: &str, on: bool) -> Result<(), StoreError> {
        let hold = ObjectLockLegalHold::builder()
            .status(hold_status(on))
            .build();
        let request = self
            .client
            .put_object_legal_hold()
            .bucket(&self.bucket)
            .key(key)
            .version_id(version)
            .legal_hold(hold);
        self.run(request.send()).map_err(said)?;
        Ok(())
    }

    /// Keep one version locked until a later date (COMPLIANCE retention can only grow).
    pub fn extend_retention(&self, key: &str, version: &str, until: i64) -> Result<(), StoreError> {
        let retention = ObjectLockRetention::builder()
            .mode(ObjectLockRetentionMode::Compliance)
            .retain_until_date(DateTime::from_secs(until))
            .build();
        let request = self
            .client
            .put_object_retention()
            .bucket(&self.bucket)
            .key(key)
            .version_id(version)
            .retention(retention);
        self.run(request.send()).map_err(said)?;
        Ok(())
    }

    /// Every version under `prefix`, page by page.
    pub fn versions(&self, prefix: &str) -> Result<Vec<Version>, StoreError> {
        let mut all = Vec::new();
        let (mut key_marker, mut version_marker) = (None::<String>, None::<String>);
        loop {
            let request = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_key_marker(key_marker.take())
                .set_version_id_marker(version_marker.take());
            let page = self.run(request.send()).map_err(said)?;
            all.extend(page.versions().iter().map(|v| Version {
                key: v.key().unwrap_or_default().to_string(),
                version_id: v.version_id().unwrap_or_default().to_string(),
                size: v.size().unwrap_or(0).max(0) as u64,
                latest: v.is_latest().unwrap_or(false),
                modified: v.last_modified().map_or(0, |t| t.secs()),
            }));
            if page.is_truncated() != Some(true) {
                return Ok(all);
            }
            key_marker = page.next_key_marker().map(str::to_string);
            version_marker = page.next_version_id_marker().map(str::to_string);
            if key_marker.is_none() {
                return Ok(all);
            }
        }
    }

    /// Delete one version: what the station never does, and what a locked version refuses.
    pub fn delete_version(&self, key: &str, version: &str) -> Result<(), StoreError> {
        let request = self
            .client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .version_id(version);
        self.run(request.send()).map_err(said)?;
        Ok(())
    }

    /// One small version's bytes (a journal segment).
    pub fn get_bytes(&self, key: &str, version: &str) -> Result<Vec<u8>, StoreError> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .version_id(version);
        self.run(async {
            let out = request.send().await.map_err(said)?;
            let body = out
                .body
                .collect()
                .await
                .map_err(|e| StoreError::Unreachable(crate::source_chain(&e)))?;
            Ok(body.into_bytes().to_vec())
        })
    }

    /// One version's bytes, hashed as they arrive: its SHA-256 (lowercase hex) and length.
    pub fn read_sha256(&self, key: &str, version: &str) -> Result<(String, u64), StoreError> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .version_id(version);
        self.run(async {
            let out = request.send().await.map_err(said)?;
            let mut body = out.body;
            let (mut hash, mut len) = (Sha256::new(), 0u64);
            while let Some(chunk) = body
                .try_next()
                .await
                .map_err(|e| StoreError::Unreachable(crate::source_chain(&e)))?
            {
                hash.update(&chunk);
                len += chunk.len() as u64;
            }
            Ok((hex(&hash.finalize()), len))
        })
    }
}

/// Refuse to send a file that no longer hashes to its record: that is a fault at the branch
/// (`verify` names it), not something to copy to the district as if it were the evidence.
fn as_recorded(put: &Put, path: &Path, digest: &[u8]) -> Result<(), StoreError> {
    let found = hex(digest);
    if found.eq_ignore_ascii_case(put.sha256) {
        Ok(())
    } else {
        Err(StoreError::NotAsRecorded {
            path: path.display().to_string(),
            expected: put.sha256.to_string(),
            found,
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn io(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Unreadable(format!("{}: {e}", path.display()))
}

fn hold_status(on: bool) -> ObjectLockLegalHoldStatus {
    if on {
        ObjectLockLegalHoldStatus::On
    } else {
        ObjectLockLegalHoldStatus::Off
    }
}

/// Sleep so that `bytes` sent since `started` took at least `bytes / rate` seconds, in short
/// naps that end early when the station is told to stop.
fn pace(started: Instant, bytes: u64, put: &Put) {
    let Some(rate) = put.bytes_per_second.filter(|r| *r > 0) else {
        return;
    };
    let due = Duration::from_secs_f64(bytes as f64 / rate as f64);
    while let Some(wait) = due.checked_sub(started.elapsed()) {
        if put.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return;
        }
        std::thread::sleep(wait.min(Duration::from_millis(200)));
    }
}

/// Metadata values as S3 carries them: HTTP headers are ASCII, so any other value is sent as
/// an RFC 2047 encoded word (`=?UTF-8?B?…?=`), which S3 stores and returns as it was sent.
fn encoded(metadata: &[(&'static str, String)]) -> HashMap<String, String> {
    metadata
        .iter()
        .map(|(k, v)| {
            let printable = v.bytes().all(|b| (0x20..0x7f).contains(&b));
            let v = if printable && !v.starts_with("=?") {
                v.clone()
            } else {
                format!("=?UTF-8?B?{}?=", base64::encode(v.as_bytes()))
            };
            (k.to_string(), v)
        })
        .collect()
}

/// The checksum S3 gives a single-part object whose SHA-256 is `hex` (base64 of the digest);
/// none for text that is not 64 hex digits.
pub fn sha256_checksum(hex: &str) -> Option<String> {
    if hex.len() != 64 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..32)
        .map(|i| u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok())
        .collect();
    bytes.map(base64::encode)
}

/// A value as [`encoded`] sent it, decoded again (anything else as it is).
pub fn decoded(value: &str) -> String {
    value
        .strip_prefix("=?UTF-8?B?")
        .or_else(|| value.strip_prefix("=?utf-8?b?"))
        .and_then(|rest| rest.strip_suffix("?="))
        .and_then(|b| base64::decode(b).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_metadata_goes_as_an_encoded_word_and_comes_back() {
        let sent = encoded(&[("officer", "张三".into()), ("device", "DSJ-001".into())]);
        assert_eq!(sent["officer"], "=?UTF-8?B?5byg5LiJ?=");
        assert_eq!(sent["device"], "DSJ-001");
        assert_eq!(decoded(&sent["officer"]), "张三");
        assert_eq!(decoded("DSJ-001"), "DSJ-001");
    }

    #[test]
    fn a_value_that_looks_encoded_is_encoded_so_it_comes_back_unchanged() {
        let sent = encoded(&[("name", "=?UTF-8?B?x?=".into())]);
        assert_eq!(decoded(&sent["name"]), "=?UTF-8?B?x?=");
    }
}
