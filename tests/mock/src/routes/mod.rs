//! Routes: the built-in gateway routes (used when a session has no script queued) and
//! the `/__mock/*` control routes.

pub(crate) mod chat;
pub(crate) mod control;
pub(crate) mod gemini;
pub(crate) mod messages;
pub(crate) mod images;
pub(crate) mod models;
pub(crate) mod videos;
pub(crate) mod responses;

use http::{HeaderMap, Method, StatusCode};

use crate::gateway_error;
use crate::reply::Reply;

/// The built-in answer for a gateway route.
pub(crate) fn builtin(state: &crate::state::State, method: &Method, path: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
    let tasks = &state.videos;
    match (method, path) {
        (&Method::POST, "/v1/videos") => videos::create(tasks, true, headers, body),
        (&Method::POST, "/v1/video/generations") => videos::create(tasks, false, headers, body),
        (&Method::GET, _) if path.starts_with("/v1/videos/") && path.ends_with("/content") => {
            videos::content(tasks, &path["/v1/videos/".len()..path.len() - "/content".len()])
        }
        (&Method::GET, _) if path.starts_with("/v1/videos/") => videos::status(tasks, &path["/v1/videos/".len()..], true),
        (&Method::GET, _) if path.starts_with("/v1/video/generations/") => {
            videos::status(tasks, &path["/v1/video/generations/".len()..], false)
        }
        (&Method::POST, "/v1/chat/completions") => chat::answer(headers, body),
        (&Method::GET, "/v1/models") => models::answer(),
        (&Method::POST, _) if path.starts_with("/v1/messages") => match messages::answer(path, headers, body) {
            Some(reply) => reply,
            None => not_found(method, path),
        },
        (&Method::POST, "/v1/images/generations") => images::generations(headers, body),
        (&Method::POST, "/v1/images/edits") => images::edits(headers, body),
        (&Method::GET, _) if images::is_file(path) => images::file(path).unwrap_or_else(|| not_found(method, path)),
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
