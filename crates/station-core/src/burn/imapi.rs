//! Discs on Windows through the system's own IMAPI2: `IFileSystemImage` makes the image
//! (ISO 9660 + Joliet + UDF, so any PC and any court's reader opens it), `IDiscFormat2Data`
//! burns it and closes the disc. The read-back is the same as on Linux: the image's blocks
//! from the raw drive, then every file through the file system Windows mounts.
//!
//! Built for Windows and never run here: Wine has no IMAPI2 and these machines have no burner
//! (README "Windows"). A failure says so in both languages.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use windows::core::{BSTR, HSTRING};
use windows::Win32::Foundation::{VARIANT_FALSE, VARIANT_TRUE};
use windows::Win32::Storage::FileSystem::GetVolumeNameForVolumeMountPointW;
use windows::Win32::Storage::Imapi::{
    FsiFileSystemISO9660, FsiFileSystemJoliet, FsiFileSystemUDF, FsiFileSystems, IDiscFormat2Data,
    IDiscMaster2, IDiscRecorder2, IFileSystemImage, MsftDiscFormat2Data, MsftDiscMaster2,
    MsftDiscRecorder2, MsftFileSystemImage,
};
use windows::Win32::System::Com::{
    CoCreateInstance, CoInitializeEx, CLSCTX_ALL, COINIT_MULTITHREADED, STGM_READ,
    STGM_SHARE_DENY_WRITE,
};
use windows::Win32::UI::Shell::SHCreateStreamOnFileEx;

use crate::error::{Error, Result};

/// An IMAPI2 failure, said plainly: what was being done, and Windows' own words.
fn failed(what_zh: &str, what_en: &str, e: windows::core::Error) -> Error {
    Error::input(
        format!("Windows 光盘刻录（IMAPI2）{what_zh}失败：{}", e.message()),
        format!(
            "Windows disc burning (IMAPI2) failed to {what_en}: {}",
            e.message()
        ),
    )
}

fn com() -> Result<()> {
    // SAFETY: initialising COM for this thread; S_FALSE (already initialised) is fine.
    let hr = unsafe { CoInitializeEx(None, COINIT_MULTITHREADED) };
    hr.ok().map_err(|e| failed("初始化", "start", e))
}

/// Make the image of `tree` at `image`.
pub fn make_image(tree: &Path, image: &Path, volume: &str) -> Result<()> {
    com()?;
    let fail = |e| failed("制作映像", "make the image", e);
    // SAFETY: COM calls on interfaces IMAPI2 returned, with owned BSTRs.
    let stream = unsafe {
        let fs: IFileSystemImage =
            CoCreateInstance(&MsftFileSystemImage, None, CLSCTX_ALL).map_err(fail)?;
        let all = FsiFileSystemISO9660.0 | FsiFileSystemJoliet.0 | FsiFileSystemUDF.0;
        fs.SetFileSystemsToCreate(FsiFileSystems(all))
            .map_err(fail)?;
        fs.SetVolumeName(&BSTR::from(volume)).map_err(fail)?;
        // No limit from a default medium: the plan already sized the disc.
        fs.SetFreeMediaBlocks(0).map_err(fail)?;
        let root = fs.Root().map_err(fail)?;
        let source = BSTR::from(tree.to_string_lossy().as_ref());
        root.AddTree(&source, VARIANT_FALSE).map_err(fail)?;
        fs.CreateResultImage()
            .map_err(fail)?
            .ImageStream()
            .map_err(fail)?
    };
    let mut out = File::create(image).map_err(|e| Error::io("create", image, e))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let mut read = 0u32;
        // SAFETY: `buf` is valid for `buf.len()` bytes; `read` receives how many were filled.
        let hr = unsafe { stream.Read(buf.as_mut_ptr().cast(), buf.len() as u32, Some(&mut read)) };
        hr.ok().map_err(fail)?;
        if read == 0 {
            break;
        }
        out.write_all(&buf[..read as usize])
            .map_err(|e| Error::io("write", image, e))?;
    }
    out.sync_all().map_err(|e| Error::io("sync", image, e))
}

/// The burner whose disc Windows mounts at `device` (`E:` or `E:\`).
fn recorder_at(device: &str) -> Result<IDiscRecorder2> {
    let fail = |e| failed("查找刻录机", "find the burner", e);
    let root = format!("{}:\\", device.trim_end_matches(['\\', ':']));
    let mut name = [0u16; 64];
    // SAFETY: a NUL-ended root path and a buffer with its length.
    unsafe { GetVolumeNameForVolumeMountPointW(&HSTRING::from(root.as_str()), &mut name) }
        .map_err(fail)?;
    let wanted = String::from_utf16_lossy(&name[..name.iter().position(|&c| c == 0).unwrap_or(0)]);
    // SAFETY: COM calls on interfaces IMAPI2 returned.
    unsafe {
        let master: IDiscMaster2 =
            CoCreateInstance(&MsftDiscMaster2, None, CLSCTX_ALL).map_err(fail)?;
        for i in 0..master.Count().map_err(fail)? {
            let id = master.get_Item(i).map_err(fail)?;
            let rec: IDiscRecorder2 =
                CoCreateInstance(&MsftDiscRecorder2, None, CLSCTX_ALL).map_err(fail)?;
            rec.InitializeDiscRecorder(&id).map_err(fail)?;
            if rec.VolumeName().map_err(fail)?.to_string() == wanted {
                return Ok(rec);
            }
        }
    }
    Err(Error::input(
        format!("{device} 不是刻录机"),
        format!("{device} is no disc burner"),
    ))
}

/// Burn `image` to the blank disc in the burner at `device`, and close the disc.
pub fn burn(image: &Path, device: &str) -> Result<()> {
    com()?;
    let rec = recorder_at(device)?;
    let fail = |e| failed("刻录", "burn", e);
    // SAFETY: COM calls on interfaces IMAPI2 returned; the stream reads the image file.
    unsafe {
        let format: IDiscFormat2Data =
            CoCreateInstance(&MsftDiscFormat2Data, None, CLSCTX_ALL).map_err(fail)?;
        if format.IsCurrentMediaSupported(&rec).map_err(fail)? != VARIANT_TRUE {
            return Err(Error::input(
                format!("{device} 中没有可写的空白光盘"),
                format!("there is no blank writable disc in {device}"),
            ));
        }
        format.SetRecorder(&rec).map_err(fail)?;
        format
            .SetClientName(&BSTR::from("EvidenceStation"))
            .map_err(fail)?;
        // Evidence discs are closed: nothing can be appended later.
        format.SetForceMediaToBeClosed(VARIANT_TRUE).map_err(fail)?;
        let mode = STGM_READ.0 | STGM_SHARE_DENY_WRITE.0;
        let stream =
            SHCreateStreamOnFileEx(&HSTRING::from(image), mode, 0, false, None).map_err(fail)?;
        format.Write(&stream).map_err(fail)
    }
}
