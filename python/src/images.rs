//! `client.images`: `generate`, `edit` (plain and streamed), `fetch` and `save`, for
//! both clients.
//!
//! Only conversion happens here: a path (`str` / `os.PathLike`), bytes, or a
//! `(filename, bytes[, mime_type])` tuple becomes a core `FileInput`; core checks the
//! files (readable, typed), builds the multipart form, reads and decodes the images and
//! writes them to disk (CONTRACT.md, Images).

use std::path::PathBuf;

use bytes::Bytes;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString, PyTuple};
use serde_json::{Map, Value};
use tokenhot::api::images::one_mask;
use tokenhot::api::media::FileInput;
use tokenhot::RequestOptions;

use crate::client::NativeClient;
use crate::deliver::{complete, ToPython};
use crate::options::{bool_arg, type_name, CallOptions};
use crate::runtime::Lane;
use crate::{convert, panic, stream};

/// `(wire_dict, request_id)`, or a `NativeStream` when `stream` is true; an awaitable
/// of it when `asynchronous`. `params` are the body fields in keyword order.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, params, stream, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn images_generate<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
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
        let options = CallOptions { timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body }
            .to_request_options()?;
        let streamed = bool_arg(stream, "stream")?;
        let body = Value::Object(convert::dict_to_json_map(params, "")?);
        let lane = Lane::of(asynchronous, streamed);
        let core = client.get().core(py, lane)?;
        if streamed {
            complete(py, lane, async move { core.images().generate_stream_raw(body, &options).await.map(stream::opened) })
        } else {
            complete(py, lane, async move { core.images().generate_raw(body, &options).await })
        }
    })
}

/// `edit`: like `images_generate`, with `image` (one file or a list) and `mask` (one
/// file) converted to core file inputs; `params` are the other form fields.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, image, mask, params, stream, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None, extra_body=None))]
#[allow(clippy::too_many_arguments)]
pub fn images_edit<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    image: &Bound<'py, PyAny>,
    mask: Option<Bound<'py, PyAny>>,
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
        let options = CallOptions { timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body }
            .to_request_options()?;
        let streamed = bool_arg(stream, "stream")?;
        let images = file_list(image, "image")?;
        let masks = match mask {
            None => vec![],
            Some(mask) if mask.is_none() => vec![],
            Some(mask) => file_list(&mask, "mask")?,
        };
        let mask = one_mask(masks).map_err(|e| PyValueError::new_err(e.message().to_string()))?;
        let fields: Map<String, Value> = convert::dict_to_json_map(params, "")?;
        let lane = Lane::of(asynchronous, streamed);
        let core = client.get().core(py, lane)?;
        if streamed {
            complete(py, lane, async move { core.images().edit_stream_raw(fields, images, mask, &options).await.map(stream::opened) })
        } else {
            complete(py, lane, async move { core.images().edit_raw(fields, images, mask, &options).await })
        }
    })
}

/// One file, or (for a list) each of them, named `image[i]` in errors.
fn file_list(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<FileInput>> {
    if obj.is_instance_of::<PyList>() {
        return obj.try_iter()?.enumerate().map(|(i, item)| file_input(&item?, &format!("{name}[{i}]"))).collect();
    }
    Ok(vec![file_input(obj, name)?])
}

/// A path, bytes, or `(filename, bytes[, mime_type])`.
fn file_input(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<FileInput> {
    if let Some(data) = bytes_of(obj)? {
        return Ok(FileInput::bytes(data));
    }
    if obj.is_instance_of::<PyString>() || obj.hasattr(pyo3::intern!(obj.py(), "__fspath__"))? {
        let path: PathBuf = obj.extract().map_err(|e| PyTypeError::new_err(format!("{name}: not a usable file path ({e})")))?;
        return Ok(FileInput::path(path));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        if tuple.len() == 2 || tuple.len() == 3 {
            let filename = tuple.get_item(0)?;
            let filename: String = filename
                .extract()
                .map_err(|_| PyTypeError::new_err(format!("{name}[0] (the filename) must be a str, not {}", type_name(&filename))))?;
            let data = tuple.get_item(1)?;
            let data = bytes_of(&data)?
                .ok_or_else(|| PyTypeError::new_err(format!("{name}[1] (the file's bytes) must be bytes, not {}", type_name(&data))))?;
            let mut input = FileInput::named(filename, data);
            if tuple.len() == 3 {
                let mime = tuple.get_item(2)?;
                if !mime.is_none() {
                    let mime: String = mime
                        .extract()
                        .map_err(|_| PyTypeError::new_err(format!("{name}[2] (the mime type) must be a str, not {}", type_name(&mime))))?;
                    input = input.with_mime_type(mime);
                }
            }
            return Ok(input);
        }
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a path (str or os.PathLike), bytes, or a (filename, bytes[, mime_type]) tuple, not {}",
        type_name(obj)
    )))
}

