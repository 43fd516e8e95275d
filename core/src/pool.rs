//! The connection pool and the one place requests go out: hyper's pooled client over
//! `connector::Connector`. hyper directly, not reqwest: reqwest's layers (URL
//! re-parsing, redirect and retry policies, header-map copies) cost about 30 % of a
//! call's CPU here, and this crate needs none of them (its retries are its own,
//! CONTRACT.md, Retries; the gateway does not redirect).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::PROXY_AUTHORIZATION;
use http::{HeaderMap, Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::connector::{ConnectTimedOut, Connector};
use crate::error::{describe_chain, Error, Result};

pub(crate) type HttpResponse = http::Response<Incoming>;

/// Cheap to clone (a call keeps one); clones share the connections.
#[derive(Clone)]
pub(crate) struct Pool(Arc<Parts>);

struct Parts {
    http: HyperClient<Connector, Full<Bytes>>,
    proxies: Arc<Matcher>,
}

impl Pool {
    /// A pool whose new connections must be open within `connect_timeout`. Proxies
    /// are read from the environment now, as reqwest and curl do.
    pub(crate) fn new(connect_timeout: Duration) -> Result<Pool> {
        let proxies = Arc::new(Matcher::from_env());
        let connector = Connector::new(connect_timeout, proxies.clone())
            .map_err(|e| Error::internal(format!("could not set up TLS: {e}")))?;
        let http = HyperClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        Ok(Pool(Arc::new(Parts { http, proxies })))
    }

    /// Sends one request and waits for the response head.
    pub(crate) async fn send(&self, method: Method, uri: Uri, mut headers: HeaderMap, body: Option<Bytes>) -> Result<HttpResponse> {
        if uri.scheme() == Some(&http::uri::Scheme::HTTP) {
            // A forwarding proxy reads its credentials from the request itself.
            if let Some(auth) = self.0.proxies.intercept(&uri).and_then(|p| p.basic_auth().cloned()) {
                headers.insert(PROXY_AUTHORIZATION, auth);
            }
        }
        let mut request = Request::new(Full::new(body.unwrap_or_default()));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        self.0.http.request(request).await.map_err(send_error)
    }
}

/// The whole body.
pub(crate) async fn read_body(response: HttpResponse) -> Result<Bytes> {
    Ok(response.into_body().collect().await.map_err(body_error)?.to_bytes())
}

/// The next piece of a body, `None` at its clean end (trailers are skipped).
pub(crate) async fn next_chunk(body: &mut Incoming) -> std::result::Result<Option<Bytes>, hyper::Error> {
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            return Ok(Some(data));
        }
    }
    Ok(None)
}

/// Classifies a failure to get a response head, keeping only its description.
fn send_error(e: hyper_util::client::legacy::Error) -> Error {
    let detail = describe_chain(&e);
    let error = if has_source::<ConnectTimedOut>(&e) {
        Error::timeout(format!("could not connect to the gateway: {detail}"))
    } else if e.is_connect() {
        Error::connection(format!("could not connect to the gateway: {detail}"))
    } else {
        Error::connection(format!("the request failed: {detail}"))
    };
    error.with_source(e)
}

/// A body that failed part-way: the connection was cut (or reset, or sent garbage).
pub(crate) fn body_error(e: hyper::Error) -> Error {
    Error::connection(format!("the connection was cut while reading the answer: {}", describe_chain(&e))).with_source(e)
}

fn has_source<T: std::error::Error + 'static>(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if err.is::<T>() {
            return true;
        }
        next = err.source();
    }
    false
}
