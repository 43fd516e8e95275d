//! Client settings and per-call options from Python arguments (CONTRACT.md, Client and
//! Per-call options): seconds as numbers, headers and query as dicts of strings. Bad
//! values raise `TypeError`/`ValueError` naming the argument, before any request.

use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};
use tokenhot::RequestOptions;

use crate::convert;

/// What a client is built from; kept so a forked child can build its own client.
#[derive(Clone)]
pub struct Settings {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub timeout: Option<Duration>,
    pub connect_timeout: Option<Duration>,
    pub stream_idle_timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub default_headers: Vec<(String, String)>,
}

impl Settings {
    pub fn build(&self) -> tokenhot::Result<tokenhot::Client> {
        let mut builder = tokenhot::Client::builder()
            .user_agent(concat!("tokenhot-python/", env!("CARGO_PKG_VERSION")));
        if let Some(key) = &self.api_key {
            builder = builder.api_key(key);
        }
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url);
        }
        if let Some(t) = self.timeout {
            builder = builder.timeout(t);
        }
        if let Some(t) = self.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = self.stream_idle_timeout {
            builder = builder.stream_idle_timeout(t);
        }
        if let Some(n) = self.max_retries {
            builder = builder.max_retries(n);
        }
        for (name, value) in &self.default_headers {
            builder = builder.default_header(name, value);
        }
        builder.build()
    }
}

/// The per-call options every operation takes, as Python passed them.
pub struct CallOptions<'py> {
    pub timeout: Option<Bound<'py, PyAny>>,
    pub connect_timeout: Option<Bound<'py, PyAny>>,
    pub stream_idle_timeout: Option<Bound<'py, PyAny>>,
    pub max_retries: Option<Bound<'py, PyAny>>,
    pub extra_headers: Option<Bound<'py, PyAny>>,
    pub extra_query: Option<Bound<'py, PyAny>>,
    pub extra_body: Option<Bound<'py, PyAny>>,
}

impl CallOptions<'_> {
    pub fn to_request_options(&self) -> PyResult<RequestOptions> {
        let extra_body = match &self.extra_body {
            None => None,
            Some(obj) => {
                let dict = obj.cast::<PyDict>().map_err(|_| {
                    PyTypeError::new_err(format!("extra_body must be a dict, not {}", type_name(obj)))
                })?;
                Some(convert::dict_to_json_map(dict, "extra_body")?)
            }
        };
        Ok(RequestOptions {
            timeout: seconds(self.timeout.as_ref(), "timeout")?,
            connect_timeout: seconds(self.connect_timeout.as_ref(), "connect_timeout")?,
            stream_idle_timeout: seconds(self.stream_idle_timeout.as_ref(), "stream_idle_timeout")?,
            max_retries: retries(self.max_retries.as_ref(), "max_retries")?,
            extra_headers: string_pairs(self.extra_headers.as_ref(), "extra_headers", false)?,
            extra_query: string_pairs(self.extra_query.as_ref(), "extra_query", true)?,
            extra_body,
            cancel: None,
        })
    }
}

/// A positive, finite number of seconds.
pub fn seconds(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Duration>> {
    let Some(obj) = obj else { return Ok(None) };
    let secs = if obj.is_instance_of::<PyBool>() {
        None
    } else if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        Some(obj.extract::<f64>()?)
    } else {
        None
    };
    let Some(secs) = secs else {
        return Err(PyTypeError::new_err(format!("{name} must be a number of seconds, not {}", type_name(obj))));
    };
    if secs.is_nan() || secs <= 0.0 || secs.is_infinite() {
        return Err(PyValueError::new_err(format!("{name} must be a positive, finite number of seconds, got {secs}")));
    }
    Duration::try_from_secs_f64(secs)
        .map(Some)
        .map_err(|_| PyValueError::new_err(format!("{name} is too large: {secs} seconds")))
}

pub fn retries(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<u32>> {
    let Some(obj) = obj else { return Ok(None) };
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!("{name} must be an int, not {}", type_name(obj))));
    }
    match obj.extract::<i64>() {
        Ok(n) if (0..=i64::from(u32::MAX)).contains(&n) => Ok(Some(n as u32)),
        _ => Err(PyValueError::new_err(format!("{name} must be between 0 and {}, got {}", u32::MAX, obj))),
    }
}

/// A dict of str to str (for a query, numbers are accepted and written as Python
/// prints them).
pub fn string_pairs(obj: Option<&Bound<'_, PyAny>>, name: &str, numbers_ok: bool) -> PyResult<Vec<(String, String)>> {
    let Some(obj) = obj else { return Ok(Vec::new()) };
    let dict = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be a dict, not {}", type_name(obj))))?;
    let mut pairs = Vec::with_capacity(dict.len());
    for (key, value) in dict.iter() {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!("{name}: keys must be str, not {}", type_name(&key))));
        };
        let key = key.to_str()?.to_owned();
        let value = if let Ok(s) = value.cast::<PyString>() {
            s.to_str()?.to_owned()
        } else if numbers_ok
            && !value.is_instance_of::<PyBool>()
            && (value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>())
        {
            value.str()?.to_str()?.to_owned()
        } else {
            return Err(PyTypeError::new_err(format!("{name}[{key:?}] must be a str, not {}", type_name(&value))));
        };
        pairs.push((key, value));
    }
    Ok(pairs)
}

pub fn optional_str(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<String>> {
    obj.map(|obj| str_arg(obj, name)).transpose()
}

/// A required `str` argument; `TypeError` naming it otherwise.
pub fn str_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(s.to_str()?.to_owned()),
        Err(_) => Err(PyTypeError::new_err(format!("{name} must be a str, not {}", type_name(obj)))),
    }
}

/// A required `bool` argument (not merely truthy); `TypeError` naming it otherwise.
pub fn bool_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    match obj.cast::<PyBool>() {
        Ok(b) => Ok(b.is_true()),
        Err(_) => Err(PyTypeError::new_err(format!("{name} must be a bool, not {}", type_name(obj)))),
    }
}

pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}
