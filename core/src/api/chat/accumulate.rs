//! Folds chat-completion chunks into the completion a non-streamed call returns.
//!
//! It works on the wire JSON so that every language gets the same result and no field
//! is lost: unknown top-level keys are kept from the chunks, unknown string deltas
//! (e.g. `reasoning_content`) are joined, anything else keeps its last value.
//!
//! A chunk is read and folded in one pass over its text (`chunk_read`): most of
//! a chunk is members that repeat unchanged (`id`, `model`, `created`) or one piece of
//! content, and only what is kept is built as a value.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::stream::{Accumulate, AccumulatingStream};
use super::{ChatCompletion, ChatCompletionChunk};
use super::chunk_read::{as_u64, fold_chunk, piece, Piece};
use crate::json::lone_surrogates::{Halves, SplitPairs};
use crate::json::raw::{elements, is_null, members, to_value};

#[derive(Debug, Default)]
pub struct ChatAccumulator {
    /// Top-level members in the order they first came, each with its last non-null
    /// value, kept as text until the completion is built.
    top: Vec<(String, Box<RawValue>)>,
    choices: BTreeMap<u64, ChoiceState>,
    usage: Option<Box<RawValue>>,
}

#[derive(Debug, Default)]
pub(super) struct ChoiceState {
    message: Map<String, Value>,
    tool_calls: BTreeMap<u64, Map<String, Value>>,
    finish_reason: Option<Value>,
    logprobs: Option<Map<String, Value>>,
    extra: Map<String, Value>,
    /// Emoji whose UTF-16 halves a server split between two chunks' text.
    split: SplitPairs<TextField>,
}

/// A text the choice's chunks append to.
#[derive(Debug, PartialEq)]
enum TextField {
    /// A delta member (`content`, `refusal`, `reasoning_content`, ...).
    Message(String),
    /// A tool call's `function.arguments`, by the call's index.
    Arguments(u64),
}

impl ChatAccumulator {
    pub fn new() -> ChatAccumulator {
        ChatAccumulator::default()
    }

    /// Whether any choice reported a finish reason (a stream that ends cleanly without
    /// `[DONE]` is accepted only then).
    pub fn saw_finish_reason(&self) -> bool {
        self.choices.values().any(|choice| choice.finish_reason.is_some())
    }

    pub fn push(&mut self, chunk: &Value) {
        // A value's text is JSON: this cannot fail.
        let _ = self.push_text(&chunk.to_string());
    }

    /// Folds one chunk given as its JSON text (the stream's event data), read in one
    /// pass that also checks it is JSON. A chunk that is JSON but not an object is
    /// ignored. On an error, part of the chunk may have been folded already: the
    /// accumulator is then only good for dropping (an `AccumulatingStream` fails at
    /// such a chunk and never gives a result).
    pub fn push_text(&mut self, chunk: &str) -> serde_json::Result<()> {
        fold_chunk(self, chunk)
    }

    /// A top-level member other than `choices` and `object`.
    pub(super) fn push_top(&mut self, key: &str, value: &RawValue) {
        match key {
            "usage" if !is_null(value) => self.usage = Some(value.to_owned()),
            "usage" => {}
            _ => keep_last(&mut self.top, key, value),
        }
    }

    /// The state of the choice numbered `index`, made at its first chunk.
    pub(super) fn choice(&mut self, index: u64) -> &mut ChoiceState {
        self.choices.entry(index).or_default()
    }

    pub fn completion(&self) -> Value {
        let mut out = Map::new();
        let mut top: Map<String, Value> = self.top.iter().map(|(k, v)| (k.clone(), to_value(v))).collect();
        for key in ["id"] {
            if let Some(v) = top.shift_remove(key) {
                out.insert(key.to_string(), v);
            }
        }
        out.insert("object".into(), Value::String("chat.completion".into()));
        out.extend(top);
        let choices = self.choices.iter().map(|(index, state)| state.to_choice(*index)).collect();
        out.insert("choices".into(), Value::Array(choices));
        if let Some(usage) = &self.usage {
            out.insert("usage".into(), to_value(usage));
        }
        Value::Object(out)
    }
}

impl Accumulate for ChatAccumulator {
    type Chunk = ChatCompletionChunk;
    type Final = ChatCompletion;
    const CHUNK: &'static str = "chat.completion.chunk";
    const FINAL: &'static str = "chat.completion";
    fn push(&mut self, data: &str) -> serde_json::Result<()> {
        self.push_text(data)
    }
    fn result(&self) -> Value {
        self.completion()
    }
    /// Chat ends at `[DONE]`; a clean end without it is accepted after a finish reason.
    fn check_clean_end(&self) -> Result<(), &'static str> {
        if self.saw_finish_reason() {
            Ok(())
        } else {
            Err("the stream ended before [DONE] and before any finish reason")
        }
    }
    /// The first choice's `delta.content` (CONTRACT, Every stream); empty text is none.
    fn text_delta(event_json: &str) -> Option<String> {
        if !event_json.contains("\"content\"") {
            return None;
        }
        let chunk: Value = crate::json::lone_surrogates::from_str_lossy(event_json).ok()?;
        let text = chunk.get("choices")?.get(0)?.get("delta")?.get("content")?.as_str()?;
        (!text.is_empty()).then(|| text.to_string())
    }
}

