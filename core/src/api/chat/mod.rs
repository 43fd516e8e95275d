//! OpenAI-format chat completions: `POST /v1/chat/completions`.
//!
//! Typed request and response models for Rust callers; every model keeps the fields it
//! does not name in `extra`, so nothing the gateway sends is lost. The bindings use the
//! `_raw` operations, which take and return the wire JSON itself.

pub mod accumulate;
mod chunk_read;

use std::future::Future;

use bytes::Bytes;
use futures_util::future::Either;
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use accumulate::ChatStream;
use crate::json::open_enum::open_enum;
use crate::json::{decode, to_body};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::options::RequestOptions;
use crate::http::Response;
use crate::http::{ApiRequest, Call, JsonBody};

const PATH: &str = "/v1/chat/completions";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChatCompletionRequest {
    pub model: String,
    pub messages: Vec<ChatMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_completion_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_penalty: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_penalty: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_logprobs: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Tool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Any other field of the OpenAI format, sent as is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ChatCompletionRequest {
    pub fn new(model: impl Into<String>, messages: Vec<ChatMessage>) -> Self {
        ChatCompletionRequest { model: model.into(), messages, ..Default::default() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ChatMessage {
    pub fn new(role: impl Into<String>, content: impl Into<MessageContent>) -> Self {
        ChatMessage { role: role.into(), content: Some(content.into()), ..Default::default() }
    }
    pub fn system(content: impl Into<MessageContent>) -> Self {
        ChatMessage::new("system", content)
    }
    pub fn user(content: impl Into<MessageContent>) -> Self {
        ChatMessage::new("user", content)
    }
    pub fn assistant(content: impl Into<MessageContent>) -> Self {
        ChatMessage::new("assistant", content)
    }
    pub fn tool(tool_call_id: impl Into<String>, content: impl Into<MessageContent>) -> Self {
        ChatMessage { tool_call_id: Some(tool_call_id.into()), ..ChatMessage::new("tool", content) }
    }
}

/// A message's content: a string, or a list of parts (text, images, ...).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageContent {
    Text(String),
    Parts(Vec<ContentPart>),
}

impl From<&str> for MessageContent {
    fn from(s: &str) -> Self {
        MessageContent::Text(s.to_string())
    }
}
impl From<String> for MessageContent {
    fn from(s: String) -> Self {
        MessageContent::Text(s)
    }
}
impl From<Vec<ContentPart>> for MessageContent {
    fn from(parts: Vec<ContentPart>) -> Self {
        MessageContent::Parts(parts)
    }
}

/// One part of a content list, kept as its wire JSON with constructors for the common
/// kinds, so part types the gateway adds later pass through untouched.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentPart(pub Value);

impl ContentPart {
    pub fn text(text: impl Into<String>) -> Self {
        ContentPart(serde_json::json!({"type": "text", "text": text.into()}))
    }
    /// An image by URL, or a `data:` URL with the bytes inline.
    pub fn image_url(url: impl Into<String>) -> Self {
        ContentPart(serde_json::json!({"type": "image_url", "image_url": {"url": url.into()}}))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    #[serde(rename = "type")]
    pub kind: String,
    pub function: FunctionDefinition,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Tool {
    pub fn function(name: impl Into<String>, description: impl Into<String>, parameters: Value) -> Self {
        Tool {
            kind: "function".into(),
            function: FunctionDefinition {
                name: name.into(),
                description: Some(description.into()),
                parameters: Some(parameters),
                extra: Map::new(),
            },
            extra: Map::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FunctionDefinition {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ToolCall {
    #[serde(default)]
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    pub function: FunctionCall,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FunctionCall {
    #[serde(default)]
    pub name: String,
    /// JSON text, as the model wrote it (it may not parse).
    #[serde(default)]
    pub arguments: String,
}

open_enum!(
    /// Why a choice stopped.
    FinishReason {
        Stop => "stop",
        Length => "length",
        ToolCalls => "tool_calls",
        ContentFilter => "content_filter",
        FunctionCall => "function_call",
    }
);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatCompletion {
    pub id: String,
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub model: String,
    pub choices: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_fingerprint: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ChatCompletion {
    /// The first choice's text, if any.
    pub fn text(&self) -> Option<&str> {
        self.choices.first()?.message.content.as_deref()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Choice {
    #[serde(default)]
    pub index: u32,
    pub message: AssistantMessage,
    #[serde(default)]
    pub finish_reason: Option<FinishReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssistantMessage {
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Usage {
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens_details: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_tokens_details: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatCompletionChunk {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub choices: Vec<ChunkChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChunkChoice {
    #[serde(default)]
    pub index: u32,
    #[serde(default)]
    pub delta: Delta,
    #[serde(default)]
    pub finish_reason: Option<FinishReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Delta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `client.chat()`: the chat family.
pub struct Chat<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> Chat<'a> {
    pub fn completions(&self) -> Completions<'a> {
        Completions { client: self.client }
    }
}

/// `client.chat().completions()`.
pub struct Completions<'a> {
    client: &'a Client,
}

impl Completions<'_> {
    pub async fn create(&self, request: &ChatCompletionRequest) -> Result<Response<ChatCompletion>> {
        self.create_with(request, &RequestOptions::default()).await
    }

    pub async fn create_with(
        &self,
        request: &ChatCompletionRequest,
        options: &RequestOptions,
    ) -> Result<Response<ChatCompletion>> {
        let answer = self.create_raw(to_body(request)?, options).await?;
        answer.try_map(|v| decode(v, "chat.completion"))
    }

    /// Sends the request with `stream: true` and waits for the response head.
    pub async fn stream(&self, request: &ChatCompletionRequest) -> Result<ChatStream> {
        self.stream_with(request, &RequestOptions::default()).await
    }

    pub async fn stream_with(&self, request: &ChatCompletionRequest, options: &RequestOptions) -> Result<ChatStream> {
        self.stream_raw(to_body(request)?, options).await
    }

    /// The wire-level call the bindings use: a JSON body in, the JSON answer out.
    pub async fn create_raw(&self, body: Value, options: &RequestOptions) -> Result<Response<Value>> {
        let call = Call::new(self.client, request(body, false)?, options)?;
        call.json().await
    }

    /// `create_raw` with the answer left as JSON text (checked to be JSON), for a
    /// binding that builds its own objects from text: Python builds dicts from it,
    /// Node hands it to `JSON.parse`. A text body is checked without building a value
    /// and sent as it is; one that is not the plain case (no `stream` key, a non-empty
    /// string `model`, a `messages` array) is parsed and takes `create_raw`'s checks,
    /// with their errors.
    ///
    /// Not an `async fn`: the call is prepared when the future is first polled, and the
    /// future is the call's own (an `async fn` around it would hold a second copy of the
    /// call's state for the whole call: 1.6 KiB of the 2.3 KiB each call in flight took).
    pub fn create_text(&self, body: impl Into<JsonBody>, options: &RequestOptions) -> impl Future<Output = Result<Response<Bytes>>> + Send + 'static {
        match self.text_call(body.into(), options) {
            Ok(call) => Either::Left(call.json_text()),
            Err(e) => Either::Right(std::future::ready(Err(e))),
        }
    }

    fn text_call(&self, body: JsonBody, options: &RequestOptions) -> Result<Call> {
        let request = match body {
            JsonBody::Text(text) if is_plain_body(&text) => ApiRequest {
                method: Method::POST,
                path: PATH.into(),
                body: Some(JsonBody::Text(text)),
                headers: vec![],
                stream: false,
            },
            JsonBody::Text(text) => {
                let value = serde_json::from_slice(&text)
                    .map_err(|e| Error::invalid_argument(format!("the request body is not valid JSON: {e}")))?;
                request(value, false)?
            }
            JsonBody::Value(value) => request(value, false)?,
        };
        Call::new(self.client, request, options)
    }

    pub async fn stream_raw(&self, body: Value, options: &RequestOptions) -> Result<ChatStream> {
        let call = Call::new(self.client, request(body, true)?, options)?;
        ChatStream::open(call).await
    }
}

/// Checks the body's required fields and sets `stream` to match the operation.
fn request(body: Value, stream: bool) -> Result<ApiRequest> {
    let Value::Object(mut map) = body else {
        return Err(Error::invalid_argument("the chat completion request must be a JSON object"));
    };
    match map.get("model") {
        Some(Value::String(model)) if !model.is_empty() => {}
        Some(Value::String(_)) => return Err(Error::invalid_argument("model must not be empty")),
        Some(_) => return Err(Error::invalid_argument("model must be a string")),
        None => return Err(Error::invalid_argument("model is required")),
    }
    match map.get("messages") {
        Some(Value::Array(_)) => {}
        Some(_) => return Err(Error::invalid_argument("messages must be a list of messages")),
        None => return Err(Error::invalid_argument("messages is required")),
    }
    if stream {
        map.insert("stream".into(), Value::Bool(true));
    } else {
        map.remove("stream");
    }
    Ok(ApiRequest { method: Method::POST, path: PATH.into(), body: Some(JsonBody::Value(Value::Object(map))), headers: vec![], stream })
}

/// Whether JSON text is an object with a non-empty string `model`, a `messages` array
/// and no `stream` key; anything else (including text that is not JSON) is false.
fn is_plain_body(body: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Plain<'a> {
        #[serde(borrow)]
        model: Option<std::borrow::Cow<'a, str>>,
        messages: Option<IsArray>,
        stream: Option<serde::de::IgnoredAny>,
    }
    match serde_json::from_slice::<Plain<'_>>(body) {
        Ok(plain) => plain.model.is_some_and(|m| !m.is_empty()) && plain.messages.is_some() && plain.stream.is_none(),
        Err(_) => false,
    }
}

/// Deserializes only from a JSON array (skipping its items); anything else fails.
struct IsArray;

impl<'de> Deserialize<'de> for IsArray {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<IsArray, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = IsArray;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<IsArray, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(IsArray)
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

