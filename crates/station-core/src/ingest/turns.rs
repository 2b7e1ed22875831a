//! Whose turn it is to read a card when several recorders are docked at once. A docking on two
//! cores already keeps both busy (SM3 alone takes one), so eight at once only share the machine
//! eight ways: a small card docked beside big ones then waits eight times its own time. Here at
//! most as many dockings as there are cores read at a time, those with the least left to copy
//! first (ties: the one docked first); the others wait before their next chunk. A small card is
//! so done in about its own time, and the rest finish no later than sharing would have let them.

use std::sync::{Condvar, LazyLock, Mutex, MutexGuard};
use std::time::Duration;

/// The dockings of this process.
pub(crate) static TURNS: LazyLock<Turns> =
    LazyLock::new(|| Turns::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

pub(crate) struct Turns {
    /// How many dockings read at a time.
    readers: usize,
    state: Mutex<Queue>,
    changed: Condvar,
}

#[derive(Default)]
struct Queue {
    next: u64,
    /// (ticket, bytes left to copy), in docking order.
    waiting: Vec<(u64, u64)>,
}

/// A docking's place among the others; it leaves when dropped.
pub(crate) struct Ticket<'a> {
    turns: &'a Turns,
    id: u64,
}

/// Whether the docking `id` may read now: it is among the `readers` with the least left (ties
/// by docking order). Pure, so the rule is tested on its own.
fn may_read(waiting: &[(u64, u64)], id: u64, readers: usize) -> bool {
    let Some(&(_, left)) = waiting.iter().find(|(t, _)| *t == id) else {
        return true;
    };
    let ahead = waiting
        .iter()
        .filter(|&&(t, l)| l < left || (l == left && t < id))
        .count();
    ahead < readers
}

impl Turns {
    pub(crate) fn new(readers: usize) -> Turns {
        Turns {
            readers: readers.max(1),
            state: Mutex::new(Queue::default()),
            changed: Condvar::new(),
        }
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        // A docking that panicked holding the lock left a consistent queue: go on with it.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Join with `left` bytes to copy.
    pub(crate) fn join(&self, left: u64) -> Ticket<'_> {
        let mut q = self.queue();
        q.next += 1;
        let id = q.next;
        q.waiting.push((id, left));
        drop(q);
        self.changed.notify_all();
        Ticket { turns: self, id }
    }
}

impl Ticket<'_> {
    /// Say how much is left and whether this docking may read now.
    pub(crate) fn may_read(&self, left: u64) -> bool {
        let mut q = self.turns.queue();
        if let Some(entry) = q.waiting.iter_mut().find(|(t, _)| *t == self.id) {
            entry.1 = left;
        }
        let yes = may_read(&q.waiting, self.id, self.turns.readers);
        drop(q);
        // Less left may have moved this docking ahead of one that waits.
        self.turns.changed.notify_all();
        yes
    }

    /// Wait until this docking may read (or `stop` is set), having `left` bytes to copy.
    pub(crate) fn wait(&self, left: u64, stop: &dyn Fn() -> bool) {
        if self.may_read(left) {
            return;
        }
        let mut q = self.turns.queue();
        while !stop() && !may_read(&q.waiting, self.id, self.turns.readers) {
            // Woken by any change; the timeout only lets a stop be seen.
            q = match self
                .turns
                .changed
                .wait_timeout(q, Duration::from_millis(200))
            {
                Ok((q, _)) => q,
                Err(p) => p.into_inner().0,
            };
        }
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        self.turns.queue().waiting.retain(|(t, _)| *t != self.id);
        self.turns.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dockings_with_least_left_read_first_as_many_as_there_are_readers() {
        let waiting = [(1, 900), (2, 10), (3, 900), (4, 500)];
        assert!(may_read(&waiting, 2, 2));
        assert!(may_read(&waiting, 4, 2));
        assert!(!may_read(&waiting, 1, 2));
        assert!(!may_read(&waiting, 3, 2));
        // Equal sizes: the one docked first.
        assert!(may_read(&waiting, 1, 3));
        assert!(!may_read(&waiting, 3, 3));
        // A docking not in the queue is never held.
        assert!(may_read(&waiting, 9, 1));
    }

    #[test]
    fn a_big_card_reads_again_once_the_small_one_is_done() {
        let turns = Turns::new(1);
        let big = turns.join(1 << 30);
        assert!(big.may_read(1 << 30));
        let small = turns.join(16 << 20);
        assert!(small.may_read(16 << 20));
        assert!(!big.may_read(1 << 30), "the small card goes first");
        // The big one, waiting, is let go as soon as the small one leaves.
        std::thread::scope(|s| {
            let waiter = s.spawn(|| big.wait(1 << 30, &|| false));
            drop(small);
            waiter.join().expect("the big card's turn came");
        });
        assert!(big.may_read(1 << 30));
    }

    /// A docking stopped (recorder pulled, station closing, cancelled) while it waits for its
    /// turn leaves the wait instead of hanging until the others are done.
    #[test]
    fn a_docking_waiting_for_its_turn_sees_a_stop() {
        // 'static, so a wait that never ends fails the test instead of hanging it.
        let turns: &'static Turns = Box::leak(Box::new(Turns::new(1)));
        let small = turns.join(16 << 20);
        assert!(small.may_read(16 << 20));
        let (left, gone) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let big = turns.join(1 << 30);
            let asked = std::time::Instant::now();
            big.wait(1 << 30, &|| asked.elapsed() > Duration::from_millis(300));
            let _ = left.send(big.may_read(1 << 30));
        });
        let its_turn = gone
            .recv_timeout(Duration::from_secs(10))
            .expect("the waiting docking saw the stop");
        assert!(!its_turn, "it left for the stop, not for its turn");
        drop(small);
    }
}
