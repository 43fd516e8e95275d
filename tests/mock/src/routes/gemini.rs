//! `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`:
//! a deterministic Gemini answer. Content is K words `chunk0 ... chunk{K-1}` (K from
//! `x-mock-chunks`, default 3); a thinking level (or budget) adds a thought part and a
//! `thoughtSignature`; `responseModalities` with `IMAGE` adds an `inlineData` PNG.
//! Streamed, every piece is one frame, the last one carries `finishReason` and
//! `usageMetadata`, and there is no `[DONE]` (the body's clean end is the end).

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

use crate::body::{MockBody, Step};
use crate::reply::{self, Reply};
use crate::sse;

const RESPONSE_ID: &str = "mock-gemini-response-0001";
const THOUGHT: &str = "The user wants a short answer.";
const SIGNATURE: &str = "bW9jay10aG91Z2h0LXNpZ25hdHVyZQ==";
/// A 1x1 transparent PNG.
const PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const DEFAULT_CHUNKS: usize = 3;
const MAX_CHUNKS: usize = 100_000;

/// `path` is `/v1beta/models/{model}:{method}`; `None` when it is not a Gemini route.
pub(crate) fn answer(path: &str, headers: &HeaderMap, body: &[u8]) -> Option<Reply> {
    let rest = path.strip_prefix("/v1beta/models/")?;
    let (model, method) = rest.rsplit_once(':')?;
    let stream = match method {
        "generateContent" => false,
        "streamGenerateContent" => true,
        _ => return None,
    };
    Some(match plan(percent_decode(model), headers, body) {
        Ok(plan) if stream => plan.streamed(),
        Ok(plan) => Reply::json(StatusCode::OK, Bytes::from(plan.whole().to_string())),
        Err(message) => Reply::json(StatusCode::BAD_REQUEST, google_error(400, &message, "INVALID_ARGUMENT")),
    })
}

fn google_error(code: u16, message: &str, status: &str) -> Bytes {
    Bytes::from(json!({"error": {"code": code, "message": message, "status": status}}).to_string())
}

struct Plan {
    model: String,
    words: usize,
    thinking: bool,
    image: bool,
    prompt_tokens: usize,
}

fn plan(model: String, headers: &HeaderMap, body: &[u8]) -> Result<Plan, String> {
    let words = match headers.get("x-mock-chunks") {
        None => DEFAULT_CHUNKS,
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .filter(|n| *n <= MAX_CHUNKS)
            .ok_or_else(|| format!("x-mock-chunks must be an integer from 0 to {MAX_CHUNKS}"))?,
    };
    let request: Value = serde_json::from_slice(body).map_err(|e| format!("Invalid JSON payload received. {e}"))?;
    let contents = match request.get("contents") {
        Some(Value::Array(contents)) if !contents.is_empty() => contents.len(),
        _ => return Err("* GenerateContentRequest.contents: contents is not specified".into()),
    };
    let config = request.get("generationConfig").or_else(|| request.get("generation_config"));
    let thinking = config
        .and_then(|c| c.get("thinkingConfig").or_else(|| c.get("thinking_config")))
        .is_some_and(|t| ["thinkingLevel", "thinking_level", "thinkingBudget", "thinking_budget", "includeThoughts"].iter().any(|k| t.get(k).is_some()));
    let image = config
        .and_then(|c| c.get("responseModalities").or_else(|| c.get("response_modalities")))
        .and_then(Value::as_array)
        .is_some_and(|m| m.iter().any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("image"))));
    Ok(Plan { model, words, thinking, image, prompt_tokens: contents * 8 })
}

impl Plan {
    fn word(&self, i: usize) -> String {
        if i == 0 { "chunk0".to_string() } else { format!(" chunk{i}") }
    }

    /// Every part of the answer, in order.
    fn parts(&self) -> Vec<Value> {
        let mut parts = Vec::new();
        if self.thinking {
            parts.push(json!({"text": THOUGHT, "thought": true}));
        }
        for i in 0..self.words {
            let mut part = json!({"text": self.word(i)});
            if self.thinking && i == 0 {
                part["thoughtSignature"] = json!(SIGNATURE);
            }
            parts.push(part);
        }
        if self.image {
            parts.push(json!({"inlineData": {"mimeType": "image/png", "data": PNG_BASE64}}));
        }
        parts
    }

    fn usage(&self) -> Value {
        let mut usage = Map::new();
        usage.insert("promptTokenCount".into(), json!(self.prompt_tokens));
        usage.insert("candidatesTokenCount".into(), json!(self.words));
        let thoughts = if self.thinking { 7 } else { 0 };
        usage.insert("totalTokenCount".into(), json!(self.prompt_tokens + self.words + thoughts));
        if self.thinking {
            usage.insert("thoughtsTokenCount".into(), json!(thoughts));
        }
        Value::Object(usage)
    }

    fn response(&self, parts: Vec<Value>, last: bool) -> Value {
        let mut candidate = json!({"content": {"parts": parts, "role": "model"}, "index": 0});
        let mut out = Map::new();
        if last {
            candidate["finishReason"] = json!("STOP");
        }
        out.insert("candidates".into(), json!([candidate]));
        if last {
            out.insert("usageMetadata".into(), self.usage());
        }
        out.insert("modelVersion".into(), json!(self.model));
        out.insert("responseId".into(), json!(RESPONSE_ID));
        Value::Object(out)
    }

    /// The non-streamed answer is what a client's accumulation of the streamed one
    /// gives: text parts joined, but the part carrying the thought signature kept whole.
    fn whole(&self) -> Value {
        let mut parts = self.parts();
        let signed = usize::from(self.thinking); // the first word's part
        let first_joined = if self.thinking { signed + 1 } else { signed };
        let last_word = signed + self.words; // one past
        if last_word > first_joined + 1 {
            let text: String = parts[first_joined..last_word].iter().filter_map(|p| p["text"].as_str()).collect();
            parts[first_joined]["text"] = json!(text);
            parts.drain(first_joined + 1..last_word);
        }
        self.response(parts, true)
    }

    fn streamed(&self) -> Reply {
        let parts = self.parts();
        let count = parts.len();
        let mut steps: Vec<Step> = parts
            .into_iter()
            .enumerate()
            .map(|(i, part)| step(&self.response(vec![part], i + 1 == count)))
            .collect();
        if steps.is_empty() {
            steps.push(step(&self.response(vec![], true)));
        }
        Reply::new(StatusCode::OK, Some(reply::EVENT_STREAM), MockBody::steps(steps))
    }
}

fn step(value: &Value) -> Step {
    Step { delay: std::time::Duration::ZERO, bytes: sse::data_frame(&value.to_string()) }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
