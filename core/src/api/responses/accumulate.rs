//! Folds a Responses event stream into the final response (CONTRACT, Responses).
//!
//! The final response is the `response` object of the terminal event
//! (`response.completed`, `response.incomplete`, `response.failed`). When that object's
//! `output` is missing, null or empty while the stream carried items, `output` is rebuilt
//! from the items, keyed by `output_index`: `response.output_item.done` replaces an
//! item; text, refusal, function-call arguments, custom tool input and reasoning-summary
//! deltas are appended to one `String` each as they come (linear: nothing is joined
//! again per delta) and used when no `done` came. Events after the terminal one change
//! nothing here (they still reach the caller).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{ResponseObject, ResponseStreamEvent};
use crate::error::{Error, ErrorKind, Result};
use crate::json::lone_surrogates::from_str_lossy;
use crate::stream::{Accumulate, AccumulatingStream};

#[derive(Debug, Default)]
pub struct ResponsesAccumulator {
    /// The latest `response` object an event carried.
    response: Option<Map<String, Value>>,
    /// The terminal event's type, once it came.
    terminal: Option<Terminal>,
    items: BTreeMap<u64, ItemState>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    Completed,
    Incomplete,
    Failed,
}

impl Terminal {
    fn status(self) -> &'static str {
        match self {
            Terminal::Completed => "completed",
            Terminal::Incomplete => "incomplete",
            Terminal::Failed => "failed",
        }
    }
}

#[derive(Debug, Default)]
struct ItemState {
    item: Map<String, Value>,
    /// `output_item.done` gave the item whole: later pieces change nothing.
    done: bool,
    content: BTreeMap<u64, PartState>,
    summary: BTreeMap<u64, PartState>,
    arguments: Option<String>,
    input: Option<String>,
}

#[derive(Debug, Default)]
struct PartState {
    part: Option<Map<String, Value>>,
    /// The part's text as joined from deltas (or set by a `.done` event).
    text: Option<String>,
    /// The member the text goes to (`text`, or `refusal`) and the part's default type.
    field: &'static str,
    kind: &'static str,
    /// `content_part.done` / `reasoning_summary_part.done` gave the part whole.
    done: bool,
}

/// Which list of an item a part event addresses.
#[derive(Clone, Copy)]
enum List {
    Content,
    Summary,
}

impl ResponsesAccumulator {
    pub fn new() -> ResponsesAccumulator {
        ResponsesAccumulator::default()
    }

    /// Whether a terminal event came.
    pub fn ended(&self) -> bool {
        self.terminal.is_some()
    }

    /// Folds one event (its wire JSON). A value that is not an object, or an event
    /// type not named here, changes nothing.
    pub fn push_event(&mut self, event: &Value) {
        let Some(event) = event.as_object() else { return };
        let Some(kind) = event.get("type").and_then(Value::as_str) else { return };
        if self.terminal.is_some() {
            return;
        }
        let terminal = match kind {
            "response.completed" => Some(Terminal::Completed),
            "response.incomplete" => Some(Terminal::Incomplete),
            "response.failed" => Some(Terminal::Failed),
            _ => None,
        };
        if let Some(terminal) = terminal {
            self.terminal = Some(terminal);
            match event.get("response") {
                Some(Value::Object(response)) => self.response = Some(response.clone()),
                // `output: null` or no response at all: the last snapshot, with the
                // status this terminal event names.
                _ => {
                    let snapshot = self.response.get_or_insert_with(Map::new);
                    snapshot.insert("status".into(), terminal.status().into());
                }
            }
            return;
        }
        if let Some(rest) = kind.strip_prefix("response.") {
            self.push_piece(rest, event);
        }
    }

