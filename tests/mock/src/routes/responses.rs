//! `POST /v1/responses` (plain and streamed), `GET /v1/responses/{id}`,
//! `POST /v1/responses/{id}/cancel` and `DELETE /v1/responses/{id}`: a deterministic
//! Responses answer shaped like the real service (compare
//! tests/fixtures/streams/openai-responses).
//!
//! The message is K words `chunk0 ... chunk{K-1}` (K from `x-mock-chunks`, default 3).
//! `reasoning` in the request adds a `reasoning` item with a summary before it; `tools`
//! with a `function` tool add a `function_call` item after it. Streamed, events come in
//! the real service's order (`response.created`, `response.in_progress`, per item
//! `output_item.added`, `content_part.added`, deltas, `.done`s, `output_item.done`,
//! then `response.completed`), each as `event: <type>` plus `data:`, no `[DONE]`.
//! Ids and timestamps are fixed. Retrieve, cancel and delete answer any id but one
//! starting with `resp_missing` (404).

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde_json::{json, Map, Value};

use crate::body::{MockBody, Step};
use crate::gateway_error;
use crate::reply::{self, Reply};
use crate::sse;

const ID: &str = "resp_mock0000000000000000";
const CREATED: u64 = 1_741_476_542;
const SUMMARY: [&str; 2] = ["The user wants ", "a short answer."];
const ARGUMENT_PIECES: [&str; 4] = ["{\"loc", "ation\":", "\"Paris", "\"}"];
const DEFAULT_CHUNKS: usize = 3;
const MAX_CHUNKS: usize = 100_000;

/// `None` when `path` is not a Responses route.
pub(crate) fn answer(method: &Method, path: &str, headers: &HeaderMap, body: &[u8]) -> Option<Reply> {
    if path == "/v1/responses" {
        return (method == Method::POST).then(|| create(headers, body));
    }
    let rest = path.strip_prefix("/v1/responses/")?;
    let (id, action) = match rest.strip_suffix("/cancel") {
        Some(id) => (id, "cancel"),
        None => (rest, ""),
    };
    if id.is_empty() || id.contains('/') {
        return None;
    }
    if id.starts_with("resp_missing") {
        let message = format!("Response with id '{id}' not found.");
        return Some(Reply::json(StatusCode::NOT_FOUND, gateway_error::body(&message, "invalid_request_error", None, Some("not_found"))));
    }
    let reply = match (method, action) {
        (&Method::GET, "") => stored(id, "completed"),
        (&Method::POST, "cancel") => stored(id, "cancelled"),
        (&Method::DELETE, "") => json!({"id": id, "object": "response", "deleted": true}),
        _ => return None,
    };
    Some(Reply::json(StatusCode::OK, Bytes::from(reply.to_string())))
}

fn stored(id: &str, status: &str) -> Value {
    let plan = Plan { model: "gpt-5.2".into(), words: DEFAULT_CHUNKS, reasoning: false, function: None, input_tokens: 8 };
    let mut r = plan.response(status, plan.items());
    r["id"] = id.into();
    r
}

fn create(headers: &HeaderMap, body: &[u8]) -> Reply {
    match plan(headers, body) {
        Ok((plan, true)) => plan.streamed(),
        Ok((plan, false)) => Reply::json(StatusCode::OK, Bytes::from(plan.response("completed", plan.items()).to_string())),
        Err(error) => Reply::json(StatusCode::BAD_REQUEST, error),
    }
}

struct Plan {
    model: String,
    words: usize,
    reasoning: bool,
    /// The first function tool's name.
    function: Option<String>,
    input_tokens: usize,
}

