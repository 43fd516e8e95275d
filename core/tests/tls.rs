//! HTTPS end to end on loopback: a TLS server that offers HTTP/2 (as the gateway does),
//! reached directly and through a `CONNECT` proxy. The server's certificate is signed
//! by a test CA (`tests/tls/`, made once with openssl, valid to 2126) that the client
//! trusts through `SSL_CERT_FILE`, as a user would point it at a corporate CA bundle.
//!
//! One test in its own binary: `SSL_CERT_FILE` and the proxy settings live in the
//! process environment, which a client reads when it is built.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::{json, Value};
use tokenhot::{Client, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tls").join(name)
}

/// What the server saw of one request: HTTP version, path, and the key it carried.
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

/// How many TLS connections the server accepted.
static HANDSHAKES: AtomicUsize = AtomicUsize::new(0);

/// A TLS server offering these protocols (ALPN) that answers every request with a
/// completion.
async fn tls_server(protocols: &[&[u8]]) -> (u16, Seen) {
    let certs = CertificateDer::pem_file_iter(fixture("server.pem")).unwrap().collect::<Result<Vec<_>, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_file(fixture("server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    config.alpn_protocols = protocols.iter().map(|p| p.to_vec()).collect();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, log) = (acceptor.clone(), log.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else { return };
                HANDSHAKES.fetch_add(1, Ordering::SeqCst);
                let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let log = log.clone();
                    async move {
                        let auth = request.headers().get("authorization").map(|v| v.to_str().unwrap().to_string());
                        let (version, path) = (format!("{:?}", request.version()), request.uri().path().to_string());
                        log.lock().unwrap().push((version, path, auth.unwrap_or_default()));
                        let answer = json!({"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-5.2",
                            "choices": [{"index": 0, "message": {"role": "assistant", "content": "over tls"}, "finish_reason": "stop"}]});
                        let body = Full::new(Bytes::from(answer.to_string()));
                        Ok::<_, Infallible>(Response::builder().header("content-type", "application/json").body(body).unwrap())
                    }
                });
                let io = TokioIo::new(tls);
                if h2 {
                    let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new()).serve_connection(io, service).await;
                } else {
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                }
            });
        }
    });
    (port, seen)
}

/// A CONNECT proxy that tunnels to wherever it is asked; returns its port and the
/// request lines it saw.
async fn connect_proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let line = String::from_utf8_lossy(&head).lines().next().unwrap_or("").to_string();
                log.lock().unwrap().push(line.clone());
                let target = line.split(' ').nth(1).unwrap_or("").to_string();
                let Ok(mut upstream) = tokio::net::TcpStream::connect(target.replace("localhost", "127.0.0.1")).await else {
                    return;
                };
                client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (port, seen)
}

fn hello() -> Value {
    json!({"model": "gpt-5.2", "messages": [{"role": "user", "content": "Hello"}]})
}

/// A new client (so a new pool), built while the current certificate settings hold.
fn client(base_url: &str) -> Client {
    Client::builder().api_key("sk-tls-test").base_url(base_url).max_retries(0).build().expect("client")
}

async fn ask(base_url: &str) -> Value {
    let answer = client(base_url).chat().completions().create_raw(hello(), &RequestOptions::default()).await;
    answer.unwrap_or_else(|e| panic!("{base_url}: {e}")).into_inner()
}

/// `calls` calls at once on a new client; their answers.
async fn burst(base_url: &str, calls: usize) -> Vec<tokenhot::Result<Value>> {
    let client = client(base_url);
    let calls = (0..calls).map(|_| {
        let client = client.clone();
        async move { client.chat().completions().create_raw(hello(), &RequestOptions::default()).await.map(|r| r.into_inner()) }
    });
    futures_util::future::join_all(calls).await
}

#[tokio::test]
async fn https_with_http2_directly_and_through_a_connect_proxy() {
    for name in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"] {
        std::env::remove_var(name);
    }
    std::env::set_var("SSL_CERT_FILE", fixture("ca.pem"));
    let (port, seen) = tls_server(&[b"h2", b"http/1.1"]).await;
    let base_url = format!("https://localhost:{port}");

    let answer = ask(&base_url).await;
    assert_eq!(answer["choices"][0]["message"]["content"], "over tls");
    let request = seen.lock().unwrap().pop().expect("a request");
    assert_eq!(request, ("HTTP/2.0".to_string(), "/v1/chat/completions".to_string(), "Bearer sk-tls-test".to_string()));

    // A burst of calls on a new client shares one HTTP/2 connection: one call connects
    // while the others wait to see what it got.
    let before = HANDSHAKES.load(Ordering::SeqCst);
    for answer in burst(&base_url, 16).await {
        assert_eq!(answer.expect("a call of the burst")["choices"][0]["message"]["content"], "over tls");
    }
    assert_eq!(HANDSHAKES.load(Ordering::SeqCst) - before, 1, "one TLS connection for the whole burst");
    seen.lock().unwrap().clear();

    // A server that speaks only HTTP/1.1: after the first connect says so, the rest
    // of the burst connects side by side, one connection per call in flight.
    let (http1_port, http1_seen) = tls_server(&[b"http/1.1"]).await;
    let before = HANDSHAKES.load(Ordering::SeqCst);
    for answer in burst(&format!("https://localhost:{http1_port}"), 16).await {
        answer.expect("a call of the HTTP/1.1 burst");
    }
    assert!(HANDSHAKES.load(Ordering::SeqCst) - before > 1, "HTTP/1.1 calls do not queue behind one connection");
    assert!(http1_seen.lock().unwrap().iter().all(|(version, ..)| version == "HTTP/1.1"));

    let (proxy_port, tunnels) = connect_proxy().await;
    std::env::set_var("HTTPS_PROXY", format!("http://127.0.0.1:{proxy_port}"));
    let answer = ask(&base_url).await;
    std::env::remove_var("HTTPS_PROXY");
    assert_eq!(answer["choices"][0]["message"]["content"], "over tls");
    assert_eq!(tunnels.lock().unwrap().as_slice(), [format!("CONNECT localhost:{port} HTTP/1.1")]);
    let request = seen.lock().unwrap().pop().expect("a tunnelled request");
    assert_eq!(request.0, "HTTP/2.0", "HTTP/2 is negotiated inside the tunnel too");

    // A certificate the client does not trust is refused, not accepted quietly.
    std::env::set_var("SSL_CERT_FILE", fixture("server.key"));
    let error = client(&base_url).chat().completions().create_raw(hello(), &RequestOptions::default()).await.unwrap_err();
    assert_eq!(error.kind(), tokenhot::ErrorKind::Connection, "{error}");
}
