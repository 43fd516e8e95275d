//! Downloading a file the gateway answered with as a link (an image URL in a Gemini
//! text part or an images result, a video's content), bounded in size and time.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, Method, Uri};

use crate::http::body::Body;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::error_body;
use crate::options::RequestOptions;
use crate::http::seconds;

/// How much of an image host's error answer is read.
const ERROR_BODY_BYTES: usize = 64 * 1024;

pub(crate) async fn fetch(
    client: &Client,
    url: &str,
    max_bytes: usize,
    timeout: Duration,
    options: &RequestOptions,
) -> Result<(Bytes, String)> {
    let target = url::Url::parse(url).map_err(|e| Error::invalid_argument(format!("url {url:?} is not a valid URL ({e})")))?;
    if target.scheme() != "http" && target.scheme() != "https" {
        return Err(Error::invalid_argument("url must start with http:// or https://"));
    }
    let config = client.config();
    let pool = client.pool_for(options.connect_timeout.unwrap_or(config.connect_timeout))?;
    let uri = Uri::try_from(target.as_str()).map_err(|e| Error::invalid_argument(format!("url {url:?} cannot be sent ({e})")))?;
    // The key and the client's default headers go only to the gateway itself, never to
    // a third-party host in a link (the key is the client's own header, built and
    // marked sensitive once); another host gets the user agent alone.
    let headers = if same_origin(&target, &config.base_url) && config.api_key.is_some() {
        client.inner.base_headers.clone().ok_or_else(|| Error::invalid_argument("api_key contains characters a header cannot carry"))?
    } else {
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, client.inner.user_agent.clone());
        headers
    };
    let download = async {
        let response = pool.send(&Method::GET, &uri, &headers, None).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if status >= 400 {
            // Another host's error page: only its start is kept for the error.
            let (start, _) = read_at_most(response.into_body(), ERROR_BODY_BYTES).await?;
            return Err(error_body::from_http(status, headers, &start));
        }
        let declared_length = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        if declared_length.is_some_and(|n| n > max_bytes as u64) {
            return Err(too_large(max_bytes));
        }
        let (data, more) = read_at_most(response.into_body(), max_bytes).await?;
        if more {
            return Err(too_large(max_bytes));
        }
        let data = data.freeze();
        let declared = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(|v| v.split(';').next().unwrap_or("").trim().to_string());
        let mime = match declared {
            Some(m) if m.starts_with("image/") => m,
            _ => super::sniff_image_type(&data).unwrap_or("application/octet-stream").to_string(),
        };
        Ok((data, mime))
    };
    let cancellable = async {
        match &options.cancel {
            Some(token) => tokio::select! {
                _ = token.cancelled() => Err(Error::cancelled()),
                r = download => r,
            },
            None => download.await,
        }
    };
    match tokio::time::timeout(timeout, cancellable).await {
        Ok(result) => result.map_err(|e| e.with_attempts(1)),
        Err(_) => Err(Error::timeout(format!("the image download timed out after {}", seconds(timeout))).with_attempts(1)),
    }
}

/// Up to `cap` bytes of `body`, and whether it held more.
async fn read_at_most(mut body: Body, cap: usize) -> Result<(BytesMut, bool)> {
    let mut data = BytesMut::new();
    while let Some(chunk) = body.next_chunk().await? {
        let room = cap - data.len();
        data.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room {
            return Ok((data, true));
        }
    }
    Ok((data, false))
}

fn too_large(max: usize) -> Error {
    Error::new(crate::ErrorKind::Api, format!("the image is larger than the limit of {max} bytes"))
}

fn same_origin(target: &url::Url, base_url: &str) -> bool {
    url::Url::parse(base_url).is_ok_and(|base| {
        base.scheme() == target.scheme()
            && base.host_str() == target.host_str()
            && base.port_or_known_default() == target.port_or_known_default()
    })
}
