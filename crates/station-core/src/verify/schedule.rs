//! Which stored files tonight's check re-reads, so that every file is proven whole again at
//! least every `days` days while each night reads only about a `days`-th of the library. Pure:
//! no clock is read and no file is touched here.

use crate::catalog::FixityItem;

const DAY: i64 = 86_400;

/// Indexes into `items` of tonight's share: first every file that would pass its `days`
/// bound before the next night, then the longest-unproven files until the night has read its
/// even share of the library's bytes.
pub fn tonight(items: &[FixityItem], now_unix: i64, days: u32) -> Vec<usize> {
    let days = i64::from(days.max(1));
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].proven_unix, i));
    let total: u64 = items.iter().map(|i| i.size).sum();
    let budget = total.div_ceil(days as u64);
    // Proven before this moment, a file would be older than `days` by tomorrow night.
    let due_by = now_unix - (days - 1) * DAY;
    let mut taken = 0u64;
    let mut share = Vec::new();
    for i in order {
        let overdue = items[i].proven_unix <= due_by;
        if !overdue && taken >= budget {
            break;
        }
        taken += items[i].size;
        share.push(i);
    }
    share
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, size: u64, proven_unix: i64) -> FixityItem {
        FixityItem {
            what: "clip",
            id,
            media_path: String::new(),
            blake3: String::new(),
            sha256: String::new(),
            sm3: None,
            size,
            proven_unix,
        }
    }

    #[test]
    fn a_night_reads_about_its_share_oldest_first() {
        let now = 100 * DAY;
        let items: Vec<FixityItem> = (0..30).map(|i| item(i, 10, now - i * 3600)).collect();
        let share = tonight(&items, now, 30);
        // 300 bytes over 30 nights: 10 a night, the longest-unproven file.
        assert_eq!(share, vec![29]);
        assert_eq!(tonight(&[], now, 30), Vec::<usize>::new());
    }

    #[test]
    fn files_that_would_pass_their_bound_are_all_taken_however_many() {
        let now = 100 * DAY;
        let mut items: Vec<FixityItem> = (0..5).map(|i| item(i, 1000, now - 40 * DAY)).collect();
        items.push(item(5, 1, now - 29 * DAY));
        items.push(item(6, 1, now - 28 * DAY + 1));
        let share = tonight(&items, now, 30);
        assert_eq!(
            share,
            vec![0, 1, 2, 3, 4, 5],
            "29 days old is due tonight, 28 is not yet"
        );
    }

    /// Sixty nights of a library that grows every day: no file ever goes unproven longer than
    /// the setting, and no night reads much more than its share.
    #[test]
    fn over_many_nights_every_file_is_proven_within_the_bound() {
        let days = 7u32;
        let mut items: Vec<FixityItem> = Vec::new();
        let mut next = 0;
        for night in 0..60i64 {
            let now = night * DAY;
            for _ in 0..3 {
                items.push(item(next, 100 + (next as u64 % 7) * 50, now - 3600));
                next += 1;
            }
            let total: u64 = items.iter().map(|i| i.size).sum();
            let share = tonight(&items, now, days);
            let read: u64 = share.iter().map(|&i| items[i].size).sum();
            assert!(
                read <= total / u64::from(days) + 1000,
                "night {night}: {read} of {total}"
            );
            for i in share {
                items[i].proven_unix = now;
            }
            for i in &items {
                assert!(
                    now - i.proven_unix < i64::from(days) * DAY,
                    "night {night}: {i:?}"
                );
            }
        }
    }
}
