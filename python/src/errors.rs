//! Core errors as the exception classes of `tokenhot._exceptions` (CONTRACT.md,
//! Errors). The classes are defined in Python, so they pickle and subclass like any
//! Python exception; they are looked up once and cached.


use pyo3::exceptions::{PyConnectionError, PyRuntimeError, PyTimeoutError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use tokenhot::ErrorKind;

use crate::convert;

/// The classes raised from Rust, by CONTRACT.md name.
const CLASS_NAMES: [&str; 16] = [
    "TokenhotError",
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RequestTooLargeError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "StreamError",
    "APIConnectionError",
    "APITimeoutError",
    "TaskFailedError",
    "APIUserAbortError",
];

static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    let classes = CLASSES.get_or_try_init(py, || {
        let module = py.import("tokenhot._exceptions")?;
        CLASS_NAMES
            .iter()
            .map(|n| Ok(module.getattr(*n)?.cast_into::<PyType>()?.unbind()))
            .collect::<PyResult<Vec<_>>>()
    })?;
    let index = CLASS_NAMES.iter().position(|n| *n == name).unwrap_or(0);
    Ok(classes[index].bind(py).clone())
}

/// The Python exception for a core error. Invalid arguments become `ValueError`
/// (type mistakes are caught as `TypeError` before core sees them).
pub fn to_pyerr(py: Python<'_>, error: tokenhot::Error) -> PyErr {
    if error.kind() == ErrorKind::InvalidArgument {
        return PyValueError::new_err(error.message().to_string());
    }
    match build(py, &error) {
        Ok(exception) => exception,
        // Only if the Python face is broken; keep the message at least.
        Err(why) => PyRuntimeError::new_err(format!("{error} (and it could not be raised as a tokenhot exception: {why})")),
    }
}

fn build(py: Python<'_>, error: &tokenhot::Error) -> PyResult<PyErr> {
    let cls = class(py, error.kind().class_name())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("status_code", error.status())?;
    kwargs.set_item("request_id", error.request_id())?;
    kwargs.set_item("code", optional_json(py, error.code())?)?;
    kwargs.set_item("type", error.error_type())?;
    kwargs.set_item("param", optional_json(py, error.param())?)?;
    kwargs.set_item("body", optional_json(py, error.body())?)?;
    kwargs.set_item("headers", headers_dict(py, error.headers())?)?;
    kwargs.set_item("attempts", error.attempts())?;
    let instance = cls.call((error.message(),), Some(&kwargs))?;
    if let Some(task) = error.task() {
        // The video task a failed task or a timed-out wait is about.
        let class = py.import("tokenhot.types.video_task")?.getattr("VideoTask")?;
        instance.setattr("task", class.call1((convert::to_python(py, &task.to_json())?,))?)?;
    }
    let exception = PyErr::from_value(instance);
    if let Some(text) = error.cause_text() {
        exception.set_cause(py, Some(cause(error.kind(), text)));
    }
    Ok(exception)
}

/// `__cause__`: the lower-level failure core saw, as a builtin exception carrying its
/// description chain (Rust error types have no Python class of their own).
fn cause(kind: ErrorKind, text: String) -> PyErr {
    match kind {
        ErrorKind::Timeout => PyTimeoutError::new_err(text),
        ErrorKind::Connection => PyConnectionError::new_err(text),
        _ => PyRuntimeError::new_err(text),
    }
}

fn optional_json<'py>(py: Python<'py>, value: Option<&serde_json::Value>) -> PyResult<Option<Bound<'py, PyAny>>> {
    value.map(|v| convert::to_python(py, v)).transpose()
}

/// Response headers as a dict of lower-case name to value (repeated headers joined
/// with ", ", as HTTP allows).
pub fn headers_dict<'py>(py: Python<'py>, headers: &http::HeaderMap) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for name in headers.keys() {
        let joined = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect::<Vec<_>>()
            .join(", ");
        dict.set_item(name.as_str(), joined)?;
    }
    Ok(dict)
}

/// `TokenhotError` with a message, for failures the binding itself detects.
pub fn tokenhot_error(py: Python<'_>, message: &str) -> PyErr {
    to_pyerr(py, tokenhot::Error::new(ErrorKind::Internal, message))
}
