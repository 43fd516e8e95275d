//! Polling a task to its end (CONTRACT.md, Videos: `wait`). The loop lives here once;
//! each binding only calls `next()` and hands a changed task to its own callback, so
//! a callback's exception is the binding's own and cancellation is the usual one
//! (dropping the future of `next()` stops everything, sleeps included).

use std::time::Duration;

use http::HeaderMap;
use tokio::time::Instant;

use super::task::{TaskStatus, VideoTask};
use super::{TaskRef, Videos};
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::seconds;
use crate::options::RequestOptions;

/// How long to wait and how often to poll.
#[derive(Debug, Clone)]
pub struct WaitOptions {
    /// Bounds the whole wait (the per-call `timeout` still bounds each poll).
    pub deadline: Duration,
    /// Used when the server gives no hint.
    pub poll_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions { deadline: Duration::from_secs(1800), poll_interval: Duration::from_secs(5) }
    }
}

/// What one `next()` saw: the task, whether its status or progress changed since the
/// last step, and whether it completed (a failure is an error instead).
#[derive(Debug, Clone)]
pub struct WaitStep {
    pub task: VideoTask,
    pub changed: bool,
    pub finished: bool,
}

pub struct VideoWait {
    client: Client,
    task: TaskRef,
    options: RequestOptions,
    deadline: Instant,
    total: Duration,
    interval: Duration,
    /// When the next poll may go out (`None`: now).
    next_poll: Option<Instant>,
    last: Option<VideoTask>,
    done: bool,
}

/// A server hint is raised to at least this much.
const MIN_HINT: Duration = Duration::from_secs(1);

impl VideoWait {
    pub(crate) fn new(client: Client, task: TaskRef, wait: &WaitOptions, options: RequestOptions) -> Result<VideoWait> {
        if wait.deadline.is_zero() {
            return Err(Error::invalid_argument("deadline must be greater than zero"));
        }
        if wait.poll_interval.is_zero() {
            return Err(Error::invalid_argument("poll_interval must be greater than zero"));
        }
        if task.id().trim().is_empty() {
            return Err(Error::invalid_argument("the video task id must not be empty"));
        }
        let last = match &task {
            TaskRef::Task(task) => Some(task.clone()),
            TaskRef::Id(_) => None,
        };
        Ok(VideoWait {
            client,
            task,
            options,
            deadline: Instant::now() + wait.deadline,
            total: wait.deadline,
            interval: wait.poll_interval,
            next_poll: None,
            last,
            done: false,
        })
    }

    /// The last task seen (the one given, before the first poll).
    pub fn last(&self) -> Option<&VideoTask> {
        self.last.as_ref()
    }

    /// Polls until the task changed (status or progress) or finished.
    pub async fn next(&mut self) -> Result<WaitStep> {
        if self.done {
            return Err(Error::invalid_argument("this wait has already ended"));
        }
        let result = self.step().await;
        if !matches!(&result, Ok(step) if !step.finished) {
            self.done = true;
        }
        result
    }

    async fn step(&mut self) -> Result<WaitStep> {
        // A task handed in already finished needs no poll.
        if self.next_poll.is_none() {
            if let Some(task) = self.last.clone() {
                if task.status.is_finished() {
                    return finished(task, false);
                }
            }
        }
        loop {
            if let Some(at) = self.next_poll {
                let until = at.min(self.deadline);
                self.cancellable(tokio::time::sleep_until(until)).await?;
                if Instant::now() >= self.deadline {
                    return Err(self.timed_out());
                }
            }
            let videos = Videos { client: &self.client };
            let poll = videos.retrieve(self.task.clone(), None, &self.options);
            let outcome = match tokio::time::timeout_at(self.deadline, poll).await {
                Ok(outcome) => outcome,
                Err(_) => return Err(self.timed_out()),
            };
            let hint = match &outcome {
                Ok(answer) => poll_hint(answer.headers()),
                Err(e) => poll_hint(e.headers()),
            };
            self.next_poll = Some(Instant::now() + hint.unwrap_or(self.interval));
            let task = match outcome {
                Ok(answer) => answer.into_inner(),
                // A flaky poll is ridden out: the next one comes on schedule.
                Err(e) if e.is_retryable() => continue,
                Err(e) => return Err(e),
            };
            let changed = self.last.as_ref().is_none_or(|last| last.status != task.status || last.progress != task.progress);
            self.last = Some(task.clone());
            // Later polls go to the route the task was first read from.
            self.task = TaskRef::Task(task.clone());
            if task.status.is_finished() {
                return finished(task, changed);
            }
            if changed {
                return Ok(WaitStep { task, changed, finished: false });
            }
        }
    }

    async fn cancellable<T>(&self, fut: impl std::future::Future<Output = T>) -> Result<T> {
        match &self.options.cancel {
            None => Ok(fut.await),
            Some(token) => tokio::select! {
                biased;
                _ = token.cancelled() => Err(Error::cancelled()),
                out = fut => Ok(out),
            },
        }
    }

    fn timed_out(&self) -> Error {
        let id = self.task.id();
        let status = self.last.as_ref().map_or("not polled yet", |t| t.status.as_str());
        let error = Error::timeout(format!("the video task {id} did not finish within {} (last status: {status})", seconds(self.total)));
        match &self.last {
            Some(task) => error.with_task(task.clone()),
            None => error,
        }
    }
}

fn finished(task: VideoTask, changed: bool) -> Result<WaitStep> {
    if task.status != TaskStatus::Failed {
        return Ok(WaitStep { task, changed, finished: true });
    }
    let (code, message) = match &task.error {
        Some(e) => (e.code.clone(), e.message.clone()),
        None => (None, None),
    };
    let text = format!("the video task {} failed: {}", task.id, message.as_deref().unwrap_or("no reason given"));
    Err(Error::new(ErrorKind::TaskFailed, text).with_details(code, None, None).with_body(Some(task.raw.clone())).with_task(task))
}

/// `openai-poll-after-ms`, else `retry-after` seconds, raised to at least 1 s.
fn poll_hint(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0);
    let hint = number("openai-poll-after-ms").map(|ms| Duration::from_secs_f64(ms / 1000.0)).or_else(|| number("retry-after").map(|s| Duration::from_secs_f64(s.min(3600.0))))?;
    Some(hint.max(MIN_HINT))
}
