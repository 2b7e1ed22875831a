//! Fixity: the evidence primitives every path that writes or checks a copy shares — copying
//! one file while hashing the stream (BLAKE3, SHA-256 and SM3), syncing it, and reading a copy back
//! from disk to compare.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};
use sm3::Sm3;

use crate::platform;

/// How much is read from the recorder at a time.
pub const CHUNK: usize = 4 << 20;
/// How many leading bytes are kept to recognise the file's kind.
const HEAD: usize = 512;

/// Digests of the bytes read from the recorder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub size: u64,
    pub blake3: String,
    pub sha256: String,
    /// SM3 (GB/T 32905), lowercase hex, where the copy asked for it (ingest: see
    /// [`StreamHasher::with_sm3`]).
    pub sm3: Option<String>,
    pub head: Vec<u8>,
}

/// BLAKE3 and SHA-256 (and at ingest SM3) over the same stream in one pass.
pub struct StreamHasher {
    blake3: blake3::Hasher,
    sha256: Sha256,
    sm3: Option<Sm3>,
    size: u64,
    head: Vec<u8>,
}

impl Default for StreamHasher {
    fn default() -> StreamHasher {
        StreamHasher::new()
    }
}

impl StreamHasher {
    /// BLAKE3 and SHA-256: what every copy of a stored original is proven with.
    pub fn new() -> StreamHasher {
        StreamHasher {
            blake3: blake3::Hasher::new(),
            sha256: Sha256::new(),
            sm3: None,
            size: 0,
            head: Vec::with_capacity(HEAD),
        }
    }