/// A streamed chat completion.
pub type ChatStream = AccumulatingStream<ChatAccumulator>;

impl ChatStream {
    /// Reads the rest of the stream and returns the accumulated completion as wire
    /// JSON (see `final_raw`).
    pub async fn final_completion_raw(&mut self) -> crate::Result<Value> {
        self.final_raw().await
    }
    /// The completion a non-streamed call would have returned.
    pub async fn final_completion(&mut self) -> crate::Result<ChatCompletion> {
        self.final_typed().await
    }
}

impl ChoiceState {
    /// A member of the choice other than `index` and `delta`.
    pub(super) fn push_member(&mut self, key: Cow<'_, str>, value: &RawValue) {
        match key.as_ref() {
            "finish_reason" | "logprobs" if is_null(value) => {}
            "finish_reason" => self.finish_reason = Some(to_value(value)),
            "logprobs" => self.push_logprobs(&to_value(value)),
            _ => {
                self.extra.insert(key.into_owned(), to_value(value));
            }
        }
    }

    /// A member of the delta other than `tool_calls`: a string is appended to what
    /// came before (except `role`), a null never erases a value, anything else
    /// replaces it.
    pub(super) fn push_delta(&mut self, key: &str, piece: Piece<'_>) {
        match piece {
            Piece::Null => {
                self.message.entry(key).or_insert(Value::Null);
            }
            Piece::Text(text, halves) if key != "role" => {
                let field = || TextField::Message(key.to_string());
                append_text(&mut self.message, key, &text, halves, &mut self.split, field);
            }
            Piece::Text(text, _) => {
                self.message.insert(key.to_string(), Value::String(text.into_owned()));
            }
            Piece::Other(value) => {
                self.message.insert(key.to_string(), value);
            }
        }
    }

    /// The delta's `tool_calls`: a list of pieces of calls, each folded by its index.
    pub(super) fn push_tool_calls(&mut self, value: &RawValue) {
        match elements(value) {
            Some(calls) => {
                for call in calls {
                    self.push_tool_call(call);
                }
            }
            // Not a list: kept as any other member is.
            None => {
                if let Some(piece) = piece(value) {
                    self.push_delta("tool_calls", piece);
                }
            }
        }
    }

    fn push_tool_call(&mut self, call: &RawValue) {
        let Some(call) = members(call.get()) else { return };
        let index = call
            .iter()
            .find(|(k, _)| k == "index")
            .and_then(|(_, v)| as_u64(v))
            .unwrap_or(self.tool_calls.len() as u64);
        let state = self.tool_calls.entry(index).or_default();
        for (key, value) in call {
            if key == "index" || is_null(value) {
                continue;
            }
            let function = if key == "function" { members(value.get()) } else { None };
            let Some(function) = function else {
                state.insert(key.into_owned(), to_value(value));
                continue;
            };
            let slot = state.entry("function").or_insert_with(|| Value::Object(Map::new()));
            let Some(target) = slot.as_object_mut() else { continue };
            for (fkey, fvalue) in function {
                if is_null(fvalue) {
                    continue;
                }
                let arguments = if fkey == "arguments" { piece(fvalue) } else { None };
                match arguments {
                    Some(Piece::Text(text, halves)) => {
                        append_text(target, &fkey, &text, halves, &mut self.split, || TextField::Arguments(index));
                    }
                    _ => {
                        target.insert(fkey.into_owned(), to_value(fvalue));
                    }
                }
            }
        }
    }

    /// Logprobs arrive as `{content: [...], refusal: [...]}` per chunk; the lists join.
    fn push_logprobs(&mut self, logprobs: &Value) {
        let Some(incoming) = logprobs.as_object() else { return };
        let target = self.logprobs.get_or_insert_with(Map::new);
        for (key, value) in incoming {
            match (target.get_mut(key), value) {
                (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more.iter().cloned()),
                (Some(_), Value::Null) => {}
                _ => {
                    target.insert(key.clone(), value.clone());
                }
            }
        }
    }

    fn to_choice(&self, index: u64) -> Value {
        let mut message = Map::new();
        message.insert("role".into(), self.message.get("role").cloned().unwrap_or_else(|| "assistant".into()));
        message.insert("content".into(), self.message.get("content").cloned().unwrap_or(Value::Null));
        message.insert("refusal".into(), self.message.get("refusal").cloned().unwrap_or(Value::Null));
        for (key, value) in &self.message {
            if !message.contains_key(key) {
                message.insert(key.clone(), value.clone());
            }
        }
        if !self.tool_calls.is_empty() {
            let calls = self.tool_calls.values().map(|c| Value::Object(c.clone())).collect();
            message.insert("tool_calls".into(), Value::Array(calls));
        }
        let mut choice = Map::new();
        choice.insert("index".into(), index.into());
        choice.insert("message".into(), Value::Object(message));
        choice.insert("logprobs".into(), self.logprobs.clone().map(Value::Object).unwrap_or(Value::Null));
        choice.insert("finish_reason".into(), self.finish_reason.clone().unwrap_or(Value::Null));
        for (key, value) in &self.extra {
            choice.entry(key.clone()).or_insert_with(|| value.clone());
        }
        Value::Object(choice)
    }
}

