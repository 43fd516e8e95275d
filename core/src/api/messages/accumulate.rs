//! Folds a Messages stream into the `Message` a plain call returns (CONTRACT.md,
//! Messages): blocks by `index`; `text_delta` and `thinking_delta` joined;
//! `signature_delta` sets `signature`; `citations_delta` appended; `input_json_delta`
//! pieces joined and parsed once, at `content_block_stop` (or at the end for a block
//! the message stopped inside, at `max_tokens`), with jiter's partial mode for a cut
//! input; `message_delta` sets `stop_reason`, `stop_sequence` (and any other delta
//! field) and replaces the usage counts it carries. Unknown events are passed through
//! and change nothing; a delta of an unknown kind sets the fields it carries.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::Message;
use crate::json::lone_surrogates::from_str_lossy;
use crate::json::partial::parse_partial;
use crate::stream::sse::SseEvent;
use crate::stream::{Accumulate, AccumulatingStream, EventRole};

#[derive(Debug, Default)]
pub struct MessagesAccumulator {
    message: Map<String, Value>,
    blocks: BTreeMap<u64, Block>,
    stopped: bool,
    /// How many times tool input JSON was parsed (tests pin: once per block).
    json_parses: usize,
}

#[derive(Debug, Default)]
struct Block {
    fields: Map<String, Value>,
    /// The `input_json_delta` pieces so far; `None` when none came.
    json: Option<String>,
}

impl Block {
    fn append(&mut self, key: &str, piece: &str) {
        match self.fields.get_mut(key) {
            Some(Value::String(s)) => s.push_str(piece),
            _ => {
                self.fields.insert(key.to_string(), Value::String(piece.to_string()));
            }
        }
    }

    /// The block with its tool input read from the joined pieces.
    fn to_value(&self) -> Value {
        let mut fields = self.fields.clone();
        if let Some(json) = &self.json {
            fields.insert("input".into(), read_input(json));
        }
        Value::Object(fields)
    }
}

/// The joined input JSON: whole, or as far as it goes when cut; `{}` when nothing of it
/// can be read (an empty input is `{}` too, as the API sends for no arguments).
fn read_input(json: &str) -> Value {
    if json.trim().is_empty() {
        return Value::Object(Map::new());
    }
    parse_partial(json).unwrap_or_else(|| Value::Object(Map::new()))
}

