//! `NativeStream`: one streamed call of any family (chat completions, Gemini), shared
//! by `Stream` and `AsyncStream`.
//!
//! Python crosses into Rust once per batch (everything one network read produced),
//! never once per event (DESIGN.md, Performance architecture); the face's generator
//! flattens the batches. `close()` may come from another thread or task while a read
//! is in flight, so it fires the call's cancel token (core then drops the connection)
//! and the interrupted read reports a clean end instead of an error.
//!
//! The reading logic is generic over core's `Accumulate` (how a family folds its
//! chunks); a pyclass cannot be generic, so `NativeStream` holds it behind the small
//! object-safe `Reader` trait.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use http::HeaderMap;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;
use tokenhot::api::accumulating_stream::Accumulate;
use tokenhot::{AccumulatingStream, CancellationToken, RequestOptions, StreamEvent};

use crate::deliver::{deliver, ToPython};
use crate::fork::ForkOwned;
use crate::{aio, errors, panic, runtime};

type BoxFuture<T> = Pin<Box<dyn Future<Output = tokenhot::Result<T>> + Send>>;

/// Gives a streamed call its cancel token, sends it with `send` and waits for the
/// response head.
pub async fn open<A, F, Fut>(mut options: RequestOptions, send: F) -> tokenhot::Result<Opened<A>>
where
    A: Accumulate + 'static,
    F: FnOnce(RequestOptions) -> Fut,
    Fut: Future<Output = tokenhot::Result<AccumulatingStream<A>>>,
{
    let cancel = CancellationToken::new();
    options.cancel = Some(cancel.clone());
    let stream = send(options).await?;
    Ok(Opened { stream, cancel })
}

pub struct Opened<A: Accumulate> {
    stream: AccumulatingStream<A>,
    cancel: CancellationToken,
}

impl<A: Accumulate + 'static> ToPython for Opened<A> {
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
    shared: Arc<dyn Reader>,
}

/// What `NativeStream` needs of a stream, whatever its family.
trait Reader: Send + Sync {
    fn read_batch(self: Arc<Self>) -> BoxFuture<Option<Vec<StreamEvent>>>;
    fn final_raw(self: Arc<Self>) -> BoxFuture<Value>;
    fn close(&self);
    fn closed(&self) -> bool;
    fn head(&self) -> std::sync::MutexGuard<'_, Head>;
}

struct Shared<A: Accumulate> {
    stream: tokio::sync::Mutex<ForkOwned<AccumulatingStream<A>>>,
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

const FORKED: &str = "a stream opened before os.fork() cannot be read in the child";

impl<A: Accumulate + 'static> Reader for Shared<A> {
    fn read_batch(self: Arc<Self>) -> BoxFuture<Option<Vec<StreamEvent>>> {
        Box::pin(async move {
            let mut stream = self.stream.lock().await;
            if !stream.is_local() {
                return Err(tokenhot::Error::internal(FORKED));
            }
            if self.closed.load(Ordering::Acquire) {
                stream.close();
                return Ok(None);
            }
            let batch = stream.next_batch().await;
            if self.closed.load(Ordering::Acquire) {
                // Closed while this read waited: its cancellation error is no error.
                stream.close();
                return Ok(None);
            }
            let mut head = self.head();
            if head.request_id.as_deref() != stream.request_id() {
                head.request_id = stream.request_id().map(str::to_owned);
                head.headers = stream.headers().clone();
            }
            drop(head);
            batch
        })
    }

    fn final_raw(self: Arc<Self>) -> BoxFuture<Value> {
        Box::pin(async move {
            let mut stream = self.stream.lock().await;
            if !stream.is_local() {
                return Err(tokenhot::Error::internal(FORKED));
            }
            stream.final_raw().await
        })
    }

    fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.cancel.cancel();
        if let Ok(mut stream) = self.stream.try_lock() {
            if stream.is_local() {
                stream.close();
            }
        }
    }

    fn closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    fn head(&self) -> std::sync::MutexGuard<'_, Head> {
        self.head.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[pymethods]
impl NativeStream {
    /// The next batch of chunk dicts, or `None` at the end (blocking, GIL released).
    fn next_batch<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let batch = runtime::wait(py, runtime::Lane::BlockingStream, self.shared.clone().read_batch())?;
            deliver(py, batch)
        })
    }

    /// An awaitable of the next batch, or of `None` at the end.
    fn next_batch_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || aio::into_awaitable(py, self.shared.clone().read_batch()))
    }

    /// Reads the rest and returns the accumulated result (the family's non-streamed
    /// answer) as a wire dict; raises if the stream did not end normally.
    fn final_result<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let result = runtime::wait(py, runtime::Lane::BlockingStream, self.shared.clone().final_raw())?;
            deliver(py, result)
        })
    }

    fn final_result_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || aio::into_awaitable(py, self.shared.clone().final_raw()))
    }

    /// Closes the connection now; later reads end the stream. Safe to call twice and
    /// from another thread while a read is in flight.
    fn close(&self) {
        self.shared.close();
    }

    #[getter]
    fn closed(&self) -> bool {
        self.shared.closed()
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