/// Sets `key` to `value` unless `value` is null and `key` already has one; a key keeps
/// the place where it first came.
fn keep_last(kept: &mut Vec<(String, Box<RawValue>)>, key: &str, value: &RawValue) {
    match kept.iter_mut().find(|(k, _)| k == key) {
        Some(_) if is_null(value) => {}
        Some((_, old)) if old.get() == value.get() => {}
        Some((_, old)) => *old = value.to_owned(),
        None => kept.push((key.to_string(), value.to_owned())),
    }
}

/// Appends `piece` to the string at `key` (which it replaces if it is not a string),
/// joining an emoji split between the two (`field` names the text for that).
fn append_text(
    target: &mut Map<String, Value>,
    key: &str,
    piece: &str,
    halves: Halves,
    split: &mut SplitPairs<TextField>,
    field: impl FnOnce() -> TextField,
) {
    let text = match target.get_mut(key) {
        Some(Value::String(existing)) => existing,
        _ => {
            target.insert(key.to_string(), Value::String(String::new()));
            let Some(Value::String(fresh)) = target.get_mut(key) else { unreachable!("just inserted") };
            fresh
        }
    };
    if halves == Halves::default() && split.is_idle() {
        text.push_str(piece);
    } else {
        split.append(field(), text, piece, halves);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn joins_content_tool_calls_and_usage_per_choice() {
        let mut acc = ChatAccumulator::new();
        for chunk in [
            json!({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null},{"index":1,"delta":{"role":"assistant","content":"B"},"finish_reason":null}]}),
            json!({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}),
            json!({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"lo","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\""}}]},"finish_reason":null}]}),
            json!({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]},"finish_reason":"tool_calls"},{"index":1,"delta":{},"finish_reason":"stop"}]}),
            json!({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}),
        ] {
            acc.push(&chunk);
        }
        assert!(acc.saw_finish_reason());
        let done = acc.completion();
        assert_eq!(done["object"], "chat.completion");
        assert_eq!(done["choices"][0]["message"]["content"], "Hello");
        assert_eq!(done["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"], "{\"a\":1}");
        assert_eq!(done["choices"][0]["message"]["tool_calls"][0]["id"], "call_1");
        assert_eq!(done["choices"][0]["finish_reason"], "tool_calls");
        assert_eq!(done["choices"][1]["message"]["content"], "B");
        assert_eq!(done["usage"]["total_tokens"], 3);
    }

    #[test]
    fn reads_chunk_text_with_escapes_nulls_and_unknown_members() {
        let mut acc = ChatAccumulator::new();
        for chunk in [
            r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"role":"assistant","content":"say \"hi\"","reasoning_content":"th"},"logprobs":{"content":[{"token":"a"}]},"finish_reason":null}],"usage":null}"#,
            r#"{"id":"c1","created":1,"model":"m","system_fingerprint":null,"x_trace":{"n":1},"choices":[{"index":0,"delta":{"content":" \u00e9","reasoning_content":"ink","audio":{"id":"a1"}},"logprobs":{"content":[{"token":"b"}]},"finish_reason":"stop","x_choice":true}]}"#,
            r#"{"id":"c1","choices":[],"usage":{"total_tokens":7}}"#,
        ] {
            acc.push_text(chunk).expect("JSON");
        }
        let done = acc.completion();
        let keys: Vec<&str> = done.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "object", "created", "model", "system_fingerprint", "x_trace", "choices", "usage"]);
        assert_eq!(done["system_fingerprint"], "fp", "a later null does not erase a value");
        assert_eq!(done["x_trace"], json!({"n": 1}));
        let choice = &done["choices"][0];
        assert_eq!(choice["message"]["content"], "say \"hi\" \u{e9}");
        assert_eq!(choice["message"]["reasoning_content"], "think");
        assert_eq!(choice["message"]["audio"], json!({"id": "a1"}));
        assert_eq!(choice["logprobs"]["content"], json!([{"token": "a"}, {"token": "b"}]));
        assert_eq!(choice["finish_reason"], "stop");
        assert_eq!(choice["x_choice"], true);
        assert_eq!(done["usage"]["total_tokens"], 7);
        // Not an object: ignored, as a value push ignores it.
        acc.push_text("[1,2]").expect("JSON");
        assert!(acc.push_text("{\"choices\": [}").is_err());
        assert_eq!(acc.completion(), done);
    }
}