impl MessagesAccumulator {
    pub fn push_value(&mut self, event: &Value) {
        let Some(event) = event.as_object() else { return };
        let index = event.get("index").and_then(Value::as_u64);
        match event.get("type").and_then(Value::as_str) {
            Some("message_start") => {
                if let Some(Value::Object(message)) = event.get("message") {
                    self.message = message.clone();
                }
            }
            Some("content_block_start") => {
                if let (Some(index), Some(Value::Object(block))) = (index, event.get("content_block")) {
                    self.blocks.insert(index, Block { fields: block.clone(), json: None });
                }
            }
            Some("content_block_delta") => {
                let (Some(index), Some(Value::Object(delta))) = (index, event.get("delta")) else { return };
                let block = self.blocks.entry(index).or_default();
                let text = |key: &str| delta.get(key).and_then(Value::as_str);
                match delta.get("type").and_then(Value::as_str) {
                    Some("text_delta") => block.append("text", text("text").unwrap_or("")),
                    Some("thinking_delta") => block.append("thinking", text("thinking").unwrap_or("")),
                    Some("signature_delta") => {
                        block.fields.insert("signature".into(), delta.get("signature").cloned().unwrap_or(Value::Null));
                    }
                    Some("citations_delta") => {
                        let citation = delta.get("citation").cloned().unwrap_or(Value::Null);
                        match block.fields.get_mut("citations") {
                            Some(Value::Array(list)) => list.push(citation),
                            _ => {
                                block.fields.insert("citations".into(), Value::Array(vec![citation]));
                            }
                        }
                    }
                    Some("input_json_delta") => {
                        block.json.get_or_insert_with(String::new).push_str(text("partial_json").unwrap_or(""));
                    }
                    _ => {
                        for (key, value) in delta.iter().filter(|(k, _)| *k != "type") {
                            block.fields.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
            Some("content_block_stop") => {
                let Some(block) = index.and_then(|i| self.blocks.get_mut(&i)) else { return };
                if let Some(json) = block.json.take() {
                    self.json_parses += 1;
                    block.fields.insert("input".into(), read_input(&json));
                }
            }
            Some("message_delta") => {
                if let Some(Value::Object(delta)) = event.get("delta") {
                    for (key, value) in delta {
                        self.message.insert(key.clone(), value.clone());
                    }
                }
                if let Some(Value::Object(usage)) = event.get("usage") {
                    let target = self.message.entry("usage").or_insert_with(|| Value::Object(Map::new()));
                    if !target.is_object() {
                        *target = Value::Object(Map::new());
                    }
                    if let Value::Object(target) = target {
                        for (key, value) in usage.iter().filter(|(_, v)| !v.is_null()) {
                            target.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
            Some("message_stop") => self.stopped = true,
            _ => {}
        }
    }

    /// The message so far, as wire JSON.
    pub fn message(&self) -> Value {
        let mut out = self.message.clone();
        let content = self.blocks.values().map(Block::to_value).collect();
        out.insert("content".into(), Value::Array(content));
        Value::Object(out)
    }

    pub fn json_parses(&self) -> usize {
        self.json_parses
    }
}

#[derive(Deserialize)]
struct TypeOnly<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<std::borrow::Cow<'a, str>>,
}

/// The event's type: its SSE `event:` name, or the `type` inside its data.
fn event_type(event: &SseEvent) -> Option<String> {
    if let Some(name) = event.event.as_deref().filter(|n| *n != "message") {
        return Some(name.to_string());
    }
    serde_json::from_str::<TypeOnly<'_>>(&event.data).ok().and_then(|t| t.kind).map(|k| k.into_owned())
}

impl Accumulate for MessagesAccumulator {
    type Chunk = Value;
    type Final = Message;
    const CHUNK: &'static str = "message stream event";
    const FINAL: &'static str = "Message";

    fn push(&mut self, data: &str) -> serde_json::Result<()> {
        self.push_value(&from_str_lossy(data)?);
        Ok(())
    }

    fn result(&self) -> Value {
        self.message()
    }

    fn check_clean_end(&self) -> Result<(), &'static str> {
        if self.stopped {
            Ok(())
        } else {
            Err("the stream ended before message_stop")
        }
    }

    fn text_delta(event_json: &str) -> Option<String> {
        // Only an event that names a text delta is built as a value.
        if !event_json.contains("text_delta") {
            return None;
        }
        let event: Value = from_str_lossy(event_json).ok()?;
        if event.get("type").and_then(Value::as_str) != Some("content_block_delta") {
            return None;
        }
        let delta = event.get("delta")?;
        if delta.get("type").and_then(Value::as_str) != Some("text_delta") {
            return None;
        }
        delta.get("text").and_then(Value::as_str).map(str::to_string)
    }

    fn event_role(event: &SseEvent) -> EventRole {
        match event_type(event).as_deref() {
            Some("ping") => EventRole::Drop,
            Some("message_start") => EventRole::Hold,
            _ => EventRole::Deliver,
        }
    }
}

/// A streamed Messages call: its events are the wire objects (`ping` not yielded).
pub type MessageStream = AccumulatingStream<MessagesAccumulator>;

impl MessageStream {
    /// The accumulated message, as wire JSON; fails if the stream did not end normally.
    pub async fn final_message_raw(&mut self) -> crate::Result<Value> {
        self.final_raw().await
    }
    pub async fn final_message(&mut self) -> crate::Result<Message> {
        self.final_typed().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fold(events: &[Value]) -> MessagesAccumulator {
        let mut acc = MessagesAccumulator::default();
        for e in events {
            acc.push(&e.to_string()).unwrap();
        }
        acc
    }

    #[test]
    fn tool_json_is_parsed_once_at_block_stop() {
        let mut events = vec![
            json!({"type": "message_start", "message": {"id": "m", "content": [], "usage": {"input_tokens": 3, "output_tokens": 1}}}),
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}}}),
        ];
        for piece in ["{\"ci", "ty\": \"Pa", "ris\", \"n\": [1,", " 2]}"] {
            events.push(json!({"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": piece}}));
        }
        events.push(json!({"type": "content_block_stop", "index": 0}));
        events.push(json!({"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": null}, "usage": {"output_tokens": 9}}));
        events.push(json!({"type": "message_stop"}));
        let acc = fold(&events);
        assert_eq!(acc.json_parses(), 1);
        let m = acc.message();
        assert_eq!(m["content"][0]["input"], json!({"city": "Paris", "n": [1, 2]}));
        assert_eq!(m["stop_reason"], "tool_use");
        assert_eq!(m["usage"], json!({"input_tokens": 3, "output_tokens": 9}));
        assert!(acc.check_clean_end().is_ok());
    }

    #[test]
    fn a_cut_input_keeps_its_complete_prefix() {
        let acc = fold(&[
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}}}),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": "{\"a\": [\"x\", \"unfin"}}),
        ]);
        assert_eq!(acc.message()["content"][0]["input"], json!({"a": ["x"]}));
        assert!(acc.check_clean_end().is_err());
    }

    #[test]
    fn thinking_signature_citations() {
        let acc = fold(&[
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "", "signature": ""}}),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Let me"}}),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": " think"}}),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "c2ln"}}),
            json!({"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}),
            json!({"type": "content_block_delta", "index": 1, "delta": {"type": "citations_delta", "citation": {"cited_text": "x"}}}),
            json!({"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Hi"}}),
        ]);
        let m = acc.message();
        assert_eq!(m["content"][0], json!({"type": "thinking", "thinking": "Let me think", "signature": "c2ln"}));
        assert_eq!(m["content"][1], json!({"type": "text", "text": "Hi", "citations": [{"cited_text": "x"}]}));
    }

    #[test]
    fn text_delta_is_the_text_of_text_deltas_only() {
        let text = |v: Value| MessagesAccumulator::text_delta(&v.to_string());
        assert_eq!(text(json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hel"}})), Some("Hel".into()));
        assert_eq!(text(json!({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "text_delta"}})), None);
        assert_eq!(text(json!({"type": "message_stop"})), None);
    }
}
