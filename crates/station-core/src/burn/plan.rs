//! Planning discs: pure. Clips in, discs out, packed first-fit-decreasing, a case's clips kept
//! together on one disc where they fit.

use crate::closed_set::closed_set;

closed_set! {
    /// The long-term media by name, as the burn plan is asked for them.
    pub enum MediumName as ("介质", "medium") {
        Cd = "cd" ("CD 光盘", "CD"),
        Dvd = "dvd" ("DVD 光盘", "DVD"),
        DvdDl = "dvd-dl" ("双层 DVD 光盘", "dual-layer DVD"),
        Bd25 = "bd25" ("25 GB 蓝光光盘", "25 GB Blu-ray"),
        Bd50 = "bd50" ("50 GB 蓝光光盘", "50 GB Blu-ray"),
        Bd100 = "bd100" ("100 GB 蓝光光盘", "100 GB Blu-ray"),
        Drive = "drive" ("移动硬盘", "removable drive"),
    }
}

/// Long-term media and what each holds (bytes a burner writes, less a reserve for the file
/// system and the manifest files): optical discs, or a removable drive with its free space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Cd,
    Dvd,
    DvdDl,
    Bd25,
    Bd50,
    Bd100,
    /// A removable drive (art. 19's 移动存储介质) with this many bytes free.
    Drive(u64),
}

impl Medium {
    /// An optical medium by its name (a drive needs its free space: [`Medium::Drive`]).
    pub fn optical(name: MediumName) -> Option<Medium> {
        Some(match name {
            MediumName::Cd => Medium::Cd,
            MediumName::Dvd => Medium::Dvd,
            MediumName::DvdDl => Medium::DvdDl,
            MediumName::Bd25 => Medium::Bd25,
            MediumName::Bd50 => Medium::Bd50,
            MediumName::Bd100 => Medium::Bd100,
            MediumName::Drive => return None,
        })
    }

    pub fn name(self) -> MediumName {
        match self {
            Medium::Cd => MediumName::Cd,
            Medium::Dvd => MediumName::Dvd,
            Medium::DvdDl => MediumName::DvdDl,
            Medium::Bd25 => MediumName::Bd25,
            Medium::Bd50 => MediumName::Bd50,
            Medium::Bd100 => MediumName::Bd100,
            Medium::Drive(_) => MediumName::Drive,
        }
    }

    /// Raw capacity of a blank disc in bytes.
    pub fn capacity(self) -> u64 {
        match self {
            Medium::Cd => 737_280_000,
            Medium::Dvd => 4_700_372_992,
            Medium::DvdDl => 8_543_666_176,
            Medium::Bd25 => 25_025_314_816,
            Medium::Bd50 => 50_050_629_632,
            Medium::Bd100 => 100_103_356_416,
            Medium::Drive(free) => free,
        }
    }

    /// What the clips may use: 2 % and 16 MiB stay free for ISO 9660 structures and manifests.
    pub fn usable(self) -> u64 {
        let c = self.capacity();
        c.saturating_sub(c / 50 + (16 << 20))
    }
}

/// A clip waiting for a long-term copy.
#[derive(Debug, Clone)]
pub struct Pending {
    pub clip: i64,
    pub size: u64,
    pub case_number: Option<String>,
}

/// Pack `pending` onto discs of `medium`. Returns the clips of each disc; a clip larger than
/// a disc is returned in `too_large`.
pub fn pack(pending: &[Pending], medium: Medium) -> (Vec<Vec<i64>>, Vec<i64>) {
    let usable = medium.usable();
    // Units to place: a case's clips together, or a clip alone.
    let mut groups: std::collections::BTreeMap<String, Vec<&Pending>> = Default::default();
    let mut units: Vec<Vec<&Pending>> = Vec::new();
    for p in pending {
        match &p.case_number {
            Some(c) => groups.entry(c.clone()).or_default().push(p),
            None => units.push(vec![p]),
        }
    }
    for (_, g) in groups {
        if g.iter().map(|p| p.size).sum::<u64>() <= usable {
            units.push(g);
        } else {
            // A case larger than a disc: its clips are packed one by one.
            units.extend(g.into_iter().map(|p| vec![p]));
        }
    }
    let size = |u: &Vec<&Pending>| u.iter().map(|p| p.size).sum::<u64>();
    units.sort_by(|a, b| size(b).cmp(&size(a)).then(a[0].clip.cmp(&b[0].clip)));
    let mut discs: Vec<(u64, Vec<i64>)> = Vec::new();
    let mut too_large = Vec::new();
    for u in units {
        let s = size(&u);
        if s > usable {
            too_large.extend(u.iter().map(|p| p.clip));
            continue;
        }
        match discs.iter_mut().find(|(used, _)| used + s <= usable) {
            Some((used, clips)) => {
                *used += s;
                clips.extend(u.iter().map(|p| p.clip));
            }
            None => discs.push((s, u.iter().map(|p| p.clip).collect())),
        }
    }
    (discs.into_iter().map(|d| d.1).collect(), too_large)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(clip: i64, mib: u64, case: Option<&str>) -> Pending {
        Pending {
            clip,
            size: mib << 20,
            case_number: case.map(str::to_string),
        }
    }

    #[test]
    fn first_fit_decreasing_keeps_a_case_together() {
        // CD: about 686 MiB usable.
        let pending = vec![
            p(1, 400, None),
            p(2, 300, Some("A")),
            p(3, 200, Some("A")),
            p(4, 250, None),
            p(5, 100, None),
        ];
        let (discs, too_large) = pack(&pending, Medium::Cd);
        assert!(too_large.is_empty());
        // Case A (500 MiB) goes first, whole; then 400; 250 joins 400; 100 fills case A's disc.
        assert_eq!(discs, vec![vec![2, 3, 5], vec![1, 4]]);
        let (_, too_large) = pack(&[p(9, 800, None)], Medium::Cd);
        assert_eq!(too_large, vec![9]);
    }

    #[test]
    fn a_case_larger_than_a_disc_is_split() {
        let pending = vec![p(1, 400, Some("B")), p(2, 400, Some("B"))];
        let (discs, _) = pack(&pending, Medium::Cd);
        assert_eq!(discs.len(), 2);
    }
}
