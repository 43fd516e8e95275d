//! Proxies from the environment (CONTRACT.md, Client): plain HTTP is forwarded in
//! absolute form with the proxy's credentials, HTTPS is tunnelled with CONNECT (the
//! proxy never sees the request), and NO_PROXY hosts are reached directly.
//!
//! One test in its own binary: the proxy settings live in the process environment,
//! which a client reads when it is built.

use serde_json::{json, Value};
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokenhot_mock::MockServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PROXY_VARS: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

/// "user:secret" in base64, as a Basic credential.
const PROXY_AUTH: &str = "Basic dXNlcjpzZWNyZXQ=";

fn set_proxies(vars: &[(&str, &str)]) {
    for name in PROXY_VARS {
        std::env::remove_var(name);
    }
    for (name, value) in vars {
        std::env::set_var(name, value);
    }
}

/// A client built while `vars` are the proxy settings (a client reads them when built).
fn client_with_proxies(vars: &[(&str, &str)], base_url: &str) -> Client {
    set_proxies(vars);
    let client = Client::builder().api_key("sk-proxy-test").base_url(base_url).max_retries(0).build().expect("client");
    set_proxies(&[]);
    client
}

fn hello() -> Value {
    json!({"model": "gpt-5.2", "messages": [{"role": "user", "content": "Hello"}]})
}

/// Reads one request head (and its body, by content-length) from `socket`.
async fn read_request(socket: &mut TcpStream) -> (String, Vec<u8>) {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = socket.read(&mut buf).await.expect("read");
        assert!(n > 0, "the client closed before a whole request head");
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8(data[..head_end].to_vec()).expect("utf-8 head");
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()))
        .unwrap_or(0);
    let mut body = data[head_end..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut buf).await.expect("read body");
        assert!(n > 0, "the client closed mid-body");
        body.extend_from_slice(&buf[..n]);
    }
    (head, body)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[tokio::test]
async fn proxies_from_the_environment() {
    let proxy = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let proxy_url = format!("http://user:secret@{}", proxy.local_addr().unwrap());

    // Plain HTTP: the whole request goes to the proxy, in absolute form, with the
    // proxy's credentials next to the gateway's.
    let gateway = client_with_proxies(&[("HTTP_PROXY", &proxy_url)], "http://gateway.invalid:8080");
    let serve = tokio::spawn(async move {
        let (mut socket, _) = proxy.accept().await.expect("accept");
        let (head, body) = read_request(&mut socket).await;
        let answer = json!({"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-5.2",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "via proxy"}, "finish_reason": "stop"}]})
        .to_string();
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
            answer.len()
        );
        socket.write_all(response.as_bytes()).await.expect("write");
        (head, body, proxy)
    });
    let answer = gateway.chat().completions().create_raw(hello(), &RequestOptions::default()).await.expect("create");
    assert_eq!(answer["choices"][0]["message"]["content"], "via proxy");
    let (head, body, proxy) = serve.await.expect("proxy task");
    assert!(head.starts_with("POST http://gateway.invalid:8080/v1/chat/completions HTTP/1.1\r\n"), "{head}");
    assert_eq!(header(&head, "proxy-authorization"), Some(PROXY_AUTH), "{head}");
    assert_eq!(header(&head, "authorization"), Some("Bearer sk-proxy-test"));
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap()["model"], "gpt-5.2");

    // HTTPS: only a CONNECT to the gateway's host reaches the proxy; the request
    // itself (and the key) would travel inside TLS. This proxy then hangs up, which
    // is a connection error, not a hang or a panic.
    let gateway = client_with_proxies(&[("HTTPS_PROXY", &proxy_url)], "https://gateway.invalid");
    let serve = tokio::spawn(async move {
        let (mut socket, _) = proxy.accept().await.expect("accept");
        let (head, _) = read_request(&mut socket).await;
        socket.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await.expect("write");
        (head, proxy)
    });
    let error = gateway.chat().completions().create_raw(hello(), &RequestOptions::default()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection, "{error}");
    assert!(!error.to_string().contains("sk-proxy-test"), "{error}");
    let (head, proxy) = serve.await.expect("proxy task");
    assert!(head.starts_with("CONNECT gateway.invalid:443 HTTP/1.1\r\n"), "{head}");
    assert_eq!(header(&head, "proxy-authorization"), Some(PROXY_AUTH), "{head}");
    assert!(!head.contains("sk-proxy-test"), "the key went to the proxy in clear: {head}");

    // NO_PROXY: the mock's host is reached directly while a proxy is configured (the
    // proxy above would not answer: it accepts no more connections).
    let mock = MockServer::start().await;
    set_proxies(&[("HTTP_PROXY", &proxy_url), ("NO_PROXY", "127.0.0.1")]);
    let direct = Client::builder()
        .api_key("sk-proxy-test")
        .base_url(mock.url())
        .default_header("x-mock-session", "no-proxy")
        .build()
        .expect("client");
    set_proxies(&[]);
    let answer = direct.chat().completions().create_raw(hello(), &RequestOptions::default()).await.expect("direct");
    assert!(answer["choices"][0]["message"]["content"].is_string());
    assert_eq!(mock.requests("no-proxy").as_array().map(Vec::len), Some(1), "{}", mock.requests("no-proxy"));

    // A SOCKS proxy is refused by name rather than sent HTTP (and the key with it).
    let socks = client_with_proxies(&[("ALL_PROXY", &proxy_url.replace("http://", "socks5://"))], "http://gateway.invalid");
    let error = socks.chat().completions().create_raw(hello(), &RequestOptions::default()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection, "{error}");
    assert!(error.message().contains("socks5:// proxies are not supported"), "{error}");
    drop(proxy);
}
