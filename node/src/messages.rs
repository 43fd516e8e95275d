//! Anthropic Messages: create (plain and streamed) and count_tokens. The body arrives
//! as JSON text the JS face checked; core checks `model`, `messages`, `max_tokens`,
//! sends `anthropic-version` and classifies the stream's error events. A message
//! leaves with its `text` helper beside it, computed by core (`[requestId, message,
//! text]`), so the JS face only attaches it.

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use tokenhot::api::messages::message_text;

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::to_napi;
use crate::guard::{future_guard, sync_guard};
use crate::options::{parse_body, request_options, CallOptions};
use crate::result::payload;
use crate::settle::json_string;
use crate::stream::NativeStream;

/// `Message.text` as JSON text, the helper that travels beside a message.
pub(crate) fn text_json(message: &Value) -> String {
    json_string(Some(&message_text(message)))
}

#[napi]
impl NativeClient {
    /// Settles the promise `lib/settle.js` registered under `id` with
    /// `[requestId, message, text]`.
    #[napi]
    pub fn messages_create(
        &self,
        env: &Env,
        id: u32,
        body: String,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = move || async move {
                let body = parse_body(&body)?;
                let answer = client.messages().create_raw(body, &options).await.map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[&text_json(&answer)])
            };
            self.settler.spawn(env, id, call)
        })
    }

    /// Settles with `[requestId, {input_tokens}]`.
    #[napi]
    pub fn messages_count_tokens(
        &self,
        env: &Env,
        id: u32,
        body: String,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = move || async move {
                let body = parse_body(&body)?;
                let answer = client.messages().count_tokens_raw(body, &options).await.map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[])
            };
            self.settler.spawn(env, id, call)
        })
    }

    /// Resolves once the response head arrived (an HTTP error status rejects here).
    #[napi]
    pub fn messages_stream(
        &self,
        env: &Env,
        body: String,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<AsyncBlock<NativeStream>> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = async move {
                let body = parse_body(&body)?;
                let stream = client.messages().stream_raw(body, &options).await.map_err(to_napi)?;
                Ok(NativeStream::new(stream))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }
}
