//! `NativeClient`: one core client, so one connection pool, shared by every call made
//! through it. The JS `Tokenhot` class holds one in a private field; the api key
//! crosses once, here, and is never kept on the JS side.

use napi_derive::napi;

use crate::errors::to_napi;
use crate::guard::sync_guard;
use crate::options::{client_builder, ClientOptions};
use crate::settle::{NativeSettler, Settler};

#[napi]
pub struct NativeClient {
    pub(crate) client: tokenhot::Client,
    /// Settles this client's plain calls (one settler per JS environment).
    pub(crate) settler: Settler,
}

#[napi]
impl NativeClient {
    /// Env fallbacks (`TOKENHOT_API_KEY`, `TOKENHOT_BASE_URL`) are core's; a missing
    /// key fails at the first call, not here.
    #[napi(constructor)]
    pub fn new(options: Option<ClientOptions>, settler: &NativeSettler) -> napi::Result<Self> {
        sync_guard(|| {
            let options = options.unwrap_or(ClientOptions {
                api_key: None,
                base_url: None,
                timeout: None,
                connect_timeout: None,
                stream_idle_timeout: None,
                max_retries: None,
                default_headers: None,
            });
            let client = client_builder(options)?.build().map_err(to_napi)?;
            Ok(NativeClient {
                client,
                settler: Settler::of(settler),
            })
        })
    }

    /// The base URL after env fallback and normalisation (for `inspect`, never the key).
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.config().base_url().to_string()
    }
}
