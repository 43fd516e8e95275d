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
    let mut out = Vec::with_capacity(512);
    out.push(b'[');
    out.extend_from_slice(json_string(request_id).as_bytes());
    out.push(b',');
    serde_json::to_writer(&mut out, value).map_err(|e| to_napi(tokenhot::Error::internal(e)))?;
    for text in extra {
        out.push(b',');
        out.extend_from_slice(text.as_bytes());
    }
    out.push(b']');
    String::from_utf8(out).map_err(|e| to_napi(tokenhot::Error::internal(e)))
}
