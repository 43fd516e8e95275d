//! `NativeStream`: one streamed call of any family (chat completions, Gemini), shared
//! by `Stream` and `AsyncStream`.
//!
//! Core's read-ahead pump (`tokenhot::read_ahead`) reads the events while Python is
//! busy with the previous batch. Python crosses into Rust once per batch (everything
//! buffered), never once per event (DESIGN.md, Performance architecture), and a batch
//! that is ready when asked for is handed over at once: the async face then awaits
//! nothing, so a fast stream costs no asyncio future and no wake-up of the event loop
//! per batch. The face's generator flattens the batches. `close()` may come from
//! another thread or task while a read waits: that read then reports a clean end.

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::prelude::*;
use pyo3::types::PyDict;
use tokenhot::stream::Accumulate;
use tokenhot::read_ahead::{self, Events, ReadAhead};
use tokenhot::AccumulatingStream;

use crate::deliver::{deliver, ToPython};
use crate::fork::ForkOwned;
use crate::{aio, errors, panic, runtime};

/// Starts reading `stream` ahead (on the runtime that runs the caller's future).
pub fn opened<A: Accumulate + 'static>(stream: AccumulatingStream<A>) -> Opened {
    Opened(NativeStream { read_ahead: ForkOwned::new(read_ahead::start(stream)), closed: AtomicBool::new(false) })
}

/// An open stream on its way to Python. Dropped on the way (its awaiting task was
/// cancelled), it closes the stream.
pub struct Opened(NativeStream);

impl ToPython for Opened {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(Bound::new(py, self.0)?.into_any())
    }
}

/// A batch's text pieces: a list of `str`, `None` at the end.
struct Texts(Option<Vec<String>>);

impl ToPython for Texts {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        match self.0 {
            None => Ok(py.None().into_bound(py)),
            Some(texts) => Ok(pyo3::types::PyList::new(py, texts)?.into_any()),
        }
    }
}

#[pyclass(frozen, module = "tokenhot._native")]
pub struct NativeStream {
    /// Belongs to the process that opened the stream: a forked child neither reads
    /// it nor drops it (its locks and sockets are the parent's).
    read_ahead: ForkOwned<ReadAhead>,
    /// Kept here rather than asked of `read_ahead`: its cancel token takes a lock, which
    /// a forked child must not touch.
    closed: AtomicBool,
}

const FORKED: &str = "a stream opened before os.fork() cannot be read in the child";

impl NativeStream {
    fn local(&self, py: Python<'_>) -> PyResult<&ReadAhead> {
        if self.read_ahead.is_local() {
            Ok(&self.read_ahead)
        } else {
            Err(errors::to_pyerr(py, tokenhot::Error::internal(FORKED)))
        }
    }
}

impl ToPython for Option<Events> {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        self.map(|batch| batch.events).to_python(py)
    }
}

#[pymethods]
impl NativeStream {
    /// The next batch of chunk dicts, or `None` at the end (blocking, GIL released
    /// only when nothing is buffered).
    fn next_batch<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let read_ahead = self.local(py)?;
            let batch = match read_ahead.try_take() {
                Some(ready) => ready,
                None => runtime::wait(py, runtime::Lane::BlockingStream, read_ahead.next_batch())?,
            };
            deliver(py, batch)
        })
    }

    /// The batch buffered now as a list, `None` at the end, or, when nothing is
    /// buffered yet, an awaitable of the next batch (or of `None`).
    fn next_batch_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let read_ahead = self.local(py)?;
            match read_ahead.try_take() {
                Some(ready) => deliver(py, ready),
                None => {
                    let read_ahead = read_ahead.clone();
                    aio::into_awaitable(py, async move { read_ahead.next_batch().await })
                }
            }
        })
    }

    /// `next_batch` for a text stream: the text of the next batch's events as a list of
    /// `str` (core decides what is text; a batch without any gives `[]`), `None` at the end.
    fn next_text_batch<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let read_ahead = self.local(py)?;
            let batch = match read_ahead.try_take() {
                Some(ready) => ready,
                None => runtime::wait(py, runtime::Lane::BlockingStream, read_ahead.next_batch())?,
            };
            deliver(py, batch.map(|b| Texts(b.map(|b| read_ahead.texts(&b)))))
        })
    }

    /// `next_batch_async` for a text stream.
    fn next_text_batch_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let read_ahead = self.local(py)?;
            match read_ahead.try_take() {
                Some(ready) => deliver(py, ready.map(|b| Texts(b.map(|b| read_ahead.texts(&b))))),
                None => {
                    let read_ahead = read_ahead.clone();
                    aio::into_awaitable(py, async move {
                        let batch = read_ahead.next_batch().await?;
                        Ok(Texts(batch.map(|b| read_ahead.texts(&b))))
                    })
                }
            }
        })
    }

    /// Reads the rest and returns the accumulated result (the family's non-streamed
    /// answer) as a wire dict; raises if the stream did not end normally.
    fn final_result<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            let read_ahead = self.local(py)?;
            let result = runtime::wait(py, runtime::Lane::BlockingStream, read_ahead.final_raw())?;
            deliver(py, result)
        })
    }

    fn final_result_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        panic::guard(py, || {
            aio::into_awaitable(py, self.local(py)?.final_raw())
        })
    }

    /// Closes the connection now; later reads end the stream. Safe to call twice and
    /// from another thread while a read is in flight.
    fn close(&self) {
        self.closed.store(true, Ordering::Release);
        if self.read_ahead.is_local() {
            self.read_ahead.close();
        }
    }

    #[getter]
    fn closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    #[getter]
    fn request_id(&self) -> Option<String> {
        self.read_ahead.head().request_id.clone()
    }

    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let head = self.read_ahead.head();
        errors::headers_dict(py, &head.headers)
    }
}

impl Drop for NativeStream {
    /// Collected without `close()`: stop the pump, which would otherwise keep the
    /// connection open.
    fn drop(&mut self) {
        if self.read_ahead.is_local() {
            self.read_ahead.close();
        }
    }
}
