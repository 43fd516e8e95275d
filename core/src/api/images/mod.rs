//! Images over the OpenAI-style routes (CONTRACT.md, Images): `generate` sends JSON to
//! `POST /v1/images/generations`, `edit` a multipart form to `POST /v1/images/edits`;
//! both may stream (`image_generation.*` / `image_edit.*` events until `[DONE]` or the
//! body's clean end). `fetch` and `save` get the pictures out of a result: base64
//! decoded here, URLs downloaded with the key only for the gateway's own host, files
//! written through a temporary file and renamed.
//!
//! Typed models keep every unknown field in `extra`; the bindings use the `_raw`
//! operations with wire JSON.

pub mod accumulate;
pub(crate) mod multipart;
mod output;

use std::path::{Path, PathBuf};

use bytes::Bytes;
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::media::FileInput;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{ApiRequest, Call, JsonBody, Response};
use crate::json::{decode, to_body};
use crate::options::RequestOptions;
pub use accumulate::{ImagesAccumulator, ImagesStream};

const GENERATIONS: &str = "/v1/images/generations";
const EDITS: &str = "/v1/images/edits";

/// `POST /v1/images/generations`. Fields the gateway does not know may be dropped by
/// it (spec: Images); they are sent anyway.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImageGenerateRequest {
    pub model: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// `1024x1024`; Seedream also `2K` / `4K`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    /// `url` or `b64_json` (GPT Image models refuse it: they always answer base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_format: Option<String>,
    /// Seedream's reference images: a URL or `data:` URL, or a list of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark: Option<bool>,
    /// How many partial images a stream sends before the final one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_images: Option<u32>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ImageGenerateRequest {
    pub fn new(model: impl Into<String>, prompt: impl Into<String>) -> Self {
        ImageGenerateRequest { model: model.into(), prompt: prompt.into(), ..Default::default() }
    }
}

/// `POST /v1/images/edits`: the images (one, or several sent as `image[]`), an optional
/// mask, and the text fields.
#[derive(Debug, Clone, Default)]
pub struct ImageEditRequest {
    pub model: String,
    pub prompt: String,
    pub image: Vec<FileInput>,
    pub mask: Option<FileInput>,
    pub n: Option<u32>,
    pub size: Option<String>,
    pub quality: Option<String>,
    /// Any other text field, sent as its JSON text (strings as they are).
    pub extra: Map<String, Value>,
}

impl ImageEditRequest {
    pub fn new(model: impl Into<String>, prompt: impl Into<String>, image: Vec<FileInput>) -> Self {
        ImageEditRequest { model: model.into(), prompt: prompt.into(), image, ..Default::default() }
    }

