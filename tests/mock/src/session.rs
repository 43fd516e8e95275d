//! Per-session state: the script queue and the request log. Sessions are named by the
//! `x-mock-session` header and never see each other's scripts or logs.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use bytes::Bytes;
use http::{HeaderMap, Method, Uri};

use crate::outcome::OutcomeCell;
use crate::script::Answer;

/// Long benchmarks log every request; keep memory bounded by dropping the oldest.
pub(crate) const LOG_CAP: usize = 10_000;

/// One logged request. Kept raw (no JSON built) so logging costs little on the hot path;
/// the JSON view is made only when someone reads `/__mock/requests`.
pub(crate) struct Entry {
    pub(crate) request_id: u64,
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) outcome: OutcomeCell,
}

#[derive(Default)]
pub(crate) struct Session {
    pub(crate) queue: VecDeque<Answer>,
    pub(crate) log: VecDeque<Arc<Entry>>,
}

impl Session {
    pub(crate) fn record(&mut self, entry: Arc<Entry>) {
        if self.log.len() >= LOG_CAP {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }
}

/// Session map: a read lock to find a session, then that session's own mutex, so
/// different sessions never contend and one session's critical sections stay tiny.
#[derive(Default)]
pub(crate) struct Sessions {
    map: RwLock<HashMap<String, Arc<Mutex<Session>>>>,
}

impl Sessions {
    pub(crate) fn get(&self, name: &str) -> Arc<Mutex<Session>> {
        {
            let map = self.map.read().unwrap_or_else(|e| e.into_inner());
            if let Some(session) = map.get(name) {
                return session.clone();
            }
        }
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        map.entry(name.to_owned()).or_default().clone()
    }
}

/// A panic elsewhere must not make every later request panic too.
pub(crate) fn lock(session: &Mutex<Session>) -> MutexGuard<'_, Session> {
    session.lock().unwrap_or_else(|e| e.into_inner())
}

/// The session a request belongs to: its `x-mock-session` header, or "".
pub(crate) fn session_name(headers: &HeaderMap) -> &str {
    headers
        .get("x-mock-session")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}
