//! Sends one call: builds the HTTP request once, then tries it until it succeeds, fails
//! for good, or runs out of retries (CONTRACT.md, Retries). Every error leaving here
//! carries the attempt count.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method, Uri};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::client::{header_map, Client};
use crate::error::{Error, ErrorKind, Result};
use crate::error_body;
use crate::http::log;
use crate::options::RequestOptions;
use crate::http::pool::{HttpResponse, Pool};
use crate::http::Response;
use crate::http::retry::delay_before_retry;

/// What a family operation asks the transport to send.
pub(crate) struct ApiRequest {
    pub method: Method,
    /// Path under the base URL, already percent-encoded, e.g. `/v1/chat/completions`.
    pub path: String,
    pub body: Option<JsonBody>,
    /// Family headers such as `anthropic-version`.
    pub headers: Vec<(&'static str, &'static str)>,
    pub stream: bool,
}

/// A request body as the caller holds it: a JSON value, or JSON text (sent as it is
/// when the operation's checks pass on the text, so a binding that holds text skips a
/// parse and an encode).
pub enum JsonBody {
    Value(Value),
    Text(Bytes),
}

impl From<Value> for JsonBody {
    fn from(value: Value) -> JsonBody {
        JsonBody::Value(value)
    }
}

impl From<Bytes> for JsonBody {
    fn from(text: Bytes) -> JsonBody {
        JsonBody::Text(text)
    }
}

impl From<String> for JsonBody {
    fn from(text: String) -> JsonBody {
        JsonBody::Text(text.into())
    }
}

impl From<&'static str> for JsonBody {
    fn from(text: &'static str) -> JsonBody {
        JsonBody::Text(Bytes::from_static(text.as_bytes()))
    }
}

/// One call with its settings resolved; kept by a stream so it can send again.
pub(crate) struct Call {
    pool: Pool,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Option<Bytes>,
    timeout: Duration,
    pub(crate) idle_timeout: Duration,
    max_retries: u32,
    pub(crate) cancel: Option<CancellationToken>,
    attempts: u32,
}

impl Call {
    /// Resolves settings (options over client defaults), checks the arguments, and
    /// serialises the body with `extra_body` merged over it. Sends nothing.
    pub(crate) fn new(client: &Client, req: ApiRequest, opts: &RequestOptions) -> Result<Call> {
        let config = client.config();
        config.api_key.as_deref().ok_or_else(|| {
            Error::new(
                ErrorKind::Authentication,
                "no API key: pass api_key to the client or set the TOKENHOT_API_KEY environment variable",
            )
        })?;
        let non_zero = |d: Option<Duration>, name: &str| match d {
            Some(d) if d.is_zero() => Err(Error::invalid_argument(format!("{name} must be greater than zero"))),
            d => Ok(d),
        };
        let timeout = non_zero(opts.timeout, "timeout")?.unwrap_or(config.timeout);
        let connect_timeout = non_zero(opts.connect_timeout, "connect_timeout")?.unwrap_or(config.connect_timeout);
        let idle_timeout = non_zero(opts.stream_idle_timeout, "stream_idle_timeout")?.unwrap_or(config.stream_idle_timeout);

        // Defaults, user agent and key were checked and assembled once, by the client.
        let mut headers = client.inner.base_headers.clone().ok_or_else(|| {
            Error::invalid_argument("api_key contains characters a header cannot carry")
        })?;
        let accept = if req.stream { "text/event-stream" } else { "application/json" };
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        for (name, value) in &req.headers {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        let body = match req.body {
            Some(body) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Some(match body {
                    JsonBody::Text(text) if opts.extra_body.is_none() => text,
                    JsonBody::Text(text) => {
                        let value = serde_json::from_slice(&text)
                            .map_err(|e| Error::invalid_argument(format!("the request body is not valid JSON: {e}")))?;
                        Bytes::from(encode_body(value, opts)?)
                    }
                    JsonBody::Value(value) => Bytes::from(encode_body(value, opts)?),
                })
            }
            None => None,
        };
        for (name, value) in header_map(&opts.extra_headers, "extra_headers")? {
            if let Some(name) = name {
                headers.insert(name, value);
            }
        }

        let url = endpoint(&client.inner.base_url, &req.path, &opts.extra_query);
        let uri = Uri::try_from(url.as_str()).map_err(|e| Error::invalid_argument(format!("the URL {:?} cannot be sent ({e})", url.as_str())))?;
        Ok(Call {
            pool: client.pool_for(connect_timeout)?,
            method: req.method,
            uri,
            headers,
            body,
            timeout,
            idle_timeout,
            max_retries: opts.max_retries.unwrap_or(config.max_retries),
            cancel: opts.cancel.clone(),
            attempts: 0,
        })
    }

    /// Replaces the body with one of another type (a multipart form), sent the same
    /// way on every attempt. `extra_body` does not apply: the caller merged it already.
    pub(crate) fn with_body(mut self, content_type: HeaderValue, body: Bytes) -> Call {
        self.headers.insert(CONTENT_TYPE, content_type);
        self.body = Some(body);
        self
    }

