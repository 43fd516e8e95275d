//! How a logged request ended. The lead's client tests rely on `client_closed` to prove
//! a client really cancelled, so every path out of a request settles exactly once.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use crate::session::Entry;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Outcome {
    Pending = 0,
    Complete = 1,
    ClientClosed = 2,
    Dropped = 3,
}

impl Outcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Complete => "complete",
            Outcome::ClientClosed => "client_closed",
            Outcome::Dropped => "dropped",
        }
    }
}

/// An outcome that leaves `Pending` once and then never changes.
pub(crate) struct OutcomeCell(AtomicU8);

impl OutcomeCell {
    pub(crate) fn new() -> Self {
        OutcomeCell(AtomicU8::new(Outcome::Pending as u8))
    }

    pub(crate) fn get(&self) -> Outcome {
        match self.0.load(Ordering::Acquire) {
            1 => Outcome::Complete,
            2 => Outcome::ClientClosed,
            3 => Outcome::Dropped,
            _ => Outcome::Pending,
        }
    }

    /// First settlement wins: a body that finished and is dropped later stays complete.
    pub(crate) fn settle(&self, outcome: Outcome) {
        let _ = self.0.compare_exchange(
            Outcome::Pending as u8,
            outcome as u8,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }
}

/// Travels with the request: first inside the service future, then inside the response
/// body. Whoever drops it without having settled means the connection went away first
/// (hyper drops the pending service future or the body when the socket closes).
pub(crate) struct Tracker(Arc<Entry>);

impl Tracker {
    pub(crate) fn new(entry: Arc<Entry>) -> Self {
        Tracker(entry)
    }

    pub(crate) fn settle(&self, outcome: Outcome) {
        self.0.outcome.settle(outcome);
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        self.0.outcome.settle(Outcome::ClientClosed);
    }
}
