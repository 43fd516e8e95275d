//! `client.videos`: create, retrieve, wait (core's poller, stepped from Python so
//! `on_progress` runs as plain Python) and download, for both clients.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use tokenhot::api::videos::{ProgressFn, Route, TaskRef, VideoTask, VideoWait, WaitOptions, WaitStep};
use tokenhot::RequestOptions;

use crate::client::NativeClient;
use crate::deliver::{complete, ToPython};
use crate::options::{seconds, type_name, CallOptions};
use crate::runtime::Lane;
use crate::{convert, panic};

/// A task answer: `(task_dict, request_id)`, the dict `{id, status, ..., raw}`.
struct TaskAnswer(tokenhot::Response<VideoTask>);

impl ToPython for TaskAnswer {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let data = convert::to_python(py, &self.0.to_json())?;
        let id = self.0.request_id().into_pyobject(py)?.into_any();
        Ok(PyTuple::new(py, [data, id])?.into_any())
    }
}

struct Step(WaitStep);

impl ToPython for Step {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let data = convert::to_python(py, &self.0.task.to_json())?;
        let changed = pyo3::types::PyBool::new(py, self.0.changed).to_owned().into_any();
        let finished = pyo3::types::PyBool::new(py, self.0.finished).to_owned().into_any();
        Ok(PyTuple::new(py, [data, changed, finished])?.into_any())
    }
}

struct Written(std::path::PathBuf);

impl ToPython for Written {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(PyString::new(py, &self.0.to_string_lossy()).into_any())
    }
}

fn options(opts: &Bound<'_, PyDict>) -> PyResult<RequestOptions> {
    let get = |name: &str| -> PyResult<Option<Bound<'_, PyAny>>> { Ok(opts.get_item(name)?.filter(|v| !v.is_none())) };
    CallOptions {
        timeout: get("timeout")?,
        connect_timeout: get("connect_timeout")?,
        stream_idle_timeout: get("stream_idle_timeout")?,
        max_retries: get("max_retries")?,
        extra_headers: get("extra_headers")?,
        extra_query: get("extra_query")?,
        extra_body: get("extra_body")?,
    }
    .to_request_options()
}

/// A task id (str) or a task dict as `VideoTask.to_native()` gives it.
fn task_ref(task: &Bound<'_, PyAny>) -> PyResult<TaskRef> {
    if let Ok(id) = task.extract::<String>() {
        return Ok(TaskRef::Id(id));
    }
    if let Ok(dict) = task.cast::<PyDict>() {
        let value = convert::to_json_arg(dict.as_any(), "task")?;
        if let Some(task) = VideoTask::from_json(&value) {
            return Ok(TaskRef::Task(task));
        }
    }
    Err(PyTypeError::new_err(format!("task must be a task id (str) or a VideoTask, not {}", type_name(task))))
}

fn route(name: Option<&str>) -> PyResult<Option<Route>> {
    match name {
        None => Ok(None),
        Some(name) => Route::parse(name)
            .map(Some)
            .ok_or_else(|| pyo3::exceptions::PyValueError::new_err(format!("route must be 'videos' or 'generations', not {name:?}"))),
    }
}

#[pyfunction]
pub fn videos_create<'py>(py: Python<'py>, client: &Bound<'py, NativeClient>, asynchronous: bool, body: &Bound<'py, PyDict>, opts: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let body = convert::to_json_arg(body.as_any(), "body")?;
        let options = options(opts)?;
        let lane = Lane::of(asynchronous, false);
        let core = client.get().core(py, lane)?;
        complete(py, lane, async move { core.videos().create(body, &options).await.map(TaskAnswer) })
    })
}

#[pyfunction]
#[pyo3(signature = (client, asynchronous, task, route_name, opts))]
pub fn videos_retrieve<'py>(py: Python<'py>, client: &Bound<'py, NativeClient>, asynchronous: bool, task: &Bound<'py, PyAny>, route_name: Option<String>, opts: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let task = task_ref(task)?;
        let route = route(route_name.as_deref())?;
        let options = options(opts)?;
        let lane = Lane::of(asynchronous, false);
        let core = client.get().core(py, lane)?;
        complete(py, lane, async move { core.videos().retrieve(task, route, &options).await.map(TaskAnswer) })
    })
}

/// Core's poller; `next()` returns `(task_dict, changed, finished)` (or an awaitable).
#[pyclass(module = "tokenhot._native")]
pub struct NativeVideoWait {
    inner: Arc<tokio::sync::Mutex<VideoWait>>,
    lane: Lane,
}

#[pymethods]
impl NativeVideoWait {
    fn next<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let inner = self.inner.clone();
            complete(py, self.lane, async move { inner.lock_owned().await.next().await.map(Step) })
        })
    }
}

#[pyfunction]
pub fn videos_waiter<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    task: &Bound<'py, PyAny>,
    deadline: &Bound<'py, PyAny>,
    poll_interval: &Bound<'py, PyAny>,
    opts: &Bound<'py, PyDict>,
) -> PyResult<NativeVideoWait> {
    panic::guard(py, || {
        let task = task_ref(task)?;
        let wait = WaitOptions {
            deadline: seconds(Some(deadline), "deadline")?.unwrap_or(Duration::from_secs(1800)),
            poll_interval: seconds(Some(poll_interval), "poll_interval")?.unwrap_or(Duration::from_secs(5)),
        };
        let options = options(opts)?;
        // Polls run on the shared runtime even for the sync client: the waiter's sleeps
        // and calls outlive one `next()`.
        let lane = if asynchronous { Lane::Async } else { Lane::BlockingStream };
        let core = client.get().core(py, lane)?;
        let waiter = core.videos().waiter(task, &wait, &options).map_err(|e| crate::errors::to_pyerr(py, e))?;
        Ok(NativeVideoWait { inner: Arc::new(tokio::sync::Mutex::new(waiter)), lane })
    })
}

/// Streams the video to `path`; `on_progress(done, total)` is called with the GIL
/// taken, and the first exception it raises is raised when the download ends.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, task, path, on_progress, opts))]
pub fn videos_download<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    task: &Bound<'py, PyAny>,
    path: std::path::PathBuf,
    on_progress: Option<Py<PyAny>>,
    opts: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let task = task_ref(task)?;
        let options = options(opts)?;
        let lane = Lane::of(asynchronous, false);
        let core = client.get().core(py, lane)?;
        let failure: Arc<Mutex<Option<PyErr>>> = Arc::new(Mutex::new(None));
        let report: Option<ProgressFn> = on_progress.map(|callback| {
            let failure = failure.clone();
            Box::new(move |done: u64, total: Option<u64>| {
                Python::attach(|py| {
                    let mut slot = failure.lock().unwrap_or_else(|e| e.into_inner());
                    if slot.is_none() {
                        if let Err(e) = callback.call1(py, (done, total)) {
                            *slot = Some(e);
                        }
                    }
                })
            }) as ProgressFn
        });
        complete(py, lane, async move {
            let written = core.videos().download(task, path, report, &options).await;
            if let Some(e) = failure.lock().unwrap_or_else(|e| e.into_inner()).take() {
                let text = Python::attach(|py| e.value(py).to_string());
                return Err(tokenhot::Error::new(tokenhot::ErrorKind::Internal, format!("on_progress raised: {text}")));
            }
            written.map(Written)
        })
    })
}
