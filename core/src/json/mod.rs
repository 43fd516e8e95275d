//! JSON helpers every family shares: lenient readers that keep what the server sent,
//! lone-surrogate repair, open enums, and the one way a model is encoded or decoded.

pub mod lone_surrogates;
pub(crate) mod open_enum;
pub mod partial;
pub(crate) mod raw;

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};

/// Encodes a request model; a failure is the caller's (a non-string map key, say).
pub(crate) fn to_body<T: serde::Serialize>(request: &T) -> Result<Value> {
    serde_json::to_value(request).map_err(|e| Error::invalid_argument(format!("the request cannot be encoded: {e}")))
}

/// Decodes a wire value into a typed model; a mismatch is the server's fault.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(value: Value, what: &str) -> Result<T> {
    serde_json::from_value(value).map_err(|e| unexpected_shape(what, e))
}

/// `decode` from JSON text.
pub(crate) fn decode_text<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    lone_surrogates::from_str_lossy(text).map_err(|e| unexpected_shape(what, e))
}

fn unexpected_shape(what: &str, e: serde_json::Error) -> Error {
    Error::new(ErrorKind::Api, format!("the gateway's {what} does not have the expected shape: {e}"))
}