/// The bytes of a bytes-like object, or `None` for anything else. A `bytes` object is
/// shared with Rust, not copied (core sends it from Python's own buffer); a
/// `bytearray` (mutable) and a `memoryview` are copied once.
fn bytes_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<Bytes>> {
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        let backed: PyBackedBytes = obj.extract()?;
        return Ok(Some(Bytes::from_owner(backed)));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        let copied = obj.py().get_type::<PyBytes>().call1((obj,))?;
        let backed: PyBackedBytes = copied.extract()?;
        return Ok(Some(Bytes::from_owner(backed)));
    }
    Ok(None)
}

/// `fetch(item_or_url)`: `(bytes, mime_type)`, or an awaitable of it.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, item, max_bytes=None, timeout=None))]
pub fn images_fetch<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    item: &Bound<'py, PyAny>,
    max_bytes: Option<usize>,
    timeout: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let item = convert::to_json_arg(item, "item")?;
        let options = timeout_only(timeout)?;
        let lane = Lane::of(asynchronous, false);
        let core = client.get().core(py, lane)?;
        complete(py, lane, async move {
            let (data, mime) = core.images().fetch_raw(&item, max_bytes, &options).await?;
            Ok(Image(data, mime))
        })
    })
}

/// `save(result_or_item, path)`: the written paths as `str`, or an awaitable of them.
#[pyfunction]
#[pyo3(signature = (client, asynchronous, result, path, timeout=None))]
pub fn images_save<'py>(
    py: Python<'py>,
    client: &Bound<'py, NativeClient>,
    asynchronous: bool,
    result: &Bound<'py, PyAny>,
    path: &Bound<'py, PyAny>,
    timeout: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let result = convert::to_json_arg(result, "result")?;
        if !(path.is_instance_of::<PyString>() || path.hasattr(pyo3::intern!(py, "__fspath__"))?) {
            return Err(PyTypeError::new_err(format!("path must be a str or os.PathLike, not {}", type_name(path))));
        }
        let path: PathBuf = path.extract()?;
        let options = timeout_only(timeout)?;
        let lane = Lane::of(asynchronous, false);
        let core = client.get().core(py, lane)?;
        complete(py, lane, async move { core.images().save_raw(&result, &path, &options).await.map(Paths) })
    })
}

fn timeout_only(timeout: Option<Bound<'_, PyAny>>) -> PyResult<RequestOptions> {
    CallOptions {
        timeout,
        connect_timeout: None,
        stream_idle_timeout: None,
        max_retries: None,
        extra_headers: None,
        extra_query: None,
        extra_body: None,
    }
    .to_request_options()
}

struct Image(Bytes, String);

impl ToPython for Image {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let data = PyBytes::new(py, &self.0).into_any();
        let mime = PyString::new(py, &self.1).into_any();
        Ok(PyTuple::new(py, [data, mime])?.into_any())
    }
}

struct Paths(Vec<PathBuf>);

impl ToPython for Paths {
    fn to_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let items = self.0.iter().map(|p| p.to_string_lossy().into_owned()).collect::<Vec<_>>();
        Ok(PyList::new(py, items)?.into_any())
    }
}
