//! Getting the pictures out of a result: `fetch` (one image's bytes and type) and
//! `save` (every image to disk, all or nothing).

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use serde_json::Value;

use crate::api::media::{self, extension_for, sniff_image_type, PendingFile};
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::options::RequestOptions;

const DEFAULT_MAX_BYTES: usize = 64 << 20;
const DEFAULT_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(120);

pub(crate) async fn fetch(client: &Client, item: &Value, max_bytes: Option<usize>, options: &RequestOptions) -> Result<(Bytes, String)> {
    let b64 = item.get("b64_json").and_then(Value::as_str);
    let url = item.as_str().or_else(|| item.get("url").and_then(Value::as_str));
    match (b64, url) {
        (Some(b64), _) => decode_b64(b64, item),
        (None, Some(url)) => {
            let timeout = options.timeout.unwrap_or(DEFAULT_DOWNLOAD_TIMEOUT);
            media::download(client, url, max_bytes.unwrap_or(DEFAULT_MAX_BYTES), timeout, options).await
        }
        (None, None) => Err(Error::invalid_argument("the image has neither b64_json nor url (give an item of a result's data, or a URL)")),
    }
}

/// Base64 is decoded here, in Rust: the bytes' signature gives the type, else the
/// item's `output_format`.
fn decode_b64(b64: &str, item: &Value) -> Result<(Bytes, String)> {
    let engine = &base64::engine::general_purpose::STANDARD;
    let bytes = match engine.decode(b64) {
        Ok(bytes) => bytes,
        // Some gateways wrap long base64 in lines.
        Err(_) => engine
            .decode(b64.bytes().filter(|b| !b.is_ascii_whitespace()).collect::<Vec<u8>>())
            .map_err(|e| Error::new(ErrorKind::Api, format!("the image's b64_json is not valid base64: {e}")))?,
    };
    let by_format = item.get("output_format").and_then(Value::as_str).and_then(media::mime_from_extension);
    let mime = sniff_image_type(&bytes).or(by_format).unwrap_or("application/octet-stream");
    Ok((Bytes::from(bytes), mime.to_string()))
}

pub(crate) async fn save(client: &Client, result: &Value, path: &Path, options: &RequestOptions) -> Result<Vec<PathBuf>> {
    let items: Vec<&Value> = match result.get("data") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(_) => return Err(Error::invalid_argument("result.data must be a list of images")),
        None if result.get("b64_json").is_some() || result.get("url").is_some() || result.is_string() => vec![result],
        None => return Err(Error::invalid_argument("save takes an images result, one of its data items, or a URL")),
    };
    if items.is_empty() {
        return Err(Error::invalid_argument("the result holds no images to save"));
    }
    // Everything is fetched before anything is written, so a failed download leaves no
    // file; the written files appear (renamed) only once all of them are complete.
    let mut images = Vec::with_capacity(items.len());
    for item in items {
        images.push(fetch(client, item, None, options).await?);
    }
    let extensions: Vec<&'static str> =
        images.iter().map(|(data, mime)| extension_for(sniff_image_type(data).unwrap_or(mime)).unwrap_or("bin")).collect();
    let path = path.to_path_buf();
    // Disk writes (megabytes each) run on the blocking pool, not on a runtime thread.
    tokio::task::spawn_blocking(move || {
        let targets = media::save_targets(&path, "image", &extensions)?;
        let mut pending = Vec::with_capacity(targets.len());
        for (target, (data, _)) in targets.iter().zip(&images) {
            pending.push(PendingFile::write(target, data)?);
        }
        drop(images);
        pending.into_iter().map(PendingFile::commit).collect()
    })
    .await
    .map_err(|e| Error::internal(format!("the image writer stopped: {e}")))?
}