    /// A `GET` of an absolute URL on another host (a vendor's link to a finished
    /// video): the client's user agent, timeouts and retries, but never its key or
    /// default headers, which are for the gateway alone.
    pub(crate) fn foreign_get(client: &Client, url: &str, opts: &RequestOptions) -> Result<Call> {
        let config = client.config();
        let target = url::Url::parse(url).map_err(|e| Error::invalid_argument(format!("url {url:?} is not a valid URL ({e})")))?;
        if target.scheme() != "http" && target.scheme() != "https" {
            return Err(Error::invalid_argument(format!("url {url:?} must start with http:// or https://")));
        }
        let uri = Uri::try_from(target.as_str()).map_err(|e| Error::invalid_argument(format!("url {url:?} cannot be sent ({e})")))?;
        let connect_timeout = opts.connect_timeout.unwrap_or(config.connect_timeout);
        let mut headers = HeaderMap::new();
        headers.insert(http::header::USER_AGENT, client.inner.user_agent.clone());
        Ok(Call {
            pool: client.pool_for(connect_timeout)?,
            method: Method::GET,
            uri,
            headers,
            body: None,
            timeout: opts.timeout.unwrap_or(config.timeout),
            idle_timeout: opts.stream_idle_timeout.unwrap_or(config.stream_idle_timeout),
            max_retries: opts.max_retries.unwrap_or(config.max_retries),
            cancel: opts.cancel.clone(),
            attempts: 0,
        })
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }

    // `json` and `json_text` return `answer`'s future itself rather than awaiting it in
    // an `async fn` of their own, which would keep a second copy of the call.

    /// Sends until a complete 2xx JSON answer arrives.
    pub(crate) fn json(self) -> impl Future<Output = Result<Response<Value>>> + Send {
        self.answer(|body| crate::json::lone_surrogates::from_slice_lossy(body))
    }

    /// Like `json`, for an answer whose body does not matter (a delete): an empty or
    /// non-JSON 2xx body is `null`, not an error.
    pub(crate) fn json_or_null(self) -> impl Future<Output = Result<Response<Value>>> + Send {
        self.answer(|body| Ok(crate::json::lone_surrogates::from_slice_lossy(body).unwrap_or(Value::Null)))
    }

    /// Like `json`, but the answer stays JSON text (checked to be JSON and UTF-8),
    /// for a binding that hands text on as it is.
    pub(crate) fn json_text(self) -> impl Future<Output = Result<Response<Bytes>>> + Send {
        self.answer(|body| {
            serde_json::from_slice::<serde::de::IgnoredAny>(body)?;
            std::str::from_utf8(body).map_err(serde::de::Error::custom)?;
            Ok(body.clone())
        })
    }

    /// Sends until a complete 2xx answer arrives and decodes it with `decode`.
    ///
    /// A plain `fn` around an `async move` block: the block uses the call where it was
    /// captured, where an `async fn` taking `mut self` would copy it into a local too.
    #[allow(clippy::manual_async_fn)] // on purpose, as said above
    fn answer<T>(mut self, decode: impl FnOnce(&Bytes) -> serde_json::Result<T> + Send) -> impl Future<Output = Result<Response<T>>> + Send
    where
        T: Send,
    {
        async move {
            let (status, headers, body) = loop {
                // The attempt's result is gone before the wait for a retry starts, so
                // the two are never held at once.
                let error = match self.try_once(true).await {
                    Ok(Answer::Full(status, headers, body)) => break (status, headers, body),
                    Ok(Answer::Head(_)) => unreachable!("try_once(true) reads the whole body"),
                    Err(e) => e,
                };
                self.before_retry(error).await?;
            };
            let request_id = error_body::request_id_from_headers(&headers);
            match decode(&body) {
                Ok(value) => Ok(Response::new(value, request_id, headers)),
                Err(e) => {
                    let snippet: String = String::from_utf8_lossy(&body).chars().take(200).collect();
                    Err(Error::new(ErrorKind::Api, format!("the answer (HTTP {status}) is not valid JSON ({e}): {snippet:?}"))
                        .with_status(Some(status))
                        .with_request_id(request_id)
                        .with_body(Some(Value::String(String::from_utf8_lossy(&body).into_owned())))
                        .with_headers(headers)
                        .with_attempts(self.attempts))
                }
            }
        }
    }

    /// Sends until a 2xx response head arrives; the body is left to the caller.
    pub(crate) async fn open(&mut self) -> Result<HttpResponse> {
        loop {
            match self.try_once(false).await {
                Ok(Answer::Head(response)) => return Ok(response),
                Ok(Answer::Full(..)) => unreachable!("try_once(false) leaves 2xx bodies unread"),
                Err(e) => self.before_retry(e).await?,
            }
        }
    }

    /// Returns `Ok` after sleeping when `error` may be retried, else the final error.
    pub(crate) async fn before_retry(&mut self, error: Error) -> Result<()> {
        let error = error.with_attempts(self.attempts);
        if !error.is_retryable() || self.attempts > self.max_retries {
            return Err(error);
        }
        let headers = (!error.headers().is_empty()).then(|| error.headers());
        let delay = delay_before_retry(self.attempts - 1, headers);
        self.cancellable(tokio::time::sleep(delay)).await.map_err(|e| e.with_attempts(self.attempts))
    }

