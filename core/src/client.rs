//! The client: settings, the connection pool, and the entry points to each family.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::header::{AUTHORIZATION, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::{Error, Result};
use crate::http::pool::Pool;

pub const DEFAULT_BASE_URL: &str = "https://api.tokenhot.ai";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(300);
pub const DEFAULT_MAX_RETRIES: u32 = 2;
const API_KEY_ENV: &str = "TOKENHOT_API_KEY";
const BASE_URL_ENV: &str = "TOKENHOT_BASE_URL";

/// A Tokenhot client. Cheap to clone (one `Arc`), safe to share across threads and
/// tasks; all clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) config: Config,
    /// `config.base_url`, parsed once.
    pub(crate) base_url: url::Url,
    /// The headers every call starts from: defaults, user agent and the key (marked
    /// sensitive). `None` when there is no key or it cannot be a header value; the
    /// call reports which.
    pub(crate) base_headers: Option<HeaderMap>,
    /// `config.user_agent`, checked once.
    pub(crate) user_agent: HeaderValue,
    /// The pool, built with the client's connect timeout.
    pub(crate) http: Pool,
    /// A pool's connector has one connect timeout, so a call that asks for another one
    /// gets (and keeps) a pool of its own.
    other_pools: Mutex<HashMap<Duration, Pool>>,
}

/// The settings a client was built with, after env fallbacks and normalisation.
#[derive(Clone)]
pub struct Config {
    pub(crate) api_key: Option<String>,
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) stream_idle_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) default_headers: HeaderMap,
    pub(crate) user_agent: String,
}

impl Config {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
    pub fn stream_idle_timeout(&self) -> Duration {
        self.stream_idle_timeout
    }
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }
    pub fn has_api_key(&self) -> bool {
        self.api_key.is_some()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &redacted_header_names(&self.default_headers))
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("config", &self.inner.config).finish()
    }
}

/// Header names only: values of default headers may be credentials.
fn redacted_header_names(headers: &HeaderMap) -> Vec<&str> {
    headers.keys().map(HeaderName::as_str).collect()
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment alone (`TOKENHOT_API_KEY`, `TOKENHOT_BASE_URL`).
    pub fn from_env() -> Result<Client> {
        ClientBuilder::default().build()
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn pool_for(&self, connect_timeout: Duration) -> Result<Pool> {
        if connect_timeout == self.inner.config.connect_timeout {
            return Ok(self.inner.http.clone());
        }
        let mut pools = self.inner.other_pools.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(pool) = pools.get(&connect_timeout) {
            return Ok(pool.clone());
        }
        let pool = Pool::new(connect_timeout)?;
        pools.insert(connect_timeout, pool.clone());
        Ok(pool)
    }
}

#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    stream_idle_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: Vec<(String, String)>,
    user_agent: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }
    /// The gateway's root URL; a trailing `/v1` or `/v1beta` is accepted and dropped.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
    /// Total time for one attempt (see `RequestOptions::timeout`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }
    /// The bindings pass `tokenhot-python/<version>` or `tokenhot-node/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the client. Fails on a base URL that does not parse or is not http(s),
    /// or on a header that HTTP cannot carry; a missing key fails at the first call.
    pub fn build(self) -> Result<Client> {
        let api_key = self.api_key.or_else(|| non_empty_env(API_KEY_ENV));
        let base_url = match self.base_url.or_else(|| non_empty_env(BASE_URL_ENV)) {
            Some(url) => normalize_base_url(&url)?,
            None => DEFAULT_BASE_URL.to_string(),
        };
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let config = Config {
            api_key,
            base_url,
            timeout: positive(self.timeout, "timeout")?.unwrap_or(DEFAULT_TIMEOUT),
            connect_timeout: positive(Some(connect_timeout), "connect_timeout")?.unwrap_or(connect_timeout),
            stream_idle_timeout: positive(self.stream_idle_timeout, "stream_idle_timeout")?
                .unwrap_or(DEFAULT_STREAM_IDLE_TIMEOUT),
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            default_headers: header_map(&self.default_headers, "default_headers")?,
            user_agent: self
                .user_agent
                .unwrap_or_else(|| format!("tokenhot-rust/{}", env!("CARGO_PKG_VERSION"))),
        };
        let user_agent = HeaderValue::from_str(&config.user_agent)
            .map_err(|_| Error::invalid_argument("user_agent is not a valid header value"))?;
        let base_url = url::Url::parse(&config.base_url).map_err(Error::internal)?;
        let base_headers = config.api_key.as_deref().and_then(|key| {
            let mut auth = HeaderValue::from_str(&format!("Bearer {key}")).ok()?;
            auth.set_sensitive(true);
            let mut headers = config.default_headers.clone();
            headers.insert(USER_AGENT, user_agent.clone());
            headers.insert(AUTHORIZATION, auth);
            Some(headers)
        });
        let http = Pool::new(connect_timeout)?;
        Ok(Client {
            inner: Arc::new(ClientInner {
                config,
                base_url,
                base_headers,
                user_agent,
                http,
                other_pools: Mutex::new(HashMap::new()),
            }),
        })
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn positive(d: Option<Duration>, name: &str) -> Result<Option<Duration>> {
    match d {
        Some(d) if d.is_zero() => Err(Error::invalid_argument(format!("{name} must be greater than zero"))),
        other => Ok(other),
    }
}

/// Headers about the message's framing or the connection: one set by a user would
/// contradict the request as written (a wrong length makes the server read the rest as
/// another request) or the pool's handling of the connection.
const CONNECTION_HEADERS: [HeaderName; 6] = [
    http::header::CONTENT_LENGTH,
    http::header::TRANSFER_ENCODING,
    http::header::CONNECTION,
    http::header::UPGRADE,
    http::header::TE,
    http::header::TRAILER,
];

/// Checks header names and values; `what` names the argument in the error.
pub(crate) fn header_map(pairs: &[(String, String)], what: &str) -> Result<HeaderMap> {
    let mut map = HeaderMap::with_capacity(pairs.len());
    for (name, value) in pairs {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_argument(format!("{what}: {name:?} is not a valid header name")))?;
        if CONNECTION_HEADERS.contains(&header) {
            return Err(Error::invalid_argument(format!(
                "{what}: {name:?} cannot be set; the client frames and manages its connections itself"
            )));
        }
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::invalid_argument(format!("{what}: the value of {name:?} is not a valid header value")))?;
        map.insert(header, value);
    }
    Ok(map)
}

