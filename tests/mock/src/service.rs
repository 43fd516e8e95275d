//! One request: read it whole, then either a control route, or (gateway routes) log it,
//! check the key, and answer from the session's script queue or the built-in route.

use std::sync::Arc;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_TYPE};
use http::{Method, Request, Response, StatusCode};
use http_body_util::BodyExt;
use hyper::body::Incoming;

use crate::body::MockBody;
use crate::conn_io::FlushCount;
use crate::outcome::{Outcome, OutcomeCell, Tracker};
use crate::reply::{DropMode, Reply};
use crate::routes;
use crate::session::{lock, session_name, Entry};
use crate::state::State;
use crate::{auth, gateway_error};

/// Returning an error makes hyper close the connection without a response: that is how
/// `drop: "before_head"` is done.
pub(crate) type ServiceError = Box<dyn std::error::Error + Send + Sync>;

const X_REQUEST_ID: &str = "x-request-id";

pub(crate) async fn handle(
    state: Arc<State>,
    flushes: FlushCount,
    request: Request<Incoming>,
) -> Result<Response<MockBody>, ServiceError> {
    let (parts, incoming) = request.into_parts();
    let body = incoming.collect().await?.to_bytes();
    let number = state.next_request_number();
    let path = parts.uri.path();
    if path == "/__mock" || path.starts_with("/__mock/") {
        let reply = routes::control::answer(&state, &parts.method, path, &parts.headers, &body);
        return deliver(reply, number, &parts.method, None, flushes, true).await;
    }

    // The vendor's host (the second listener) wants no key at all.
    if path.starts_with("/vendor/") {
        let reply = routes::videos::vendor(&state.videos, path, &parts.headers);
        return deliver(reply, number, &parts.method, None, flushes, true).await;
    }

    // The images route's "third-party host" files are served without a key.
    let authorized = auth::authorized(&parts.headers, state.api_key.as_deref()) || routes::images::is_public(path);
    let session = state.sessions.get(session_name(&parts.headers));
    let entry = Arc::new(Entry {
        request_id: number,
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        body,
        outcome: OutcomeCell::new(),
    });
    // From here on, whatever ends this request settles the logged outcome.
    let tracker = Tracker::new(entry.clone());
    let scripted = {
        let mut session = lock(&session);
        session.record(entry.clone());
        // An unauthenticated request does not use up the answer scripted for the next one.
        if authorized {
            session.queue.pop_front()
        } else {
            None
        }
    };
    // A scripted answer carries exactly the headers its script gives, so tests can
    // check where a client finds the request id when there is no header.
    let default_request_id = scripted.is_none();
    let reply = match (authorized, scripted) {
        (false, _) => unauthorized(number),
        (true, Some(answer)) => answer.into_reply(),
        (true, None) => {
            routes::builtin(&state, &entry.method, entry.uri.path(), &entry.headers, &entry.body)
        }
    };
    deliver(reply, number, &entry.method, Some(tracker), flushes, default_request_id).await
}

fn unauthorized(number: u64) -> Reply {
    let message = format!("Invalid token (request id: mock-req-{number})");
    Reply::json(
        StatusCode::UNAUTHORIZED,
        gateway_error::body(&message, "new_api_error", None, Some("invalid_api_key")),
    )
}

async fn deliver(
    reply: Reply,
    number: u64,
    method: &Method,
    tracker: Option<Tracker>,
    flushes: FlushCount,
    default_request_id: bool,
) -> Result<Response<MockBody>, ServiceError> {
    if !reply.delay.is_zero() {
        // If the client goes away meanwhile, hyper drops this future and the tracker
        // records client_closed.
        tokio::time::sleep(reply.delay).await;
    }
    // Hyper sends no body for these; an empty body lets the outcome read "complete".
    let bodiless = method == Method::HEAD
        || reply.status.is_informational()
        || reply.status == StatusCode::NO_CONTENT
        || reply.status == StatusCode::NOT_MODIFIED;
    let mut body = reply.body;
    match reply.drop {
        Some(DropMode::BeforeHead) => {
            if let Some(tracker) = &tracker {
                tracker.settle(Outcome::Dropped);
            }
            return Err("scripted drop before head".into());
        }
        _ if bodiless => body = MockBody::empty(),
        Some(DropMode::AfterBytes(limit)) => body = body.cut_after(limit, flushes),
        None => {}
    }
    if let Some(tracker) = tracker {
        body = body.track(tracker);
    }
    let mut response = Response::new(body);
    *response.status_mut() = reply.status;
    let mut headers = reply.headers;
    if let Some(content_type) = reply.content_type {
        if !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
    }
    if default_request_id && !headers.contains_key(X_REQUEST_ID) {
        if let Ok(id) = HeaderValue::from_maybe_shared(Bytes::from(format!("mock-req-{number}"))) {
            headers.insert(X_REQUEST_ID, id);
        }
    }
    *response.headers_mut() = headers;
    Ok(response)
}
