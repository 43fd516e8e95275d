//! A plain call's answer as it crosses to JS: the wire JSON as text (key order kept,
//! unknown keys included) for one `JSON.parse`, and the request id beside it.

use napi_derive::napi;
use serde_json::Value;

use crate::errors::to_napi;

#[napi(object)]
pub struct RawResult {
    pub json: String,
    pub request_id: Option<String>,
}

pub(crate) fn raw_result(value: &Value, request_id: Option<&str>) -> napi::Result<RawResult> {
    let json = serde_json::to_string(value).map_err(|e| to_napi(tokenhot::Error::internal(e)))?;
    Ok(RawResult {
        json,
        request_id: request_id.map(str::to_string),
    })
}
