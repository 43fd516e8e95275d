//! Video tasks on both of the gateway's routes, moving through their states.
//!
//! - `POST /v1/videos` (Sora-style; `seconds` must be a string) and `POST
//!   /v1/video/generations` (any body with a `model`) create a task and answer the
//!   OpenAI video object with `status: "queued"`, `progress: 0`.
//! - `GET /v1/videos/{id}`: the OpenAI view (`unknown queued in_progress completed
//!   failed`, integer progress, `metadata.url`, `error`); `GET
//!   /v1/video/generations/{id}`: new-api's envelope (`NOT_START QUEUED IN_PROGRESS
//!   SUCCESS FAILURE`, progress `"NN%"`, `result_url`, `fail_reason`, the vendor
//!   object in `data.data`). A missing task is 400 `task_not_exist`.
//! - `GET /v1/videos/{id}/content`: the video, generated (byte i is `i % 251`).
//! - `GET /vendor/{id}.mp4` on the second listener (the vendor's host): the same
//!   bytes, refused (403) when the request carries a key.
//!
//! A task's phases: 0 not started (`unknown`), 1 queued, 2 and 3 running (30 %, 60 %),
//! 4 finished. By default each status poll moves it one phase; headers on the create
//! request set it up otherwise:
//! `x-mock-video-step-ms` (one phase per N ms of the clock instead), `x-mock-video-fail`
//! (ends failed), `x-mock-video-bytes` (content size, default 4096),
//! `x-mock-video-cut-after` (the content route cuts the body after N bytes),
//! `x-mock-video-content-status` (the content route answers this status instead),
//! `x-mock-video-poll-after-ms` (status answers carry `openai-poll-after-ms`),
//! `x-mock-video-shape: new` (the newer gateway: no `task_id`, no `metadata.url`),
//! `x-mock-video-url: none | gateway` (no result URL, or one on the gateway itself).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{json, Value};

use crate::body::MockBody;
use crate::reply::{self, Reply};

const LAST_PHASE: u32 = 4;
const CREATED_AT: u64 = 1_765_000_000;

#[derive(Default)]
pub(crate) struct Tasks {
    map: Mutex<HashMap<String, Task>>,
    counter: AtomicU64,
    /// Where the second listener (the vendor's host) listens.
    pub(crate) vendor: OnceLock<SocketAddr>,
    /// Where the gateway itself listens (for `x-mock-video-url: gateway`).
    pub(crate) gateway: OnceLock<SocketAddr>,
}

struct Task {
    model: String,
    created: Instant,
    polls: u32,
    step: Option<Duration>,
    fail: bool,
    bytes: u64,
    cut_after: Option<u64>,
    content_status: Option<u16>,
    poll_after_ms: Option<u64>,
    newer_shape: bool,
    url: UrlPlace,
    seconds: Value,
    size: Value,
}

#[derive(Clone, Copy, PartialEq)]
enum UrlPlace {
    Vendor,
    Gateway,
    None,
}

