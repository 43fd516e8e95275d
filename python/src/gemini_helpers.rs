//! The Gemini result helpers (`r.text`, `r.images()`, ...) and `tokenhot.image_part`,
//! computed by core's `gemini_helpers` so they mean the same in every language and
//! base64 is done in Rust (CONTRACT.md, Gemini helpers). Each takes the result's wire
//! dict.

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyMemoryView, PyString, PyTuple};
use serde_json::Value;
use tokenhot::api::gemini::helpers as core_helpers;

use crate::options::type_name;
use crate::{convert, errors, panic};

pub(crate) fn response(data: &Bound<'_, PyAny>) -> PyResult<Value> {
    match convert::to_json(data) {
        Ok(value) => Ok(value),
        // A str with a lone surrogate: a result keeps half an emoji a server split
        // between chunks, as json.loads does. `json.dumps` escapes it (`\ud83d`), and
        // the helpers read that as U+FFFD, as core does everywhere. Any other error,
        // or a failure here, is the conversion's own error.
        Err(error) if error.is_lone_surrogate() => lossy(data).ok_or_else(|| error.into_pyerr("response")),
        Err(error) => Err(error.into_pyerr("response")),
    }
}

fn lossy(data: &Bound<'_, PyAny>) -> Option<Value> {
    let py = data.py();
    let dumps = py.import(pyo3::intern!(py, "json")).ok()?.getattr(pyo3::intern!(py, "dumps")).ok()?;
    let text: String = dumps.call1((data,)).ok()?.extract().ok()?;
    tokenhot::json::lone_surrogates::from_str_lossy(&text).ok()
}

#[pyfunction]
pub fn gemini_text(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    panic::guard(py, || Ok(core_helpers::text(&response(data)?)))
}

#[pyfunction]
pub fn gemini_thought_text(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    panic::guard(py, || Ok(core_helpers::thought_text(&response(data)?)))
}

/// The `functionCall` objects as dicts (the face wraps them).
#[pyfunction]
pub fn gemini_function_calls<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    panic::guard(py, || {
        let calls = core_helpers::function_calls(&response(data)?);
        let items = calls.iter().map(|c| convert::to_python(py, c)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    })
}

/// Inline images as a list of `(bytes, mime_type)`; invalid base64 raises `APIError`.
#[pyfunction]
pub fn gemini_images<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    panic::guard(py, || {
        let value = response(data)?;
        let images = py.detach(|| core_helpers::images(&value)).map_err(|e| errors::to_pyerr(py, e))?;
        let items = images
            .iter()
            .map(|(bytes, mime)| PyTuple::new(py, [PyBytes::new(py, bytes).into_any(), PyString::new(py, mime).into_any()]))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    })
}

#[pyfunction]
pub fn gemini_image_urls(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    panic::guard(py, || Ok(core_helpers::image_urls(&response(data)?)))
}

/// `tokenhot.image_part(path_or_bytes, mime_type=None)`: an `inlineData` part dict.
/// Bytes-like values are the image itself; a `str` or `os.PathLike` is a file to read
/// (with the GIL released). Without a MIME type it comes from the file extension or
/// the bytes' signature.
#[pyfunction]
#[pyo3(signature = (image, mime_type=None))]
pub fn image_part<'py>(py: Python<'py>, image: &Bound<'py, PyAny>, mime_type: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    panic::guard(py, || {
        let part = if let Ok(bytes) = image.cast::<PyBytes>() {
            let bytes = bytes.as_bytes();
            py.detach(|| core_helpers::image_part(bytes, mime_type))
        } else if let Ok(array) = image.cast::<PyByteArray>() {
            let bytes = array.to_vec();
            py.detach(|| core_helpers::image_part(&bytes, mime_type))
        } else if image.is_instance_of::<PyString>() || image.hasattr(pyo3::intern!(py, "__fspath__"))? {
            let path: PathBuf = image.extract()?;
            py.detach(|| core_helpers::image_part_from_path(&path, mime_type))
        } else if image.is_instance_of::<PyMemoryView>() {
            // `bytes(view)` copies the buffer once.
            let copied = py.get_type::<PyBytes>().call1((image,))?;
            let bytes = copied.cast::<PyBytes>()?.as_bytes().to_vec();
            py.detach(|| core_helpers::image_part(&bytes, mime_type))
        } else {
            return Err(PyTypeError::new_err(format!("image must be bytes or a file path, not {}", type_name(image))));
        };
        let part = part.map_err(|e| errors::to_pyerr(py, e))?;
        convert::to_python(py, &part)
    })
}
