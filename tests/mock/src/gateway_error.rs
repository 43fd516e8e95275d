//! Error bodies in the gateway's OpenAI-style shape:
//! `{"error":{"message","type","param","code"}}`.

use bytes::Bytes;
use serde_json::{json, Value};

pub(crate) fn body(message: &str, kind: &str, param: Option<&str>, code: Option<&str>) -> Bytes {
    let value = json!({
        "error": {
            "message": message,
            "type": kind,
            "param": param.map_or(Value::Null, Value::from),
            "code": code.map_or(Value::Null, Value::from),
        }
    });
    Bytes::from(value.to_string())
}

/// A 400 of the kind the gateway gives for a bad request body.
pub(crate) fn invalid_request(message: &str, param: Option<&str>) -> Bytes {
    body(message, "invalid_request_error", param, None)
}
