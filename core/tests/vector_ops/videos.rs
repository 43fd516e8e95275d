//! The video ops of the conformance vectors (tests/vectors/README.md, Videos): each op
//! through the public Rust API, checked against the task's normalized view (`task`),
//! the tasks the progress callback saw (`progress`) and the file a download wrote
//! (`download`, `files_left`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};
use tokenhot::api::videos::{Route, VideoTask, WaitOptions};
use tokenhot::{Client, Error, RequestOptions};

pub const OPS: &[&str] = &["videos.create", "videos.retrieve", "videos.wait", "videos.download"];

/// The normalized members, in the vectors' spelling.
pub fn task_view(task: &VideoTask) -> Value {
    let mut view = task.to_json();
    if let Some(map) = view.as_object_mut() {
        map.remove("raw");
    }
    view
}

/// What a video op gave: a task (with its wire JSON), or the path a download wrote.
enum Answer {
    Task(VideoTask),
    File(std::path::PathBuf),
}

/// Runs the op; `Err(Ok(e))` is the call's own error, `Err(Err(why))` a mismatch.
pub async fn run(
    client: &Client,
    op: &str,
    args: &Value,
    options: &RequestOptions,
    expect: &Value,
    matches: impl Fn(&Value, &Value, &str) -> Result<(), String>,
    expect_error: impl Fn(&Value, &Error) -> Result<(), String>,
) -> Result<(), String> {
    let folder = std::env::temp_dir().join(format!("tokenhot-vector-{}-{}", std::process::id(), fastrand::u64(..)));
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let outcome = call(client, op, args, options, &folder, seen.clone()).await;
    let checked = check(outcome, expect, &folder, &seen, &matches, &expect_error);
    let _ = std::fs::remove_dir_all(&folder);
    checked
}

async fn call(
    client: &Client,
    op: &str,
    args: &Value,
    options: &RequestOptions,
    folder: &std::path::Path,
    seen: Arc<Mutex<Vec<Value>>>,
) -> Result<Answer, Error> {
    let videos = client.videos();
    if op == "videos.create" {
        return Ok(Answer::Task(videos.create(args.clone(), options).await?.into_inner()));
    }
    let id = args["task_id"].as_str().unwrap_or_default().to_string();
    let millis = |key: &str| args.get(key).and_then(Value::as_f64).map(|ms| Duration::from_secs_f64(ms / 1000.0));
    match op {
        "videos.retrieve" => {
            let route = args.get("route").and_then(Value::as_str).and_then(Route::parse);
            Ok(Answer::Task(videos.retrieve(id, route, options).await?.into_inner()))
        }
        "videos.wait" => {
            let defaults = WaitOptions::default();
            let wait = WaitOptions {
                deadline: millis("deadline_ms").unwrap_or(defaults.deadline),
                poll_interval: millis("poll_interval_ms").unwrap_or(defaults.poll_interval),
            };
            let log = move |task: &VideoTask| {
                seen.lock().unwrap_or_else(|e| e.into_inner()).push(task_view(task));
                Ok(())
            };
            Ok(Answer::Task(videos.wait(id, &wait, log, options).await?))
        }
        _ => Ok(Answer::File(videos.download(id, folder, None, options).await?)),
    }
}

fn check(
    outcome: Result<Answer, Error>,
    expect: &Value,
    folder: &std::path::Path,
    seen: &Mutex<Vec<Value>>,
    matches: &impl Fn(&Value, &Value, &str) -> Result<(), String>,
    expect_error: &impl Fn(&Value, &Error) -> Result<(), String>,
) -> Result<(), String> {
    match outcome {
        Err(e) => expect_error(expect, &e)?,
        Ok(_) if expect.get("error").is_some() => return Err("the call succeeded, but the vector expects an error".into()),
        Ok(Answer::Task(task)) => {
            if let Some(want) = expect.get("task") {
                matches(want, &task_view(&task), "task")?;
            }
            if let Some(want) = expect.get("result") {
                matches(want, &task.raw, "result")?;
            }
        }
        Ok(Answer::File(path)) => {
            let data = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
            let written = json!({
                "file_name": path.file_name().map(|n| n.to_string_lossy().into_owned()),
                "size": data.len(),
                "base64": base64::engine::general_purpose::STANDARD.encode(&data),
            });
            if let Some(want) = expect.get("download") {
                matches(want, &written, "download")?;
            }
        }
    }
    if let Some(want) = expect.get("progress") {
        matches(want, &Value::Array(seen.lock().unwrap_or_else(|e| e.into_inner()).clone()), "progress")?;
    }
    if let Some(want) = expect.get("files_left") {
        let left = std::fs::read_dir(folder).map(|d| d.count()).unwrap_or(0);
        matches(want, &json!(left), "files_left")?;
    }
    Ok(())
}