    /// SM3 as well: the recorder's bytes at ingest, the one pass that keeps it. (Copies made
    /// later are proven by SHA-256 and BLAKE3 against the catalog; SM3 would only slow them.)
    pub fn with_sm3() -> StreamHasher {
        StreamHasher {
            sm3: Some(Sm3::new()),
            ..StreamHasher::new()
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        if self.head.len() < HEAD {
            let take = (HEAD - self.head.len()).min(data.len());
            self.head.extend_from_slice(&data[..take]);
        }
        self.blake3.update(data);
        self.sha256.update(data);
        // Inline: only the ingest's rare retry asks for SM3 here; its pipeline hashes SM3 on a
        // thread of its own (`ingest/job.rs`).
        if let Some(sm3) = &mut self.sm3 {
            sm3.update(data);
        }
        self.size += data.len() as u64;
    }

    pub fn finish(self) -> Copied {
        Copied {
            size: self.size,
            blake3: self.blake3.finalize().to_hex().to_string(),
            sha256: format!("{:x}", self.sha256.finalize()),
            sm3: self.sm3.map(|h| format!("{:x}", h.finalize())),
            head: self.head,
        }
    }
}

/// Where a copy went wrong: the recorder side or the library side.
#[derive(Debug)]
pub enum CopyError {
    Source(io::Error),
    Dest(io::Error),
}

/// Append `line` and a newline to the file at `path` in one write, durable before returning
/// (the file, and the folder when the file is new, synced). A torn last line a crash left is
/// ended first, so it stays one unreadable line the readers pass over rather than spoiling
/// this one. The manifests and the journal are written this way.
pub fn append_line(path: &Path, line: &[u8]) -> crate::error::Result<()> {
    use crate::error::Error;
    use std::io::{Seek, SeekFrom};
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    let created = !path.exists();
    let mut f = File::options()
        .create(true)
        .read(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io("open", path, e))?;
    let mut out = Vec::with_capacity(line.len() + 2);
    let len = f.metadata().map_err(|e| Error::io("stat", path, e))?.len();
    if len > 0 {
        let mut last = [0u8; 1];
        f.seek(SeekFrom::Start(len - 1))
            .and_then(|_| f.read_exact(&mut last))
            .map_err(|e| Error::io("read", path, e))?;
        if last[0] != b'\n' {
            out.push(b'\n');
        }
    }
    out.extend_from_slice(line);
    out.push(b'\n');
    f.write_all(&out).map_err(|e| Error::io("write", path, e))?;
    f.sync_data().map_err(|e| Error::io("sync", path, e))?;
    if created {
        if let Some(dir) = path.parent() {
            platform::sync_dir(dir).map_err(|e| Error::io("sync", dir, e))?;
        }
    }
    Ok(())
}

/// [`copy_file`] with its failure said as the station's error: which side failed, and where.
pub fn copy_verified_bytes(src: &Path, dst: &Path) -> crate::error::Result<Copied> {
    copy_file(src, dst, StreamHasher::new()).map_err(|e| match e {
        CopyError::Source(e) => crate::error::Error::io("read", src, e),
        CopyError::Dest(e) => crate::error::Error::io("write", dst, e),
    })
}

/// A copy kept the way evidence is kept: copied while hashing into `staged`, synced, read back
/// from the disk and compared, and only then moved to `dest` (its folder synced) and made
/// read-only. Nothing is at `dest` unless the read-back matched.
pub fn keep_verified_copy(src: &Path, staged: &Path, dest: &Path) -> crate::error::Result<Copied> {
    use crate::error::Error;
    let _ = std::fs::remove_file(staged);
    let copied = copy_verified_bytes(src, staged)?;
    let (back, size) = read_back(staged).map_err(|e| Error::io("read", staged, e))?;
    if back != copied.blake3 || size != copied.size {
        let _ = std::fs::remove_file(staged);
        return Err(Error::state(
            format!("{}：回读的副本与原件不一致，什么也没有保存", src.display()),
            format!(
                "{}: the copy read back differs from the original; nothing was stored",
                src.display()
            ),
        ));
    }
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    std::fs::rename(staged, dest).map_err(|e| Error::io("rename", dest, e))?;
    if let Some(dir) = dest.parent() {
        platform::sync_dir(dir).map_err(|e| Error::io("sync", dir, e))?;
    }
    let _ = platform::make_read_only(dest);
    Ok(copied)
}

/// Fill `buf` from `r` as far as it goes; a short count means end of file.
pub fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Write one chunk to the staged copy and start its write-back at once.
pub fn write_chunk(dst: &mut File, offset: u64, data: &[u8]) -> io::Result<()> {
    dst.write_all(data)?;
    platform::start_writeback(dst, offset, data.len() as u64);
    Ok(())
}

/// Copy `src` to the new file `dst` in one thread, hashing with `hasher` (the ingest's retry
/// path; its fast path is the pipeline in `job`). The copy is synced before returning.
pub fn copy_file(src: &Path, dst: &Path, mut hasher: StreamHasher) -> Result<Copied, CopyError> {
    let mut input = platform::open_untrusted(src).map_err(CopyError::Source)?;
    let mut out = File::options()
        .write(true)
        .create_new(true)
        .open(dst)
        .map_err(CopyError::Dest)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = read_full(&mut input, &mut buf).map_err(CopyError::Source)?;
        if n == 0 {
            break;
        }
        write_chunk(&mut out, hasher.size, &buf[..n]).map_err(CopyError::Dest)?;
        hasher.update(&buf[..n]);
    }
    out.sync_all().map_err(CopyError::Dest)?;
    Ok(hasher.finish())
}

/// Read a file back from the disk (not the page cache) and return its BLAKE3 and size. The
/// caller has synced the file, so its cached pages are clean and can be dropped.
pub fn read_back(path: &Path) -> io::Result<(String, u64)> {
    read_back_with(path, FileDigest::Blake3)
}

/// BLAKE3 and size of the first `len` bytes of a file, read back from the disk: a journal or
/// manifest that has grown since still begins with what was copied.
pub fn digest_of_first(path: &Path, len: u64) -> io::Result<(String, u64)> {
    let f = File::open(path)?;
    let _ = platform::drop_cache(&f);
    let digest = digest_of_stream(&mut (&f).take(len), len, FileDigest::Blake3)?;
    let _ = platform::drop_cache(&f);
    Ok(digest)
}

/// BLAKE3 and size of a file on a recorder as it is now, opened as every card file is
/// (no links followed, regular files only).
pub fn card_digest(path: &Path) -> io::Result<(String, u64)> {
    on_disk(platform::open_untrusted(path)?, FileDigest::Blake3)
}

/// A file read back from the disk (as [`read_back`]) with the digest a check names, and its
/// size: BLAKE3 (the fastest, what ingest proves against), SHA-256 or SM3 (what a court may
/// ask to see recomputed).
pub fn read_back_with(path: &Path, digest: FileDigest) -> io::Result<(String, u64)> {
    on_disk(File::open(path)?, digest)
}

