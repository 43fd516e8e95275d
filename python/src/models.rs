//! `client.models.list()`, for both clients.

use pyo3::prelude::*;

use crate::client::NativeClient;
use crate::deliver::complete;
use crate::options::CallOptions;
use crate::panic;
use crate::runtime::Lane;

/// `(wire_dict, request_id)`, or an awaitable of it when `asynchronous`.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn models_list<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
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
        let lane = Lane::of(asynchronous, false);
        let core = client.get().core(py, lane)?;
        complete(py, lane, async move { core.models().list(&options).await })
    })
}

