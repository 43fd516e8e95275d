//! Opens connections for the pool: TCP, TLS (HTTP/2 when the server offers it), and the
//! proxies `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` name (CONTRACT.md,
//! Client): an `https://` destination is tunnelled through the proxy with `CONNECT`,
//! an `http://` one is sent to the proxy in absolute form.
//!
//! The whole connect (TCP, tunnel, TLS handshake) is bounded by the connect timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use rustls::ClientConfig;
use tokio::net::TcpStream;
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Direct = MaybeHttpsStream<TokioIo<TcpStream>>;

/// The connect timeout ran out; the transport reports it as a timeout.
#[derive(Debug)]
pub(crate) struct ConnectTimedOut(pub Duration);

impl std::fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no connection within {}", crate::transport::seconds(self.0))
    }
}

impl std::error::Error for ConnectTimedOut {}

/// Cheap to clone: the pool clones it for every new connection.
#[derive(Clone)]
pub(crate) struct Connector(Arc<Parts>);

struct Parts {
    /// TCP, then TLS for `https://`; also how the proxy itself is reached.
    direct: HttpsConnector<HttpConnector>,
    /// For TLS inside a `CONNECT` tunnel.
    tls: Arc<ClientConfig>,
    proxies: Arc<Matcher>,
    timeout: Duration,
}

impl Connector {
    pub(crate) fn new(timeout: Duration, proxies: Arc<Matcher>) -> Result<Connector, BoxError> {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        let config = tls_config()?;
        let mut tunnel_config = config.clone();
        tunnel_config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        // Offers the same protocols (hyper-rustls sets the ALPN list itself).
        let direct = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_or_http()
            .enable_all_versions()
            .wrap_connector(tcp);
        Ok(Connector(Arc::new(Parts { direct, tls: Arc::new(tunnel_config), proxies, timeout })))
    }

    async fn connect(self, dst: Uri) -> Result<Conn, BoxError> {
        let parts = &*self.0;
        let Some(proxy) = parts.proxies.intercept(&dst) else {
            return Ok(Conn { stream: Stream::from(parts.direct.clone().call(dst).await?), forwarded: false });
        };
        if dst.scheme() != Some(&http::uri::Scheme::HTTPS) {
            // Plain HTTP goes to the proxy itself, which forwards it.
            let stream = Stream::from(parts.direct.clone().call(proxy.uri().clone()).await?);
            return Ok(Conn { stream, forwarded: true });
        }
        let mut tunnel = Tunnel::new(proxy.uri().clone(), parts.direct.clone());
        if let Some(auth) = proxy.basic_auth() {
            tunnel = tunnel.with_auth(auth.clone());
        }
        let tunnelled = tunnel.call(dst.clone()).await?;
        let host = dst.host().ok_or("the URL has no host")?.trim_matches(|c| c == '[' || c == ']');
        let name = ServerName::try_from(host.to_string())?;
        let tls = tokio_rustls::TlsConnector::from(parts.tls.clone()).connect(name, TokioIo::new(tunnelled)).await?;
        Ok(Conn { stream: Stream::Tunnelled(Box::new(TokioIo::new(tls))), forwarded: false })
    }
}

/// rustls with the platform's certificate verifier (as reqwest uses), no ALPN yet.
fn tls_config() -> Result<ClientConfig, BoxError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth())
}

impl Service<Uri> for Connector {
    type Response = Conn;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let timeout = self.0.timeout;
        let connect = self.clone().connect(dst);
        Box::pin(async move {
            match tokio::time::timeout(timeout, connect).await {
                Ok(conn) => conn,
                Err(_) => Err(Box::new(ConnectTimedOut(timeout)) as BoxError),
            }
        })
    }
}

/// One open connection, however it was reached.
pub(crate) struct Conn {
    stream: Stream,
    /// To an HTTP proxy that forwards plain-HTTP requests (sent in absolute form).
    forwarded: bool,
}

/// TLS state is large (kilobytes) and the pool keeps every connection's stream inside
/// its connection task, so only plain TCP is held inline: 1000 plain connections in
/// flight would otherwise carry a TLS stream's size each.
enum Stream {
    Plain(TokioIo<TcpStream>),
    Tls(Box<Direct>),
    /// TLS to the destination inside a `CONNECT` tunnel through a proxy.
    Tunnelled(Box<TokioIo<tokio_rustls::client::TlsStream<TokioIo<Direct>>>>),
}

impl From<Direct> for Stream {
    fn from(direct: Direct) -> Stream {
        match direct {
            MaybeHttpsStream::Http(tcp) => Stream::Plain(tcp),
            tls => Stream::Tls(Box::new(tls)),
        }
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        let connected = match &self.stream {
            Stream::Plain(io) => io.connected(),
            Stream::Tls(io) => io.connected(),
            Stream::Tunnelled(io) => {
                let (tcp, tls) = io.inner().get_ref();
                let connected = tcp.inner().connected();
                if tls.alpn_protocol() == Some(b"h2") {
                    connected.negotiated_h2()
                } else {
                    connected
                }
            }
        };
        connected.proxy(self.forwarded)
    }
}

/// Delegates to whichever stream the connection is.
macro_rules! each {
    ($self:ident, $io:ident => $body:expr) => {
        match &mut $self.get_mut().stream {
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

impl Read for Conn {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        each!(self, io => io.poll_read(cx, buf))
    }
}

impl Write for Conn {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        each!(self, io => io.poll_write(cx, buf))
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        each!(self, io => io.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        match &self.stream {
            Stream::Plain(io) => io.is_write_vectored(),
            Stream::Tls(io) => io.is_write_vectored(),
            Stream::Tunnelled(io) => io.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self, io => io.poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        each!(self, io => io.poll_shutdown(cx))
    }
}
