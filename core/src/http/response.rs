//! A result together with what the HTTP answer said about it.

use std::ops::Deref;

use http::HeaderMap;

/// A decoded result, its request id and the response headers. Derefs to the result.
#[derive(Debug, Clone)]
pub struct Response<T> {
    data: T,
    request_id: Option<String>,
    headers: HeaderMap,
}

impl<T> Response<T> {
    pub(crate) fn new(data: T, request_id: Option<String>, headers: HeaderMap) -> Self {
        Response { data, request_id, headers }
    }
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    pub fn into_inner(self) -> T {
        self.data
    }
    pub(crate) fn try_map<U, E>(self, f: impl FnOnce(T) -> Result<U, E>) -> Result<Response<U>, E> {
        Ok(Response { data: f(self.data)?, request_id: self.request_id, headers: self.headers })
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}
