//! JS options to core settings. The JS face has already checked types and ranges
//! (so its errors name the JS option); the checks here only keep a bad value that
//! slipped through from panicking inside `Duration`.

use std::time::Duration;

use napi_derive::napi;
use serde_json::Value;
use tokenhot::{ClientBuilder, RequestOptions};

use crate::cancel::{core_token, CancelToken};
use crate::errors::invalid_argument;

/// `new Tokenhot({...})`, durations in milliseconds. Headers come as a flat
/// `[name, value, name, value, ...]` list, the cheapest shape to cross napi.
#[napi(object)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub timeout: Option<f64>,
    pub connect_timeout: Option<f64>,
    pub stream_idle_timeout: Option<f64>,
    pub max_retries: Option<u32>,
    pub default_headers: Option<Vec<String>>,
}

/// The second argument of every call, less `signal` (which arrives as a `CancelToken`).
/// `body` is the JSON text of the `extra_body` object.
#[napi(object)]
pub struct CallOptions {
    pub timeout: Option<f64>,
    pub connect_timeout: Option<f64>,
    pub stream_idle_timeout: Option<f64>,
    pub max_retries: Option<u32>,
    pub headers: Option<Vec<String>>,
    pub query: Option<Vec<String>>,
    pub body: Option<String>,
}

pub(crate) fn client_builder(options: ClientOptions) -> napi::Result<ClientBuilder> {
    let mut builder = tokenhot::Client::builder()
        .user_agent(format!("tokenhot-node/{}", env!("CARGO_PKG_VERSION")));
    if let Some(key) = options.api_key {
        builder = builder.api_key(key);
    }
    if let Some(url) = options.base_url {
        builder = builder.base_url(url);
    }
    if let Some(d) = millis(options.timeout, "timeout")? {
        builder = builder.timeout(d);
    }
    if let Some(d) = millis(options.connect_timeout, "connectTimeout")? {
        builder = builder.connect_timeout(d);
    }
    if let Some(d) = millis(options.stream_idle_timeout, "streamIdleTimeout")? {
        builder = builder.stream_idle_timeout(d);
    }
    if let Some(n) = options.max_retries {
        builder = builder.max_retries(n);
    }
    for (name, value) in pairs(options.default_headers, "defaultHeaders")? {
        builder = builder.default_header(name, value);
    }
    Ok(builder)
}

pub(crate) fn request_options(
    options: Option<CallOptions>,
    cancel: Option<&CancelToken>,
) -> napi::Result<RequestOptions> {
    let mut out = RequestOptions {
        cancel: core_token(cancel),
        ..RequestOptions::default()
    };
    let Some(options) = options else {
        return Ok(out);
    };
    out.timeout = millis(options.timeout, "timeout")?;
    out.connect_timeout = millis(options.connect_timeout, "connectTimeout")?;
    out.stream_idle_timeout = millis(options.stream_idle_timeout, "streamIdleTimeout")?;
    out.max_retries = options.max_retries;
    out.extra_headers = pairs(options.headers, "headers")?;
    out.extra_query = pairs(options.query, "query")?;
    out.extra_body = match options.body {
        None => None,
        Some(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => Some(map),
            _ => return Err(invalid_argument("body must be a plain object")),
        },
    };
    Ok(out)
}

/// The request body, JSON text made by the JS face.
pub(crate) fn parse_body(text: &str) -> napi::Result<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(invalid_argument("the request body must be a plain object")),
    }
}

fn millis(value: Option<f64>, name: &str) -> napi::Result<Option<Duration>> {
    match value {
        None => Ok(None),
        Some(ms) if ms.is_finite() && ms > 0.0 => Duration::try_from_secs_f64(ms / 1000.0)
            .map(Some)
            .map_err(|_| invalid_argument(format!("{name} is too large"))),
        Some(_) => Err(invalid_argument(format!(
            "{name} must be a positive, finite number of milliseconds"
        ))),
    }
}

fn pairs(flat: Option<Vec<String>>, name: &str) -> napi::Result<Vec<(String, String)>> {
    let Some(flat) = flat else {
        return Ok(Vec::new());
    };
    if flat.len() % 2 != 0 {
        return Err(invalid_argument(format!(
            "{name}: every name needs a value"
        )));
    }
    let mut out = Vec::with_capacity(flat.len() / 2);
    let mut items = flat.into_iter();
    while let (Some(name), Some(value)) = (items.next(), items.next()) {
        out.push((name, value));
    }
    Ok(out)
}
