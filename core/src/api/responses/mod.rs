//! OpenAI Responses: `POST /v1/responses` (plain and streamed), `GET`, `POST .../cancel`
//! and `DELETE /v1/responses/{id}`.
//!
//! Typed request and response models for Rust callers, each keeping the fields it does
//! not name in `extra`; output item kinds and statuses are open enums. The bindings use
//! the `_raw` operations, which take and return the wire JSON itself.

pub mod accumulate;
mod model;

use http::Method;
use serde_json::Value;

pub use accumulate::{ResponsesAccumulator, ResponsesStream};
pub use model::*;

use crate::api::gemini::encode_path_segment;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{ApiRequest, Call, JsonBody, Response};
use crate::json::{decode, to_body};
use crate::options::RequestOptions;

const PATH: &str = "/v1/responses";

/// `client.responses()`.
pub struct Responses<'a> {
    pub(crate) client: &'a Client,
}

impl Responses<'_> {
    pub async fn create(&self, request: &ResponseRequest) -> Result<Response<ResponseObject>> {
        self.create_with(request, &RequestOptions::default()).await
    }

    pub async fn create_with(&self, request: &ResponseRequest, options: &RequestOptions) -> Result<Response<ResponseObject>> {
        self.create_raw(to_body(request)?, options).await?.try_map(|v| decode(v, "response"))
    }

    /// Sends the request with `stream: true` and waits for the response head.
    pub async fn stream(&self, request: &ResponseRequest) -> Result<ResponsesStream> {
        self.stream_with(request, &RequestOptions::default()).await
    }

    pub async fn stream_with(&self, request: &ResponseRequest, options: &RequestOptions) -> Result<ResponsesStream> {
        self.stream_raw(to_body(request)?, options).await
    }

    pub async fn retrieve(&self, id: &str) -> Result<Response<ResponseObject>> {
        self.retrieve_raw(id, &RequestOptions::default()).await?.try_map(|v| decode(v, "response"))
    }

    pub async fn cancel(&self, id: &str) -> Result<Response<ResponseObject>> {
        self.cancel_raw(id, &RequestOptions::default()).await?.try_map(|v| decode(v, "response"))
    }

    pub async fn delete(&self, id: &str) -> Result<()> {
        self.delete_raw(id, &RequestOptions::default()).await.map(|_| ())
    }

    /// The wire-level calls the bindings use: JSON in, JSON out.
    pub async fn create_raw(&self, body: Value, options: &RequestOptions) -> Result<Response<Value>> {
        Call::new(self.client, create_request(body, false)?, options)?.json().await
    }

    pub async fn stream_raw(&self, body: Value, options: &RequestOptions) -> Result<ResponsesStream> {
        let call = Call::new(self.client, create_request(body, true)?, options)?;
        ResponsesStream::open(call).await
    }

    pub async fn retrieve_raw(&self, id: &str, options: &RequestOptions) -> Result<Response<Value>> {
        Call::new(self.client, by_id(Method::GET, id, "")?, options)?.json().await
    }

    pub async fn cancel_raw(&self, id: &str, options: &RequestOptions) -> Result<Response<Value>> {
        Call::new(self.client, by_id(Method::POST, id, "/cancel")?, options)?.json().await
    }

    /// Deletes a stored response; the answer (`{id, object, deleted}` or nothing) is
    /// returned for the bindings to drop.
    pub async fn delete_raw(&self, id: &str, options: &RequestOptions) -> Result<Response<Value>> {
        Call::new(self.client, by_id(Method::DELETE, id, "")?, options)?.json_or_null().await
    }
}

/// Checks the body's required fields and sets `stream` to match the operation.
fn create_request(body: Value, stream: bool) -> Result<ApiRequest> {
    let Value::Object(mut map) = body else {
        return Err(Error::invalid_argument("the response request must be a JSON object"));
    };
    match map.get("model") {
        Some(Value::String(model)) if !model.is_empty() => {}
        Some(Value::String(_)) => return Err(Error::invalid_argument("model must not be empty")),
        Some(_) => return Err(Error::invalid_argument("model must be a string")),
        None => return Err(Error::invalid_argument("model is required")),
    }
    match map.get("input") {
        None | Some(Value::String(_)) | Some(Value::Array(_)) => {}
        Some(_) => return Err(Error::invalid_argument("input must be a string or a list of input items")),
    }
    if stream {
        map.insert("stream".into(), Value::Bool(true));
    } else {
        map.remove("stream");
    }
    Ok(ApiRequest { method: Method::POST, path: PATH.into(), body: Some(JsonBody::Value(Value::Object(map))), headers: vec![], stream })
}

fn by_id(method: Method, id: &str, suffix: &str) -> Result<ApiRequest> {
    if id.trim().is_empty() {
        return Err(Error::invalid_argument("response id must not be empty"));
    }
    let path = format!("{PATH}/{}{suffix}", encode_path_segment(id));
    Ok(ApiRequest { method, path, body: None, headers: vec![], stream: false })
}

/// `output_text` (CONTRACT, Responses): the `text` of every `output_text` part of every
/// `message` item, joined with `""`; `""` when there is none.
pub fn output_text(response: &Value) -> String {
    let mut text = String::new();
    let items = response.get("output").and_then(Value::as_array).into_iter().flatten();
    for item in items.filter(|i| i.get("type").and_then(Value::as_str) == Some("message")) {
        for part in item.get("content").and_then(Value::as_array).into_iter().flatten() {
            if part.get("type").and_then(Value::as_str) == Some("output_text") {
                if let Some(t) = part.get("text").and_then(Value::as_str) {
                    text.push_str(t);
                }
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_and_checks() {
        assert_eq!(by_id(Method::POST, "resp_1", "/cancel").unwrap().path, "/v1/responses/resp_1/cancel");
        assert_eq!(by_id(Method::GET, "a/b", "").unwrap().path, "/v1/responses/a%2Fb");
        assert!(by_id(Method::GET, " ", "").is_err());
        assert!(create_request(json!({"input": "hi"}), false).is_err());
        assert!(create_request(json!({"model": "m", "input": 3}), false).is_err());
        let r = create_request(json!({"model": "m", "input": "hi", "stream": true}), false).unwrap();
        let Some(JsonBody::Value(body)) = r.body else { panic!() };
        assert_eq!(body, json!({"model": "m", "input": "hi"}));
    }

    #[test]
    fn output_text_joins_message_text_parts() {
        let r = json!({"output": [
            {"type": "reasoning", "summary": [{"type": "summary_text", "text": "no"}]},
            {"type": "message", "content": [{"type": "output_text", "text": "a"}, {"type": "refusal", "refusal": "x"}, {"type": "output_text", "text": "b"}]},
            {"type": "message", "content": [{"type": "output_text", "text": "c"}]}
        ]});
        assert_eq!(output_text(&r), "abc");
        assert_eq!(output_text(&json!({"output": null})), "");
    }
}
