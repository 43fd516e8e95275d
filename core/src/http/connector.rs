//! Opens connections for the pool: TCP, TLS (HTTP/2 when the server offers it), and the
//! proxies `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` name (CONTRACT.md,
//! Client): an `https://` destination is tunnelled through the proxy with `CONNECT`,
//! an `http://` one is sent to the proxy in absolute form.
//!
//! The whole connect (TCP, tunnel, TLS handshake) is bounded by the connect timeout.

use std::io;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::BytesMut;
use http::header::PROXY_AUTHORIZATION;
use http::{HeaderValue, Uri};
use hyper_util::client::proxy::matcher::Matcher;
use rustls::pki_types::ServerName;
use rustls::ClientConfig;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::http::h1::head;
use crate::http::tcp;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a connection could not be opened.
#[derive(Debug)]
pub(crate) enum ConnectError {
    /// The connect timeout ran out; the transport reports it as a timeout.
    TimedOut(Duration),
    Failed(BoxError),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::TimedOut(after) => write!(f, "no connection within {}", crate::http::seconds(*after)),
            ConnectError::Failed(e) => f.write_str(&crate::error::describe_chain(&**e)),
        }
    }
}

impl std::error::Error for ConnectError {}

/// Cheap to clone.
#[derive(Clone)]
pub(crate) struct Connector(Arc<Parts>);

struct Parts {
    /// rustls with the platform's verifier, offering h2 and http/1.1.
    tls: TlsConnector,
    /// The same offering only http/1.1, for an `https://` proxy: `CONNECT` and
    /// forwarded requests are HTTP/1.1.
    tls_to_proxy: TlsConnector,
    proxies: Matcher,
    timeout: Duration,
}

impl Connector {
    pub(crate) fn new(timeout: Duration) -> Result<Connector, BoxError> {
        let (tls, tls_to_proxy) = tls_connectors()?;
        // Proxies are read from the environment now, as reqwest and curl do.
        Ok(Connector(Arc::new(Parts { tls, tls_to_proxy, proxies: Matcher::from_env(), timeout })))
    }

    /// A new connection to `dst`'s origin, however it must be reached.
    pub(crate) async fn connect(&self, dst: &Uri) -> Result<Conn, ConnectError> {
        let timeout = self.0.timeout;
        match tokio::time::timeout(timeout, self.connect_now(dst)).await {
            Ok(conn) => conn.map_err(ConnectError::Failed),
            Err(_) => Err(ConnectError::TimedOut(timeout)),
        }
    }

    async fn connect_now(&self, dst: &Uri) -> Result<Conn, BoxError> {
        let Some(proxy) = self.0.proxies.intercept(dst) else {
            return Ok(Conn { stream: self.open(dst, &self.0.tls).await?, forwarded_with: None });
        };
        let scheme = proxy.uri().scheme_str().unwrap_or_default();
        if scheme != "http" && scheme != "https" {
            // A SOCKS proxy would be sent HTTP, the key with it.
            return Err(format!("{scheme}:// proxies are not supported; use an http:// or https:// proxy").into());
        }
        let auth = proxy.basic_auth().cloned();
        let mut to_proxy = self.open(proxy.uri(), &self.0.tls_to_proxy).await?;
        if dst.scheme() != Some(&http::uri::Scheme::HTTPS) {
            // Plain HTTP goes to the proxy itself, which forwards it.
            return Ok(Conn { stream: to_proxy, forwarded_with: Some(auth) });
        }
        tunnel(&mut to_proxy, dst, auth.as_ref()).await?;
        let tls = self.0.tls.connect(server_name(dst)?, to_proxy).await?;
        Ok(Conn { stream: Stream::Tunnelled(Box::new(tls)), forwarded_with: None })
    }

    /// TCP to `uri`'s host, then TLS with `tls` if it is `https://`.
    async fn open(&self, uri: &Uri, tls: &TlsConnector) -> Result<Stream, BoxError> {
        let https = uri.scheme() == Some(&http::uri::Scheme::HTTPS);
        let host = uri.host().ok_or("the URL has no host")?;
        let tcp = tcp::connect(host, uri.port_u16().unwrap_or(if https { 443 } else { 80 })).await?;
        if !https {
            return Ok(Stream::Plain(tcp));
        }
        Ok(Stream::Tls(Box::new(tls.connect(server_name(uri)?, tcp).await?)))
    }
}

fn server_name(uri: &Uri) -> Result<ServerName<'static>, BoxError> {
    let host = uri.host().ok_or("the URL has no host")?.trim_matches(|c| c == '[' || c == ']');
    Ok(ServerName::try_from(host.to_string())?)
}

