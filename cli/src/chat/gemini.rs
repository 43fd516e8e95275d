//! `--api gemini`: `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`.

use serde_json::{json, Value};
use tokenhot::{Client, GeminiStream, RequestOptions};

use super::Ask;

pub(super) async fn open(client: &Client, ask: &Ask<'_>, options: &RequestOptions) -> tokenhot::Result<GeminiStream> {
    let mut body = json!({"contents": [{"role": "user", "parts": [{"text": ask.prompt}]}]});
    if let Some(system) = ask.system {
        body["systemInstruction"] = json!({"parts": [{"text": system}]});
    }
    if let Some(max_tokens) = ask.max_tokens {
        body["generationConfig"] = json!({"maxOutputTokens": max_tokens});
    }
    client.gemini().stream_generate_content_raw(ask.model, body, options).await
}

/// The non-thought text parts of the first candidate of one partial response.
pub(super) fn text(partial: &Value, out: &mut String) {
    let parts = partial.pointer("/candidates/0/content/parts").and_then(Value::as_array);
    for part in parts.into_iter().flatten() {
        if part.get("thought").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        if let Some(text) = part.get("text").and_then(Value::as_str) {
            out.push_str(text);
        }
    }
}