    fn into_parts(self) -> (Map<String, Value>, Vec<FileInput>, Option<FileInput>) {
        let mut fields = Map::new();
        fields.insert("model".into(), Value::String(self.model));
        fields.insert("prompt".into(), Value::String(self.prompt));
        if let Some(n) = self.n {
            fields.insert("n".into(), n.into());
        }
        if let Some(size) = self.size {
            fields.insert("size".into(), size.into());
        }
        if let Some(quality) = self.quality {
            fields.insert("quality".into(), quality.into());
        }
        fields.extend(self.extra);
        (fields, self.image, self.mask)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImagesResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<i64>,
    #[serde(default)]
    pub data: Vec<ImageData>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<ImagesUsage>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One image: a `url` (DALL·E's expire after an hour) or `b64_json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImageData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b64_json: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised_prompt: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImagesUsage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_tokens: Option<u64>,
    /// `{text_tokens, image_tokens}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens_details: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `client.images()`.
pub struct Images<'a> {
    pub(crate) client: &'a Client,
}

impl Images<'_> {
    pub async fn generate(&self, request: &ImageGenerateRequest, options: &RequestOptions) -> Result<Response<ImagesResponse>> {
        let answer = self.generate_raw(to_body(request)?, options).await?;
        answer.try_map(|v| decode(v, "images response"))
    }

    pub async fn generate_stream(&self, request: &ImageGenerateRequest, options: &RequestOptions) -> Result<ImagesStream> {
        self.generate_stream_raw(to_body(request)?, options).await
    }

    pub async fn edit(&self, request: ImageEditRequest, options: &RequestOptions) -> Result<Response<ImagesResponse>> {
        let (fields, image, mask) = request.into_parts();
        let answer = self.edit_raw(fields, image, mask, options).await?;
        answer.try_map(|v| decode(v, "images response"))
    }

    pub async fn edit_stream(&self, request: ImageEditRequest, options: &RequestOptions) -> Result<ImagesStream> {
        let (fields, image, mask) = request.into_parts();
        self.edit_stream_raw(fields, image, mask, options).await
    }

    /// The wire-level calls the bindings use: a JSON body in, the JSON answer out.
    pub async fn generate_raw(&self, body: Value, options: &RequestOptions) -> Result<Response<Value>> {
        Call::new(self.client, generate_request(body, false)?, options)?.json().await
    }

    pub async fn generate_stream_raw(&self, body: Value, options: &RequestOptions) -> Result<ImagesStream> {
        ImagesStream::open(Call::new(self.client, generate_request(body, true)?, options)?).await
    }

    /// `fields` are the text parts (`model` and `prompt` required), in the caller's
    /// order; every file is checked (readable, typed) before anything is sent.
    pub async fn edit_raw(
        &self,
        fields: Map<String, Value>,
        image: Vec<FileInput>,
        mask: Option<FileInput>,
        options: &RequestOptions,
    ) -> Result<Response<Value>> {
        self.edit_call(fields, image, mask, options, false).await?.json().await
    }

    pub async fn edit_stream_raw(
        &self,
        fields: Map<String, Value>,
        image: Vec<FileInput>,
        mask: Option<FileInput>,
        options: &RequestOptions,
    ) -> Result<ImagesStream> {
        ImagesStream::open(self.edit_call(fields, image, mask, options, true).await?).await
    }

    async fn edit_call(
        &self,
        mut fields: Map<String, Value>,
        image: Vec<FileInput>,
        mask: Option<FileInput>,
        options: &RequestOptions,
        stream: bool,
    ) -> Result<Call> {
        // `extra_body` merges over the typed fields here: a form has no JSON to merge into.
        if let Some(extra) = &options.extra_body {
            fields.extend(extra.clone());
        }
        if stream {
            fields.insert("stream".into(), Value::Bool(true));
        } else {
            fields.shift_remove("stream");
        }
        let form = multipart::EditForm::check(fields, image, mask)?;
        let request = ApiRequest { method: Method::POST, path: EDITS.into(), body: None, headers: vec![], stream };
        let mut options = options.clone();
        options.extra_body = None;
        let call = Call::new(self.client, request, &options)?;
        let (content_type, body) = form.into_body().await?;
        Ok(call.with_body(content_type, body))
    }

    /// One image's bytes and type: a `b64_json` item is decoded without I/O; a `url`
    /// item (or a URL string) is downloaded, bounded in size (`max_bytes`, default
    /// 64 MiB) and time (the call's timeout, default 120 s), with the key only when the
    /// URL is on the base URL's host.
    pub async fn fetch(&self, item: &ImageData, max_bytes: Option<usize>, options: &RequestOptions) -> Result<(Bytes, String)> {
        let item = serde_json::to_value(item).map_err(|e| Error::internal(e.to_string()))?;
        self.fetch_raw(&item, max_bytes, options).await
    }

    /// `fetch` for a wire item (`{"b64_json"}` or `{"url"}`) or a URL string.
    pub async fn fetch_raw(&self, item_or_url: &Value, max_bytes: Option<usize>, options: &RequestOptions) -> Result<(Bytes, String)> {
        output::fetch(self.client, item_or_url, max_bytes, options).await
    }

    /// Writes every image of `result` under `path` and returns their paths
    /// (CONTRACT.md, Images: a directory gives `image-<i>.<ext>`, a file path is used
    /// as is for one image and as `<stem>-<i><suffix>` for several; the extension comes
    /// from the bytes). Every image is fetched before any is written and each file is
    /// renamed into place when complete, so a failed download leaves no file.
    pub async fn save(&self, result: &ImagesResponse, path: &Path, options: &RequestOptions) -> Result<Vec<PathBuf>> {
        let result = serde_json::to_value(result).map_err(|e| Error::internal(e.to_string()))?;
        self.save_raw(&result, path, options).await
    }

    /// `save` for wire JSON: a whole result, one of its `data` items, or a URL string.
    pub async fn save_raw(&self, result_or_item: &Value, path: &Path, options: &RequestOptions) -> Result<Vec<PathBuf>> {
        output::save(self.client, result_or_item, path, options).await
    }
}

/// The mask from what a binding was given: a list of files is refused (an edit takes
/// one mask), so every language reports it alike.
pub fn one_mask(mut masks: Vec<FileInput>) -> Result<Option<FileInput>> {
    match masks.len() {
        0 | 1 => Ok(masks.pop()),
        n => Err(Error::invalid_argument(format!("mask takes one file, not a list of {n}"))),
    }
}

/// Checks the body's required fields and sets `stream` to match the operation.
fn generate_request(body: Value, stream: bool) -> Result<ApiRequest> {
    let Value::Object(mut map) = body else {
        return Err(Error::invalid_argument("the image generation request must be a JSON object"));
    };
    require_string(&map, "model")?;
    require_string(&map, "prompt")?;
    if stream {
        map.insert("stream".into(), Value::Bool(true));
    } else {
        map.shift_remove("stream");
    }
    Ok(ApiRequest { method: Method::POST, path: GENERATIONS.into(), body: Some(JsonBody::Value(Value::Object(map))), headers: vec![], stream })
}

pub(crate) fn require_string(map: &Map<String, Value>, key: &str) -> Result<()> {
    match map.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(()),
        Some(Value::String(_)) => Err(Error::invalid_argument(format!("{key} must not be empty"))),
        Some(_) => Err(Error::invalid_argument(format!("{key} must be a string"))),
        None => Err(Error::invalid_argument(format!("{key} is required"))),
    }
}
