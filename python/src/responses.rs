//! `client.responses.create(...)` (sync and async, plain and streamed), `retrieve`,
//! `cancel`, `delete`, and the `output_text` helper (computed by core).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
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
#[pyo3(signature = (client, asynchronous, model, input, params, stream, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn responses_create<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    model: &Bound<'py, PyAny>,
    input: &Bound<'py, PyAny>,
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
        let body = request_body(model, input, params)?;
        let options = options.to_request_options()?;
        let lane = Lane::of(asynchronous, streamed);
        let core = client.get().core(py, lane)?;
        if streamed {
            complete(py, lane, open_stream(core, body, options))
        } else {
            complete(py, lane, async move { core.responses().create_raw(body, &options).await })
        }
    })
}

async fn open_stream(core: tokenhot::Client, body: Value, options: RequestOptions) -> tokenhot::Result<stream::Opened> {
    core.responses().stream_raw(body, &options).await.map(stream::opened)
}

/// `model`, `input` (when given), then the other body fields in keyword order.
fn request_body(model: &Bound<'_, PyAny>, input: &Bound<'_, PyAny>, params: &Bound<'_, PyDict>) -> PyResult<Value> {
    let model = str_arg(model, "model")?;
    let mut body = Map::with_capacity(params.len() + 2);
    body.insert("model".into(), Value::String(model));
    if !input.is_none() {
        if !input.is_instance_of::<PyString>() && !input.is_instance_of::<PyList>() && !input.is_instance_of::<PyTuple>() {
            return Err(PyTypeError::new_err(format!("input must be a str or a list of input items, not {}", type_name(input))));
        }
        body.insert("input".into(), convert::to_json_arg(input, "input")?);
    }
    body.extend(convert::dict_to_json_map(params, "")?);
    Ok(Value::Object(body))
}

/// `retrieve`, `cancel` or `delete` (`op`) of the response `id`: `(wire_dict,
/// request_id)`, or `None` for `delete`; an awaitable of it when `asynchronous`.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, op, id, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn responses_by_id<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    op: &str,
    id: &Bound<'py, PyAny>,
    timeout: Option<Bound<'py, PyAny>>,
    connect_timeout: Option<Bound<'py, PyAny>>,
    stream_idle_timeout: Option<Bound<'py, PyAny>>,
    max_retries: Option<Bound<'py, PyAny>>,
    extra_headers: Option<Bound<'py, PyAny>>,
    extra_query: Option<Bound<'py, PyAny>>,
    extra_body: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let options = CallOptions { timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body }
            .to_request_options()?;
        let id = str_arg(id, "response_id")?;
        let lane = Lane::of(asynchronous, false);
        let core = client.get().core(py, lane)?;
        let op = match op {
            "retrieve" => Op::Retrieve,
            "cancel" => Op::Cancel,
            "delete" => Op::Delete,
            other => return Err(PyTypeError::new_err(format!("unknown operation {other}"))),
        };
        complete(py, lane, async move {
            let responses = core.responses();
            Ok(match op {
                Op::Retrieve => ByIdAnswer(Some(responses.retrieve_raw(&id, &options).await?)),
                Op::Cancel => ByIdAnswer(Some(responses.cancel_raw(&id, &options).await?)),
                Op::Delete => {
                    responses.delete_raw(&id, &options).await?;
                    ByIdAnswer(None)
                }
            })
        })
    })
}

enum Op {
    Retrieve,
    Cancel,
    Delete,
}

/// A response's answer, or nothing (`delete`).
struct ByIdAnswer(Option<tokenhot::Response<Value>>);

impl ToPython for ByIdAnswer {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        match self.0 {
            Some(answer) => answer.to_python(py),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

/// `Response.output_text`, by core's `output_text`.
#[pyfunction]
pub fn responses_output_text(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    panic::guard(py, || {
        let value = convert::to_json(data).map_err(|e| e.into_pyerr("response"))?;
        Ok(tokenhot::api::responses::output_text(&value))
    })
}