fn plan(headers: &HeaderMap, body: &[u8]) -> Result<(Plan, bool), Bytes> {
    let words = match headers.get("x-mock-chunks") {
        None => DEFAULT_CHUNKS,
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .filter(|n| *n <= MAX_CHUNKS)
            .ok_or_else(|| gateway_error::invalid_request(&format!("x-mock-chunks must be an integer from 0 to {MAX_CHUNKS}"), None))?,
    };
    let request: Value = serde_json::from_slice(body)
        .map_err(|e| gateway_error::invalid_request(&format!("We could not parse the JSON body of your request: {e}"), None))?;
    let model = match request.get("model") {
        Some(Value::String(m)) if !m.is_empty() => m.clone(),
        _ => return Err(gateway_error::invalid_request("Missing required parameter: 'model'.", Some("model"))),
    };
    let input_tokens = match request.get("input") {
        Some(Value::String(s)) => 8 + s.len() / 4,
        Some(Value::Array(items)) => 8 * items.len(),
        None => 0,
        Some(_) => return Err(gateway_error::invalid_request("Invalid type for 'input': expected a string or an array.", Some("input"))),
    };
    let function = request
        .get("tools")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|t| t.get("type").and_then(Value::as_str) == Some("function"))
        .and_then(|t| t.get("name").and_then(Value::as_str))
        .map(str::to_string);
    let reasoning = request.get("reasoning").is_some_and(|r| !r.is_null());
    let stream = request.get("stream").and_then(Value::as_bool).unwrap_or(false);
    Ok((Plan { model, words, reasoning, function, input_tokens }, stream))
}

impl Plan {
    fn word(i: usize) -> String {
        if i == 0 { "chunk0".to_string() } else { format!(" chunk{i}") }
    }

    fn text(&self) -> String {
        (0..self.words).map(Plan::word).collect()
    }

    fn reasoning_item(&self, summary: Value) -> Value {
        json!({"id": "rs_mock0001", "type": "reasoning", "summary": summary})
    }

    fn message_item(&self, status: &str, content: Value) -> Value {
        json!({"id": "msg_mock0001", "type": "message", "status": status, "role": "assistant", "content": content})
    }

    fn function_item(&self, name: &str, status: &str, arguments: &str) -> Value {
        json!({"id": "fc_mock0001", "type": "function_call", "status": status, "arguments": arguments, "call_id": "call_mock0001", "name": name})
    }

    fn text_part(text: &str) -> Value {
        json!({"type": "output_text", "annotations": [], "logprobs": [], "text": text})
    }

    /// The finished items, in output order.
    fn items(&self) -> Vec<Value> {
        let mut items = Vec::new();
        if self.reasoning {
            items.push(self.reasoning_item(json!([{"type": "summary_text", "text": SUMMARY.concat()}])));
        }
        items.push(self.message_item("completed", json!([Plan::text_part(&self.text())])));
        if let Some(name) = &self.function {
            items.push(self.function_item(name, "completed", &ARGUMENT_PIECES.concat()));
        }
        items
    }

    fn response(&self, status: &str, output: Vec<Value>) -> Value {
        let done = status == "completed";
        let output_tokens = if done { self.words + if self.reasoning { 16 } else { 0 } } else { 0 };
        let input_tokens = if done { self.input_tokens } else { 0 };
        json!({
            "id": ID, "object": "response", "created_at": CREATED, "status": status,
            "background": false, "error": null, "incomplete_details": null, "instructions": null,
            "max_output_tokens": null, "model": self.model, "output": output,
            "parallel_tool_calls": true, "previous_response_id": null,
            "reasoning": {"effort": if self.reasoning { Value::from("low") } else { Value::Null }, "summary": null},
            "store": true, "temperature": 1.0, "text": {"format": {"type": "text"}, "verbosity": "medium"},
            "tool_choice": "auto", "tools": [], "top_p": 1.0, "truncation": "disabled",
            "usage": if done { json!({
                "input_tokens": input_tokens, "input_tokens_details": {"cached_tokens": 0},
                "output_tokens": output_tokens, "output_tokens_details": {"reasoning_tokens": if self.reasoning { 16 } else { 0 }},
                "total_tokens": input_tokens + output_tokens
            }) } else { Value::Null },
            "metadata": {}
        })
    }