/// A file's digest and size read from its disk: the cached pages dropped before (best effort:
/// where the hint is not supported the read may come from the cache) and after, so no evidence
/// stays in a cache far smaller than the library.
fn on_disk(mut f: File, digest: FileDigest) -> io::Result<(String, u64)> {
    let _ = platform::drop_cache(&f);
    platform::advise_sequential(&f);
    let len = f.metadata().map_or(CHUNK as u64, |m| m.len());
    let found = digest_of_stream(&mut f, len, digest)?;
    let _ = platform::drop_cache(&f);
    Ok(found)
}

/// `expected` sizes the buffer (at least 64 KiB, at most a chunk): zero-filling 4 MiB to read
/// back a 100 KiB photo cost more than reading it.
fn digest_of_stream(
    f: &mut impl Read,
    expected: u64,
    digest: FileDigest,
) -> io::Result<(String, u64)> {
    let mut hasher = OneDigest::new(digest);
    let mut buf = vec![0u8; expected.saturating_add(1).clamp(64 << 10, CHUNK as u64) as usize];
    let mut size = 0u64;
    loop {
        let n = read_full(f, &mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hasher.hex(), size))
}

/// One of the station's digests over a stream.
enum OneDigest {
    Blake3(Box<blake3::Hasher>),
    Sha256(Sha256),
    Sm3(Sm3),
}

impl OneDigest {
    fn new(digest: FileDigest) -> OneDigest {
        match digest {
            FileDigest::Blake3 => OneDigest::Blake3(Box::default()),
            FileDigest::Sha256 => OneDigest::Sha256(Sha256::new()),
            FileDigest::Sm3 => OneDigest::Sm3(Sm3::new()),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            OneDigest::Blake3(h) => {
                h.update(data);
            }
            OneDigest::Sha256(h) => h.update(data),
            OneDigest::Sm3(h) => h.update(data),
        }
    }

    fn hex(self) -> String {
        match self {
            OneDigest::Blake3(h) => h.finalize().to_hex().to_string(),
            OneDigest::Sha256(h) => format!("{:x}", h.finalize()),
            OneDigest::Sm3(h) => format!("{:x}", h.finalize()),
        }
    }
}

crate::closed_set::closed_set! {
    /// A digest the station keeps of every original.
    pub enum FileDigest as ("校验算法", "digest") {
        Blake3 = "blake3" ("BLAKE3", "BLAKE3"),
        Sha256 = "sha256" ("SHA-256", "SHA-256"),
        Sm3 = "sm3" ("SM3（GB/T 32905）", "SM3 (GB/T 32905)"),
    }
}

/// SHA-256 of a file as it is on its disk, disc or drive, not as the page cache remembers it;
/// None when it cannot be read, or is no regular file (a link put in its place is not it).
pub fn sha256_on_disk(path: &Path) -> Option<String> {
    let f = platform::open_untrusted(path).ok()?;
    on_disk(f, FileDigest::Sha256).ok().map(|(hex, _)| hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_gives_both_digests_of_the_source() {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("src");
        let data: Vec<u8> = (0..(CHUNK * 2 + 12345))
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        std::fs::write(&src, &data).expect("write");
        let got = copy_file(&src, &dir.path().join("dst"), StreamHasher::with_sm3()).expect("copy");
        assert_eq!(got.size, data.len() as u64);
        assert_eq!(got.blake3, blake3::hash(&data).to_hex().to_string());
        assert_eq!(got.sha256, format!("{:x}", Sha256::digest(&data)));
        assert_eq!(got.sm3, Some(format!("{:x}", Sm3::digest(&data))));
        // GB/T 32905's own example, so the digest is SM3 and not merely self-consistent.
        let mut abc = StreamHasher::with_sm3();
        abc.update(b"abc");
        assert_eq!(
            abc.finish().sm3.as_deref(),
            Some("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        );
        // Copies made after ingest are proven by SHA-256 and BLAKE3 only.
        assert_eq!(StreamHasher::new().finish().sm3, None);
        assert_eq!(got.head, data[..512].to_vec());
        assert_eq!(std::fs::read(dir.path().join("dst")).expect("read"), data);
        assert_eq!(
            read_back(&dir.path().join("dst")).expect("read back"),
            (got.blake3, data.len() as u64)
        );
        // A copy never overwrites.
        assert!(matches!(
            copy_file(&src, &dir.path().join("dst"), StreamHasher::new()),
            Err(CopyError::Dest(_))
        ));
    }
}
