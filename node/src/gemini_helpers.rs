//! Gemini helpers (CONTRACT.md, Gemini helpers), all computed by core so that
//! `r.text` means the same in every language and base64 never runs in JS.
//!
//! `text`, `thoughtText` and `functionCalls` travel beside each result as a small
//! JSON object (`helpers_json`), computed while the wire JSON is at hand; `images()`
//! and `imageUrls()` are asked for on demand with the response's JSON text.

// napi-derive registers the exported functions only outside `cfg(test)`; there
// nothing calls them.
#![cfg_attr(test, allow(dead_code))]

use std::path::Path;

use napi::bindgen_prelude::{Buffer, Uint8Array};
use napi_derive::napi;
use serde_json::{json, Value};
use tokenhot::api::gemini::helpers;

use crate::errors::{invalid_argument, to_napi};
use crate::guard::sync_guard;

/// An image as JS gets it: `{ data: Buffer, mimeType }`.
#[napi(object)]
pub struct InlineImage {
    pub data: Buffer,
    pub mime_type: String,
}

impl InlineImage {
    pub(crate) fn new(data: Vec<u8>, mime_type: String) -> Self {
        InlineImage {
            data: data.into(),
            mime_type,
        }
    }
}

/// `{"text", "thoughtText", "functionCalls"}` of a response, as JSON text.
pub(crate) fn helpers_json(response: &Value) -> String {
    json!({
        "text": helpers::text(response),
        "thoughtText": helpers::thought_text(response),
        "functionCalls": helpers::function_calls(response),
    })
    .to_string()
}

fn parse_response(json: &str) -> napi::Result<Value> {
    // `JSON.stringify` writes a lone surrogate (half an emoji) as `\ud83d`: U+FFFD here.
    tokenhot::json::lone_surrogates::from_str_lossy(json)
        .map_err(|e| invalid_argument(format!("not a GenerateContentResponse: {e}")))
}

/// The first candidate's inline images (`r.images()`).
#[napi]
pub fn gemini_images(response_json: String) -> napi::Result<Vec<InlineImage>> {
    sync_guard(|| {
        let response = parse_response(&response_json)?;
        let images = helpers::images(&response).map_err(to_napi)?;
        Ok(images
            .into_iter()
            .map(|(data, mime)| InlineImage::new(data, mime))
            .collect())
    })
}

/// Links inside the first candidate's text (`r.imageUrls()`).
#[napi]
pub fn gemini_image_urls(response_json: String) -> napi::Result<Vec<String>> {
    sync_guard(|| Ok(helpers::image_urls(&parse_response(&response_json)?)))
}

/// `imagePart(bytes, mimeType?)`: the part's JSON text.
#[napi]
pub fn image_part_from_bytes(bytes: Uint8Array, mime_type: Option<String>) -> napi::Result<String> {
    sync_guard(|| {
        let part = helpers::image_part(&bytes, mime_type.as_deref()).map_err(to_napi)?;
        Ok(part.to_string())
    })
}

/// `imagePart(path, mimeType?)`: reads the file here, not in JS.
#[napi]
pub fn image_part_from_path(path: String, mime_type: Option<String>) -> napi::Result<String> {
    sync_guard(|| {
        let part = helpers::image_part_from_path(Path::new(&path), mime_type.as_deref())
            .map_err(to_napi)?;
        Ok(part.to_string())
    })
}
