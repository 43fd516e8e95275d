//! `client.messages.create(...)` (sync and async, plain and streamed),
//! `client.messages.count_tokens(...)` and the `Message.text` helper.
//!
//! The body goes to core as given, in keyword order: core checks `model`, `messages` and
//! `max_tokens`, adds `anthropic-version` and classifies the stream's error events
//! (CONTRACT.md, Messages). Here only type mistakes are caught, as `TypeError`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyTuple};
use serde_json::{Map, Value};
use tokenhot::RequestOptions;

use crate::client::NativeClient;
use crate::deliver::complete;
use crate::options::{bool_arg, str_arg, type_name, CallOptions};
use crate::runtime::Lane;
use crate::{convert, panic, stream};

/// A `(wire_dict, request_id)` tuple, or a `NativeStream` when `stream` is true; an
/// awaitable of it when `asynchronous`. Bad input raises before anything is sent.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, model, max_tokens, messages, params, stream, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn messages_create<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    model: &Bound<'py, PyAny>,
    max_tokens: &Bound<'py, PyAny>,
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
        let streamed = bool_arg(stream, "stream")?;
        if max_tokens.is_instance_of::<PyBool>() || !max_tokens.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!("max_tokens must be an int, not {}", type_name(max_tokens))));
        }
        let mut body = head(model, messages, params.len() + 1)?;
        body.insert("max_tokens".into(), convert::to_json_arg(max_tokens, "max_tokens")?);
        body.extend(convert::dict_to_json_map(params, "")?);
        let call = Prepared::new(py, client, asynchronous, streamed, body, &options)?;
        if streamed {
            complete(py, call.lane, call.open_stream())
        } else {
            complete(py, call.lane, call.send())
        }
    })
}

/// `(wire_dict, request_id)` of `POST /v1/messages/count_tokens`, or an awaitable of it.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, model, messages, params, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn messages_count_tokens<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    model: &Bound<'py, PyAny>,
    messages: &Bound<'py, PyAny>,
    params: &Bound<'py, PyDict>,
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
        let mut body = head(model, messages, params.len())?;
        body.extend(convert::dict_to_json_map(params, "")?);
        let call = Prepared::new(py, client, asynchronous, false, body, &options)?;
        complete(py, call.lane, call.count_tokens())
    })
}

/// `Message.text`: core's join of the `text` blocks, from the result's wire dict.
#[pyfunction]
pub fn messages_text(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    panic::guard(py, || {
        // Read as the Gemini helpers read a result (a lone surrogate kept from a split
        // emoji included).
        Ok(tokenhot::api::messages::message_text(&crate::gemini_helpers::response(data)?))
    })
}

/// `model` and `messages` first, type-checked; the other fields follow in keyword order.
fn head(model: &Bound<'_, PyAny>, messages: &Bound<'_, PyAny>, more: usize) -> PyResult<Map<String, Value>> {
    let model = str_arg(model, "model")?;
    if !messages.is_instance_of::<PyList>() && !messages.is_instance_of::<PyTuple>() {
        return Err(PyTypeError::new_err(format!("messages must be a list of messages, not {}", type_name(messages))));
    }
    let mut body = Map::with_capacity(more + 2);
    body.insert("model".into(), Value::String(model));
    body.insert("messages".into(), convert::to_json_arg(messages, "messages")?);
    Ok(body)
}

/// A checked call, ready to send: everything that can fail on bad input in Python has
/// run (core checks the body's shape when it is sent, still before any I/O).
struct Prepared {
    core: tokenhot::Client,
    body: Value,
    lane: Lane,
    options: RequestOptions,
}

impl Prepared {
    fn new(
        py: Python<'_>,
        client: &Bound<'_, NativeClient>,
        asynchronous: bool,
        streamed: bool,
        body: Map<String, Value>,
        options: &CallOptions<'_>,
    ) -> PyResult<Prepared> {
        let options = options.to_request_options()?;
        let lane = Lane::of(asynchronous, streamed);
        let core = client.get().core(py, lane)?;
        Ok(Prepared { core, body: Value::Object(body), lane, options })
    }

    async fn send(self) -> tokenhot::Result<tokenhot::Response<Value>> {
        self.core.messages().create_raw(self.body, &self.options).await
    }

    async fn count_tokens(self) -> tokenhot::Result<tokenhot::Response<Value>> {
        self.core.messages().count_tokens_raw(self.body, &self.options).await
    }

    async fn open_stream(self) -> tokenhot::Result<stream::Opened> {
        let Prepared { core, body, options, .. } = self;
        core.messages().stream_raw(body, &options).await.map(stream::opened)
    }
}
