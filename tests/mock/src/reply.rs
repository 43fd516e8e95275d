//! What a route answers, before it becomes an HTTP response: built-in routes and
//! scripted answers both produce a `Reply`, so delays, drops and headers are handled in
//! one place (`service`).

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::body::MockBody;

pub(crate) enum DropMode {
    /// Close the connection without sending anything.
    BeforeHead,
    /// Send the head and this many body bytes, then abort the connection.
    AfterBytes(usize),
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    /// Headers to send; a `content-type` here wins over `content_type`.
    pub(crate) headers: HeaderMap,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) body: MockBody,
    /// Wait before the head.
    pub(crate) delay: Duration,
    pub(crate) drop: Option<DropMode>,
}

pub(crate) const JSON: &str = "application/json";
pub(crate) const EVENT_STREAM: &str = "text/event-stream";
pub(crate) const TEXT: &str = "text/plain";

impl Reply {
    pub(crate) fn new(
        status: StatusCode,
        content_type: Option<&'static str>,
        body: MockBody,
    ) -> Self {
        Reply {
            status,
            headers: HeaderMap::new(),
            content_type,
            body,
            delay: Duration::ZERO,
            drop: None,
        }
    }

    pub(crate) fn json(status: StatusCode, body: Bytes) -> Self {
        Reply::new(status, Some(JSON), MockBody::whole(body))
    }

    pub(crate) fn text(status: StatusCode, body: &'static str) -> Self {
        Reply::new(
            status,
            Some(TEXT),
            MockBody::whole(Bytes::from_static(body.as_bytes())),
        )
    }

    pub(crate) fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}
