//! The closed sets as TypeScript, so the window's types are generated from these and cannot
//! drift (`ui/src/generated/closed-sets.ts`; a test compares, `cargo run -p station-tests
//! --bin ui-types` rewrites it).

use crate::access::{Duty, Level, Purpose, Role};
use crate::cases::{ActivityKind, GapReason, ReportKind, Stage};
use crate::dock::DockFlag;
use crate::recorders::Kind;
use crate::retention::HoldReason;
use crate::statistics::Period;

/// Every closed set the window names, as one TypeScript module.
pub fn closed_sets() -> String {
    let sets = [
        Role::typescript(),
        Duty::typescript(),
        Level::typescript(),
        Purpose::typescript(),
        Stage::typescript(),
        ActivityKind::typescript(),
        GapReason::typescript(),
        ReportKind::typescript(),
        Period::typescript(),
        Kind::typescript(),
        DockFlag::typescript(),
        HoldReason::typescript(),
    ];
    format!(
        "// Generated from the station's Rust types (station_core::typescript); do not edit.\n\
         // Regenerate: cargo run -p station-tests --bin ui-types\n\n{}",
        sets.join("\n")
    )
}
