//! Folds chat-completion chunks into the completion a non-streamed call returns.
//!
//! It works on the wire JSON so that every language gets the same result and no field
//! is lost: unknown top-level keys are kept from the chunks, unknown string deltas
//! (e.g. `reasoning_content`) are joined, anything else keeps its last value.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::accumulating_stream::{Accumulate, AccumulatingStream};
use super::chat::{ChatCompletion, ChatCompletionChunk};

#[derive(Debug, Default)]
pub struct ChatAccumulator {
    top: Map<String, Value>,
    choices: BTreeMap<u64, ChoiceState>,
    usage: Option<Value>,
    saw_finish_reason: bool,
}

#[derive(Debug, Default)]
struct ChoiceState {
    message: Map<String, Value>,
    tool_calls: BTreeMap<u64, Map<String, Value>>,
    finish_reason: Option<Value>,
    logprobs: Option<Map<String, Value>>,
    extra: Map<String, Value>,
}

impl ChatAccumulator {
    pub fn new() -> ChatAccumulator {
        ChatAccumulator::default()
    }

    /// Whether any choice reported a finish reason (a stream that ends cleanly without
    /// `[DONE]` is accepted only then).
    pub fn saw_finish_reason(&self) -> bool {
        self.saw_finish_reason
    }

    pub fn push(&mut self, chunk: &Value) {
        let Some(chunk) = chunk.as_object() else { return };
        for (key, value) in chunk {
            match key.as_str() {
                "choices" => {
                    for choice in value.as_array().into_iter().flatten() {
                        self.push_choice(choice);
                    }
                }
                "usage" if !value.is_null() => self.usage = Some(value.clone()),
                "usage" | "object" => {}
                _ if value.is_null() && self.top.contains_key(key) => {}
                _ => {
                    self.top.insert(key.clone(), value.clone());
                }
            }
        }
    }

    fn push_choice(&mut self, choice: &Value) {
        let Some(choice) = choice.as_object() else { return };
        let index = choice.get("index").and_then(Value::as_u64).unwrap_or(0);
        let state = self.choices.entry(index).or_default();
        for (key, value) in choice {
            match key.as_str() {
                "index" => {}
                "delta" => state.push_delta(value),
                "finish_reason" if !value.is_null() => {
                    state.finish_reason = Some(value.clone());
                    self.saw_finish_reason = true;
                }
                "logprobs" => state.push_logprobs(value),
                "finish_reason" => {}
                _ => {
                    state.extra.insert(key.clone(), value.clone());
                }
            }
        }
    }

    /// The accumulated `chat.completion`, in the wire shape of a non-streamed answer.
    pub fn completion(&self) -> Value {
        let mut out = Map::new();
        let mut top = self.top.clone();
        for key in ["id"] {
            if let Some(v) = top.remove(key) {
                out.insert(key.to_string(), v);
            }
        }
        out.insert("object".into(), Value::String("chat.completion".into()));
        out.extend(top);
        let choices = self.choices.iter().map(|(index, state)| state.to_choice(*index)).collect();
        out.insert("choices".into(), Value::Array(choices));
        if let Some(usage) = &self.usage {
            out.insert("usage".into(), usage.clone());
        }
        Value::Object(out)
    }
}

impl Accumulate for ChatAccumulator {
    type Chunk = ChatCompletionChunk;
    type Final = ChatCompletion;
    const CHUNK: &'static str = "chat.completion.chunk";
    const FINAL: &'static str = "chat.completion";
    fn push(&mut self, event: &Value) {
        ChatAccumulator::push(self, event);
    }
    fn result(&self) -> Value {
        self.completion()
    }
    /// Chat ends at `[DONE]`; a clean end without it is accepted after a finish reason.
    fn check_clean_end(&self) -> Result<(), &'static str> {
        if self.saw_finish_reason {
            Ok(())
        } else {
            Err("the stream ended before [DONE] and before any finish reason")
        }
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
    fn push_delta(&mut self, delta: &Value) {
        let Some(delta) = delta.as_object() else { return };
        for (key, value) in delta {
            match (key.as_str(), value) {
                ("tool_calls", Value::Array(calls)) => {
                    for call in calls {
                        self.push_tool_call(call);
                    }
                }
                (_, Value::Null) => {
                    self.message.entry(key.clone()).or_insert(Value::Null);
                }
                ("role", _) => {
                    self.message.insert(key.clone(), value.clone());
                }
                (_, Value::String(piece)) => append_text(&mut self.message, key, piece),
                _ => {
                    self.message.insert(key.clone(), value.clone());
                }
            }
        }
    }

    fn push_tool_call(&mut self, call: &Value) {
        let Some(call) = call.as_object() else { return };
        let index = call.get("index").and_then(Value::as_u64).unwrap_or(self.tool_calls.len() as u64);
        let state = self.tool_calls.entry(index).or_default();
        for (key, value) in call {
            match (key.as_str(), value) {
                ("index", _) | (_, Value::Null) => {}
                ("function", Value::Object(function)) => {
                    let slot = state.entry("function").or_insert_with(|| Value::Object(Map::new()));
                    let Some(target) = slot.as_object_mut() else { continue };
                    for (fkey, fvalue) in function {
                        match (fkey.as_str(), fvalue) {
                            ("arguments", Value::String(piece)) => append_text(target, fkey, piece),
                            (_, Value::Null) => {}
                            _ => {
                                target.insert(fkey.clone(), fvalue.clone());
                            }
                        }
                    }
                }
                _ => {
                    state.insert(key.clone(), value.clone());
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

fn append_text(target: &mut Map<String, Value>, key: &str, piece: &str) {
    match target.get_mut(key) {
        Some(Value::String(existing)) => existing.push_str(piece),
        _ => {
            target.insert(key.to_string(), Value::String(piece.to_string()));
        }
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
}
