//! `VideoTask`: one view over every shape an answer about a video task comes in (the
//! OpenAI video object, new-api's envelope `{code, message, data: {...}}`, a bare task
//! body), with the status map of CONTRACT.md ("Videos"). The wire JSON stays in `raw`.

use serde_json::{json, Map, Value};

/// Which route a task belongs to: it decides where it is polled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/v1/videos` (Sora-2 and the OpenAI view of any task).
    Videos,
    /// `/v1/video/generations` (Seedance and every other family; serves any task).
    Generations,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Videos => "videos",
            Route::Generations => "generations",
        }
    }
    /// `"videos"` or `"generations"`; anything else is `None`.
    pub fn parse(name: &str) -> Option<Route> {
        match name {
            "videos" => Some(Route::Videos),
            "generations" => Some(Route::Generations),
            _ => None,
        }
    }
    /// The create route for a model: `sora*` (any case) on `/v1/videos`, else generations.
    pub fn for_model(model: &str) -> Route {
        if model.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sora")) {
            Route::Videos
        } else {
            Route::Generations
        }
    }
}

/// A task's normalized status. Words the map does not know are kept as sent
/// (`Other`), and count as not finished.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    Queued,
    InProgress,
    Completed,
    Failed,
    Other(String),
}

impl TaskStatus {
    /// CONTRACT.md's status map; case does not matter.
    pub fn from_wire(word: &str) -> TaskStatus {
        match word.to_ascii_lowercase().as_str() {
            "not_start" | "submitted" | "queued" | "pending" | "created" | "queueing" => TaskStatus::Queued,
            "in_progress" | "running" | "processing" => TaskStatus::InProgress,
            "success" | "completed" | "succeeded" | "succeed" => TaskStatus::Completed,
            "failure" | "failed" | "fail" | "cancelled" | "canceled" | "expired" => TaskStatus::Failed,
            _ => TaskStatus::Other(word.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            TaskStatus::Queued => "queued",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Completed => "completed",
            TaskStatus::Failed => "failed",
            TaskStatus::Other(word) => word,
        }
    }
    /// `completed` or `failed`.
    pub fn is_finished(&self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Failed)
    }
}

/// Why a task failed: `error`'s `{code, message}`, or `fail_reason` as the message.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskError {
    pub code: Option<Value>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VideoTask {
    pub id: String,
    pub status: TaskStatus,
    /// 0..=100, from an integer or a `"NN%"` string.
    pub progress: Option<u8>,
    pub video_url: Option<String>,
    pub error: Option<TaskError>,
    pub model: Option<String>,
    pub route: Route,
    /// The wire JSON, unchanged.
    pub raw: Value,
}

/// Where the finished video may be, in CONTRACT.md's order; then the same places
/// inside an envelope's task body and its raw vendor object.
const VIDEO_URL_PATHS: &[&[&str]] = &[
    &["data", "result_url"],
    &["metadata", "url"],
    &["content", "video_url"],
    &["video_url"],
    &["output", "video_url"],
    &["url"],
    &["result_url"],
    &["data", "metadata", "url"],
    &["data", "content", "video_url"],
    &["data", "video_url"],
    &["data", "output", "video_url"],
    &["data", "data", "content", "video_url"],
    &["data", "data", "video_url"],
    &["data", "data", "output", "video_url"],
    &["data", "data", "metadata", "url"],
];

impl VideoTask {
    /// Reads any task shape. `None` when no task id can be found in it.
    pub fn from_value(raw: Value, route: Route) -> Option<VideoTask> {
        let id = first_string(&raw, &[&["id"], &["task_id"], &["data", "task_id"], &["data", "id"]])?;
        let status_word = first_string(&raw, &[&["status"], &["data", "status"]]);
        let status = status_word.as_deref().map_or(TaskStatus::Other("unknown".into()), TaskStatus::from_wire);
        let progress = [get(&raw, &["progress"]), get(&raw, &["data", "progress"])].into_iter().flatten().find_map(progress);
        // An empty string is no URL (new-api sends `result_url: ""` until the end), so
        // the next place is read instead.
        let video_url = VIDEO_URL_PATHS.iter().find_map(|path| first_string(&raw, &[path]).filter(|u| !u.is_empty()));
        let error = (status == TaskStatus::Failed).then(|| task_error(&raw));
        let model = first_string(&raw, &[&["model"], &["data", "model"]]);
        Some(VideoTask { id, status, progress, video_url, error, model, route, raw })
    }

    /// The normalized members and the wire JSON, as the bindings hand them over:
    /// `{id, status, progress, video_url, error, model, route, raw}`.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "status": self.status.as_str(),
            "progress": self.progress,
            "video_url": self.video_url,
            "error": self.error.as_ref().map(|e| json!({"code": e.code, "message": e.message})),
            "model": self.model,
            "route": self.route.as_str(),
            "raw": self.raw,
        })
    }

    /// Reads back what `to_json` gave (a binding handing a task to core again).
    pub fn from_json(value: &Value) -> Option<VideoTask> {
        let route = value.get("route").and_then(Value::as_str).and_then(Route::parse)?;
        let raw = value.get("raw")?.clone();
        let mut task = VideoTask::from_value(raw, route)?;
        // A caller's own id (a task built by hand) wins.
        if let Some(id) = value.get("id").and_then(Value::as_str) {
            task.id = id.to_string();
        }
        Some(task)
    }
}

fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.as_object()?.get(*key)).filter(|v| !v.is_null())
}

fn first_string(value: &Value, paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|path| match get(value, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// An integer or float 0..100, or a string `"NN%"` / `"NN"`.
fn progress(value: &Value) -> Option<u8> {
    let number = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse::<f64>().ok()?,
        _ => return None,
    };
    number.is_finite().then(|| number.clamp(0.0, 100.0).round() as u8)
}

fn task_error(raw: &Value) -> TaskError {
    let error = get(raw, &["error"]).or_else(|| get(raw, &["data", "error"]));
    match error {
        Some(Value::Object(e)) => TaskError { code: e.get("code").filter(|c| !c.is_null()).cloned(), message: message_of(e) },
        Some(Value::String(s)) => TaskError { code: None, message: Some(s.clone()) },
        _ => TaskError {
            code: None,
            message: first_string(raw, &[&["fail_reason"], &["data", "fail_reason"]]).filter(|s| !s.is_empty()),
        },
    }
}

fn message_of(error: &Map<String, Value>) -> Option<String> {
    error.get("message").and_then(Value::as_str).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_envelope() {
        let raw = json!({"code": "success", "message": "", "data": {"task_id": "t1", "status": "IN_PROGRESS", "progress": "30%", "result_url": ""}});
        let task = VideoTask::from_value(raw, Route::Generations).unwrap();
        assert_eq!((task.id.as_str(), task.status.clone(), task.progress, task.video_url), ("t1", TaskStatus::InProgress, Some(30), None));
    }

    #[test]
    fn unknown_words_are_kept_and_not_finished() {
        let task = VideoTask::from_value(json!({"id": "v", "status": "UNKNOWN"}), Route::Videos).unwrap();
        assert_eq!(task.status, TaskStatus::Other("UNKNOWN".into()));
        assert!(!task.status.is_finished());
    }
}
