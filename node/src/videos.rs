//! Video tasks: create, retrieve, the poller core keeps (stepped from JS, so
//! `onProgress` is a plain JS call between steps) and download. Tasks cross as JSON
//! text (`VideoTask::to_json`), tasks handed back as `{ id, route, raw }` JSON.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use tokenhot::api::videos::{ProgressFn, Route, TaskRef, VideoTask, VideoWait, WaitOptions};

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::{invalid_argument, to_napi};
use crate::guard::sync_guard;
use crate::options::{parse_body, request_options, CallOptions};
use crate::result::payload;

/// A task id (a JSON string) or a task object as the JS face sends it.
fn task_ref(text: &str) -> napi::Result<TaskRef> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::String(id)) => Ok(TaskRef::Id(id)),
        Ok(value @ Value::Object(_)) => VideoTask::from_json(&value).map(TaskRef::Task).ok_or_else(|| invalid_argument("task must be a task id (string) or a task that videos returned")),
        _ => Err(invalid_argument("task must be a task id (string) or a task that videos returned")),
    }
}

fn route(name: Option<String>) -> napi::Result<Option<Route>> {
    match name {
        None => Ok(None),
        Some(name) => Route::parse(&name).map(Some).ok_or_else(|| invalid_argument(format!("route must be 'videos' or 'generations', not {name:?}"))),
    }
}

fn millis(ms: Option<f64>, name: &str, default: Duration) -> napi::Result<Duration> {
    match ms {
        None => Ok(default),
        Some(ms) if ms.is_finite() && ms > 0.0 => Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| invalid_argument(format!("{name} is too large"))),
        Some(_) => Err(invalid_argument(format!("{name} must be a positive, finite number of milliseconds"))),
    }
}

/// Core's poller, kept between `videosWaitNext` calls.
#[napi]
pub struct NativeVideoWait {
    inner: Arc<tokio::sync::Mutex<VideoWait>>,
}

/// What a download has written so far, read by the JS face on a timer.
#[napi]
pub struct NativeProgress {
    done: Arc<AtomicU64>,
    /// The total plus one; 0 while unknown.
    total: Arc<AtomicU64>,
}

#[napi]
impl NativeProgress {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        NativeProgress { done: Arc::new(AtomicU64::new(0)), total: Arc::new(AtomicU64::new(0)) }
    }
    /// `[done, total]`, total `-1` while unknown.
    #[napi]
    pub fn read(&self) -> Vec<f64> {
        let total = self.total.load(Ordering::Relaxed);
        vec![self.done.load(Ordering::Relaxed) as f64, if total == 0 { -1.0 } else { (total - 1) as f64 }]
    }
}

#[napi]
impl NativeClient {
    #[napi]
    pub fn videos_create(&self, env: &Env, id: u32, body: String, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let body = parse_body(&body)?;
            let client = self.client.clone();
            let call = move || async move {
                let answer = client.videos().create(body, &options).await.map_err(to_napi)?;
                payload(&answer.to_json(), answer.request_id(), &[])
            };
            self.settler.spawn(env, id, call)
        })
    }

    #[napi]
    pub fn videos_retrieve(&self, env: &Env, id: u32, task: String, route_name: Option<String>, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let task = task_ref(&task)?;
            let route = route(route_name)?;
            let client = self.client.clone();
            let call = move || async move {
                let answer = client.videos().retrieve(task, route, &options).await.map_err(to_napi)?;
                payload(&answer.to_json(), answer.request_id(), &[])
            };
            self.settler.spawn(env, id, call)
        })
    }

    #[napi]
    pub fn videos_waiter(&self, task: String, deadline: Option<f64>, poll_interval: Option<f64>, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<NativeVideoWait> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let task = task_ref(&task)?;
            let wait = WaitOptions {
                deadline: millis(deadline, "deadline", Duration::from_secs(1800))?,
                poll_interval: millis(poll_interval, "pollInterval", Duration::from_secs(5))?,
            };
            let waiter = self.client.videos().waiter(task, &wait, &options).map_err(to_napi)?;
            Ok(NativeVideoWait { inner: Arc::new(tokio::sync::Mutex::new(waiter)) })
        })
    }

    /// Settles with `[null, task, changed, finished]`.
    #[napi]
    pub fn videos_wait_next(&self, env: &Env, id: u32, waiter: &NativeVideoWait) -> napi::Result<()> {
        sync_guard(|| {
            let inner = waiter.inner.clone();
            let call = move || async move {
                let step = inner.lock_owned().await.next().await.map_err(to_napi)?;
                let flags = [if step.changed { "true" } else { "false" }, if step.finished { "true" } else { "false" }];
                payload(&step.task.to_json(), None, &flags)
            };
            self.settler.spawn(env, id, call)
        })
    }

    /// Settles with `[null, path]`.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn videos_download(&self, env: &Env, id: u32, task: String, path: String, progress: Option<&NativeProgress>, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let task = task_ref(&task)?;
            let report: Option<ProgressFn> = progress.map(|p| {
                let (done, total) = (p.done.clone(), p.total.clone());
                Box::new(move |n: u64, t: Option<u64>| {
                    total.store(t.map_or(0, |t| t + 1), Ordering::Relaxed);
                    done.store(n, Ordering::Relaxed);
                }) as ProgressFn
            });
            let client = self.client.clone();
            let call = move || async move {
                let written = client.videos().download(task, path, report, &options).await.map_err(to_napi)?;
                payload(&Value::String(written.to_string_lossy().into_owned()), None, &[])
            };
            self.settler.spawn(env, id, call)
        })
    }
}
