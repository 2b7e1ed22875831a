//! The one door for every change to evidence or its facts: the actor's duty is checked, then
//! the change and its audit rows are written in one SQLite transaction — all of it, or none.
//! A refusal is recorded on its own, outside the change it refused.

use crate::access::Duty;
use crate::error::Result;
use crate::Station;

impl Station {
    /// Check `duty`, then run `change` (which writes the catalog and its audit rows) as one
    /// transaction. A change whose audit row cannot be written does not happen.
    pub(crate) fn act<T>(&self, duty: Duty, change: impl FnOnce() -> Result<T>) -> Result<T> {
        self.require(duty)?;
        self.catalog.atomically(change)
    }

    /// The same door for a change whose duty the caller has already checked (often before
    /// validating its input), or that needs none (the first account, a step of an approved
    /// disposal): applied and audited in one transaction.
    pub(crate) fn apply_audited<T>(&self, change: impl FnOnce() -> Result<T>) -> Result<T> {
        self.catalog.atomically(change)
    }
}
