//! Where evidence goes on a disk: names safe on Windows, FAT and exFAT, and one rule for a name
//! that is taken (`name (2).ext`), compared as those file systems compare names — without
//! regard to case, so `A.MP4` and `a.mp4` are one name. The library, case documents, discs,
//! drive copies and export packages all name through here.

use std::collections::HashSet;

/// The longest name a stored file or folder is given, in UTF-8 bytes. File systems allow 255
/// (bytes on ext4, UTF-16 units on NTFS and exFAT, where a card's Chinese name of 255
/// characters is 765 bytes once in UTF-8); the rest leaves room for `(2)` and a staging suffix.
pub const MAX_NAME_BYTES: usize = 200;

/// A name that is safe on Windows, FAT and exFAT, keeping Chinese and everything else legal.
/// One too long is shortened, keeping its extension, with a tag from the whole name so that
/// the same name always gives the same result and two long names do not meet.
pub fn safe_component(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '\\' | '|' | '?' | '*' | '/' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    while s.ends_with('.') || s.ends_with(' ') {
        s.pop();
    }
    if s.is_empty() {
        s.push('_');
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    if s.len() > MAX_NAME_BYTES {
        s = shortened(&s, name);
    }
    s
}

/// `safe` cut to [`MAX_NAME_BYTES`] at a character boundary, as `stem~tag.ext`.
fn shortened(safe: &str, original: &str) -> String {
    let tag = &blake3::hash(original.as_bytes()).to_hex()[..8];
    let (stem, ext) = match safe.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 16 => (stem, format!(".{ext}")),
        _ => (safe, String::new()),
    };
    let mut end = (MAX_NAME_BYTES - ext.len() - tag.len() - 1).min(stem.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}~{tag}{ext}", &stem[..end])
}

/// The `n`th name for `path` when it is taken: `a/b/name.mp4` → `a/b/name (2).mp4`.
pub fn numbered(path: &str, n: u32) -> String {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// The paths already given in one tree (a disc, a drive copy, a package), compared without
/// regard to case.
#[derive(Debug, Default)]
pub struct NameClaims {
    taken: HashSet<String>,
}

impl NameClaims {
    /// `wanted` if no path given so far is it in another case, else its first free numbered
    /// variant.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_lowercase()) {
            return wanted.to_string();
        }
        (2..)
            .map(|n| numbered(wanted, n))
            .find(|candidate| self.taken.insert(candidate.to_lowercase()))
            .unwrap_or_else(|| wanted.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe_for_windows_and_fat() {
        assert_eq!(safe_component("执法 录像.mp4"), "执法 录像.mp4");
        assert_eq!(safe_component("a:b*c?.mp4"), "a_b_c_.mp4");
        assert_eq!(safe_component("con.txt"), "_con.txt");
        assert_eq!(safe_component("COM1"), "_COM1");
        assert_eq!(safe_component("name. "), "name");
        assert_eq!(safe_component(".."), "_");
        assert_eq!(safe_component(""), "_");
        assert_eq!(safe_component("a\u{1b}[31mb\u{9b}.mp4"), "a_[31mb_.mp4");
    }

    #[test]
    fn a_name_too_long_is_shortened_the_same_way_every_time() {
        let long = format!("{}.MP4", "执法记录".repeat(60));
        let short = safe_component(&long);
        assert!(short.len() <= MAX_NAME_BYTES, "{}", short.len());
        assert!(
            short.starts_with("执法记录") && short.ends_with(".MP4"),
            "{short}"
        );
        assert_eq!(short, safe_component(&long));
        let other = format!("{}.MP4", "执法记录".repeat(61));
        assert_ne!(safe_component(&other), short);
        assert_eq!(safe_component("short.mp4"), "short.mp4");
    }

    #[test]
    fn suffixes_keep_the_extension() {
        assert_eq!(numbered("media/a/x.mp4", 2), "media/a/x (2).mp4");
        assert_eq!(numbered("media/a/x", 3), "media/a/x (3)");
        assert_eq!(numbered("x.tar.gz", 2), "x.tar (2).gz");
    }

    #[test]
    fn names_that_differ_only_in_case_are_one_name() {
        let mut claims = NameClaims::default();
        assert_eq!(claims.claim("一中队/张三/A.MP4"), "一中队/张三/A.MP4");
        assert_eq!(claims.claim("一中队/张三/a.mp4"), "一中队/张三/a (2).mp4");
        assert_eq!(claims.claim("一中队/张三/A.mp4"), "一中队/张三/A (3).mp4");
        assert_eq!(claims.claim("一中队/李四/a.mp4"), "一中队/李四/a.mp4");
    }
}
