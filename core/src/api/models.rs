//! `GET /v1/models`: the models the key can use.

use http::Method;
use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::options::RequestOptions;
use crate::http::Response;
use crate::http::{ApiRequest, Call};

pub struct Models<'a> {
    pub(crate) client: &'a Client,
}

impl Models<'_> {
    /// The wire answer, `{"object": "list", "data": [{"id", ...}]}`.
    pub async fn list(&self, options: &RequestOptions) -> Result<Response<Value>> {
        let request = ApiRequest { method: Method::GET, path: "/v1/models".into(), body: None, headers: vec![], stream: false };
        Call::new(self.client, request, options)?.json().await
    }
}
