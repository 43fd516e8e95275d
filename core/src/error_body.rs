//! Turns an HTTP error answer or an in-stream error frame into an `Error`.
//!
//! The gateway answers in several shapes (spec, Errors): OpenAI's
//! `{"error": {message, type, param, code}}`, Anthropic's
//! `{"type": "error", "error": {type, message}}`, the task routes'
//! `{code, message, data}`, Google's `{"error": {code: 429, message, status}}`, and
//! whatever a proxy in between sends (HTML, nothing). Classification never reads the
//! message text: it may be in Chinese.

use http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::error::{Error, ErrorKind};

/// The fields found in an error body, whatever its shape.
#[derive(Default)]
pub(crate) struct ErrorFields {
    pub message: Option<String>,
    pub code: Option<Value>,
    pub error_type: Option<String>,
    pub param: Option<Value>,
}

/// Reads the fields of any known error shape; `None` when the value is none of them.
pub(crate) fn error_fields(body: &Value) -> Option<ErrorFields> {
    let obj = body.as_object()?;
    match obj.get("error") {
        Some(Value::Object(err)) => Some(ErrorFields {
            message: err.get("message").and_then(text),
            code: err.get("code").filter(|c| !c.is_null()).cloned(),
            // Google's shape names its category `status` ("RESOURCE_EXHAUSTED").
            error_type: err.get("type").or_else(|| err.get("status")).and_then(text),
            param: err.get("param").filter(|p| !p.is_null()).cloned(),
        }),
        Some(Value::String(message)) => Some(ErrorFields {
            message: Some(message.clone()),
            code: obj.get("code").filter(|c| !c.is_null()).cloned(),
            error_type: obj.get("type").and_then(text),
            ..ErrorFields::default()
        }),
        _ if obj.contains_key("message") && obj.contains_key("code") => Some(ErrorFields {
            message: obj.get("message").and_then(text),
            code: obj.get("code").filter(|c| !c.is_null()).cloned(),
            ..ErrorFields::default()
        }),
        _ => None,
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Builds the error for an HTTP answer with status >= 400.
pub(crate) fn from_http(status: u16, headers: HeaderMap, raw: &[u8]) -> Error {
    let parsed: Option<Value> = crate::json::lone_surrogates::from_slice_lossy(raw).ok();
    let fields = parsed.as_ref().and_then(error_fields);
    let (message, code, error_type, param) = match fields {
        Some(f) => (
            f.message.unwrap_or_else(|| describe_status(status)),
            f.code,
            f.error_type,
            f.param,
        ),
        None => (describe_raw_body(status, raw), None, None, None),
    };
    let kind = ErrorKind::from_status(status, code.as_ref());
    let request_id = request_id_from_headers(&headers).or_else(|| request_id_from_message(&message));
    let body = parsed.or_else(|| {
        (!raw.is_empty()).then(|| Value::String(String::from_utf8_lossy(raw).into_owned()))
    });
    Error::new(kind, message)
        .with_status(Some(status))
        .with_details(code, error_type, param)
        .with_request_id(request_id)
        .with_body(body)
        .with_headers(headers)
}

/// Builds the error for an error frame inside a stream. Its status comes from its code
/// when the code names one, so an in-stream overload is an overload.
pub(crate) fn from_stream_frame(frame: &Value, request_id: Option<String>) -> Error {
    let fields = error_fields(frame).unwrap_or_default();
    let status = stream_status(fields.code.as_ref(), fields.error_type.as_deref())
        .or_else(|| anthropic_status(frame, fields.error_type.as_deref()));
    let message = fields.message.unwrap_or_else(|| "the stream sent an error frame".to_string());
    let request_id = request_id_from_message(&message).or(request_id);
    Error::new(ErrorKind::Stream, message)
        .with_status(status)
        .with_details(fields.code, fields.error_type, fields.param)
        .with_request_id(request_id)
        .with_body(Some(frame.clone()))
}

/// The status an in-stream error names: a numeric code (Google's shape) is one, and the
/// well-known OpenAI and Anthropic error names map to theirs.
fn stream_status(code: Option<&Value>, error_type: Option<&str>) -> Option<u16> {
    if let Some(n) = code.and_then(Value::as_u64) {
        return u16::try_from(n).ok().filter(|s| (400..600).contains(s));
    }
    let named = code.and_then(Value::as_str).into_iter().chain(error_type);
    for name in named {
        let status = match name {
            "rate_limit_exceeded" | "rate_limit_error" | "RESOURCE_EXHAUSTED" => 429,
            "overloaded_error" | "overloaded" => 529,
            "server_error" | "api_error" | "internal_error" | "INTERNAL" => 500,
            "UNAVAILABLE" | "service_unavailable" => 503,
            "timeout" | "request_timeout" | "DEADLINE_EXCEEDED" => 408,
            _ => continue,
        };
        return Some(status);
    }
    None
}

/// The statuses of Anthropic's error types, read only from an Anthropic-shaped frame
/// (`{"type": "error", "error": {...}}`): OpenAI frames use some of the same names
/// without meaning a status (CONTRACT.md, Messages).
fn anthropic_status(frame: &Value, error_type: Option<&str>) -> Option<u16> {
    if frame.get("type").and_then(Value::as_str) != Some("error") {
        return None;
    }
    // Responses' `error` events share the top-level `type`, but carry a sequence number
    // and the error's `code`; Anthropic's carry neither.
    if frame.get("sequence_number").is_some() || frame["error"].get("code").is_some() {
        return None;
    }
    Some(match error_type? {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        _ => return None,
    })
}

pub(crate) fn request_id_from_headers(headers: &HeaderMap) -> Option<String> {
    ["x-request-id", "request-id", "x-oneapi-request-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// new-api writes the id into the message: `... (request id: 2025...)`.
fn request_id_from_message(message: &str) -> Option<String> {
    let start = message.find("(request id:")? + "(request id:".len();
    let rest = &message[start..];
    let id = rest[..rest.find(')')?].trim();
    (!id.is_empty()).then(|| id.to_string())
}

fn describe_status(status: u16) -> String {
    let reason = StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

/// A useful message for a body that is not an error object: an HTML page from a proxy,
/// plain text, or nothing at all.
fn describe_raw_body(status: u16, raw: &[u8]) -> String {
    let head = describe_status(status);
    let text = String::from_utf8_lossy(raw);
    let text = text.trim();
    if text.is_empty() {
        return format!("{head} with an empty body");
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        let title = html_title(text).unwrap_or_default();
        return format!("{head} with an HTML page (from a proxy?){}", if title.is_empty() { String::new() } else { format!(": {title}") });
    }
    let snippet: String = text.chars().take(300).collect();
    format!("{head}: {snippet}")
}

fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    Some(html.get(start..end)?.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openai_shape() {
        let body = br#"{"error":{"message":"slow down (request id: abc123)","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}"#;
        let e = from_http(429, HeaderMap::new(), body);
        assert_eq!(e.kind(), ErrorKind::RateLimit);
        assert_eq!(e.request_id(), Some("abc123"));
        assert_eq!(e.code(), Some(&json!("rate_limit_exceeded")));
        assert_eq!(e.error_type(), Some("rate_limit_error"));
    }

    /// An error that echoes cut-off input may hold half an emoji: its fields still read.
    #[test]
    fn a_lone_surrogate_keeps_the_fields() {
        let body = br#"{"error":{"message":"bad \ud83d input","type":"invalid_request_error","code":"x"}}"#;
        let e = from_http(400, HeaderMap::new(), body);
        assert_eq!(e.message(), "bad \u{FFFD} input");
        assert_eq!((e.code(), e.error_type()), (Some(&json!("x")), Some("invalid_request_error")));
    }

    #[test]
    fn task_not_exist_is_not_found() {
        let e = from_http(400, HeaderMap::new(), br#"{"code":"task_not_exist","message":"task not exist","data":null}"#);
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.message(), "task not exist");
    }

    #[test]
    fn google_shape_keeps_numeric_code() {
        let e = from_http(429, HeaderMap::new(), br#"{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}"#);
        assert_eq!(e.code(), Some(&json!(429)));
        assert_eq!(e.error_type(), Some("RESOURCE_EXHAUSTED"));
    }

    #[test]
    fn html_and_empty_bodies() {
        let e = from_http(502, HeaderMap::new(), b"<html><head><title>502 Bad Gateway</title></head></html>");
        assert_eq!(e.kind(), ErrorKind::InternalServer);
        assert!(e.message().contains("502 Bad Gateway"), "{}", e.message());
        let e = from_http(503, HeaderMap::new(), b"");
        assert!(e.message().contains("empty body"));
        assert!(e.body().is_none());
    }

    #[test]
    fn stream_frame_status_from_code() {
        let e = from_stream_frame(&json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}), None);
        assert_eq!(e.kind(), ErrorKind::Stream);
        assert_eq!(e.status(), Some(529));
        let e = from_stream_frame(&json!({"error":{"message":"x","code":"weird"}}), None);
        assert_eq!(e.status(), None);
    }
}
