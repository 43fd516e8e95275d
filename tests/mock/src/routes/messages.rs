//! `POST /v1/messages` and `POST /v1/messages/count_tokens`: a deterministic Anthropic
//! Messages answer (compare tests/fixtures/streams/anthropic-messages). Fixed ids, so
//! the same request always gets the same bytes.
//!
//! Text is K words `chunk0 ... chunk{K-1}` (K from `x-mock-chunks`, default 3). With
//! `thinking` enabled or adaptive, a `thinking` block with a `signature` comes first;
//! with `tools`, a `tool_use` block for the first tool follows the text (its input
//! streamed as `input_json_delta` pieces) and `stop_reason` is `tool_use`. Streamed,
//! a `ping` follows the first block start, as the real service sends it. Errors use
//! Anthropic's shape `{"type":"error","error":{"type","message"}}`. Error events and
//! cuts mid-stream are scripted (tests/mock/README.md). A request without an
//! `anthropic-version` header is a 400, as from the real service.

use bytes::Bytes;
use http::StatusCode;
use serde_json::{json, Map, Value};

use crate::body::{MockBody, Step};
use crate::reply::{self, Reply};
use crate::sse;

const ID: &str = "msg_mock000000000000000000";
const TOOL_ID: &str = "toolu_mock0000000000000000";
const THOUGHT: &str = "The user wants a short answer.";
const SIGNATURE: &str = "bW9jay1tZXNzYWdlcy1zaWduYXR1cmU=";
const DEFAULT_CHUNKS: usize = 3;
const MAX_CHUNKS: usize = 100_000;
const TOKENS_PER_MESSAGE: usize = 8;
/// The tool input, and the pieces it is streamed in.
const TOOL_INPUT_PIECES: &[&str] = &["", "{\"query\": ", "\"chunk", "0\", \"limit\": 3}"];

pub(crate) fn answer(path: &str, headers: &http::HeaderMap, body: &[u8]) -> Option<Reply> {
    let count_only = match path {
        "/v1/messages" => false,
        "/v1/messages/count_tokens" => true,
        _ => return None,
    };
    // The real service rejects a call without a version; so does the mock, so a client
    // that stops sending it fails its tests.
    if headers.get("anthropic-version").is_none() {
        return Some(error(StatusCode::BAD_REQUEST, "invalid_request_error", "anthropic-version: header is required"));
    }
    let request = match parse(body) {
        Ok(r) => r,
        Err(message) => return Some(error(StatusCode::BAD_REQUEST, "invalid_request_error", &message)),
    };
    if count_only {
        let tokens = input_tokens(&request);
        return Some(Reply::json(StatusCode::OK, Bytes::from(json!({"input_tokens": tokens}).to_string())));
    }
    Some(match plan(headers, &request) {
        Ok(plan) if plan.stream => plan.streamed(),
        Ok(plan) => Reply::json(StatusCode::OK, Bytes::from(plan.whole().to_string())),
        Err(message) => error(StatusCode::BAD_REQUEST, "invalid_request_error", &message),
    })
}

pub(crate) fn error(status: StatusCode, kind: &str, message: &str) -> Reply {
    let body = json!({"type": "error", "error": {"type": kind, "message": message}});
    Reply::json(status, Bytes::from(body.to_string()))
}

fn parse(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => {
            match map.get("model") {
                Some(Value::String(m)) if !m.is_empty() => {}
                _ => return Err("model: Field required".into()),
            }
            match map.get("messages") {
                Some(Value::Array(_)) => Ok(map),
                _ => Err("messages: Field required".into()),
            }
        }
        Ok(_) => Err("the request body must be a JSON object".into()),
        Err(e) => Err(format!("There was an error parsing the body: {e}")),
    }
}

fn input_tokens(request: &Map<String, Value>) -> usize {
    let messages = request.get("messages").and_then(Value::as_array).map_or(0, Vec::len);
    let system = usize::from(request.get("system").is_some_and(|s| !s.is_null()));
    (messages + system) * TOKENS_PER_MESSAGE
}

struct Plan {
    model: String,
    words: usize,
    thinking: bool,
    tool: Option<String>,
    stream: bool,
    input_tokens: usize,
}

