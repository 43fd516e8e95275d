//! Scripted answers: the model a test queues with `POST /__mock/script`, and how one
//! becomes a `Reply`. Validation lives in `parse`.

mod parse;

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::body::{MockBody, Step};
use crate::reply::{self, DropMode, Reply};

pub(crate) use parse::{parse_answers, ScriptError, MAX_DELAY_MS};

pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) delay: Duration,
    pub(crate) payload: Payload,
    /// Send a whole payload in writes of this many bytes (chunked) instead of at once.
    pub(crate) chunk_size: Option<usize>,
    pub(crate) drop: Option<DropMode>,
}

/// The body, already encoded when the script was accepted, so serving it is cheap and
/// cannot fail.
pub(crate) enum Payload {
    Empty,
    Whole {
        bytes: Bytes,
        content_type: Option<&'static str>,
    },
    Sse(Vec<Step>),
}

impl Answer {
    pub(crate) fn into_reply(self) -> Reply {
        let (content_type, body) = match self.payload {
            Payload::Empty => (None, MockBody::empty()),
            Payload::Whole {
                bytes,
                content_type,
            } => {
                let body = match self.chunk_size {
                    Some(size) => MockBody::steps(split(bytes, size)),
                    None => MockBody::whole(bytes),
                };
                (content_type, body)
            }
            Payload::Sse(steps) => (Some(reply::EVENT_STREAM), MockBody::steps(steps)),
        };
        Reply {
            status: self.status,
            headers: self.headers,
            content_type,
            body,
            delay: self.delay,
            drop: self.drop,
        }
    }
}

fn split(bytes: Bytes, size: usize) -> Vec<Step> {
    let size = size.max(1);
    (0..bytes.len())
        .step_by(size)
        .map(|start| Step {
            delay: Duration::ZERO,
            bytes: bytes.slice(start..(start + size).min(bytes.len())),
        })
        .collect()
}
