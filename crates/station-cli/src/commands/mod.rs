//! One file per command group, each with its arguments and an `exec(ctx, args)`.

pub mod access;
pub mod accounts;
pub mod activities;
pub mod audit;
pub mod burn;
pub mod cases;
pub mod clips;
pub mod devices;
pub mod discs;
pub mod disposal;
pub mod docks;
pub mod export;
pub mod holds;
pub mod import;
pub mod ingest;
pub mod init;
pub mod officers;
pub mod rebuild;
pub mod reports;
pub mod retention;
pub mod settings;
pub mod spotcheck;
pub mod squads;
pub mod stats;
pub mod verify;
pub mod watch;