fn plan(headers: &http::HeaderMap, request: &Map<String, Value>) -> Result<Plan, String> {
    let words = match headers.get("x-mock-chunks") {
        None => DEFAULT_CHUNKS,
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .filter(|n| *n <= MAX_CHUNKS)
            .ok_or_else(|| format!("x-mock-chunks must be an integer from 0 to {MAX_CHUNKS}"))?,
    };
    match request.get("max_tokens") {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {}
        _ => return Err("max_tokens: Field required".into()),
    }
    let thinking = request
        .get("thinking")
        .and_then(|t| t.get("type"))
        .and_then(Value::as_str)
        .is_some_and(|t| t == "enabled" || t == "adaptive");
    let tool = request
        .get("tools")
        .and_then(Value::as_array)
        .and_then(|tools| tools.first())
        .and_then(|t| t.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Plan {
        model: request.get("model").and_then(Value::as_str).unwrap_or_default().to_string(),
        words,
        thinking,
        tool,
        stream: request.get("stream").and_then(Value::as_bool).unwrap_or(false),
        input_tokens: input_tokens(request),
    })
}

impl Plan {
    fn text(&self) -> String {
        (0..self.words).map(|i| if i == 0 { "chunk0".to_string() } else { format!(" chunk{i}") }).collect()
    }

    fn stop_reason(&self) -> &'static str {
        if self.tool.is_some() { "tool_use" } else { "end_turn" }
    }

    fn output_tokens(&self) -> usize {
        self.words + if self.thinking { 7 } else { 0 } + if self.tool.is_some() { 5 } else { 0 }
    }

    fn message(&self, content: Vec<Value>, stop_reason: Value, output_tokens: usize) -> Value {
        json!({
            "id": ID,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": null,
            "usage": {
                "input_tokens": self.input_tokens,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "output_tokens": output_tokens,
            },
        })
    }

    fn whole(&self) -> Value {
        let mut content = Vec::new();
        if self.thinking {
            content.push(json!({"type": "thinking", "thinking": THOUGHT, "signature": SIGNATURE}));
        }
        content.push(json!({"type": "text", "text": self.text()}));
        if let Some(name) = &self.tool {
            let input: String = TOOL_INPUT_PIECES.concat();
            let input: Value = serde_json::from_str(&input).unwrap_or(Value::Null);
            content.push(json!({"type": "tool_use", "id": TOOL_ID, "name": name, "input": input}));
        }
        self.message(content, json!(self.stop_reason()), self.output_tokens())
    }

    fn streamed(&self) -> Reply {
        let mut events: Vec<(&str, Value)> = vec![("message_start", json!({"type": "message_start", "message": self.message(vec![], Value::Null, 1)}))];
        let mut index = 0;
        let mut block = |events: &mut Vec<(&str, Value)>, start: Value, deltas: Vec<Value>| {
            events.push(("content_block_start", json!({"type": "content_block_start", "index": index, "content_block": start})));
            if index == 0 {
                events.push(("ping", json!({"type": "ping"})));
            }
            for delta in deltas {
                events.push(("content_block_delta", json!({"type": "content_block_delta", "index": index, "delta": delta})));
            }
            events.push(("content_block_stop", json!({"type": "content_block_stop", "index": index})));
            index += 1;
        };
        if self.thinking {
            let deltas = vec![
                json!({"type": "thinking_delta", "thinking": THOUGHT}),
                json!({"type": "signature_delta", "signature": SIGNATURE}),
            ];
            block(&mut events, json!({"type": "thinking", "thinking": "", "signature": ""}), deltas);
        }
        let words = (0..self.words)
            .map(|i| json!({"type": "text_delta", "text": if i == 0 { "chunk0".to_string() } else { format!(" chunk{i}") }}))
            .collect();
        block(&mut events, json!({"type": "text", "text": ""}), words);
        if let Some(name) = &self.tool {
            let pieces = TOOL_INPUT_PIECES.iter().map(|p| json!({"type": "input_json_delta", "partial_json": p})).collect();
            block(&mut events, json!({"type": "tool_use", "id": TOOL_ID, "name": name, "input": {}}), pieces);
        }
        events.push((
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": self.stop_reason(), "stop_sequence": null}, "usage": {"output_tokens": self.output_tokens()}}),
        ));
        events.push(("message_stop", json!({"type": "message_stop"})));
        let steps = events
            .into_iter()
            .map(|(name, data)| Step { delay: std::time::Duration::ZERO, bytes: sse::frame(Some(name), None, &data.to_string()) })
            .collect();
        Reply::new(StatusCode::OK, Some(reply::EVENT_STREAM), MockBody::steps(steps))
    }
}
