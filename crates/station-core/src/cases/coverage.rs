//! Coverage of an activity's time span by its clips (art. 13), pure: the share recorded by at
//! least one device, and every stretch longer than the threshold with no recording at all —
//! at the start, between segments, or at the end.

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

#[cfg(test)]
mod tests {
    use super::*;

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
