//! Gemini generateContent, plain and streamed, and the image download. The model
//! arrives apart from the body (JSON text the JS face checked, `model` and `stream`
//! taken out); core renames the body's keys to camelCase and builds the path.

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::{invalid_argument, to_napi};
use crate::gemini_helpers::{helpers_json, InlineImage};
use crate::guard::{future_guard, sync_guard};
use crate::options::{parse_body, request_options, CallOptions};
use crate::result::payload;
use crate::stream::NativeStream;

#[napi]
impl NativeClient {
    /// Settles the promise `lib/settle.js` registered under `id` with
    /// `[requestId, response, helpers]` (helpers: see `gemini_helpers.rs`).
    #[napi]
    pub fn gemini_generate_content(
        &self,
        env: &Env,
        id: u32,
        model: String,
        body: String,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = move || async move {
                let body = parse_body(&body)?;
                let answer = client
                    .gemini()
                    .generate_content_raw(&model, body, &options)
                    .await
                    .map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[&helpers_json(&answer)])
            };
            self.settler.spawn(env, id, call)
        })
    }

    /// Resolves once the response head arrived (an HTTP error status rejects here).
    #[napi]
    pub fn gemini_stream(
        &self,
        env: &Env,
        model: String,
        body: String,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<AsyncBlock<NativeStream>> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = async move {
                let body = parse_body(&body)?;
                let stream = client
                    .gemini()
                    .stream_generate_content_raw(&model, body, &options)
                    .await
                    .map_err(to_napi)?;
                Ok(NativeStream::new(stream))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }

    /// Downloads an image the gateway answered with as a link; core sends the key
    /// only to the base URL's host and bounds size (`max_bytes`) and time.
    #[napi]
    pub fn gemini_fetch_image(
        &self,
        env: &Env,
        url: String,
        max_bytes: Option<f64>,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<AsyncBlock<InlineImage>> {
        sync_guard(|| {
            let max_bytes = byte_limit(max_bytes)?;
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = async move {
                let (data, mime) = client
                    .gemini()
                    .fetch_image(&url, max_bytes, &options)
                    .await
                    .map_err(to_napi)?;
                Ok(InlineImage::new(Vec::from(data), mime))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }
}

/// `maxBytes` as a size; the JS face has checked it already.
fn byte_limit(value: Option<f64>) -> napi::Result<Option<usize>> {
    match value {
        None => Ok(None),
        Some(n) if n.is_finite() && n >= 1.0 && n.fract() == 0.0 && n <= usize::MAX as f64 => {
            Ok(Some(n as usize))
        }
        Some(_) => Err(invalid_argument("maxBytes must be a positive integer")),
    }
}
