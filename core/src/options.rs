//! Per-call options (CONTRACT.md, Per-call options). A field left `None` inherits the
//! client's setting.

use std::time::Duration;

use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// Total time for one attempt: until the whole answer for a plain call, until the
    /// response head for a stream (whose body is then bounded by `stream_idle_timeout`).
    pub timeout: Option<Duration>,
    pub connect_timeout: Option<Duration>,
    /// Longest wait between two data-carrying stream events.
    pub stream_idle_timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    /// Sent after (and so overriding) the client's headers.
    pub extra_headers: Vec<(String, String)>,
    pub extra_query: Vec<(String, String)>,
    /// Merged over the typed body, top-level keys only.
    pub extra_body: Option<Map<String, Value>>,
    /// Cancels the call (and a stream it returns) from outside, retry sleeps included.
    pub cancel: Option<CancellationToken>,
}

impl RequestOptions {
    pub fn new() -> RequestOptions {
        RequestOptions::default()
    }
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_query.push((name.into(), value.into()));
        self
    }
    pub fn body_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra_body.get_or_insert_with(Map::new).insert(name.into(), value);
        self
    }
    pub fn cancel_token(mut self, token: CancellationToken) -> Self {
        self.cancel = Some(token);
        self
    }
}
