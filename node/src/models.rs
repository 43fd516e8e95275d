//! `client.models.list()`.

use napi::Env;
use napi_derive::napi;

use crate::cancel::CancelToken;
use crate::client::NativeClient;
use crate::errors::to_napi;
use crate::guard::sync_guard;
use crate::options::{request_options, CallOptions};
use crate::result::payload;

#[napi]
impl NativeClient {
    #[napi]
    pub fn models_list(
        &self,
        env: &Env,
        id: u32,
        options: Option<CallOptions>,
        cancel: Option<&CancelToken>,
    ) -> napi::Result<()> {
        sync_guard(|| {
            let options = request_options(options, cancel)?;
            let client = self.client.clone();
            let call = move || async move {
                let answer = client.models().list(&options).await.map_err(to_napi)?;
                payload(&answer, answer.request_id(), &[])
            };
            self.settler.spawn(env, id, call)
        })
    }
}
