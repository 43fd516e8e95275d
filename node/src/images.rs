//! `client.images`: generate and edit (plain and streamed), fetch and save. Bodies and
//! results cross as JSON text; files cross as `NativeFile`s (a path core reads and
//! streams, or the bytes), which core checks and types before any request
//! (CONTRACT.md, Images).

use std::path::PathBuf;

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder, Buffer};
use napi::Env;
use napi_derive::napi;
use serde_json::{Map, Value};
use tokenhot::api::images::one_mask;
use tokenhot::api::media::FileInput;

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::{invalid_argument, to_napi};
use crate::gemini_helpers::InlineImage;
use crate::guard::{future_guard, sync_guard};
use crate::options::{parse_body, request_options, CallOptions};
use crate::result::payload;
use crate::stream::NativeStream;

/// One file as the JS face hands it over: `path`, or `data` (with an optional
/// `filename`), and an optional `mimeType`.
#[napi(object)]
pub struct NativeFile {
    pub path: Option<String>,
    pub data: Option<Buffer>,
    pub filename: Option<String>,
    pub mime_type: Option<String>,
}

fn file_input(file: NativeFile) -> napi::Result<FileInput> {
    let input = match (file.path, file.data) {
        (Some(path), None) => FileInput::path(PathBuf::from(path)),
        // The bytes are copied once, out of the JS heap, so the call can run off the JS thread.
        (None, Some(data)) => match file.filename {
            Some(name) => FileInput::named(name, data.to_vec()),
            None => FileInput::bytes(data.to_vec()),
        },
        _ => return Err(invalid_argument("a file is a path or its data, not both")),
    };
    Ok(match file.mime_type {
        Some(mime) => input.with_mime_type(mime),
        None => input,
    })
}

/// The edit's form fields, files and mask, converted; a list of masks is refused by core.
fn edit_parts(fields: &str, image: Vec<NativeFile>, mask: Vec<NativeFile>) -> napi::Result<(Map<String, Value>, Vec<FileInput>, Option<FileInput>)> {
    let fields = match parse_body(fields)? {
        Value::Object(map) => map,
        _ => return Err(invalid_argument("the edit fields must be an object")),
    };
    let image = image.into_iter().map(file_input).collect::<napi::Result<Vec<_>>>()?;
    let mask = mask.into_iter().map(file_input).collect::<napi::Result<Vec<_>>>()?;
    Ok((fields, image, one_mask(mask).map_err(to_napi)?))
}

#[napi]
impl NativeClient {
    /// Settles the promise `lib/settle.js` registered under `id` with `[requestId, response]`.
    #[napi]
    pub fn images_generate(&self, env: &Env, id: u32, body: String, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = move || async move {
                let answer = client.images().generate_raw(parse_body(&body)?, &options).await.map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[])
            };
            self.settler.spawn(env, id, call)
        })
    }

    /// Resolves once the response head arrived (an HTTP error status rejects here).
    #[napi]
    pub fn images_generate_stream(&self, env: &Env, body: String, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<AsyncBlock<NativeStream>> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = async move {
                let stream = client.images().generate_stream_raw(parse_body(&body)?, &options).await.map_err(to_napi)?;
                Ok(NativeStream::new(stream))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }

    /// `fields` is the JSON text of the form's text fields (in order).
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn images_edit(
        &self,
        env: &Env,
        id: u32,
        fields: String,
        image: Vec<NativeFile>,
        mask: Vec<NativeFile>,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let (fields, image, mask) = edit_parts(&fields, image, mask)?;
            let client = self.client.clone();
            let call = move || async move {
                let answer = client.images().edit_raw(fields, image, mask, &options).await.map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[])
            };
            self.settler.spawn(env, id, call)
        })
    }

    #[napi]
    pub fn images_edit_stream(
        &self,
        env: &Env,
        fields: String,
        image: Vec<NativeFile>,
        mask: Vec<NativeFile>,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<AsyncBlock<NativeStream>> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let (fields, image, mask) = edit_parts(&fields, image, mask)?;
            let client = self.client.clone();
            let call = async move {
                let stream = client.images().edit_stream_raw(fields, image, mask, &options).await.map_err(to_napi)?;
                Ok(NativeStream::new(stream))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }

    /// One image (`item` the JSON text of a data item or a URL string): `{ data, mimeType }`.
    #[napi]
    pub fn images_fetch(&self, env: &Env, item: String, max_bytes: Option<f64>, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<AsyncBlock<InlineImage>> {
        sync_guard(|| {
            let max_bytes = match max_bytes {
                None => None,
                Some(n) if n.is_finite() && n >= 1.0 && n.fract() == 0.0 => Some(n as usize),
                Some(_) => return Err(invalid_argument("maxBytes must be a positive integer")),
            };
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = async move {
                let item = parse_body(&item)?;
                let (data, mime) = client.images().fetch_raw(&item, max_bytes, &options).await.map_err(to_napi)?;
                Ok(InlineImage::new(Vec::from(data), mime))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }

    /// Writes the images of `result` (JSON text) under `path`; resolves to their paths.
    #[napi]
    pub fn images_save(&self, env: &Env, result: String, path: String, options: Option<CallOptions>, cancel: Option<&CancelToken>) -> napi::Result<AsyncBlock<Vec<String>>> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = async move {
                let result = parse_body(&result)?;
                let paths = client.images().save_raw(&result, &PathBuf::from(path), &options).await.map_err(to_napi)?;
                Ok(paths.iter().map(|p| p.to_string_lossy().into_owned()).collect())
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }
}
