//! `POST /v1/chat/completions`: a deterministic completion shaped like the real service
//! (compare tests/fixtures/streams/openai-chat). Every id and timestamp is fixed, so
//! the same request always gets the same bytes, whichever client sends it.
//!
//! Content is K words `chunk0 chunk1 ... chunk{K-1}` (K from `x-mock-chunks`, default
//! 3). Streamed, word i is one delta, `chunk{i}` with a leading space for i > 0, so the
//! deltas join to exactly the non-streamed content.

use std::fmt::Write as _;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::body::{MockBody, Step};
use crate::gateway_error;
use crate::reply::{self, Reply};
use crate::script::MAX_DELAY_MS;
use crate::sse;

const ID: &str = "chatcmpl-mock0000000000000000000000000";
const CREATED: u64 = 1_727_346_168;
const FINGERPRINT: &str = "fp_mock0000";
const DEFAULT_CHUNKS: usize = 3;
/// Bounds the work one request header can ask for.
const MAX_CHUNKS: usize = 100_000;
/// Prompt tokens are counted per message, independent of how a client serializes JSON.
const TOKENS_PER_MESSAGE: usize = 8;

pub(crate) fn answer(headers: &HeaderMap, body: &[u8]) -> Reply {
    match plan(headers, body) {
        Ok(plan) => {
            let delay = plan.delay;
            let reply = if plan.stream {
                plan.streamed()
            } else {
                plan.whole()
            };
            reply.delayed(delay)
        }
        Err(error) => Reply::json(StatusCode::BAD_REQUEST, error),
    }
}

struct Plan {
    /// The model, already a JSON string literal.
    model: String,
    chunks: usize,
    prompt_tokens: usize,
    stream: bool,
    include_usage: bool,
    delay: Duration,
}

fn plan(headers: &HeaderMap, body: &[u8]) -> Result<Plan, Bytes> {
    let chunks = header_number(headers, "x-mock-chunks", MAX_CHUNKS as u64)?
        .map_or(DEFAULT_CHUNKS, |n| n as usize);
    let delay = header_number(headers, "x-mock-delay-ms", MAX_DELAY_MS)?
        .map_or(Duration::ZERO, Duration::from_millis);
    let request: Value = serde_json::from_slice(body).map_err(|e| {
        gateway_error::invalid_request(
            &format!("We could not parse the JSON body of your request: {e}"),
            None,
        )
    })?;
    let Value::Object(request) = request else {
        return Err(gateway_error::invalid_request(
            "The request body must be a JSON object",
            None,
        ));
    };
    let model = match request.get("model") {
        Some(Value::String(model)) if !model.is_empty() => model,
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(gateway_error::invalid_request(
                "you must provide a model parameter",
                Some("model"),
            ))
        }
        Some(_) => {
            return Err(gateway_error::invalid_request(
                "Invalid type for 'model': expected a string",
                Some("model"),
            ))
        }
    };
    let messages = match request.get("messages") {
        Some(Value::Array(messages)) => messages.len(),
        None | Some(Value::Null) => {
            return Err(gateway_error::invalid_request(
                "'messages' is a required property",
                Some("messages"),
            ))
        }
        Some(_) => {
            return Err(gateway_error::invalid_request(
                "Invalid type for 'messages': expected an array",
                Some("messages"),
            ))
        }
    };
    let stream = request
        .get("stream")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let include_usage = request
        .get("stream_options")
        .and_then(|o| o.get("include_usage"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(Plan {
        model: Value::from(model.as_str()).to_string(),
        chunks,
        prompt_tokens: messages * TOKENS_PER_MESSAGE,
        stream,
        include_usage,
        delay,
    })
}

/// A numeric knob header; a malformed one is the client's mistake, answered 400.
fn header_number(headers: &HeaderMap, name: &str, max: u64) -> Result<Option<u64>, Bytes> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    match value
        .to_str()
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|n| *n <= max)
    {
        Some(n) => Ok(Some(n)),
        None => Err(gateway_error::invalid_request(
            &format!("{name} must be an integer from 0 to {max}"),
            None,
        )),
    }
}

impl Plan {
    fn content(&self) -> String {
        let mut content = String::with_capacity(self.chunks * 8);
        for i in 0..self.chunks {
            if i > 0 {
                content.push(' ');
            }
            let _ = write!(content, "chunk{i}");
        }
        content
    }

    fn usage(&self) -> String {
        let total = self.prompt_tokens + self.chunks;
        format!(
            r#"{{"prompt_tokens":{},"completion_tokens":{},"total_tokens":{total}}}"#,
            self.prompt_tokens, self.chunks
        )
    }

    /// Written by hand rather than through a serde tree: this is the benchmark route.
    fn whole(&self) -> Reply {
        let body = format!(
            concat!(
                r#"{{"id":"{ID}","object":"chat.completion","created":{CREATED},"model":{model},"#,
                r#""choices":[{{"index":0,"message":{{"role":"assistant","content":"{content}","refusal":null}},"#,
                r#""logprobs":null,"finish_reason":"stop"}}],"usage":{usage},"system_fingerprint":"{FP}"}}"#
            ),
            ID = ID,
            CREATED = CREATED,
            FP = FINGERPRINT,
            model = self.model,
            content = self.content(),
            usage = self.usage(),
        );
        Reply::json(StatusCode::OK, Bytes::from(body))
    }

    fn streamed(&self) -> Reply {
        let head = format!(
            r#"{{"id":"{ID}","object":"chat.completion.chunk","created":{CREATED},"model":{},"system_fingerprint":"{FINGERPRINT}","choices":"#,
            self.model
        );
        let chunk = |choice: &str| {
            let json =
                format!(r#"{head}[{{"index":0,{choice},"logprobs":null,"finish_reason":null}}]}}"#);
            step(&json)
        };
        let mut steps = Vec::with_capacity(self.chunks + 4);
        steps.push(chunk(
            r#""delta":{"role":"assistant","content":"","refusal":null}"#,
        ));
        for i in 0..self.chunks {
            let space = if i > 0 { " " } else { "" };
            steps.push(chunk(&format!(
                r#""delta":{{"content":"{space}chunk{i}"}}"#
            )));
        }
        steps.push(step(&format!(
            r#"{head}[{{"index":0,"delta":{{}},"logprobs":null,"finish_reason":"stop"}}]}}"#
        )));
        if self.include_usage {
            steps.push(step(&format!(r#"{head}[],"usage":{}}}"#, self.usage())));
        }
        steps.push(Step {
            delay: Duration::ZERO,
            bytes: Bytes::from_static(b"data: [DONE]\n\n"),
        });
        let mut reply = Reply::new(
            StatusCode::OK,
            Some(reply::EVENT_STREAM),
            MockBody::steps(steps),
        );
        reply.headers.insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-cache"),
        );
        reply
    }
}

fn step(json: &str) -> Step {
    Step {
        delay: Duration::ZERO,
        bytes: sse::data_frame(json),
    }
}
