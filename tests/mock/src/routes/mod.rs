//! Routes: the built-in gateway routes (used when a session has no script queued) and
//! the `/__mock/*` control routes.

pub(crate) mod chat;
pub(crate) mod control;
pub(crate) mod gemini;
pub(crate) mod models;
pub(crate) mod responses;

use http::{HeaderMap, Method, StatusCode};

use crate::gateway_error;
use crate::reply::Reply;

/// The built-in answer for a gateway route.
pub(crate) fn builtin(method: &Method, path: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
    match (method, path) {
        (&Method::POST, "/v1/chat/completions") => chat::answer(headers, body),
        (&Method::GET, "/v1/models") => models::answer(),
        (_, _) if path.starts_with("/v1/responses") => match responses::answer(method, path, headers, body) {
            Some(reply) => reply,
            None => not_found(method, path),
        },
        (&Method::POST, _) if path.starts_with("/v1beta/models/") => match gemini::answer(path, headers, body) {
            Some(reply) => reply,
            None => not_found(method, path),
        },
        _ => not_found(method, path),
    }
}

fn not_found(method: &Method, path: &str) -> Reply {
    Reply::json(
        StatusCode::NOT_FOUND,
        gateway_error::invalid_request(&format!("Invalid URL ({method} {path})"), None),
    )
}