impl Task {
    fn phase(&self) -> u32 {
        match self.step {
            Some(step) => (self.created.elapsed().as_millis() / step.as_millis().max(1)).min(u128::from(LAST_PHASE)) as u32,
            None => self.polls.min(LAST_PHASE),
        }
    }
    fn progress(phase: u32) -> u32 {
        [0, 0, 30, 60, 100][phase as usize]
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header(headers, name).and_then(|v| v.trim().parse().ok())
}

fn json_reply(status: StatusCode, value: Value) -> Reply {
    Reply::json(status, Bytes::from(value.to_string()))
}

/// The task routes' own error shape, `{code, message, data: null}`.
fn task_error(status: StatusCode, code: &str, message: &str) -> Reply {
    json_reply(status, json!({"code": code, "message": message, "data": null}))
}

pub(crate) fn create(tasks: &Tasks, sora_route: bool, headers: &HeaderMap, body: &[u8]) -> Reply {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
        return task_error(StatusCode::BAD_REQUEST, "invalid_request", "the body must be a JSON object");
    };
    let Some(model) = body.get("model").and_then(Value::as_str).filter(|m| !m.is_empty()) else {
        return task_error(StatusCode::BAD_REQUEST, "missing_model", "model is required");
    };
    if sora_route {
        if !body.get("prompt").is_some_and(Value::is_string) {
            return task_error(StatusCode::BAD_REQUEST, "invalid_request", "prompt is required");
        }
        if body.get("seconds").is_some_and(|s| !s.is_string()) {
            return task_error(StatusCode::BAD_REQUEST, "invalid_seconds", "seconds must be a string");
        }
    }
    let n = tasks.counter.fetch_add(1, Ordering::Relaxed) + 1;
    let id = if sora_route { format!("video_mock{n:06}") } else { format!("task_mock{n:06}") };
    let url = match header(headers, "x-mock-video-url") {
        Some("none") => UrlPlace::None,
        Some("gateway") => UrlPlace::Gateway,
        _ => UrlPlace::Vendor,
    };
    let task = Task {
        model: model.to_string(),
        created: Instant::now(),
        polls: 0,
        step: header_u64(headers, "x-mock-video-step-ms").map(Duration::from_millis),
        fail: header(headers, "x-mock-video-fail").is_some_and(|v| v != "0"),
        bytes: header_u64(headers, "x-mock-video-bytes").unwrap_or(4096),
        cut_after: header_u64(headers, "x-mock-video-cut-after"),
        content_status: header_u64(headers, "x-mock-video-content-status").and_then(|s| u16::try_from(s).ok()),
        poll_after_ms: header_u64(headers, "x-mock-video-poll-after-ms"),
        newer_shape: header(headers, "x-mock-video-shape") == Some("new"),
        url,
        seconds: body.get("seconds").or_else(|| body.get("duration")).cloned().unwrap_or(json!("4")),
        size: body.get("size").cloned().unwrap_or(json!("1280x720")),
    };
    let answer = json!({
        "id": id, "task_id": id, "object": "video", "model": model,
        "status": "queued", "progress": 0, "created_at": CREATED_AT,
        "seconds": task.seconds, "size": task.size,
    });
    tasks.map.lock().unwrap_or_else(|e| e.into_inner()).insert(id, task);
    json_reply(StatusCode::OK, answer)
}

/// `GET /v1/videos/{id}` (`openai_view`) or `GET /v1/video/generations/{id}`.
pub(crate) fn status(tasks: &Tasks, id: &str, openai_view: bool) -> Reply {
    let mut map = tasks.map.lock().unwrap_or_else(|e| e.into_inner());
    let Some(task) = map.get_mut(id) else {
        return task_error(StatusCode::BAD_REQUEST, "task_not_exist", "task_not_exist");
    };
    let phase = task.phase();
    task.polls += 1;
    let url = result_url(tasks, id, task, phase);
    let value = if openai_view { openai_object(id, task, phase, url) } else { envelope(id, task, phase, url) };
    let mut reply = json_reply(StatusCode::OK, value);
    if let Some(ms) = task.poll_after_ms {
        reply.headers.insert("openai-poll-after-ms", HeaderValue::from(ms));
    }
    reply
}

fn result_url(tasks: &Tasks, id: &str, task: &Task, phase: u32) -> Option<String> {
    if phase < LAST_PHASE || task.fail {
        return None;
    }
    match task.url {
        UrlPlace::None => None,
        UrlPlace::Vendor => tasks.vendor.get().map(|addr| format!("http://{addr}/vendor/{id}.mp4")),
        UrlPlace::Gateway => tasks.gateway.get().map(|addr| format!("http://{addr}/v1/videos/{id}/content")),
    }
}

