//! `client.chat.completions.create(...)`, sync and async, plain and streamed.

use futures_util::future::lazy;
use futures_util::FutureExt;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::{Map, Value};
use tokenhot::RequestOptions;

use crate::client::NativeClient;
use crate::deliver::complete;
use crate::options::{bool_arg, str_arg, type_name, CallOptions};
use crate::runtime::Lane;
use crate::{convert, panic, stream};

/// A `(wire_dict, request_id)` tuple, or a `NativeStream` when `stream` is true; an
/// awaitable of it when `asynchronous`. Arguments are checked first either way, so bad
/// input raises before anything is sent.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, model, messages, params, stream, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn chat_create<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    model: &Bound<'py, PyAny>,
    messages: &Bound<'py, PyAny>,
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
        let Prepared { core, body, streamed, lane, options } = prepare(py, client, asynchronous, model, messages, params, stream, &options)?;
        if streamed {
            complete(py, lane, open_stream(core, body, options))
        } else {
            // Prepared on the runtime at the first poll, and then the future is the
            // call's own: an `async` block awaiting it would also keep the client, body
            // and options for the whole call.
            complete(py, lane, lazy(move |_| core.chat().completions().create_text(body, &options)).flatten())
        }
    })
}


/// Sends a streamed chat call and waits for the response head.
async fn open_stream(core: tokenhot::Client, body: Value, options: RequestOptions) -> tokenhot::Result<stream::Opened> {
    core.chat().completions().stream_raw(body, &options).await.map(stream::opened)
}

/// A checked call, ready to send: everything that can fail on bad input has run.
struct Prepared {
    core: tokenhot::Client,
    body: Value,
    streamed: bool,
    lane: Lane,
    options: RequestOptions,
}

#[allow(clippy::too_many_arguments)]
fn prepare(
    py: Python<'_>,
    client: &Bound<'_, NativeClient>,
    asynchronous: bool,
    model: &Bound<'_, PyAny>,
    messages: &Bound<'_, PyAny>,
    params: &Bound<'_, PyDict>,
    stream: &Bound<'_, PyAny>,
    options: &CallOptions<'_>,
) -> PyResult<Prepared> {
    let (body, streamed) = request_body(model, messages, params, stream)?;
    let options = options.to_request_options()?;
    let lane = Lane::of(asynchronous, streamed);
    let core = client.get().core(py, lane)?;
    Ok(Prepared { core, body, streamed, lane, options })
}

/// The JSON body in keyword order: `model`, `messages`, then the other body fields.
/// Type mistakes in the two required fields are caught here, as `TypeError`.
fn request_body(
    model: &Bound<'_, PyAny>,
    messages: &Bound<'_, PyAny>,
    params: &Bound<'_, PyDict>,
    stream: &Bound<'_, PyAny>,
) -> PyResult<(Value, bool)> {
    let streamed = bool_arg(stream, "stream")?;
    let model = str_arg(model, "model")?;
    if !messages.is_instance_of::<PyList>() && !messages.is_instance_of::<PyTuple>() {
        return Err(PyTypeError::new_err(format!("messages must be a list of messages, not {}", type_name(messages))));
    }
    let mut body = Map::with_capacity(params.len() + 3);
    body.insert("model".into(), Value::String(model));
    body.insert("messages".into(), convert::to_json_arg(messages, "messages")?);
    body.extend(convert::dict_to_json_map(params, "")?);
    Ok((Value::Object(body), streamed))
}