/// CONTRACT.md, Client: keep scheme, host and any path prefix; trim trailing slashes;
/// drop one trailing `/v1` or `/v1beta` (routes live under both).
pub fn normalize_base_url(raw: &str) -> Result<String> {
    let bad = |why: &str| Error::invalid_argument(format!("base_url {raw:?} {why}"));
    let url = url::Url::parse(raw.trim()).map_err(|e| bad(&format!("is not a valid URL ({e})")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("must start with http:// or https://"));
    }
    if url.host_str().is_none() {
        return Err(bad("has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not carry a query or fragment"));
    }
    let mut s = url.as_str().trim_end_matches('/').to_string();
    for suffix in ["/v1beta", "/v1"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped.trim_end_matches('/').to_string();
            break;
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_normalisation() {
        let n = |s| normalize_base_url(s).unwrap();
        assert_eq!(n("https://api.tokenhot.ai/v1"), "https://api.tokenhot.ai");
        assert_eq!(n("https://api.tokenhot.ai/v1/"), "https://api.tokenhot.ai");
        assert_eq!(n("https://api.tokenhot.ai/v1beta"), "https://api.tokenhot.ai");
        assert_eq!(n("http://127.0.0.1:8080/gw///"), "http://127.0.0.1:8080/gw");
        assert_eq!(n("http://h/gw/v1"), "http://h/gw");
        assert_eq!(n("http://h/v1/v1"), "http://h/v1");
        assert!(normalize_base_url("ftp://h").is_err());
        assert!(normalize_base_url("not a url").is_err());
    }

    #[test]
    fn debug_never_shows_the_key() {
        let client = Client::builder().api_key("sk-very-secret").default_header("x-api-key", "sk-other-secret").build().unwrap();
        let shown = format!("{client:?} {:?}", Client::builder().api_key("sk-very-secret"));
        assert!(!shown.contains("very-secret") && !shown.contains("other-secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }
}