    fn push_piece(&mut self, kind: &str, event: &Map<String, Value>) {
        let text = |key: &str| event.get(key).and_then(Value::as_str);
        match kind {
            "created" | "in_progress" | "queued" => {
                if let Some(Value::Object(response)) = event.get("response") {
                    self.response = Some(response.clone());
                }
            }
            "output_item.added" | "output_item.done" => {
                let Some(Value::Object(item)) = event.get("item") else { return };
                let state = self.item(event);
                if state.done {
                    return;
                }
                state.item = item.clone();
                if kind == "output_item.done" {
                    state.done = true;
                    // The item is whole now: its pieces are no longer needed.
                    state.content.clear();
                    state.summary.clear();
                    state.arguments = None;
                    state.input = None;
                }
            }
            "content_part.added" | "content_part.done" => self.push_part(event, List::Content, kind.ends_with("done")),
            "reasoning_summary_part.added" | "reasoning_summary_part.done" => {
                self.push_part(event, List::Summary, kind.ends_with("done"))
            }
            "output_text.delta" => self.push_text(event, List::Content, ("text", "output_text"), text("delta"), false),
            "output_text.done" => self.push_text(event, List::Content, ("text", "output_text"), text("text"), true),
            "refusal.delta" => self.push_text(event, List::Content, ("refusal", "refusal"), text("delta"), false),
            "refusal.done" => self.push_text(event, List::Content, ("refusal", "refusal"), text("refusal"), true),
            "reasoning_text.delta" => self.push_text(event, List::Content, ("text", "reasoning_text"), text("delta"), false),
            "reasoning_text.done" => self.push_text(event, List::Content, ("text", "reasoning_text"), text("text"), true),
            "reasoning_summary_text.delta" => {
                self.push_text(event, List::Summary, ("text", "summary_text"), text("delta"), false)
            }
            "reasoning_summary_text.done" => {
                self.push_text(event, List::Summary, ("text", "summary_text"), text("text"), true)
            }
            "function_call_arguments.delta" => push_joined(self.open_item(event).map(|s| &mut s.arguments), text("delta"), false),
            "function_call_arguments.done" => push_joined(self.open_item(event).map(|s| &mut s.arguments), text("arguments"), true),
            "custom_tool_call_input.delta" => push_joined(self.open_item(event).map(|s| &mut s.input), text("delta"), false),
            "custom_tool_call_input.done" => push_joined(self.open_item(event).map(|s| &mut s.input), text("input"), true),
            _ => {}
        }
    }

    /// The state of the item an event names by `output_index` (the next free index
    /// when it names none), made at its first event.
    fn item(&mut self, event: &Map<String, Value>) -> &mut ItemState {
        let index = match event.get("output_index").and_then(Value::as_u64) {
            Some(index) => index,
            None => self.items.keys().next_back().map_or(0, |last| last.saturating_add(1)),
        };
        let state = self.items.entry(index).or_default();
        if state.item.is_empty() {
            if let Some(id) = event.get("item_id").filter(|id| id.is_string()) {
                state.item.insert("id".into(), id.clone());
            }
        }
        state
    }

    /// `item`, unless it is done already.
    fn open_item(&mut self, event: &Map<String, Value>) -> Option<&mut ItemState> {
        Some(self.item(event)).filter(|s| !s.done)
    }

    fn part(&mut self, event: &Map<String, Value>, list: List) -> Option<&mut PartState> {
        let key = match list {
            List::Content => "content_index",
            List::Summary => "summary_index",
        };
        let index = event.get(key).and_then(Value::as_u64).unwrap_or(0);
        let state = self.open_item(event)?;
        let parts = match list {
            List::Content => &mut state.content,
            List::Summary => &mut state.summary,
        };
        Some(parts.entry(index).or_insert_with(|| PartState { field: "text", kind: "output_text", ..PartState::default() }))
    }

    fn push_part(&mut self, event: &Map<String, Value>, list: List, done: bool) {
        let Some(Value::Object(part)) = event.get("part") else { return };
        let Some(state) = self.part(event, list) else { return };
        if state.done {
            return;
        }
        if part.get("type").and_then(Value::as_str) == Some("refusal") {
            state.field = "refusal";
        }
        state.part = Some(part.clone());
        state.done = done;
    }

    fn push_text(&mut self, event: &Map<String, Value>, list: List, (field, kind): (&'static str, &'static str), text: Option<&str>, done: bool) {
        let Some(state) = self.part(event, list) else { return };
        if state.done {
            return;
        }
        state.field = field;
        state.kind = kind;
        push_joined(Some(&mut state.text), text, done);
    }

    /// The final response as wire JSON (the terminal event's `response`, its `output`
    /// rebuilt when it came without one); an empty object before any response came.
    pub fn response(&self) -> Value {
        let mut out = self.response.clone().unwrap_or_default();
        let rebuild = match out.get("output") {
            None | Some(Value::Null) => true,
            Some(Value::Array(items)) => items.is_empty(),
            Some(_) => false,
        };
        if rebuild && !self.items.is_empty() {
            out.insert("output".into(), Value::Array(self.items.values().map(ItemState::to_value).collect()));
        }
        Value::Object(out)
    }

