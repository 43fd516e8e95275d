//! The connection pool and the one place requests go out. HTTP/1.1 is the crate's own
//! (`h1`, for its small per-connection memory); HTTP/2, which TLS chooses when the
//! server offers it, is hyper's, one multiplexed connection per origin. No redirect or
//! retry layers: this crate's retries are its own (CONTRACT.md, Retries) and the
//! gateway does not redirect.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::uri::{Authority, Scheme};
use http::{HeaderMap, Method, Request, Uri};
use http_body_util::Full;
use hyper::client::conn::http2;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};

use crate::http::body::{Body, H1Body};
use crate::http::connector::{ConnectError, Connector};
use crate::error::{Error, Result};
use crate::http::h1::body::Decoder;
use crate::http::h1::H1Conn;

pub(crate) type HttpResponse = http::Response<Body>;
type Http2Sender = http2::SendRequest<Full<Bytes>>;
/// Connections are shared only within one scheme, host and port.
pub(crate) type Origin = (Scheme, Authority);

const CONNECT_FAILED: &str = "could not connect to the gateway";
const REQUEST_FAILED: &str = "the request failed";

/// How long an unused connection is kept.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);
const H2_PING_INTERVAL: Duration = Duration::from_secs(30);
const H2_PING_TIMEOUT: Duration = Duration::from_secs(20);

/// Cheap to clone (a call keeps one); clones share the connections.
#[derive(Clone)]
pub(crate) struct Pool(Arc<Parts>);

pub(crate) struct Parts {
    connector: Connector,
    idle: Mutex<Idle>,
}

#[derive(Default)]
struct Idle {
    h1: HashMap<Origin, Vec<Parked>>,
    h2: HashMap<Origin, Shared>,
    /// `https://` origins whose server chose HTTP/1.1: no call waits for another's
    /// connect to them.
    http1_only: HashSet<Origin>,
    /// One connect at a time to an `https://` origin not known to be HTTP/1.1-only.
    opening: HashMap<Origin, Arc<tokio::sync::Mutex<()>>>,
    /// Whether a task is closing connections that have been idle too long.
    reaping: bool,
}

struct Parked {
    conn: H1Conn,
    since: Instant,
}

/// An HTTP/2 connection every call to its origin shares.
struct Shared {
    sender: Http2Sender,
    last_used: Instant,
}

impl Shared {
    fn is_usable(&self, now: Instant) -> bool {
        !self.sender.is_closed() && now.duration_since(self.last_used) < IDLE_TIMEOUT
    }
}

enum Reused {
    H1(H1Conn),
    H2(Http2Sender),
}

impl Pool {
    /// A pool whose new connections must be open within `connect_timeout`.
    pub(crate) fn new(connect_timeout: Duration) -> Result<Pool> {
        let connector =
            Connector::new(connect_timeout).map_err(|e| Error::internal(format!("could not set up TLS: {e}")))?;
        Ok(Pool(Arc::new(Parts { connector, idle: Mutex::default() })))
    }