/// Asks the proxy on `stream` for a tunnel to `dst` and reads its answer.
async fn tunnel(stream: &mut Stream, dst: &Uri, auth: Option<&HeaderValue>) -> Result<(), BoxError> {
    let authority = dst.authority().ok_or("the URL has no host")?;
    let port = dst.port_u16().unwrap_or(443);
    let target = format!("{}:{port}", authority.host());
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n").into_bytes();
    if let Some(auth) = auth {
        request.extend_from_slice(PROXY_AUTHORIZATION.as_str().as_bytes());
        request.extend_from_slice(b": ");
        request.extend_from_slice(auth.as_bytes());
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    stream.write_all(&request).await?;
    let mut buf = BytesMut::new();
    let answer = head::read(stream, &mut buf, &http::Method::CONNECT).await?;
    if !answer.status.is_success() {
        return Err(format!("the proxy refused the tunnel: HTTP {}", answer.status.as_u16()).into());
    }
    if !buf.is_empty() {
        return Err("the proxy sent data before the tunnel was open".into());
    }
    Ok(())
}

/// The TLS settings for destinations and for `https://` proxies. Building them (crypto
/// provider, platform verifier) took a few milliseconds per client, so they are kept
/// and shared by the clients built while the trust settings in the environment
/// (`SSL_CERT_FILE`, `SSL_CERT_DIR`) stay the same; a failure is not kept.
fn tls_connectors() -> Result<(TlsConnector, TlsConnector), BoxError> {
    type Kept = Option<(TrustEnv, (TlsConnector, TlsConnector))>;
    static KEPT: Mutex<Kept> = Mutex::new(None);
    // Never waits: a client built meanwhile on another thread (or, in a forked child,
    // a lock the parent held at the fork) builds its own instead.
    let Ok(mut kept) = KEPT.try_lock() else { return build_tls_connectors() };
    let env = trust_env();
    if let Some((built_for, connectors)) = kept.as_ref() {
        if *built_for == env {
            return Ok(connectors.clone());
        }
    }
    let connectors = build_tls_connectors()?;
    *kept = Some((env, connectors.clone()));
    Ok(connectors)
}

fn build_tls_connectors() -> Result<(TlsConnector, TlsConnector), BoxError> {
    let mut config = tls_config()?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let tls_to_proxy = TlsConnector::from(Arc::new(config.clone()));
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok((TlsConnector::from(Arc::new(config)), tls_to_proxy))
}

/// The environment variables that change which certificates are trusted.
type TrustEnv = [Option<std::ffi::OsString>; 2];

fn trust_env() -> TrustEnv {
    [std::env::var_os("SSL_CERT_FILE"), std::env::var_os("SSL_CERT_DIR")]
}

/// rustls with the platform's certificate verifier (as reqwest uses).
fn tls_config() -> Result<ClientConfig, BoxError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth())
}

/// One open connection, however it was reached.
pub(crate) struct Conn {
    pub(crate) stream: Stream,
    /// `Some` when this is a connection to an HTTP proxy that forwards plain-HTTP
    /// requests (sent in absolute form), with the proxy's credentials if it has any.
    pub(crate) forwarded_with: Option<Option<HeaderValue>>,
}

/// TLS state is large (kilobytes), so only plain TCP is held inline: 1000 plain
/// connections in flight would otherwise carry a TLS stream's size each.
pub(crate) enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
    /// TLS to the destination inside a `CONNECT` tunnel through a proxy.
    Tunnelled(Box<TlsStream<Stream>>),
}

impl Stream {
    /// Whether TLS chose HTTP/2.
    pub(crate) fn is_h2(&self) -> bool {
        let tls = match self {
            Stream::Plain(_) => return false,
            Stream::Tls(tls) => tls.get_ref().1,
            Stream::Tunnelled(tls) => tls.get_ref().1,
        };
        tls.alpn_protocol() == Some(b"h2")
    }

    /// Waits until the connection has something to read, without holding a buffer
    /// meanwhile: a thousand connections waiting for their answers then cost no read
    /// buffers. (TLS streams need rustls's own buffer anyway, so they skip the wait.)
    pub(crate) async fn readable(&self) -> io::Result<()> {
        match self {
            Stream::Plain(tcp) => tcp.readable().await,
            _ => Ok(()),
        }
    }

    /// Whether a pooled idle connection is still usable: open, and with nothing unasked
    /// for waiting on it (on a TLS connection, that is most likely the server's
    /// close_notify). Never waits.
    ///
    /// It asks the socket itself: tokio's idea of its readiness is only as fresh as the
    /// runtime's last look at the reactor, and the sync client's runtime looks only while
    /// a call waits, so a close that came between two calls would go unseen.
    pub(crate) fn is_idle_and_open(&self) -> bool {
        let mut byte = [MaybeUninit::<u8>::uninit(); 1];
        match socket2::SockRef::from(self.tcp()).peek(&mut byte) {
            Err(e) => e.kind() == io::ErrorKind::WouldBlock,
            Ok(_) => false, // closed (0) or unasked-for bytes
        }
    }

    /// The TCP connection underneath.
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(tcp) => tcp,
            Stream::Tls(tls) => tls.get_ref().0,
            Stream::Tunnelled(tls) => tls.get_ref().0.tcp(),
        }
    }
}

/// Delegates to whichever stream it is.
macro_rules! each {
    ($stream:expr, $io:ident => $body:expr) => {
        match $stream {
            Stream::Plain($io) => {
                let $io = Pin::new($io);
                $body
            }
            Stream::Tls($io) => {
                let $io = Pin::new(&mut **$io);
                $body
            }
            Stream::Tunnelled($io) => {
                let $io = Pin::new(&mut **$io);
                $body
            }
        }
    };
}

impl AsyncRead for Stream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        each!(self.get_mut(), io => io.poll_read(cx, buf))
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        each!(self.get_mut(), io => io.poll_write(cx, buf))
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        each!(self.get_mut(), io => io.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Plain(io) => io.is_write_vectored(),
            Stream::Tls(io) => io.is_write_vectored(),
            Stream::Tunnelled(io) => io.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self.get_mut(), io => io.poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self.get_mut(), io => io.poll_shutdown(cx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_share_their_tls_settings_and_offer_h2_only_to_destinations() {
        let build = || tls_connectors().expect("TLS settings");
        // Another test building a client at the same moment gets its own settings (the
        // cache never waits), so a miss or two is allowed; a cache that never hits is not.
        let shared = (0..100).any(|_| Arc::ptr_eq(build().0.config(), build().0.config()));
        assert!(shared, "built once, not per client");
        let (tls, to_proxy) = build();
        assert_eq!(tls.config().alpn_protocols, [b"h2".to_vec(), b"http/1.1".to_vec()]);
        assert_eq!(to_proxy.config().alpn_protocols, [b"http/1.1".to_vec()]);
    }
}
