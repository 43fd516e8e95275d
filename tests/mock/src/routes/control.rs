//! The `/__mock/*` control routes: scripting a session, reading its request log,
//! resetting it, and a health check. They need no key and are never logged.

use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde_json::{json, Map, Value};

use crate::gateway_error;
use crate::reply::Reply;
use crate::script::{parse_answers, ScriptError};
use crate::session::{lock, session_name, Entry};
use crate::state::State;

pub(crate) fn answer(
    state: &State,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Reply {
    let session = session_name(headers);
    match (method, path) {
        (&Method::POST, "/__mock/script") => match queue_script(state, session, body) {
            Ok(queued) => Reply::json(
                StatusCode::OK,
                Bytes::from(json!({"queued": queued}).to_string()),
            ),
            Err(e) => Reply::json(
                StatusCode::BAD_REQUEST,
                gateway_error::invalid_request(&e.to_string(), Some(&e.path)),
            ),
        },
        (&Method::GET, "/__mock/requests") => Reply::json(
            StatusCode::OK,
            Bytes::from(requests_json(state, session).to_string()),
        ),
        (&Method::POST, "/__mock/reset") => {
            reset(state, session);
            Reply::json(StatusCode::OK, Bytes::from_static(br#"{"reset":true}"#))
        }
        (&Method::GET, "/__mock/health") => Reply::text(StatusCode::OK, "ok"),
        _ => Reply::json(
            StatusCode::NOT_FOUND,
            gateway_error::invalid_request(&format!("no mock control route {method} {path}"), None),
        ),
    }
}

/// Validates the whole script first, so a bad answer queues nothing. Returns the number
/// of answers now waiting in the session's queue.
pub(crate) fn queue_script(
    state: &State,
    session: &str,
    body: &[u8],
) -> Result<usize, ScriptError> {
    let answers = parse_answers(body)?;
    let session = state.sessions.get(session);
    let mut session = lock(&session);
    session.queue.extend(answers);
    Ok(session.queue.len())
}

pub(crate) fn reset(state: &State, session: &str) {
    let session = state.sessions.get(session);
    let mut session = lock(&session);
    session.queue.clear();
    session.log.clear();
}

pub(crate) fn requests_json(state: &State, session: &str) -> Value {
    // Copy the Arcs out so the JSON is built without holding the session lock.
    let entries: Vec<Arc<Entry>> = {
        let session = state.sessions.get(session);
        let session = lock(&session);
        session.log.iter().cloned().collect()
    };
    Value::Array(entries.iter().map(|e| entry_json(e)).collect())
}

fn entry_json(entry: &Entry) -> Value {
    let mut headers = Map::new();
    for (name, value) in &entry.headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        // Repeated headers are joined the way HTTP allows them to be combined.
        match headers.get_mut(name.as_str()) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(&value);
            }
            _ => {
                headers.insert(name.as_str().to_owned(), Value::String(value.into_owned()));
            }
        }
    }
    let body = serde_json::from_slice::<Value>(&entry.body).unwrap_or(Value::Null);
    let mut out = json!({
        "method": entry.method.as_str(),
        "path": entry.uri.path(),
        "query": entry.uri.query().unwrap_or(""),
        "headers": headers,
        "body": body,
        "body_text": String::from_utf8_lossy(&entry.body),
        "outcome": entry.outcome.get().as_str(),
        "request_id": format!("mock-req-{}", entry.request_id),
    });
    // A form's parts, read by a real parser: what a test checks of a multipart upload.
    if let Some(boundary) = crate::multipart::boundary(&entry.headers) {
        out["multipart"] = match crate::multipart::parse(&boundary, entry.body.clone()) {
            Ok(parts) => Value::Array(parts.iter().map(|p| p.to_json()).collect()),
            Err(e) => json!({"error": e}),
        };
    }
    out
}
