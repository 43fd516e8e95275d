//! A tiny HTTP/1.1 client over tokio's TcpStream, so the mock is tested through real
//! sockets with nothing between the test and the bytes on the wire.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub const AUTH: (&str, &str) = ("authorization", "Bearer sk-test");
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The chunks of a chunked body, as framed on the wire.
    pub chunks: Option<Vec<Vec<u8>>>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub fn request_bytes(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// One request on a fresh connection; the response is read by its framing.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    tokio::time::timeout(TIMEOUT, async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(&request_bytes(method, path, headers, body))
            .await
            .expect("write request");
        let mut reader = BufReader::new(stream);
        read_response(&mut reader).await
    })
    .await
    .expect("response within the timeout")
}

pub async fn read_head(reader: &mut BufReader<TcpStream>) -> (u16, Vec<(String, String)>) {
    let status_line = read_line(reader).await;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader).await;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("header line");
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    (status, headers)
}

pub async fn read_response(reader: &mut BufReader<TcpStream>) -> Response {
    let (status, headers) = read_head(reader).await;
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut chunks = Vec::new();
        while let Some(chunk) = read_chunk(reader).await {
            chunks.push(chunk);
        }
        let body = chunks.concat();
        return Response {
            status,
            headers,
            body,
            chunks: Some(chunks),
        };
    }
    let body = match find("content-length") {
        Some(len) => {
            let mut body = vec![0; len.parse().expect("content-length")];
            reader.read_exact(&mut body).await.expect("body");
            body
        }
        None => {
            let mut body = Vec::new();
            reader.read_to_end(&mut body).await.expect("body to eof");
            body
        }
    };
    Response {
        status,
        headers,
        body,
        chunks: None,
    }
}

/// One chunk of a chunked body; None at the terminating zero chunk.
pub async fn read_chunk(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let line = read_line(reader).await;
    let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
        .unwrap_or_else(|_| panic!("bad chunk size line {line:?}"));
    if size == 0 {
        while !read_line(reader).await.is_empty() {}
        return None;
    }
    let mut chunk = vec![0; size + 2];
    reader.read_exact(&mut chunk).await.expect("chunk");
    assert_eq!(&chunk[size..], b"\r\n");
    chunk.truncate(size);
    Some(chunk)
}

async fn read_line(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = Vec::new();
    let n = reader
        .read_until(b'\n', &mut line)
        .await
        .expect("read line");
    assert!(n > 0, "connection closed while reading a line");
    String::from_utf8(line)
        .expect("utf-8 line")
        .trim_end_matches(['\r', '\n'])
        .to_owned()
}

/// Writes raw bytes and reads everything until the server closes the connection.
pub async fn exchange_to_eof(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    tokio::time::timeout(TIMEOUT, async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(request).await.expect("write");
        let mut out = Vec::new();
        // A reset instead of a clean close is fine too: both mean "closed".
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
        out
    })
    .await
    .expect("server closed the connection within the timeout")
}

pub async fn script(addr: SocketAddr, session: &str, answers: Value) -> Response {
    send(
        addr,
        "POST",
        "/__mock/script",
        &[("x-mock-session", session)],
        answers.to_string().as_bytes(),
    )
    .await
}

pub async fn requests(addr: SocketAddr, session: &str) -> Vec<Value> {
    let response = send(
        addr,
        "GET",
        "/__mock/requests",
        &[("x-mock-session", session)],
        b"",
    )
    .await;
    assert_eq!(response.status, 200);
    match response.json() {
        Value::Array(items) => items,
        other => panic!("requests log is not an array: {other}"),
    }
}

/// Polls the log (bounded) until entry `index` has `outcome`; returns how long it took.
pub async fn wait_for_outcome(
    addr: SocketAddr,
    session: &str,
    index: usize,
    outcome: &str,
    within: Duration,
) -> Duration {
    let start = Instant::now();
    loop {
        let log = requests(addr, session).await;
        let seen = log.get(index).map(|e| e["outcome"].clone());
        if seen.as_ref().and_then(Value::as_str) == Some(outcome) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < within,
            "outcome of request {index} is {seen:?}, not {outcome:?} after {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

pub fn chat_body(stream: bool) -> Vec<u8> {
    serde_json::json!({
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": stream,
        "stream_options": {"include_usage": true},
    })
    .to_string()
    .into_bytes()
}