    /// Runs `fut` unless the caller's cancel token fires first.
    pub(crate) async fn cancellable<T>(&self, fut: impl Future<Output = T>) -> Result<T> {
        match &self.cancel {
            None => Ok(fut.await),
            Some(token) => tokio::select! {
                biased;
                _ = token.cancelled() => Err(Error::cancelled()),
                out = fut => Ok(out),
            },
        }
    }

    async fn try_once(&mut self, whole_body: bool) -> Result<Answer> {
        self.attempts += 1;
        if self.cancel.as_ref().is_some_and(CancellationToken::is_cancelled) {
            return Err(Error::cancelled());
        }
        let timeout = self.timeout;
        // Boxed: the request future is large, and every future around it (timeout,
        // cancellation, the call, the binding's task) would otherwise copy it as it is
        // built and moved; those copies were ~5 % of a call's CPU.
        let attempt = Box::pin(async {
            let response = self.pool.send(&self.method, &self.uri, &self.headers, self.body.as_ref()).await?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                return Err(redirect_error(status, response.headers()));
            }
            if status < 400 && !whole_body {
                return Ok(Answer::Head(response));
            }
            let (head, body) = response.into_parts();
            let (headers, body) = (head.headers, body.read_to_end().await?);
            if status >= 400 {
                return Err(error_body::from_http(status, headers, &body));
            }
            Ok(Answer::Full(status, headers, body))
        });
        let started = std::time::Instant::now();
        let result = match self.cancellable(tokio::time::timeout(timeout, attempt)).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => Err(Error::timeout(format!("the request timed out after {}", seconds(timeout)))),
            Err(cancelled) => Err(cancelled),
        };
        if log::enabled() {
            let outcome = match &result {
                Ok(Answer::Head(r)) => format!("{} (stream)", r.status().as_u16()),
                Ok(Answer::Full(status, ..)) => status.to_string(),
                Err(e) => e.to_string(),
            };
            log::attempt(&self.method, &self.uri.to_string(), self.attempts, &outcome, started.elapsed(), &self.headers);
        }
        result
    }
}

enum Answer {
    Head(HttpResponse),
    Full(u16, HeaderMap, Bytes),
}

/// Redirects are not followed: a redirected POST would lose its body or its method
/// (301/302), or carry the key to wherever it points. The error says where to point
/// `base_url` instead.
fn redirect_error(status: u16, headers: &HeaderMap) -> Error {
    let target = headers.get(http::header::LOCATION).and_then(|v| v.to_str().ok());
    let to = target.map(|t| format!(" to {t:?}")).unwrap_or_default();
    Error::new(
        ErrorKind::Api,
        format!("the gateway answered HTTP {status}, a redirect{to}; redirects are not followed: set base_url to the address the gateway serves"),
    )
    .with_status(Some(status))
    .with_request_id(error_body::request_id_from_headers(headers))
    .with_headers(headers.clone())
}

/// The call's URL: the client's parsed base URL with the route's path (and query) on
/// it. Only the path and query are parsed here; parsing the whole URL (host, IDNA) on
/// every call cost about 5 % of a call's CPU.
fn endpoint(base: &url::Url, route: &str, extra_query: &[(String, String)]) -> url::Url {
    let (path, query) = match route.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (route, None),
    };
    let mut url = base.clone();
    url.set_path(&format!("{}{path}", base.path().trim_end_matches('/')));
    url.set_query(query);
    if !extra_query.is_empty() {
        url.query_pairs_mut().extend_pairs(extra_query.iter());
    }
    url
}

fn encode_body(body: Value, opts: &RequestOptions) -> Result<Vec<u8>> {
    let body = match (body, &opts.extra_body) {
        (Value::Object(mut map), Some(extra)) => {
            for (k, v) in extra {
                map.insert(k.clone(), v.clone());
            }
            Value::Object(map)
        }
        (body, _) => body,
    };
    serde_json::to_vec(&body).map_err(|e| Error::invalid_argument(format!("the request body cannot be encoded as JSON: {e}")))
}

pub(crate) fn seconds(d: Duration) -> String {
    format!("{:.3}s", d.as_secs_f64()).replace(".000s", "s")
}

#[cfg(test)]
mod tests {
    use super::endpoint;

    #[test]
    fn endpoint_keeps_the_path_prefix_and_route_query() {
        let base = url::Url::parse("http://gw.example:8080/prefix").unwrap();
        assert_eq!(endpoint(&base, "/v1/chat/completions", &[]).as_str(), "http://gw.example:8080/prefix/v1/chat/completions");
        let bare = url::Url::parse("https://gw.example").unwrap();
        let extra = [("trace".to_string(), "a b".to_string())];
        assert_eq!(
            endpoint(&bare, "/v1beta/models/g:streamGenerateContent?alt=sse", &extra).as_str(),
            "https://gw.example/v1beta/models/g:streamGenerateContent?alt=sse&trace=a+b"
        );
    }
}