    /// The error a `response.failed` terminal stands for (CONTRACT: message and `code`
    /// from `response.error`, `body` the failed response).
    fn failure(&self, response: Value) -> Option<Error> {
        if self.terminal != Some(Terminal::Failed) {
            return None;
        }
        let error = match response.get("error") {
            Some(error @ Value::Object(_)) => {
                crate::error_body::from_stream_frame(&serde_json::json!({ "error": error }), None)
            }
            _ => Error::new(ErrorKind::Stream, "the response failed"),
        };
        Some(error.with_body(Some(response)))
    }
}

/// Appends a delta (or sets the whole text, for a `.done` event).
fn push_joined(target: Option<&mut Option<String>>, text: Option<&str>, whole: bool) {
    let (Some(target), Some(text)) = (target, text) else { return };
    match target {
        Some(joined) if !whole => joined.push_str(text),
        _ => *target = Some(text.to_string()),
    }
}

impl ItemState {
    fn to_value(&self) -> Value {
        let mut item = self.item.clone();
        if self.done {
            return Value::Object(item);
        }
        if !item.contains_key("type") {
            let kind = if !self.content.is_empty() {
                "message"
            } else if !self.summary.is_empty() {
                "reasoning"
            } else if self.input.is_some() {
                "custom_tool_call"
            } else {
                "function_call"
            };
            item.insert("type".into(), kind.into());
            if kind == "message" {
                item.insert("role".into(), "assistant".into());
            }
        }
        for (key, parts) in [("content", &self.content), ("summary", &self.summary)] {
            if !parts.is_empty() {
                let given = item.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
                item.insert(key.into(), Value::Array(merge_parts(given, parts)));
            }
        }
        if let Some(arguments) = &self.arguments {
            item.insert("arguments".into(), arguments.clone().into());
        }
        if let Some(input) = &self.input {
            item.insert("input".into(), input.clone().into());
        }
        Value::Object(item)
    }
}

/// The parts an item came with, by position, overlaid with the parts the stream built.
fn merge_parts(given: Vec<Value>, parts: &BTreeMap<u64, PartState>) -> Vec<Value> {
    let mut by_index: BTreeMap<u64, Value> = given.into_iter().enumerate().map(|(i, p)| (i as u64, p)).collect();
    for (index, state) in parts {
        by_index.insert(*index, state.to_value(by_index.get(index)));
    }
    by_index.into_values().collect()
}

impl PartState {
    fn to_value(&self, given: Option<&Value>) -> Value {
        let mut part = match (&self.part, given) {
            (Some(part), _) => part.clone(),
            (None, Some(Value::Object(given))) => given.clone(),
            _ => Map::new(),
        };
        if self.done {
            return Value::Object(part);
        }
        part.entry("type").or_insert_with(|| self.kind.into());
        if let Some(text) = &self.text {
            part.insert(self.field.into(), text.clone().into());
        }
        Value::Object(part)
    }
}

impl Accumulate for ResponsesAccumulator {
    type Chunk = ResponseStreamEvent;
    type Final = ResponseObject;
    const CHUNK: &'static str = "response stream event";
    const FINAL: &'static str = "response";
    fn push(&mut self, data: &str) -> serde_json::Result<()> {
        // A lone surrogate escape (half an emoji) is read as U+FFFD, not as a broken stream.
        self.push_event(&from_str_lossy(data)?);
        Ok(())
    }
    fn result(&self) -> Value {
        self.response()
    }
    fn final_result(&self) -> Result<Value> {
        let response = self.response();
        match self.failure(response.clone()) {
            Some(error) => Err(error),
            None => Ok(response),
        }
    }
    fn check_sentinel_end(&self) -> std::result::Result<(), &'static str> {
        self.check_clean_end()
    }
    fn check_clean_end(&self) -> std::result::Result<(), &'static str> {
        if self.ended() {
            Ok(())
        } else {
            Err("the stream ended before response.completed, response.incomplete or response.failed")
        }
    }
    /// `response.output_text.delta` events carry text; nothing else does.
    fn text_delta(event_json: &str) -> Option<String> {
        if !event_json.contains("response.output_text.delta") {
            return None;
        }
        let event: Value = from_str_lossy(event_json).ok()?;
        if event.get("type")?.as_str()? != "response.output_text.delta" {
            return None;
        }
        Some(event.get("delta")?.as_str()?.to_string())
    }
}

/// A streamed response.
pub type ResponsesStream = AccumulatingStream<ResponsesAccumulator>;

