//! `client.gemini.generate_content(...)` (sync and async, plain and streamed) and
//! `client.gemini.fetch_image(...)`.
//!
//! The body goes to core as given: core renames known snake_case keys to the wire's
//! camelCase, accepts plain strings for `contents` / `system_instruction` and checks
//! the model id, so Python and Node behave alike (CONTRACT.md, Gemini helpers).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};
use tokenhot::RequestOptions;

use crate::client::NativeClient;
use crate::deliver::{complete, ToPython};
use crate::options::{bool_arg, str_arg, type_name, CallOptions};
use crate::runtime::Lane;
use crate::{convert, panic, stream};

/// A `(wire_dict, request_id)` tuple, or a `NativeStream` when `stream` is true; an
/// awaitable of it when `asynchronous`. Bad input raises before anything is sent.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, model, contents, params, stream, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn gemini_generate<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    model: &Bound<'py, PyAny>,
    contents: &Bound<'py, PyAny>,
    params: &Bound<'py, PyDict>,
    stream: &Bound<'py, PyAny>,
    timeout: Option<Bound<'py, PyAny>>,
    connect_timeout: Option<Bound<'py, PyAny>>,
    stream_idle_timeout: Option<Bound<'py, PyAny>>,
    max_retries: Option<Bound<'py, PyAny>>,
    extra_headers: Option<Bound<'py, PyAny>>,
    extra_query: Option<Bound<'py, PyAny>>,
    extra_body: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let options = CallOptions { timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body };
        let call = prepare(py, client, asynchronous, model, contents, params, stream, &options)?;
        if call.streamed {
            complete(py, call.lane, call.open_stream())
        } else {
            complete(py, call.lane, call.send())
        }
    })
}


/// A checked call, ready to send: everything that can fail on bad input in Python has
/// run (core checks the body's shape when it is sent, still before any I/O).
struct Prepared {
    core: tokenhot::Client,
    model: String,
    body: Value,
    streamed: bool,
    lane: Lane,
    options: RequestOptions,
}

impl Prepared {
    async fn send(self) -> tokenhot::Result<tokenhot::Response<Value>> {
        self.core.gemini().generate_content_raw(&self.model, self.body, &self.options).await
    }

    async fn open_stream(self) -> tokenhot::Result<stream::Opened> {
        let Prepared { core, model, body, options, .. } = self;
        core.gemini().stream_generate_content_raw(&model, body, &options).await.map(stream::opened)
    }
}

#[allow(clippy::too_many_arguments)]
fn prepare(
    py: Python<'_>,
    client: &Bound<'_, NativeClient>,
    asynchronous: bool,
    model: &Bound<'_, PyAny>,
    contents: &Bound<'_, PyAny>,
    params: &Bound<'_, PyDict>,
    stream: &Bound<'_, PyAny>,
    options: &CallOptions<'_>,
) -> PyResult<Prepared> {
    let streamed = bool_arg(stream, "stream")?;
    let model = str_arg(model, "model")?;
    let is_contents = contents.is_instance_of::<PyString>()
        || contents.is_instance_of::<PyList>()
        || contents.is_instance_of::<PyTuple>()
        || contents.is_instance_of::<PyDict>();
    if !is_contents {
        return Err(PyTypeError::new_err(format!(
            "contents must be a str or a list of contents, not {}",
            type_name(contents)
        )));
    }
    // `contents` first, then the other body fields in keyword order.
    let mut body = Map::with_capacity(params.len() + 1);
    body.insert("contents".into(), convert::to_json_arg(contents, "contents")?);
    body.extend(convert::dict_to_json_map(params, "")?);
    let options = options.to_request_options()?;
    let lane = Lane::of(asynchronous, streamed);
    let core = client.get().core(py, lane)?;
    Ok(Prepared { core, model, body: Value::Object(body), streamed, lane, options })
}

/// `fetch_image`: `(bytes, mime_type)`, or an awaitable of it when `asynchronous`.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, url, max_bytes=None, timeout=None))]
pub fn gemini_fetch_image<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    url: &Bound<'py, PyAny>,
    max_bytes: Option<Bound<'py, PyAny>>,
    timeout: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let lane = Lane::of(asynchronous, false);
        let fetch = prepare_fetch(py, client, lane, url, max_bytes, timeout)?;
        complete(py, lane, fetch.run())
    })
}


struct Fetch {
    core: tokenhot::Client,
    url: String,
    max_bytes: Option<usize>,
    options: RequestOptions,
}

impl Fetch {
    async fn run(self) -> tokenhot::Result<Image> {
        let (data, mime_type) = self.core.gemini().fetch_image(&self.url, self.max_bytes, &self.options).await?;
        Ok(Image(data, mime_type))
    }
}

fn prepare_fetch(
    py: Python<'_>,
    client: &Bound<'_, NativeClient>,
    lane: Lane,
    url: &Bound<'_, PyAny>,
    max_bytes: Option<Bound<'_, PyAny>>,
    timeout: Option<Bound<'_, PyAny>>,
) -> PyResult<Fetch> {
    let url = str_arg(url, "url")?;
    let max_bytes = match max_bytes {
        None => None,
        Some(n) if n.is_instance_of::<PyBool>() || !n.is_instance_of::<PyInt>() => {
            return Err(PyTypeError::new_err(format!("max_bytes must be an int, not {}", type_name(&n))));
        }
        Some(n) => match n.extract::<usize>() {
            Ok(n) if n > 0 => Some(n),
            _ => return Err(PyValueError::new_err(format!("max_bytes must be a positive int, got {n}"))),
        },
    };
    let options = CallOptions {
        timeout,
        connect_timeout: None,
        stream_idle_timeout: None,
        max_retries: None,
        extra_headers: None,
        extra_query: None,
        extra_body: None,
    }
    .to_request_options()?;
    let core = client.get().core(py, lane)?;
    Ok(Fetch { core, url, max_bytes, options })
}

/// A downloaded image: `(bytes, mime_type)` in Python.
struct Image(bytes::Bytes, String);

impl ToPython for Image {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let data = PyBytes::new(py, &self.0).into_any();
        let mime = PyString::new(py, &self.1).into_any();
        Ok(PyTuple::new(py, [data, mime])?.into_any())
    }
}