    fn streamed(&self) -> Reply {
        let mut events = Events::default();
        events.push("response.created", json!({"response": self.response("in_progress", vec![])}));
        events.push("response.in_progress", json!({"response": self.response("in_progress", vec![])}));
        let mut index = 0;
        if self.reasoning {
            events.push("response.output_item.added", json!({"output_index": index, "item": self.reasoning_item(json!([]))}));
            let part = |text: &str| json!({"type": "summary_text", "text": text});
            let ids = json!({"item_id": "rs_mock0001", "output_index": index, "summary_index": 0});
            events.push_with("response.reasoning_summary_part.added", &ids, json!({"part": part("")}));
            for piece in SUMMARY {
                events.push_with("response.reasoning_summary_text.delta", &ids, json!({"delta": piece}));
            }
            events.push_with("response.reasoning_summary_text.done", &ids, json!({"text": SUMMARY.concat()}));
            events.push_with("response.reasoning_summary_part.done", &ids, json!({"part": part(&SUMMARY.concat())}));
            events.push("response.output_item.done", json!({"output_index": index, "item": self.reasoning_item(json!([part(&SUMMARY.concat())]))}));
            index += 1;
        }
        events.push("response.output_item.added", json!({"output_index": index, "item": self.message_item("in_progress", json!([]))}));
        let ids = json!({"item_id": "msg_mock0001", "output_index": index, "content_index": 0});
        events.push_with("response.content_part.added", &ids, json!({"part": Plan::text_part("")}));
        for i in 0..self.words {
            events.push_with("response.output_text.delta", &ids, json!({"delta": Plan::word(i), "logprobs": []}));
        }
        let text = self.text();
        events.push_with("response.output_text.done", &ids, json!({"text": text, "logprobs": []}));
        events.push_with("response.content_part.done", &ids, json!({"part": Plan::text_part(&text)}));
        events.push("response.output_item.done", json!({"output_index": index, "item": self.message_item("completed", json!([Plan::text_part(&text)]))}));
        if let Some(name) = &self.function {
            index += 1;
            events.push("response.output_item.added", json!({"output_index": index, "item": self.function_item(name, "in_progress", "")}));
            let ids = json!({"item_id": "fc_mock0001", "output_index": index});
            for piece in ARGUMENT_PIECES {
                events.push_with("response.function_call_arguments.delta", &ids, json!({"delta": piece}));
            }
            events.push_with("response.function_call_arguments.done", &ids, json!({"arguments": ARGUMENT_PIECES.concat()}));
            events.push("response.output_item.done", json!({"output_index": index, "item": self.function_item(name, "completed", &ARGUMENT_PIECES.concat())}));
        }
        events.push("response.completed", json!({"response": self.response("completed", self.items())}));
        let mut reply = Reply::new(StatusCode::OK, Some(reply::EVENT_STREAM), MockBody::steps(events.steps));
        reply.headers.insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-cache"));
        reply
    }
}

/// Events numbered by `sequence_number` as they are pushed.
#[derive(Default)]
struct Events {
    steps: Vec<Step>,
}

impl Events {
    fn push(&mut self, kind: &str, fields: Value) {
        self.push_with(kind, &json!({}), fields)
    }

    /// `type` first, then `ids`, then `fields`, then `sequence_number`.
    fn push_with(&mut self, kind: &str, ids: &Value, fields: Value) {
        let mut event = Map::new();
        event.insert("type".into(), kind.into());
        for source in [ids, &fields] {
            if let Value::Object(map) = source {
                event.extend(map.clone());
            }
        }
        event.insert("sequence_number".into(), self.steps.len().into());
        let data = Value::Object(event).to_string();
        self.steps.push(Step { delay: std::time::Duration::ZERO, bytes: sse::frame(Some(kind), None, &data) });
    }
}
