//! `--api chat`: `POST /v1/chat/completions`, streamed.

use serde_json::{json, Value};
use tokenhot::{ChatStream, Client, RequestOptions};

use super::Ask;

pub(super) async fn open(client: &Client, ask: &Ask<'_>, options: &RequestOptions) -> tokenhot::Result<ChatStream> {
    let mut messages = Vec::new();
    if let Some(system) = ask.system {
        messages.push(json!({"role": "system", "content": system}));
    }
    messages.push(json!({"role": "user", "content": ask.prompt}));
    let mut body = json!({"model": ask.model, "messages": messages});
    if let Some(max_tokens) = ask.max_tokens {
        body["max_tokens"] = json!(max_tokens);
    }
    client.chat().completions().stream_raw(body, options).await
}

/// `choices[0].delta.content` of one chunk.
pub(super) fn text(chunk: &Value, out: &mut String) {
    if let Some(content) = chunk.pointer("/choices/0/delta/content").and_then(Value::as_str) {
        out.push_str(content);
    }
}
