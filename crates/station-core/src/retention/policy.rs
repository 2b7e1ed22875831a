//! Retention as pure policy (art. 19): dates and holds in, a state out. No clock is read
//! here; the caller passes `now`.

use chrono::{DateTime, Months, Utc};

use crate::closed_set::closed_set;

/// The regulation's floor: at least six months.
pub const MINIMUM_MONTHS: u32 = 6;

closed_set! {
    /// Art. 19's five reasons for keeping a record long-term.
    pub enum HoldReason as ("长期保存原因", "hold reason") {
        /// (1) used as evidence
        Evidence = "evidence" ("作为证据使用", "used as evidence"),
        /// (2) reconsideration, litigation, objection or complaint
        Review = "review" ("复议、诉讼、异议或投诉", "reconsideration, litigation, objection or complaint"),
        /// (3) obstruction, violent resistance
        Obstruction = "obstruction" ("阻碍执法、妨害公务、暴力抗法", "obstruction or violent resistance"),
        /// (4) emergencies, mass incidents
        Emergency = "emergency" ("突发事件、群体性事件", "emergency or mass incident"),
        /// (5) major, complex or difficult case
        Major = "major" ("重大、复杂、疑难案件", "major, complex or difficult case"),
    }
}

closed_set! {
    /// Where a clip stands in its keeping (art. 18–20).
    pub enum RetentionState as ("保存状态", "retention state") {
        /// Inside the minimum period.
        Minimum = "minimum" ("保存期内", "within the minimum period"),
        /// Past it and not held: may be proposed for disposal.
        Eligible = "eligible" ("已满保存期", "past the minimum period"),
        /// Held long-term.
        LongTerm = "long_term" ("长期保存", "held long-term"),
        /// In a disposal batch that is proposed or approved and not yet carried out.
        DisposalPending = "disposal_pending" ("待销毁", "disposal pending"),
        /// Removed; only its tombstone remains.
        Disposed = "disposed" ("已销毁", "disposed"),
    }
}

/// What the policy needs to know about one clip.
#[derive(Debug, Clone)]
pub struct ClipRetention {
    /// When the recorder says it recorded the clip (its own, untrusted clock).
    pub recorded: DateTime<Utc>,
    /// When the station stored it (the station's clock).
    pub stored: DateTime<Utc>,
    pub active_holds: Vec<HoldReason>,
    /// Ever held (a released hold still asks for verified long-term copies).
    pub ever_held: bool,
    pub verified_copies: u32,
    pub in_pending_batch: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct RetentionPolicy {
    pub months: u32,
    /// Verified long-term copies a held clip needs before it could ever be disposed.
    pub copies_required: u32,
}

impl ClipRetention {
    /// Where the minimum period starts: the later of the recorded time and the time of
    /// storage, so a recorder clock set to 2001 cannot make a clip disposable on arrival.
    pub fn clock_start(&self) -> DateTime<Utc> {
        self.recorded.max(self.stored)
    }
}

impl RetentionPolicy {
    /// The day a clip may first be disposed of.
    pub fn earliest_disposal(&self, clip: &ClipRetention) -> DateTime<Utc> {
        clip.clock_start()
            .checked_add_months(Months::new(self.months))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    pub fn state(&self, clip: &ClipRetention, now: DateTime<Utc>) -> RetentionState {
        if clip.in_pending_batch {
            RetentionState::DisposalPending
        } else if !clip.active_holds.is_empty() {
            RetentionState::LongTerm
        } else if now < self.earliest_disposal(clip) {
            RetentionState::Minimum
        } else {
            RetentionState::Eligible
        }
    }

    /// May this clip be put in a disposal batch now? Never when held, never inside the
    /// minimum period, never when it was long-term and its copies are not all verified.
    pub fn may_dispose(&self, clip: &ClipRetention, now: DateTime<Utc>) -> bool {
        clip.active_holds.is_empty()
            && now >= self.earliest_disposal(clip)
            && (!clip.ever_held || clip.verified_copies >= self.copies_required)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
            .single()
            .expect("date")
    }

    fn clip(recorded: DateTime<Utc>) -> ClipRetention {
        ClipRetention {
            recorded,
            stored: recorded,
            active_holds: vec![],
            ever_held: false,
            verified_copies: 0,
            in_pending_batch: false,
        }
    }

    const POLICY: RetentionPolicy = RetentionPolicy {
        months: 6,
        copies_required: 2,
    };

    #[test]
    fn six_calendar_months_then_eligible() {
        let c = clip(at(2024, 1, 31));
        // 31 January + 6 months = 31 July (and 31 August + 6 months = end of February).
        assert_eq!(POLICY.earliest_disposal(&c), at(2024, 7, 31));
        assert_eq!(
            POLICY.earliest_disposal(&clip(at(2023, 8, 31))),
            at(2024, 2, 29)
        );
        assert_eq!(POLICY.state(&c, at(2024, 7, 30)), RetentionState::Minimum);
        assert_eq!(POLICY.state(&c, at(2024, 7, 31)), RetentionState::Eligible);
        assert!(!POLICY.may_dispose(&c, at(2024, 7, 30)));
        assert!(POLICY.may_dispose(&c, at(2024, 7, 31)));
    }

    #[test]
    fn every_hold_reason_blocks_disposal_forever() {
        for reason in HoldReason::ALL.iter().copied() {
            let mut c = clip(at(2020, 1, 1));
            c.active_holds = vec![reason];
            c.ever_held = true;
            assert_eq!(POLICY.state(&c, at(2030, 1, 1)), RetentionState::LongTerm);
            assert!(!POLICY.may_dispose(&c, at(2030, 1, 1)), "{reason:?}");
        }
    }

    #[test]
    fn a_released_hold_still_needs_its_verified_copies() {
        let mut c = clip(at(2020, 1, 1));
        c.ever_held = true;
        assert_eq!(POLICY.state(&c, at(2030, 1, 1)), RetentionState::Eligible);
        assert!(!POLICY.may_dispose(&c, at(2030, 1, 1)));
        c.verified_copies = 2;
        assert!(POLICY.may_dispose(&c, at(2030, 1, 1)));
    }

    #[test]
    fn the_minimum_period_counts_from_storage_when_the_recorder_clock_is_early() {
        // A recorder whose clock says 2001, stored today: six months from today, not from 2001.
        let mut c = clip(at(2001, 1, 1));
        c.stored = at(2026, 12, 1);
        assert_eq!(POLICY.earliest_disposal(&c), at(2027, 6, 1));
        assert_eq!(POLICY.state(&c, at(2026, 12, 1)), RetentionState::Minimum);
        assert!(!POLICY.may_dispose(&c, at(2027, 5, 31)));
        assert!(POLICY.may_dispose(&c, at(2027, 6, 1)));
        // A clock set in the future counts from the recorded time, the later of the two.
        let mut late = clip(at(2027, 3, 1));
        late.stored = at(2026, 12, 1);
        assert_eq!(POLICY.earliest_disposal(&late), at(2027, 9, 1));
    }
}
