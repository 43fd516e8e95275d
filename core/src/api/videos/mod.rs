//! Video tasks over both of the gateway's routes: Sora-2 on `/v1/videos` (create,
//! status, content) and every other family on `/v1/video/generations` (create, task
//! status). One task model (`VideoTask`) reads every answer; `wait` polls to the end,
//! `download` streams the video to disk.

mod download;
mod file_out;
mod task;
mod wait;

use http::Method;
use serde_json::Value;

pub use download::ProgressFn;
pub use task::{Route, TaskError, TaskStatus, VideoTask};
pub use wait::{VideoWait, WaitOptions, WaitStep};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::Response;
use crate::http::{ApiRequest, Call, JsonBody};
use crate::options::RequestOptions;

pub struct Videos<'a> {
    pub(crate) client: &'a Client,
}

/// A task as the caller holds it: its id, or a task read before.
#[derive(Debug, Clone)]
pub enum TaskRef {
    Id(String),
    Task(VideoTask),
}

impl From<&str> for TaskRef {
    fn from(id: &str) -> TaskRef {
        TaskRef::Id(id.to_string())
    }
}
impl From<String> for TaskRef {
    fn from(id: String) -> TaskRef {
        TaskRef::Id(id)
    }
}
impl From<VideoTask> for TaskRef {
    fn from(task: VideoTask) -> TaskRef {
        TaskRef::Task(task)
    }
}
impl From<&VideoTask> for TaskRef {
    fn from(task: &VideoTask) -> TaskRef {
        TaskRef::Task(task.clone())
    }
}

impl TaskRef {
    pub fn id(&self) -> &str {
        match self {
            TaskRef::Id(id) => id,
            TaskRef::Task(task) => &task.id,
        }
    }
    /// An explicit route wins, then the task's own; a bare id is polled on
    /// `/v1/video/generations`, which serves every task.
    fn route(&self, route: Option<Route>) -> Route {
        match (route, self) {
            (Some(route), _) => route,
            (None, TaskRef::Task(task)) => task.route,
            (None, TaskRef::Id(_)) => Route::Generations,
        }
    }
}

impl Videos<'_> {
    /// `POST /v1/videos` for a `sora*` model, else `POST /v1/video/generations`, with
    /// the body as given except `seconds`, which goes as a string.
    pub async fn create(&self, body: Value, options: &RequestOptions) -> Result<Response<VideoTask>> {
        let (route, body) = create_body(body)?;
        let path = match route {
            Route::Videos => "/v1/videos",
            Route::Generations => "/v1/video/generations",
        };
        let request = ApiRequest { method: Method::POST, path: path.into(), body: Some(JsonBody::Value(body)), headers: vec![], stream: false };
        let answer = Call::new(self.client, request, options)?.json().await?;
        into_task(answer, route)
    }

    /// `GET /v1/videos/{id}` for the `videos` route, else `/v1/video/generations/{id}`.
    pub async fn retrieve(&self, task: impl Into<TaskRef>, route: Option<Route>, options: &RequestOptions) -> Result<Response<VideoTask>> {
        let task = task.into();
        let id = checked_id(task.id())?;
        let route = task.route(route);
        let path = match route {
            Route::Videos => format!("/v1/videos/{}", encode_segment(id)),
            Route::Generations => format!("/v1/video/generations/{}", encode_segment(id)),
        };
        let request = ApiRequest { method: Method::GET, path, body: None, headers: vec![], stream: false };
        let answer = Call::new(self.client, request, options)?.json().await?;
        into_task(answer, route)
    }

    /// A poller for `task`: each `next()` polls until the task changed or finished.
    pub fn waiter(&self, task: impl Into<TaskRef>, wait: &WaitOptions, options: &RequestOptions) -> Result<VideoWait> {
        VideoWait::new(self.client.clone(), task.into(), wait, options.clone())
    }

    /// Polls until the task completes (returned) or fails (`TaskFailed`, carrying the
    /// task); `on_progress` sees each change of status or progress, and an error it
    /// returns ends the wait. Past the deadline: `Timeout`, carrying the last task.
    pub async fn wait(
        &self,
        task: impl Into<TaskRef>,
        wait: &WaitOptions,
        mut on_progress: impl FnMut(&VideoTask) -> Result<()> + Send,
        options: &RequestOptions,
    ) -> Result<VideoTask> {
        let mut waiter = self.waiter(task, wait, options)?;
        loop {
            let step = waiter.next().await?;
            if step.changed {
                on_progress(&step.task)?;
            }
            if step.finished {
                return Ok(step.task);
            }
        }
    }

    /// Streams a completed task's video to `path` (a file, or a directory where it
    /// becomes `<id>.mp4`) and returns the path written.
    pub async fn download(
        &self,
        task: impl Into<TaskRef>,
        path: impl AsRef<std::path::Path>,
        on_progress: Option<ProgressFn>,
        options: &RequestOptions,
    ) -> Result<std::path::PathBuf> {
        download::download(self, task.into(), path.as_ref(), on_progress, options).await
    }
}

