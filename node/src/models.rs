//! `client.models.list()`.

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::to_napi;
use crate::guard::{future_guard, sync_guard};
use crate::options::{request_options, CallOptions};
use crate::result::{raw_result, RawResult};

#[napi]
impl NativeClient {
    #[napi]
    pub fn models_list(
        &self,
        env: &Env,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<AsyncBlock<RawResult>> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = async move {
                let answer = client.models().list(&options).await.map_err(to_napi)?;
                raw_result(&answer, answer.request_id())
            };
            AsyncBlockBuilder::new(future_guard(call)).build(env)
        })
    }
}
