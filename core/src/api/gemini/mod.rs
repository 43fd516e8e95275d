//! Gemini native: `POST /v1beta/models/{model}:generateContent`, and its streamed form
//! `:streamGenerateContent?alt=sse` (each SSE frame one partial response, no `[DONE]`:
//! the clean end of the body ends it).
//!
//! Typed models for Rust callers keep every unknown field in `extra`; the bindings use
//! the `_raw` operations. Request bodies are normalised to the wire spelling by
//! `fields` (both spellings of known keys accepted, user data untouched).

pub mod accumulate;
mod fields;
pub mod helpers;

use std::time::Duration;

use bytes::Bytes;
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::json::{decode, to_body};
use accumulate::GeminiStream;
use fields::normalize_request;
use crate::json::open_enum::open_enum;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::options::RequestOptions;
use crate::http::Response;
use crate::http::{ApiRequest, Call, JsonBody};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateContentRequest {
    pub contents: Vec<Content>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_instruction: Option<Content>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation_config: Option<GenerationConfig>,
    /// Tools as their wire JSON (function declarations, Google search, code execution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_settings: Option<Vec<SafetySetting>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl GenerateContentRequest {
    /// One user turn of plain text.
    pub fn text(prompt: impl Into<String>) -> Self {
        GenerateContentRequest { contents: vec![Content::user(vec![Part::text(prompt)])], ..Default::default() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Content {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default)]
    pub parts: Vec<Part>,
}

impl Content {
    pub fn user(parts: Vec<Part>) -> Self {
        Content { role: Some("user".into()), parts }
    }
    pub fn model(parts: Vec<Part>) -> Self {
        Content { role: Some("model".into()), parts }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_data: Option<Blob>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_data: Option<FileData>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_call: Option<FunctionCall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_response: Option<FunctionResponse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thought: Option<bool>,
    /// Opaque; send it back unchanged with the part it came with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thought_signature: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Part {
    pub fn text(text: impl Into<String>) -> Self {
        Part { text: Some(text.into()), ..Default::default() }
    }
    /// An inline image (base64 is done here).
    pub fn image(bytes: &[u8], mime_type: Option<&str>) -> Result<Self> {
        decode(helpers::image_part(bytes, mime_type)?, "Part")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Blob {
    pub mime_type: String,
    /// Base64 of the bytes.
    pub data: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    pub file_uri: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FunctionCall {
    pub name: String,
    #[serde(default)]
    pub args: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FunctionResponse {
    pub name: String,
    pub response: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerationConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_output_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_sequences: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_mime_type: Option<String>,
    /// A schema is user data: sent exactly as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_schema: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking_config: Option<ThinkingConfig>,
    /// `["TEXT", "IMAGE"]` for image models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_modalities: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_config: Option<ImageConfig>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

open_enum!(
    /// How hard a Gemini 3 model thinks.
    ThinkingLevel {
        Low => "low",
        Medium => "medium",
        High => "high",
    }
);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThinkingConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking_level: Option<ThinkingLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking_budget: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_thoughts: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageConfig {
    /// `"16:9"`, `"1:1"`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<String>,
    /// `"1K"`, `"2K"`, `"4K"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_size: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SafetySetting {
    pub category: String,
    pub threshold: String,
}

open_enum!(
    /// Why a candidate stopped.
    GeminiFinishReason {
        Stop => "STOP",
        MaxTokens => "MAX_TOKENS",
        Safety => "SAFETY",
        Recitation => "RECITATION",
        Language => "LANGUAGE",
        Blocklist => "BLOCKLIST",
        ProhibitedContent => "PROHIBITED_CONTENT",
        Spii => "SPII",
        MalformedFunctionCall => "MALFORMED_FUNCTION_CALL",
        ImageSafety => "IMAGE_SAFETY",
        OtherReason => "OTHER",
    }
);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateContentResponse {
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_metadata: Option<UsageMetadata>,
    /// Set when the prompt itself was blocked (then there are no candidates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_feedback: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl GenerateContentResponse {
    fn as_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
    /// The first candidate's text without thoughts; `None` without candidates.
    pub fn text(&self) -> Option<String> {
        helpers::text(&self.as_value())
    }
    pub fn thought_text(&self) -> Option<String> {
        helpers::thought_text(&self.as_value())
    }
    pub fn function_calls(&self) -> Vec<FunctionCall> {
        helpers::function_calls(&self.as_value())
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect()
    }
    /// Inline images as `(bytes, mime type)`.
    pub fn images(&self) -> Result<Vec<(Vec<u8>, String)>> {
        helpers::images(&self.as_value())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Content>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<GeminiFinishReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_ratings: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageMetadata {
    #[serde(default)]
    pub prompt_token_count: u64,
    #[serde(default)]
    pub candidates_token_count: u64,
    #[serde(default)]
    pub total_token_count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thoughts_token_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_content_token_count: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `client.gemini()`.
pub struct Gemini<'a> {
    pub(crate) client: &'a Client,
}

impl Gemini<'_> {
    pub async fn generate_content(&self, model: &str, request: &GenerateContentRequest) -> Result<Response<GenerateContentResponse>> {
        self.generate_content_with(model, request, &RequestOptions::default()).await
    }

    pub async fn generate_content_with(
        &self,
        model: &str,
        request: &GenerateContentRequest,
        options: &RequestOptions,
    ) -> Result<Response<GenerateContentResponse>> {
        let answer = self.generate_content_raw(model, to_body(request)?, options).await?;
        answer.try_map(|v| decode(v, "GenerateContentResponse"))
    }

    /// Sends the streamed request and waits for the response head.
    pub async fn stream_generate_content(&self, model: &str, request: &GenerateContentRequest) -> Result<GeminiStream> {
        self.stream_generate_content_with(model, request, &RequestOptions::default()).await
    }

    pub async fn stream_generate_content_with(
        &self,
        model: &str,
        request: &GenerateContentRequest,
        options: &RequestOptions,
    ) -> Result<GeminiStream> {
        self.stream_generate_content_raw(model, to_body(request)?, options).await
    }

    /// The wire-level call the bindings use. `body` may be in either spelling.
    pub async fn generate_content_raw(&self, model: &str, body: Value, options: &RequestOptions) -> Result<Response<Value>> {
        let request = api_request(model, body, false)?;
        Call::new(self.client, request, options)?.json().await
    }

    pub async fn stream_generate_content_raw(&self, model: &str, body: Value, options: &RequestOptions) -> Result<GeminiStream> {
        let request = api_request(model, body, true)?;
        GeminiStream::open(Call::new(self.client, request, options)?).await
    }

    /// Downloads an image the gateway returned as a URL inside a text part. The
    /// client's key is sent only when the URL is on the base URL's host; the download
    /// is bounded in size (`max_bytes`, default 32 MiB) and time (the call's timeout,
    /// default 60 s).
    pub async fn fetch_image(&self, url: &str, max_bytes: Option<usize>, options: &RequestOptions) -> Result<(Bytes, String)> {
        crate::api::media::download(self.client, url, max_bytes.unwrap_or(32 << 20), options.timeout.unwrap_or(Duration::from_secs(60)), options).await
    }
}

fn api_request(model: &str, body: Value, stream: bool) -> Result<ApiRequest> {
    let model = model.trim();
    let model = model.strip_prefix("models/").unwrap_or(model);
    if model.is_empty() {
        return Err(Error::invalid_argument("model must not be empty"));
    }
    let body = normalize_request(body)?;
    let path = if stream {
        format!("/v1beta/models/{}:streamGenerateContent?alt=sse", encode_path_segment(model))
    } else {
        format!("/v1beta/models/{}:generateContent", encode_path_segment(model))
    };
    Ok(ApiRequest { method: Method::POST, path, body: Some(JsonBody::Value(body)), headers: vec![], stream })
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a model id with
/// dots and dashes stays readable and one with `/` or `:` cannot change the route.
pub(crate) fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_ids_in_the_path() {
        let path = |m: &str| api_request(m, serde_json::json!({"contents": "hi"}), false).unwrap().path;
        assert_eq!(path("gemini-3.1-pro-preview"), "/v1beta/models/gemini-3.1-pro-preview:generateContent");
        assert_eq!(path("models/gemini-2.5-flash"), "/v1beta/models/gemini-2.5-flash:generateContent");
        assert_eq!(path("a/b:c d"), "/v1beta/models/a%2Fb%3Ac%20d:generateContent");
        let stream = api_request("g", serde_json::json!({"contents": "hi"}), true).unwrap().path;
        assert_eq!(stream, "/v1beta/models/g:streamGenerateContent?alt=sse");
        assert!(api_request("models/", serde_json::json!({"contents": "hi"}), false).is_err());
    }
}
