//! A core error as a plain JSON description, carried to JS in a rejected promise's
//! message behind a marker. The JS face (`lib/errors.js`) decodes it into the class of
//! CONTRACT.md's table; napi-rs alone would only give a `GenericFailure` Error.

use http::HeaderMap;
use napi::Status;
use serde_json::{json, Map, Value};

/// Prefix of every message the JS face must decode; keep in sync with `lib/errors.js`.
pub(crate) const NATIVE_ERROR_MARK: &str = "tokenhot-native-error:";

/// The napi error that carries `error` to the JS face.
pub(crate) fn to_napi(error: tokenhot::Error) -> napi::Error {
    napi::Error::new(
        Status::GenericFailure,
        format!("{NATIVE_ERROR_MARK}{}", describe(&error)),
    )
}

/// An invalid argument found by the binding itself (same path as core's own).
pub(crate) fn invalid_argument(message: impl Into<String>) -> napi::Error {
    to_napi(tokenhot::Error::new(
        tokenhot::ErrorKind::InvalidArgument,
        message,
    ))
}

fn describe(error: &tokenhot::Error) -> String {
    let mut description = json!({
        "class": error.kind().class_name(),
        "message": error.message(),
        "status": error.status(),
        "request_id": error.request_id(),
        "code": error.code(),
        "type": error.error_type(),
        "param": error.param(),
        "body": error.body(),
        "headers": headers_object(error.headers()),
        "attempts": error.attempts(),
    });
    if let (Some(task), Value::Object(map)) = (error.task(), &mut description) {
        map.insert("task".into(), task.to_json());
    }
    if let (Some(cause), Value::Object(map)) = (error.cause_text(), &mut description) {
        map.insert("cause".into(), Value::String(cause));
    }
    description.to_string()
}

/// Response headers as one object, lower-case names; repeated headers joined by ", "
/// as the Fetch API does.
pub(crate) fn headers_object(headers: &HeaderMap) -> Value {
    let mut map = Map::with_capacity(headers.keys_len());
    for (name, value) in headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        match map.get_mut(name.as_str()) {
            Some(Value::String(joined)) => {
                joined.push_str(", ");
                joined.push_str(&value);
            }
            _ => {
                map.insert(name.as_str().to_string(), Value::String(value.into_owned()));
            }
        }
    }
    Value::Object(map)
}
