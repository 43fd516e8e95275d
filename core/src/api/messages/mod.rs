//! Anthropic Messages: `POST /v1/messages` (plain and streamed) and
//! `POST /v1/messages/count_tokens`, sent with `anthropic-version: 2023-06-01` (a
//! caller's own header of that name wins: per-call headers go on last).
//!
//! Typed models for Rust callers keep every unknown field; content blocks are an open
//! enum by `type`, and a block kind we do not know is kept whole. The bindings use the
//! `_raw` operations, which check the body (`model`, `max_tokens`, `messages`) before
//! anything is sent.

pub mod accumulate;
mod model;

use http::Method;
use serde_json::Value;

pub use accumulate::{MessageStream, MessagesAccumulator};
pub use model::*;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::Response;
use crate::http::{ApiRequest, Call, JsonBody};
use crate::json::{decode, to_body};
use crate::options::RequestOptions;

pub const ANTHROPIC_VERSION: &str = "2023-06-01";

/// `client.messages()`.
pub struct Messages<'a> {
    pub(crate) client: &'a Client,
}

impl Messages<'_> {
    pub async fn create(&self, request: &MessageCreateRequest) -> Result<Response<Message>> {
        self.create_with(request, &RequestOptions::default()).await
    }

    pub async fn create_with(&self, request: &MessageCreateRequest, options: &RequestOptions) -> Result<Response<Message>> {
        let answer = self.create_raw(to_body(request)?, options).await?;
        answer.try_map(|v| decode(v, "Message"))
    }

    /// Sends the streamed request and waits for the response head.
    pub async fn stream(&self, request: &MessageCreateRequest) -> Result<MessageStream> {
        self.stream_raw(to_body(request)?, &RequestOptions::default()).await
    }

    pub async fn stream_with(&self, request: &MessageCreateRequest, options: &RequestOptions) -> Result<MessageStream> {
        self.stream_raw(to_body(request)?, options).await
    }

    pub async fn count_tokens(&self, request: &CountTokensRequest, options: &RequestOptions) -> Result<Response<MessageTokensCount>> {
        let answer = self.count_tokens_raw(to_body(request)?, options).await?;
        answer.try_map(|v| decode(v, "MessageTokensCount"))
    }

    /// The wire-level call the bindings use: the body as the caller gave it.
    pub async fn create_raw(&self, body: Value, options: &RequestOptions) -> Result<Response<Value>> {
        let body = check_create(body, false)?;
        Call::new(self.client, api_request("/v1/messages", body, false), options)?.json().await
    }

    pub async fn stream_raw(&self, body: Value, options: &RequestOptions) -> Result<MessageStream> {
        let body = check_create(body, true)?;
        MessageStream::open(Call::new(self.client, api_request("/v1/messages", body, true), options)?).await
    }

    pub async fn count_tokens_raw(&self, body: Value, options: &RequestOptions) -> Result<Response<Value>> {
        let body = check_common(body)?;
        Call::new(self.client, api_request("/v1/messages/count_tokens", body, false), options)?.json().await
    }
}

fn api_request(path: &str, body: Value, stream: bool) -> ApiRequest {
    ApiRequest {
        method: Method::POST,
        path: path.to_string(),
        body: Some(JsonBody::Value(body)),
        headers: vec![("anthropic-version", ANTHROPIC_VERSION)],
        stream,
    }
}

/// `model` and `messages`, checked for every Messages route.
fn check_common(body: Value) -> Result<Value> {
    let Value::Object(map) = &body else {
        return Err(Error::invalid_argument("the request body must be a JSON object"));
    };
    match map.get("model") {
        Some(Value::String(m)) if !m.trim().is_empty() => {}
        Some(Value::String(_)) => return Err(Error::invalid_argument("model must not be empty")),
        None | Some(Value::Null) => return Err(Error::invalid_argument("model is required")),
        Some(_) => return Err(Error::invalid_argument("model must be a string")),
    }
    match map.get("messages") {
        Some(Value::Array(_)) => {}
        None | Some(Value::Null) => return Err(Error::invalid_argument("messages is required")),
        Some(_) => return Err(Error::invalid_argument("messages must be a list of messages")),
    }
    Ok(body)
}

/// `check_common`, and `max_tokens` (required by the API: a call without it would only
/// come back as a 400); `stream` is set by the operation, not the caller.
fn check_create(body: Value, stream: bool) -> Result<Value> {
    let mut body = check_common(body)?;
    let Value::Object(map) = &mut body else { unreachable!("checked above") };
    match map.get("max_tokens") {
        None | Some(Value::Null) => return Err(Error::invalid_argument("max_tokens is required")),
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {}
        Some(_) => return Err(Error::invalid_argument("max_tokens must be a positive integer")),
    }
    if stream {
        map.insert("stream".into(), Value::Bool(true));
    } else if map.get("stream").is_some_and(|s| s == &Value::Bool(true)) {
        return Err(Error::invalid_argument("stream=true needs the streaming call"));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn max_tokens_and_model_are_checked() {
        let ok = json!({"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": []});
        assert!(check_create(ok.clone(), false).is_ok());
        assert_eq!(check_create(ok, true).unwrap()["stream"], true);
        let err = check_create(json!({"model": "m", "messages": []}), false).unwrap_err();
        assert!(err.message().contains("max_tokens"), "{err}");
        assert!(check_create(json!({"model": "m", "max_tokens": 0, "messages": []}), false).is_err());
        assert!(check_create(json!({"model": "", "max_tokens": 1, "messages": []}), false).is_err());
        assert!(check_common(json!({"model": "m"})).is_err());
        assert!(check_common(json!({"model": "m", "messages": []})).is_ok());
    }
}
