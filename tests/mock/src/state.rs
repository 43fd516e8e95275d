//! What every connection of one server shares.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::session::Sessions;

pub(crate) struct State {
    /// With a fixed key, only that key is accepted; otherwise any non-empty key.
    pub(crate) api_key: Option<String>,
    pub(crate) sessions: Sessions,
    /// Video tasks of every session (ids are unique per server).
    pub(crate) videos: crate::routes::videos::Tasks,
    requests: AtomicU64,
}

impl State {
    pub(crate) fn new(api_key: Option<String>) -> Self {
        State {
            api_key,
            sessions: Sessions::default(),
            videos: Default::default(),
            requests: AtomicU64::new(0),
        }
    }

    /// N of the `mock-req-N` request ids, counted per server from 1.
    pub(crate) fn next_request_number(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::Relaxed) + 1
    }
}
