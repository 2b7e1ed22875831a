//! Every integration, fault and end-to-end test, in one binary: one link instead of fifteen,
//! and one place to find a test by its domain.

mod access;
mod audit;
mod burn;
mod cases;
mod custody;
mod district;
mod district_push;
mod district_week;
mod e2e;
mod export;
mod faults;
mod fixity;
mod hostile;
mod ingest;
mod labels;
mod library_move;
mod media;
mod papers;
mod rebuild;
mod registry;
mod reports;
mod retention;
mod snapshots;
mod upkeep;
mod watcher;
