//! `NativeStream`: one streamed chat completion, shared by `Stream` and `AsyncStream`.
//!
//! Python crosses into Rust once per batch (everything one network read produced),
//! never once per event (DESIGN.md, Performance architecture); the face's generator
//! flattens the batches. `close()` may come from another thread or task while a read
//! is in flight, so it fires the call's cancel token (core then drops the connection)
//! and the interrupted read reports a clean end instead of an error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use http::HeaderMap;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;
use tokenhot::{CancellationToken, ChatStream, RequestOptions, StreamEvent};

use crate::deliver::{deliver, ToPython};
use crate::fork::ForkOwned;
use crate::{aio, errors, panic, runtime};

/// Sends a streamed chat call and waits for the response head.
pub async fn open(core: tokenhot::Client, body: Value, mut options: RequestOptions) -> tokenhot::Result<Opened> {
    let cancel = CancellationToken::new();
    options.cancel = Some(cancel.clone());
    let stream = core.chat().completions().stream_raw(body, &options).await?;
    Ok(Opened { stream, cancel })
}

pub struct Opened {
    stream: ChatStream,
    cancel: CancellationToken,
}

impl ToPython for Opened {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let head = Head { request_id: self.stream.request_id().map(str::to_owned), headers: self.stream.headers().clone() };
        let shared = Shared {
            stream: tokio::sync::Mutex::new(ForkOwned::new(self.stream)),
            cancel: self.cancel,
            closed: AtomicBool::new(false),
            head: Mutex::new(head),
        };
        Ok(Bound::new(py, NativeStream { shared: Arc::new(shared) })?.into_any())
    }
}

#[pyclass(frozen, module = "tokenhot._native")]
pub struct NativeStream {
    shared: Arc<Shared>,
}

struct Shared {
    stream: tokio::sync::Mutex<ForkOwned<ChatStream>>,
    cancel: CancellationToken,
    closed: AtomicBool,
    /// What the latest response head said; a retry before the first event may
    /// replace it. Readable while a read holds `stream`.
    head: Mutex<Head>,
}

struct Head {
    request_id: Option<String>,
    headers: HeaderMap,
}

impl Shared {
    fn head(&self) -> std::sync::MutexGuard<'_, Head> {
        self.head.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

async fn read_batch(shared: Arc<Shared>) -> tokenhot::Result<Option<Vec<StreamEvent>>> {
    let mut stream = shared.stream.lock().await;
    if !stream.is_local() {
        return Err(tokenhot::Error::internal("a stream opened before os.fork() cannot be read in the child"));
    }
    if shared.closed.load(Ordering::Acquire) {
        stream.close();
        return Ok(None);
    }
    let batch = stream.next_batch().await;
    if shared.closed.load(Ordering::Acquire) {
        // Closed while this read waited: its cancellation error is no error.
        stream.close();
        return Ok(None);
    }
    let mut head = shared.head();
    if head.request_id.as_deref() != stream.request_id() {
        head.request_id = stream.request_id().map(str::to_owned);
        head.headers = stream.headers().clone();
    }
    drop(head);
    batch
}

async fn final_completion(shared: Arc<Shared>) -> tokenhot::Result<Value> {
    let mut stream = shared.stream.lock().await;
    if !stream.is_local() {
        return Err(tokenhot::Error::internal("a stream opened before os.fork() cannot be read in the child"));
    }
    stream.final_completion_raw().await
}

#[pymethods]
impl NativeStream {
    /// The next batch of chunk dicts, or `None` at the end (blocking, GIL released).
    fn next_batch<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let batch = runtime::wait(py, read_batch(self.shared.clone()))?;
            deliver(py, batch)
        })
    }

    /// An awaitable of the next batch, or of `None` at the end.
    fn next_batch_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || aio::into_awaitable(py, read_batch(self.shared.clone())))
    }

    /// Reads the rest and returns the accumulated completion as a wire dict; raises if
    /// the stream did not end normally.
    fn final_completion<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let completion = runtime::wait(py, final_completion(self.shared.clone()))?;
            deliver(py, completion)
        })
    }

    fn final_completion_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || aio::into_awaitable(py, final_completion(self.shared.clone())))
    }

    /// Closes the connection now; later reads end the stream. Safe to call twice and
    /// from another thread while a read is in flight.
    fn close(&self) {
        self.shared.closed.store(true, Ordering::Release);
        self.shared.cancel.cancel();
        if let Ok(mut stream) = self.shared.stream.try_lock() {
            if stream.is_local() {
                stream.close();
            }
        }
    }

    #[getter]
    fn closed(&self) -> bool {
        self.shared.closed.load(Ordering::Acquire)
    }

    #[getter]
    fn request_id(&self) -> Option<String> {
        self.shared.head().request_id.clone()
    }

    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let head = self.shared.head();
        errors::headers_dict(py, &head.headers)
    }
}
