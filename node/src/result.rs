//! A plain call's answer as it crosses to JS: the wire JSON as text (key order kept,
//! unknown keys included), in a settle batch (`settle.rs`) as `[requestId, answer]`,
//! parsed by JS with the rest of the batch in one `JSON.parse`.

use serde_json::Value;

use crate::errors::to_napi;
use crate::settle::json_string;

/// `[requestId, <value>, <extra>...]` as JSON text; each `extra` is JSON text already.
pub(crate) fn payload(
    value: &Value,
    request_id: Option<&str>,
    extra: &[&str],
) -> napi::Result<String> {
    let mut text = Vec::with_capacity(512);
    serde_json::to_writer(&mut text, value).map_err(|e| to_napi(tokenhot::Error::internal(e)))?;
    payload_text(&text, request_id, extra)
}

/// `payload` for a value that is JSON text already (core checked it is JSON and UTF-8).
pub(crate) fn payload_text(
    value: &[u8],
    request_id: Option<&str>,
    extra: &[&str],
) -> napi::Result<String> {
    let mut out = Vec::with_capacity(value.len() + 64);
    out.push(b'[');
    out.extend_from_slice(json_string(request_id).as_bytes());
    out.push(b',');
    out.extend_from_slice(value);
    for text in extra {
        out.push(b',');
        out.extend_from_slice(text.as_bytes());
    }
    out.push(b']');
    String::from_utf8(out).map_err(|e| to_napi(tokenhot::Error::internal(e)))
}