fn openai_object(id: &str, task: &Task, phase: u32, url: Option<String>) -> Value {
    let status = match phase {
        0 => "unknown",
        1 => "queued",
        2 | 3 => "in_progress",
        _ if task.fail => "failed",
        _ => "completed",
    };
    let mut object = json!({
        "id": id, "object": "video", "model": task.model, "status": status,
        "progress": Task::progress(phase), "created_at": CREATED_AT,
        "completed_at": CREATED_AT + 60, "expires_at": CREATED_AT + 86_400,
        "seconds": task.seconds, "size": task.size,
    });
    if !task.newer_shape {
        object["task_id"] = json!(id);
        if let Some(url) = url {
            object["metadata"] = json!({"url": url});
        }
    }
    if phase == LAST_PHASE && task.fail {
        object["error"] = json!({"code": "content_policy_violation", "message": "the prompt was refused by the vendor"});
    }
    object
}

fn envelope(id: &str, task: &Task, phase: u32, url: Option<String>) -> Value {
    let (status, vendor_status) = match phase {
        0 => ("NOT_START", "queued"),
        1 => ("QUEUED", "queued"),
        2 | 3 => ("IN_PROGRESS", "running"),
        _ if task.fail => ("FAILURE", "failed"),
        _ => ("SUCCESS", "succeeded"),
    };
    let fail_reason = if phase == LAST_PHASE && task.fail { "the prompt was refused by the vendor" } else { "" };
    let mut vendor = json!({"id": format!("cgt-{id}"), "model": task.model, "status": vendor_status});
    if let Some(url) = &url {
        vendor["content"] = json!({"video_url": url});
    }
    json!({
        "code": "success",
        "message": "",
        "data": {
            "task_id": id, "action": "generate", "status": status,
            "progress": format!("{}%", Task::progress(phase)),
            "fail_reason": fail_reason,
            "result_url": url.unwrap_or_default(),
            "submit_time": CREATED_AT, "start_time": CREATED_AT + 1, "finish_time": 0,
            "data": vendor,
        }
    })
}

/// `GET /v1/videos/{id}/content`.
pub(crate) fn content(tasks: &Tasks, id: &str) -> Reply {
    let map = tasks.map.lock().unwrap_or_else(|e| e.into_inner());
    let Some(task) = map.get(id) else {
        return task_error(StatusCode::BAD_REQUEST, "task_not_exist", "task_not_exist");
    };
    if let Some(status) = task.content_status.and_then(|s| StatusCode::from_u16(s).ok()) {
        return json_reply(status, json!({"error": {"message": "the content proxy failed", "type": "new_api_error", "param": null, "code": "fail_to_fetch_task"}}));
    }
    if task.phase() < LAST_PHASE || task.fail {
        return task_error(StatusCode::BAD_REQUEST, "invalid_request", "the task is not completed");
    }
    Reply::new(StatusCode::OK, Some("video/mp4"), MockBody::generated(task.bytes, task.cut_after))
}

/// `GET /vendor/{id}.mp4` on the vendor's listener: no key wanted (a presigned link).
pub(crate) fn vendor(tasks: &Tasks, path: &str, headers: &HeaderMap) -> Reply {
    if headers.contains_key(http::header::AUTHORIZATION) || headers.contains_key("x-api-key") {
        return json_reply(StatusCode::FORBIDDEN, json!({"error": "the vendor host refuses requests that carry a key"}));
    }
    let id = path.trim_start_matches("/vendor/").trim_end_matches(".mp4");
    let map = tasks.map.lock().unwrap_or_else(|e| e.into_inner());
    match map.get(id) {
        Some(task) if task.phase() == LAST_PHASE && !task.fail => {
            Reply::new(StatusCode::OK, Some("video/mp4"), MockBody::generated(task.bytes, None))
        }
        _ => Reply::new(StatusCode::NOT_FOUND, Some(reply::TEXT), MockBody::whole(Bytes::from_static(b"no such object"))),
    }
}