    /// Sends one request and waits for the response head.
    ///
    /// Its future is what each call in flight holds while it waits, so it takes care
    /// to stay small: the connect and HTTP/2 paths are boxed, and the connection is a
    /// local of this function only (handing it by value to another `async fn` would
    /// keep a second copy of it).
    pub(crate) async fn send(&self, method: &Method, uri: &Uri, headers: &HeaderMap, body: Option<&Bytes>) -> Result<HttpResponse> {
        let (Some(scheme), Some(authority)) = (uri.scheme().cloned(), uri.authority().cloned()) else {
            return Err(Error::internal(format!("the URL {uri} has no scheme or host")));
        };
        let origin = (scheme, authority);
        let reused = match self.reuse(&origin) {
            Some(reused) => reused,
            None => Box::pin(self.open_one_at_a_time(&origin, uri)).await?,
        };
        let mut conn = match reused {
            Reused::H1(conn) => conn,
            Reused::H2(sender) => return Box::pin(send_h2(sender, method, uri, headers, body)).await,
        };
        let head = conn.exchange(method, uri, headers, body).await.map_err(|e| Error::connection_failed(REQUEST_FAILED, e))?;
        let decoder = Decoder::new(head.framing);
        let body = if decoder.is_done() {
            if head.keep_alive {
                check_in(&self.0, origin, conn);
            }
            Body::Empty
        } else {
            Body::H1(H1Body::new(conn, decoder, head.keep_alive.then(|| (Arc::downgrade(&self.0), origin))))
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = head.status;
        *response.version_mut() = head.version;
        *response.headers_mut() = head.headers;
        Ok(response)
    }

    /// A new connection to `origin`, or the HTTP/2 one another call just opened.
    ///
    /// An `https://` origin may answer with HTTP/2, and then one connection serves
    /// every call: so a burst of calls to an origin not yet known lets one call connect
    /// while the others wait to see what it got (a burst of 64 would otherwise make 64
    /// TLS handshakes). Once an origin is known to speak HTTP/1.1, its connections open
    /// side by side.
    async fn open_one_at_a_time(&self, origin: &Origin, uri: &Uri) -> Result<Reused> {
        if origin.0 != Scheme::HTTPS {
            return self.open(origin, uri).await;
        }
        let turn = {
            let mut idle = lock(&self.0);
            if idle.http1_only.contains(origin) {
                None
            } else {
                Some(idle.opening.entry(origin.clone()).or_default().clone())
            }
        };
        let Some(turn) = turn else { return self.open(origin, uri).await };
        let _mine = turn.lock().await;
        if let Some(reused) = self.reuse(origin) {
            return Ok(reused);
        }
        if lock(&self.0).http1_only.contains(origin) {
            drop(_mine);
            return self.open(origin, uri).await;
        }
        let opened = self.open(origin, uri).await?;
        if matches!(opened, Reused::H1(_)) {
            let mut idle = lock(&self.0);
            idle.http1_only.insert(origin.clone());
            idle.opening.remove(origin);
        }
        Ok(opened)
    }

    /// A new connection to `origin`; HTTP/2 ones are shared from now on.
    async fn open(&self, origin: &Origin, uri: &Uri) -> Result<Reused> {
        let conn = self.0.connector.connect(uri).await.map_err(connect_error)?;
        if !conn.stream.is_h2() {
            return Ok(Reused::H1(H1Conn::new(conn)));
        }
        // Pings find a connection that died silently (a NAT that forgot it, say) within
        // 50 s instead of leaving calls to wait out their timeouts on it.
        let (sender, connection) = http2::Builder::new(TokioExecutor::new())
            .timer(TokioTimer::new())
            .keep_alive_interval(H2_PING_INTERVAL)
            .keep_alive_timeout(H2_PING_TIMEOUT)
            .keep_alive_while_idle(true)
            .handshake(TokioIo::new(conn.stream))
            .await
            .map_err(|e| Error::connection_failed(CONNECT_FAILED, e))?;
        // The connection's own task; how it ends reaches the requests on it.
        tokio::spawn(connection);
        let mut idle = lock(&self.0);
        idle.h2.insert(origin.clone(), Shared { sender: sender.clone(), last_used: Instant::now() });
        start_reaper(&self.0, &mut idle);
        Ok(Reused::H2(sender))
    }

    /// A pooled connection to `origin` that is still open, if there is one.
    fn reuse(&self, origin: &Origin) -> Option<Reused> {
        let mut idle = lock(&self.0);
        let now = Instant::now();
        if let Some(shared) = idle.h2.get_mut(origin) {
            if shared.is_usable(now) {
                shared.last_used = now;
                return Some(Reused::H2(shared.sender.clone()));
            }
            // Dropping the last sender closes the connection once its requests end.
            idle.h2.remove(origin);
        }
        let parked = idle.h1.get_mut(origin)?;
        // The most recently used first: the likeliest to be open still.
        while let Some(newest) = parked.pop() {
            if now.duration_since(newest.since) >= IDLE_TIMEOUT {
                parked.clear(); // the rest are older still
                break;
            }
            if newest.conn.is_idle_and_open() {
                return Some(Reused::H1(newest.conn));
            }
        }
        None
    }

}

async fn send_h2(mut sender: Http2Sender, method: &Method, uri: &Uri, headers: &HeaderMap, body: Option<&Bytes>) -> Result<HttpResponse> {
    let failed = |e| Error::connection_failed(REQUEST_FAILED, e);
    let mut request = Request::new(Full::new(body.cloned().unwrap_or_default()));
    *request.method_mut() = method.clone();
    *request.uri_mut() = uri.clone();
    *request.headers_mut() = headers.clone();
    sender.ready().await.map_err(failed)?;
    let response = sender.send_request(request).await.map_err(failed)?;
    Ok(response.map(Body::H2))
}

fn connect_error(e: ConnectError) -> Error {
    match e {
        ConnectError::TimedOut(_) => Error::timeout(format!("{CONNECT_FAILED}: {e}")).with_source(e),
        ConnectError::Failed(_) => Error::connection_failed(CONNECT_FAILED, e),
    }
}

fn lock(parts: &Parts) -> MutexGuard<'_, Idle> {
    parts.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Parks a connection whose answer was read to its end, for the next request.
pub(crate) fn check_in(parts: &Arc<Parts>, origin: Origin, conn: H1Conn) {
    let Some(conn) = conn.into_reusable() else { return };
    let mut idle = lock(parts);
    idle.h1.entry(origin).or_default().push(Parked { conn, since: Instant::now() });
    start_reaper(parts, &mut idle);
}

fn start_reaper(parts: &Arc<Parts>, idle: &mut Idle) {
    if !idle.reaping {
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            idle.reaping = true;
            runtime.spawn(reap(Arc::downgrade(parts)));
        }
    }
}

/// Closes connections idle for longer than `IDLE_TIMEOUT` or closed by the server (and
/// lets go of shared HTTP/2 ones),
/// until none is left; then it ends, and the next check-in starts another.
async fn reap(pool: Weak<Parts>) {
    /// Says the reaper has ended however it ends (also when its runtime shuts down).
    struct Ended(Weak<Parts>);
    impl Drop for Ended {
        fn drop(&mut self) {
            if let Some(parts) = self.0.upgrade() {
                lock(&parts).reaping = false;
            }
        }
    }
    let _ended = Ended(pool.clone());
    loop {
        tokio::time::sleep(IDLE_TIMEOUT / 3).await;
        let Some(parts) = pool.upgrade() else { return };
        let now = Instant::now();
        let mut idle = lock(&parts);
        idle.h1.retain(|_, parked| {
            parked.retain(|p| now.duration_since(p.since) < IDLE_TIMEOUT && p.conn.is_idle_and_open());
            !parked.is_empty()
        });
        idle.h2.retain(|_, shared| shared.is_usable(now));
        if idle.h1.is_empty() && idle.h2.is_empty() {
            return;
        }
    }
}
