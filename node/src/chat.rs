//! Chat completions. The body arrives as JSON text (the JS face stringified and
//! checked it), the answer leaves as JSON text for `JSON.parse`: building JS objects
//! through napi property by property is slower (DESIGN.md, Performance architecture).

use futures_util::FutureExt;
use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::to_napi;
use crate::guard::{future_guard, sync_guard};
use crate::options::{parse_body, request_options, CallOptions};
use crate::result::payload_text;
use crate::stream::NativeStream;

#[napi]
impl NativeClient {
    /// Settles the promise `lib/settle.js` registered under `id` with
    /// `[requestId, completion]`. The body is checked on a tokio thread, off the JS one.
    #[napi]
    pub fn chat_create(
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
            // Text in, text out (core checks both): no JSON value is built for a
            // body or an answer that only passes through.
            // The call's own future, not one awaiting it: an `async` block would also
            // keep the client, body and options for the whole call.
            let call = move || {
                client.chat().completions().create_text(body, &options).map(|answer| {
                    let answer = answer.map_err(to_napi)?;
                    payload_text(&answer, answer.request_id(), &[])
                })
            };
            self.settler.spawn(env, id, call)
        })
    }

    /// Resolves once the response head arrived (an HTTP error status rejects here).
    #[napi]
    pub fn chat_stream(
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
                let stream = client
                    .chat()
                    .completions()
                    .stream_raw(body, &options)
                    .await
                    .map_err(to_napi)?;
                Ok(NativeStream::new(stream))
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }
}
