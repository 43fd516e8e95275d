//! OpenAI Responses: create (plain and streamed), retrieve, cancel, delete. Bodies
//! arrive as JSON text the JS face checked; answers leave as JSON text with the
//! `output_text` helper core computed beside them (`helpers_json`).

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::{invalid_argument, to_napi};
use crate::guard::{future_guard, sync_guard};
use crate::options::{parse_body, request_options, CallOptions};
use crate::result::payload;
use crate::stream::NativeStream;

/// `{"output_text": ...}` of a response, as JSON text.
pub(crate) fn helpers_json(response: &Value) -> String {
    serde_json::json!({ "output_text": tokenhot::api::responses::output_text(response) }).to_string()
}

#[napi]
impl NativeClient {
    /// Settles the promise registered under `id` with `[requestId, response, helpers]`.
    #[napi]
    pub fn responses_create(
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
                let answer = client.responses().create_raw(body, &options).await.map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[&helpers_json(&answer)])
            };
            self.settler.spawn(env, id, call)
        })
    }

    /// Resolves once the response head arrived (an HTTP error status rejects here).
    #[napi]
    pub fn responses_stream(
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
                let stream = client.responses().stream_raw(body, &options).await.map_err(to_napi)?;
                Ok(NativeStream::new(stream))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }

    /// `op` is `retrieve`, `cancel` or `delete`; settles with `[requestId, response,
    /// helpers]`, or `[requestId, null, null]` for `delete`.
    #[napi]
    pub fn responses_by_id(
        &self,
        env: &Env,
        id: u32,
        op: String,
        response_id: String,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<()> {
        sync_guard(|| {
            if !matches!(op.as_str(), "retrieve" | "cancel" | "delete") {
                return Err(invalid_argument("unknown responses operation"));
            }
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = move || async move {
                let responses = client.responses();
                let answer = match op.as_str() {
                    "retrieve" => responses.retrieve_raw(&response_id, &options).await,
                    "cancel" => responses.cancel_raw(&response_id, &options).await,
                    _ => {
                        let answer = responses.delete_raw(&response_id, &options).await.map_err(to_napi)?;
                        return payload(&Value::Null, answer.request_id(), &["null"]);
                    }
                }
                .map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[&helpers_json(&answer)])
            };
            self.settler.spawn(env, id, call)
        })
    }
}
