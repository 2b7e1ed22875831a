//! Coverage of an activity's time span by its clips (art. 11–13), pure: the share recorded by
//! at least one device, every stretch longer than the threshold with no recording at all — at
//! the start, between segments, or at the end — and the same for each recorder on its own, for
//! art. 11 asks every recorder to run from start to finish: one device's break is a break even
//! while another covers it.

use serde::Serialize;

/// A stretch of the span nobody recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Unix seconds.
    pub from: i64,
    pub to: i64,
    /// `start`, `between` or `end` of the span.
    pub place: &'static str,
}

/// Covered share of `[start, end)` and its gaps longer than `threshold_s`, from clip spans
/// (start, end) in unix seconds, any order, any overlap.
pub fn coverage(start: i64, end: i64, clips: &[(f64, f64)], threshold_s: i64) -> (f64, Vec<Gap>) {
    let (s, e) = (start as f64, end as f64);
    let mut spans: Vec<(f64, f64)> = clips
        .iter()
        .map(|&(a, b)| (a.max(s), b.min(e)))
        .filter(|(a, b)| b > a)
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut covered = 0.0;
    let mut gaps = Vec::new();
    let mut at = s;
    let push_gap = |from: f64, to: f64, gaps: &mut Vec<Gap>| {
        if to - from > threshold_s as f64 {
            let place = if from <= s {
                "start"
            } else if to >= e {
                "end"
            } else {
                "between"
            };
            gaps.push(Gap {
                from: from.round() as i64,
                to: to.round() as i64,
                place,
            });
        }
    };
    for (a, b) in spans {
        if a > at {
            push_gap(at, a, &mut gaps);
        }
        if b > at {
            covered += b - a.max(at);
            at = b;
        }
    }
    if at < e {
        push_gap(at, e, &mut gaps);
    }
    let ratio = if e > s {
        (covered / (e - s)).min(1.0)
    } else {
        0.0
    };
    (ratio, gaps)
}

/// One recorder's break in the span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceGap {
    /// None where no device recorded any of the span.
    pub device: Option<String>,
    pub gap: Gap,
    /// Another device recorded the whole of this stretch (a break all the same).
    pub covered_by_other: bool,
}

/// Each device's covered share of `[start, end)` (by device name) and every device's gaps
/// longer than `threshold_s`, by time then device, from spans (device, start, end). With no
/// span at all the whole span is one gap of no device.
pub fn coverage_by_device(
    start: i64,
    end: i64,
    spans: &[(&str, f64, f64)],
    threshold_s: i64,
) -> (Vec<(String, f64)>, Vec<DeviceGap>) {
    let devices: std::collections::BTreeSet<&str> = spans.iter().map(|s| s.0).collect();
    if devices.is_empty() {
        let gaps = coverage(start, end, &[], threshold_s).1;
        let gaps = gaps
            .into_iter()
            .map(|gap| DeviceGap {
                device: None,
                gap,
                covered_by_other: false,
            })
            .collect();
        return (Vec::new(), gaps);
    }
    let of = |pick: &dyn Fn(&str) -> bool| -> Vec<(f64, f64)> {
        spans
            .iter()
            .filter(|s| pick(s.0))
            .map(|s| (s.1, s.2))
            .collect()
    };
    let mut ratios = Vec::new();
    let mut gaps = Vec::new();
    for device in devices {
        let (ratio, own) = coverage(start, end, &of(&|d| d == device), threshold_s);
        ratios.push((device.to_string(), ratio));
        let others = of(&|d| d != device);
        for gap in own {
            let (meanwhile, _) = coverage(gap.from, gap.to, &others, 0);
            gaps.push(DeviceGap {
                device: Some(device.to_string()),
                covered_by_other: meanwhile >= 1.0 - 1e-9,
                gap,
            });
        }
    }
    gaps.sort_by(|a, b| (a.gap.from, a.gap.to, &a.device).cmp(&(b.gap.from, b.gap.to, &b.device)));
    (ratios, gaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorders_break_is_a_break_even_while_another_records() {
        // A1 records 0–400 and 600–1000; A2 records 300–700 (art. 12's second angle) and
        // stops: A1's break at 400–600 is covered by A2, A2's own start and end are breaks.
        let spans = [
            ("A1", 0.0, 400.0),
            ("A1", 600.0, 1000.0),
            ("A2", 300.0, 700.0),
        ];
        let (ratios, gaps) = coverage_by_device(0, 1000, &spans, 30);
        assert_eq!(ratios, vec![("A1".into(), 0.8), ("A2".into(), 0.4)]);
        let seen: Vec<(Option<&str>, i64, i64, bool)> = gaps
            .iter()
            .map(|g| {
                (
                    g.device.as_deref(),
                    g.gap.from,
                    g.gap.to,
                    g.covered_by_other,
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (Some("A2"), 0, 300, true),
                (Some("A1"), 400, 600, true),
                (Some("A2"), 700, 1000, true),
            ]
        );
        // Overall nobody stopped: the span's own coverage has no gap.
        let all: Vec<(f64, f64)> = spans.iter().map(|s| (s.1, s.2)).collect();
        assert!(coverage(0, 1000, &all, 30).1.is_empty());
        // One device: its gaps are the span's, covered by nobody; no clip: one gap of none.
        let (_, one) = coverage_by_device(0, 1000, &spans[..2], 30);
        assert_eq!(one.len(), 1);
        assert!(!one[0].covered_by_other && one[0].device.as_deref() == Some("A1"));
        let (ratios, none) = coverage_by_device(0, 1000, &[], 30);
        assert!(ratios.is_empty());
        assert_eq!((none.len(), none[0].device.clone()), (1, None));
    }

    #[test]
    fn one_gap_between_two_segments_and_overlaps_counted_once() {
        // 09:00–11:30 with 09:00–10:10 and 10:25–11:30 (and a second angle inside the first).
        let (ratio, gaps) = coverage(
            0,
            9000,
            &[(0.0, 4200.0), (600.0, 1200.0), (5100.0, 9000.0)],
            30,
        );
        assert_eq!(
            gaps,
            vec![Gap {
                from: 4200,
                to: 5100,
                place: "between"
            }]
        );
        assert!((ratio - 8100.0 / 9000.0).abs() < 1e-9);
    }

    #[test]
    fn start_and_end_gaps_and_the_threshold() {
        let (ratio, gaps) = coverage(0, 1000, &[(100.0, 500.0), (520.0, 900.0)], 30);
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert_eq!((gaps[0].place, gaps[1].place), ("start", "end"));
        assert!((ratio - 0.78).abs() < 1e-9);
        let (ratio, gaps) = coverage(0, 1000, &[], 30);
        assert_eq!((ratio, gaps.len()), (0.0, 1));
    }
}
