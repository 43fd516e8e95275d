//! Turning a finished core result into Python objects: one trait for "what this value
//! looks like in Python", used by the blocking path and by the asyncio bridge alike.

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::Value;

use crate::runtime::Lane;
use crate::{convert, errors};

pub trait ToPython {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>>;
}

impl ToPython for () {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(py.None().into_bound(py))
    }
}

/// A plain JSON result (e.g. a final completion): its dict.
impl ToPython for Value {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        convert::to_python(py, &self)
    }
}

/// A non-streamed answer: `(wire_dict, request_id)`; the face wraps it in its class.
impl ToPython for tokenhot::Response<Value> {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let data = convert::to_python(py, &self)?;
        with_request_id(py, data, self.request_id())
    }
}

/// The same from an answer core left as JSON text: the dict is built straight from the
/// text (`json_text`).
impl ToPython for tokenhot::Response<bytes::Bytes> {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let data = crate::json_text::to_python(py, &self)?;
        with_request_id(py, data, self.request_id())
    }
}

fn with_request_id<'py>(py: Python<'py>, data: Bound<'py, PyAny>, request_id: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyTuple::new(py, [data, request_id.into_pyobject(py)?.into_any()])?.into_any())
}

/// One batch of stream events as a list of wire dicts; `None` at the end.
impl ToPython for Option<Vec<tokenhot::StreamEvent>> {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        match self {
            None => Ok(py.None().into_bound(py)),
            Some(events) => {
                let texts = events.iter().map(|e| e.data.as_str());
                Ok(crate::json_text::list_to_python(py, texts)?.into_any())
            }
        }
    }
}

/// A core result on its way to Python: the value, or its error raised as the
/// matching exception. The asyncio bridge converts it while it holds the GIL to
/// resolve the future, so an error costs no extra GIL acquisition.
pub struct Deliver<T>(pub tokenhot::Result<T>);

impl<'py, T: ToPython> IntoPyObject<'py> for Deliver<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        deliver(py, self.0)
    }
}

pub fn deliver<T: ToPython>(py: Python<'_>, result: tokenhot::Result<T>) -> PyResult<Bound<'_, PyAny>> {
    match result {
        Ok(value) => value.to_python(py),
        Err(error) => Err(errors::to_pyerr(py, error)),
    }
}

/// Runs `fut` for a sync call (waiting here, GIL released, answer converted) or an
/// async one (an awaitable), so each operation is one native function for both clients.
pub fn complete<'py, F, T>(py: Python<'py>, lane: Lane, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: std::future::Future<Output = tokenhot::Result<T>> + Send + 'static,
    T: ToPython + Send + 'static,
{
    if lane == Lane::Async {
        crate::aio::into_awaitable(py, fut)
    } else {
        let result = crate::runtime::wait(py, lane, fut)?;
        deliver(py, result)
    }
}
