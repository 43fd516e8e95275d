//! Reading a `multipart/form-data` body with a real parser (multer), for the edits
//! route and for the request log, which lists every part (name, filename, content
//! type, size, and the value of a text part) so tests can check what a client sent.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::HeaderMap;
use serde_json::{json, Value};

/// One part of a form.
pub(crate) struct FormPart {
    pub(crate) name: Option<String>,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Bytes,
}

impl FormPart {
    pub(crate) fn text(&self) -> Option<&str> {
        if self.filename.is_some() {
            return None;
        }
        std::str::from_utf8(&self.data).ok()
    }

    pub(crate) fn to_json(&self) -> Value {
        let mut out = json!({
            "name": self.name,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.data.len(),
        });
        if let Some(text) = self.text() {
            out["value"] = json!(text);
        }
        out
    }
}

/// The boundary when the request says it is a multipart form.
pub(crate) fn boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    if !content_type.trim_start().to_ascii_lowercase().starts_with("multipart/form-data") {
        return None;
    }
    multer::parse_boundary(content_type).ok()
}

/// Every part of `body`, or why it does not parse.
pub(crate) fn parse(boundary: &str, body: Bytes) -> Result<Vec<FormPart>, String> {
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let read = async move {
        let mut parts = Vec::new();
        while let Some(field) = form.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().map(str::to_string);
            let filename = field.file_name().map(str::to_string);
            let content_type = field.content_type().map(|m| m.to_string());
            let data = field.bytes().await.map_err(|e| e.to_string())?;
            parts.push(FormPart { name, filename, content_type, data });
        }
        Ok(parts)
    };
    // The body is all in memory, so the parser never waits: one poll finishes it.
    match pin!(read).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(result) => result,
        Poll::Pending => Err("the multipart parser waited on an in-memory body".into()),
    }
}