/// The create route and the body to send.
fn create_body(body: Value) -> Result<(Route, Value)> {
    let Value::Object(mut map) = body else {
        return Err(Error::invalid_argument("the video create request must be a JSON object"));
    };
    let route = match map.get("model") {
        Some(Value::String(model)) if !model.is_empty() => Route::for_model(model),
        Some(Value::String(_)) => return Err(Error::invalid_argument("model must not be empty")),
        Some(_) => return Err(Error::invalid_argument("model must be a string")),
        None => return Err(Error::invalid_argument("model is required")),
    };
    if let Some(seconds) = map.get_mut("seconds") {
        *seconds = match seconds {
            Value::String(_) | Value::Null => seconds.take(),
            Value::Number(n) => Value::String(seconds_text(n)?),
            _ => return Err(Error::invalid_argument("seconds must be a number or a string")),
        };
    }
    Ok((route, Value::Object(map)))
}

/// The gateway decodes `seconds` as a string: `8` and `8.0` both go as `"8"`.
fn seconds_text(n: &serde_json::Number) -> Result<String> {
    if let Some(i) = n.as_i64() {
        return if i > 0 { Ok(i.to_string()) } else { Err(Error::invalid_argument("seconds must be greater than zero")) };
    }
    match n.as_f64() {
        Some(f) if f > 0.0 && f.fract() == 0.0 && f < 1e15 => Ok(format!("{}", f as i64)),
        Some(f) if f > 0.0 => Ok(f.to_string()),
        _ => Err(Error::invalid_argument("seconds must be greater than zero")),
    }
}

fn into_task(answer: Response<Value>, route: Route) -> Result<Response<VideoTask>> {
    let request_id = answer.request_id().map(str::to_string);
    answer.try_map(|raw| {
        VideoTask::from_value(raw.clone(), route).ok_or_else(|| {
            let snippet: String = raw.to_string().chars().take(200).collect();
            Error::new(ErrorKind::Api, format!("the answer names no video task id: {snippet}")).with_request_id(request_id).with_body(Some(raw))
        })
    })
}

fn checked_id(id: &str) -> Result<&str> {
    if id.trim().is_empty() {
        return Err(Error::invalid_argument("the video task id must not be empty"));
    }
    Ok(id)
}

/// Percent-encodes a task id for one path segment (ids are opaque strings).
fn encode_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn seconds_go_as_strings_and_route_follows_the_model() {
        let (route, body) = create_body(json!({"model": "Sora-2", "prompt": "p", "seconds": 8})).unwrap();
        assert_eq!((route, &body["seconds"]), (Route::Videos, &json!("8")));
        let (route, body) = create_body(json!({"model": "doubao-seedance-2-0", "seconds": 4.0, "ratio": "16:9"})).unwrap();
        assert_eq!((route, &body["seconds"], &body["ratio"]), (Route::Generations, &json!("4"), &json!("16:9")));
        assert!(create_body(json!({"model": "sora-2", "seconds": true})).is_err());
        assert_eq!(encode_segment("task/1 ä"), "task%2F1%20%C3%A4");
    }
}
