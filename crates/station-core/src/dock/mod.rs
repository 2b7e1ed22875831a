//! Docking: the watcher that notices recorders coming and going ([`watcher`], which knows no
//! catalog), the flags a docking raises ([`DockFlag`], a leaf), and the supervisor that runs
//! a verified ingest for each recorder docked ([`watch`]). What the station records about
//! one docking is the ingest's last stage (`ingest::assess`).

mod flags;
mod supervisor;
pub mod watcher;

pub use crate::catalog::{DockCounts, DockRow, DockState};
pub use flags::DockFlag;
pub use supervisor::{looks_like_recorder, watch, OnDuty, WatchOptions};
pub use watcher::{DockEvent, DockWatcher, MountEntry, Wake, WatchSettings};
