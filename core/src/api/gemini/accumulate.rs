//! Merges the partial `GenerateContentResponse`s of a Gemini stream into the full one.
//!
//! Text parts join with the text part before them when both are of the same kind
//! (thought or not) and the new one carries nothing else; any other part (function
//! calls, inline images, a part with a `thoughtSignature`) is kept as its own part, so
//! a history built from the result can be sent back as it was produced.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::stream::{Accumulate, AccumulatingStream};
use super::GenerateContentResponse;
use crate::json::lone_surrogates::from_str_lossy;

#[derive(Debug, Default)]
pub struct GeminiAccumulator {
    top: Map<String, Value>,
    candidates: BTreeMap<u64, Candidate>,
}

#[derive(Debug, Default)]
struct Candidate {
    fields: Map<String, Value>,
    role: Option<Value>,
    parts: Vec<Value>,
}

impl GeminiAccumulator {
    pub fn push(&mut self, partial: &Value) {
        let Some(partial) = partial.as_object() else { return };
        for (key, value) in partial {
            match key.as_str() {
                "candidates" => {
                    for (position, candidate) in value.as_array().into_iter().flatten().enumerate() {
                        self.push_candidate(position as u64, candidate);
                    }
                }
                _ if value.is_null() && self.top.contains_key(key) => {}
                _ => {
                    self.top.insert(key.clone(), value.clone());
                }
            }
        }
    }

    fn push_candidate(&mut self, position: u64, candidate: &Value) {
        let Some(candidate) = candidate.as_object() else { return };
        let index = candidate.get("index").and_then(Value::as_u64).unwrap_or(position);
        let state = self.candidates.entry(index).or_default();
        for (key, value) in candidate {
            match key.as_str() {
                "content" => {
                    let Some(content) = value.as_object() else { continue };
                    if let Some(role) = content.get("role") {
                        state.role = Some(role.clone());
                    }
                    for part in content.get("parts").and_then(Value::as_array).into_iter().flatten() {
                        state.push_part(part);
                    }
                }
                _ if value.is_null() && state.fields.contains_key(key) => {}
                _ => {
                    state.fields.insert(key.clone(), value.clone());
                }
            }
        }
    }

    pub fn response(&self) -> Value {
        let mut out = Map::new();
        if !self.candidates.is_empty() {
            let candidates = self.candidates.iter().map(|(index, c)| c.to_value(*index)).collect();
            out.insert("candidates".into(), Value::Array(candidates));
        }
        for (key, value) in &self.top {
            out.insert(key.clone(), value.clone());
        }
        Value::Object(out)
    }
}

impl Candidate {
    fn push_part(&mut self, part: &Value) {
        if let (Some(last), Some(text)) = (self.parts.last_mut(), plain_text(part)) {
            if let Some(existing) = last.as_object_mut().filter(|l| joinable(l, is_thought(part))) {
                if let Some(Value::String(s)) = existing.get_mut("text") {
                    s.push_str(text);
                    return;
                }
            }
        }
        self.parts.push(part.clone());
    }

    fn to_value(&self, index: u64) -> Value {
        let mut content = Map::new();
        content.insert("parts".into(), Value::Array(self.parts.clone()));
        content.insert("role".into(), self.role.clone().unwrap_or_else(|| "model".into()));
        let mut out = Map::new();
        out.insert("content".into(), Value::Object(content));
        for (key, value) in &self.fields {
            out.insert(key.clone(), value.clone());
        }
        out.entry("index").or_insert_with(|| index.into());
        Value::Object(out)
    }
}

/// The text of a part that is only text (and maybe the thought flag).
fn plain_text(part: &Value) -> Option<&str> {
    let map = part.as_object()?;
    let only_text = map.keys().all(|k| k == "text" || k == "thought");
    only_text.then(|| map.get("text").and_then(Value::as_str)).flatten()
}

fn is_thought(part: &Value) -> bool {
    part.get("thought").and_then(Value::as_bool).unwrap_or(false)
}

/// A part new text may join: text of the same kind, without a signature or anything else.
fn joinable(last: &Map<String, Value>, thought: bool) -> bool {
    let last_thought = last.get("thought").and_then(Value::as_bool).unwrap_or(false);
    last.get("text").is_some_and(Value::is_string)
        && last_thought == thought
        && last.keys().all(|k| k == "text" || k == "thought")
}

impl Accumulate for GeminiAccumulator {
    type Chunk = GenerateContentResponse;
    type Final = GenerateContentResponse;
    const CHUNK: &'static str = "GenerateContentResponse chunk";
    const FINAL: &'static str = "GenerateContentResponse";
    fn push(&mut self, data: &str) -> serde_json::Result<()> {
        // A lone surrogate escape (half an emoji) is read as U+FFFD, not as a broken stream.
        GeminiAccumulator::push(self, &from_str_lossy(data)?);
        Ok(())
    }
    fn result(&self) -> Value {
        self.response()
    }
    /// A Gemini stream has no sentinel: a clean end of the body is its end.
    fn check_clean_end(&self) -> Result<(), &'static str> {
        Ok(())
    }
    /// The first candidate's text parts that are not thoughts, joined (CONTRACT, Every
    /// stream); a chunk without such text carries none.
    fn text_delta(event_json: &str) -> Option<String> {
        if !event_json.contains("\"text\"") {
            return None;
        }
        let chunk: Value = from_str_lossy(event_json).ok()?;
        let parts = chunk.get("candidates")?.get(0)?.get("content")?.get("parts")?.as_array()?;
        let text: String = parts
            .iter()
            .filter(|part| !is_thought(part))
            .filter_map(|part| part.get("text").and_then(Value::as_str))
            .collect();
        (!text.is_empty()).then_some(text)
    }
}

/// A streamed generateContent.
pub type GeminiStream = AccumulatingStream<GeminiAccumulator>;

impl GeminiStream {
    /// The full response, as wire JSON.
    pub async fn final_response_raw(&mut self) -> crate::Result<Value> {
        self.final_raw().await
    }
    /// The response a non-streamed call would have returned.
    pub async fn final_response(&mut self) -> crate::Result<GenerateContentResponse> {
        self.final_typed().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_text_keeps_signatures_and_calls() {
        let mut acc = GeminiAccumulator::default();
        acc.push(&json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "Let me", "thought": true}]}}], "responseId": "r1"}));
        acc.push(&json!({"candidates": [{"content": {"parts": [{"text": " think", "thought": true}]}}]}));
        acc.push(&json!({"candidates": [{"content": {"parts": [{"text": "Hel", "thoughtSignature": "sig=="}]}}]}));
        acc.push(&json!({"candidates": [{"content": {"parts": [{"text": "lo"}]}}]}));
        acc.push(&json!({"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": {"a": 1}}}]}, "finishReason": "STOP"}], "usageMetadata": {"totalTokenCount": 9}}));
        let r = acc.response();
        let parts = &r["candidates"][0]["content"]["parts"];
        assert_eq!(parts[0], json!({"text": "Let me think", "thought": true}));
        assert_eq!(parts[1], json!({"text": "Hel", "thoughtSignature": "sig=="}));
        assert_eq!(parts[2], json!({"text": "lo"}));
        assert_eq!(parts[3]["functionCall"]["name"], "f");
        assert_eq!(r["candidates"][0]["finishReason"], "STOP");
        assert_eq!(r["usageMetadata"]["totalTokenCount"], 9);
        assert_eq!(r["responseId"], "r1");
    }
}
