//! The edit request's `multipart/form-data` body, built with reqwest's multipart: the
//! text fields in the caller's order, then the file parts (`image` for one image,
//! `image[]` for several, then `mask`), each with a filename whose extension matches
//! its type and that type as its `Content-Type` (the gateway types uploads by their
//! filename, and refuses `application/octet-stream`). A file given by path is read
//! here, streamed from disk into the form.

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use http::HeaderValue;
use reqwest::multipart::{Form, Part};
use serde_json::{Map, Value};

use super::require_string;
use crate::api::media::{CheckedFile, FileContent, FileInput};
use crate::error::{Error, Result};

/// A form whose every part has been checked; building it sends nothing.
pub(crate) struct EditForm {
    fields: Vec<(String, String)>,
    files: Vec<(String, CheckedFile)>,
}

/// Whether a part name reaches the server exactly as given. reqwest writes any other
/// name as `name*=utf-8''...` (which multipart parsers such as multer, and the
/// gateway's Go one, do not read), and `;`, `=` or quotes would let a name pass for
/// another attribute, so those are refused before any request (fuzz target
/// `multipart_roundtrip`).
pub(crate) fn is_plain_part_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.[]:".contains(&b))
}

impl EditForm {
    pub(crate) fn check(fields: Map<String, Value>, image: Vec<FileInput>, mask: Option<FileInput>) -> Result<EditForm> {
        require_string(&fields, "model")?;
        require_string(&fields, "prompt")?;
        if image.is_empty() {
            return Err(Error::invalid_argument("image must not be an empty list: give at least one image"));
        }
        let mut text = Vec::with_capacity(fields.len());
        for (key, value) in fields {
            if !is_plain_part_name(&key) {
                return Err(Error::invalid_argument(format!(
                    "the form field name {key:?} cannot be sent in a multipart form (use letters, digits and _ - . [ ] :)"
                )));
            }
            let value = match value {
                Value::Null => continue,
                Value::String(s) => s,
                // Numbers and booleans as their JSON text, lists and objects as JSON.
                other => other.to_string(),
            };
            text.push((key, value));
        }
        let several = image.len() > 1;
        let mut files = Vec::with_capacity(image.len() + 1);
        for (i, input) in image.iter().enumerate() {
            let what = if several { format!("image[{i}]") } else { "image".to_string() };
            let checked = input.check(&what, &format!("image-{i}"))?;
            files.push((if several { "image[]" } else { "image" }.to_string(), checked));
        }
        if let Some(mask) = mask {
            files.push(("mask".to_string(), mask.check("mask", "mask")?));
        }
        Ok(EditForm { fields: text, files })
    }

    /// A form of text parts and checked files as given (the fuzz check's entry).
    pub(crate) fn from_parts(fields: Vec<(String, String)>, files: Vec<(String, CheckedFile)>) -> Result<EditForm> {
        if let Some(bad) = fields.iter().map(|(k, _)| k).chain(files.iter().map(|(k, _)| k)).find(|k| !is_plain_part_name(k)) {
            return Err(Error::invalid_argument(format!("the form field name {bad:?} cannot be sent in a multipart form")));
        }
        Ok(EditForm { fields, files })
    }

    /// The form, its file parts reading from disk as the body is sent.
    pub(crate) async fn into_form(self) -> Result<Form> {
        let mut form = Form::new();
        for (key, value) in self.fields {
            form = form.text(key, value);
        }
        for (name, file) in self.files {
            let part = match file.content {
                FileContent::Bytes(data) => Part::stream_with_length(reqwest::Body::from(data.clone()), data.len() as u64),
                FileContent::Path(path, len) => {
                    let opened = tokio::fs::File::open(&path).await.map_err(|e| {
                        Error::invalid_argument(format!("{name}: cannot read the file {}: {e}", path.display()))
                    })?;
                    let chunks = tokio_util::io::ReaderStream::with_capacity(opened, 256 * 1024);
                    Part::stream_with_length(reqwest::Body::wrap_stream(chunks), len)
                }
            };
            let part = part
                .file_name(file.filename)
                .mime_str(&file.mime_type)
                .map_err(|e| Error::invalid_argument(format!("{name}: mime_type {:?} is not a MIME type ({e})", file.mime_type)))?;
            form = form.part(name, part);
        }
        Ok(form)
    }

    /// The form's `Content-Type` and its whole body. The transport this crate sends
    /// through takes a body as bytes, so the form's stream is collected here (one copy
    /// of each file, made as it is read).
    pub(crate) async fn into_body(self) -> Result<(HeaderValue, Bytes)> {
        let form = self.into_form().await?;
        let content_type = HeaderValue::from_str(&format!("multipart/form-data; boundary={}", form.boundary()))
            .map_err(|e| Error::internal(format!("the form's boundary cannot be a header: {e}")))?;
        let mut body = BytesMut::new();
        let mut stream = form.into_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| Error::invalid_argument(format!("an image file could not be read to the end: {e}")))?;
            body.extend_from_slice(&chunk);
        }
        Ok((content_type, body.freeze()))
    }
}