impl ResponsesStream {
    /// The final response as wire JSON; `StreamError` for a `response.failed` end or a
    /// stream that did not end normally.
    pub async fn final_response_raw(&mut self) -> Result<Value> {
        self.final_raw().await
    }
    /// The final response, typed.
    pub async fn final_response(&mut self) -> Result<ResponseObject> {
        self.final_typed().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fold(events: &[Value]) -> ResponsesAccumulator {
        let mut acc = ResponsesAccumulator::new();
        for e in events {
            acc.push(&e.to_string()).unwrap();
        }
        acc
    }

    #[test]
    fn rebuilds_output_from_deltas_when_terminal_has_none() {
        let acc = fold(&[
            json!({"type": "response.created", "response": {"id": "r", "status": "in_progress", "output": []}}),
            json!({"type": "response.output_item.added", "output_index": 0, "item": {"id": "rs", "type": "reasoning", "summary": []}}),
            json!({"type": "response.reasoning_summary_text.delta", "output_index": 0, "summary_index": 0, "delta": "thin"}),
            json!({"type": "response.reasoning_summary_text.delta", "output_index": 0, "summary_index": 0, "delta": "king"}),
            json!({"type": "response.output_item.added", "output_index": 1, "item": {"id": "m", "type": "message", "role": "assistant", "content": []}}),
            json!({"type": "response.content_part.added", "output_index": 1, "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}}),
            json!({"type": "response.output_text.delta", "output_index": 1, "content_index": 0, "delta": "Hel"}),
            json!({"type": "response.output_text.delta", "output_index": 1, "content_index": 0, "delta": "lo"}),
            json!({"type": "response.function_call_arguments.delta", "output_index": 2, "item_id": "fc", "delta": "{\"a\""}),
            json!({"type": "response.function_call_arguments.delta", "output_index": 2, "item_id": "fc", "delta": ":1}"}),
            json!({"type": "response.incomplete", "response": {"id": "r", "status": "incomplete", "output": null, "incomplete_details": {"reason": "max_output_tokens"}}}),
            json!({"type": "response.output_text.delta", "output_index": 1, "content_index": 0, "delta": "late"}),
        ]);
        let r = acc.final_result().unwrap();
        assert_eq!(r["status"], "incomplete");
        assert_eq!(r["output"][0]["summary"], json!([{"type": "summary_text", "text": "thinking"}]));
        assert_eq!(r["output"][1]["content"], json!([{"type": "output_text", "text": "Hello", "annotations": []}]));
        assert_eq!(r["output"][2], json!({"id": "fc", "type": "function_call", "arguments": "{\"a\":1}"}));
        assert_eq!(super::super::output_text(&r), "Hello");
    }

    #[test]
    fn done_replaces_and_terminal_output_wins() {
        let acc = fold(&[
            json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": "x"}),
            json!({"type": "response.output_item.done", "output_index": 0, "item": {"type": "message", "content": [{"type": "output_text", "text": "final"}]}}),
            json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": "y"}),
            json!({"type": "response.completed", "response": {"id": "r", "status": "completed"}}),
        ]);
        assert_eq!(acc.response()["output"][0]["content"][0]["text"], "final");
        let acc = fold(&[
            json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": "x"}),
            json!({"type": "response.completed", "response": {"status": "completed", "output": [{"type": "message", "content": []}]}}),
        ]);
        assert_eq!(acc.response()["output"][0]["content"], json!([]));
    }

    #[test]
    fn failed_terminal_is_a_stream_error_with_the_response() {
        let acc = fold(&[json!({"type": "response.failed", "response": {"id": "r", "status": "failed", "error": {"code": "server_error", "message": "boom"}}})]);
        let e = acc.final_result().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Stream);
        assert_eq!(e.message(), "boom");
        assert_eq!(e.code(), Some(&json!("server_error")));
        assert_eq!(e.status(), Some(500));
        assert_eq!(e.body().unwrap()["id"], "r");
    }

    #[test]
    fn ends_only_at_a_terminal_event() {
        let acc = fold(&[json!({"type": "response.created", "response": {"id": "r"}})]);
        assert!(acc.check_clean_end().is_err());
        assert!(acc.check_sentinel_end().is_err());
        let acc = fold(&[json!({"type": "response.completed", "response": null})]);
        assert!(acc.check_clean_end().is_ok());
        assert_eq!(acc.response()["status"], "completed");
    }

    #[test]
    fn text_deltas() {
        let t = ResponsesAccumulator::text_delta;
        assert_eq!(t(r#"{"type":"response.output_text.delta","delta":"hi"}"#).as_deref(), Some("hi"));
        assert_eq!(t(r#"{"type":"response.refusal.delta","delta":"response.output_text.delta"}"#), None);
        assert_eq!(t(r#"{"type":"response.output_text.done","text":"hi"}"#), None);
    }
}
