//! The crate's own HTTP/1.1 client against a server that writes raw bytes: connection
//! reuse, a connection the server closed while it sat idle, every way a body can be
//! framed, and answers that are broken or cut short. The mock gateway (hyper) speaks
//! only well-formed HTTP, so these cases need a socket we script ourselves.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

const COMPLETION: &str = r#"{"id":"c1","object":"chat.completion","created":1,"model":"gpt-5.2","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}]}"#;

/// What the server does with each request on a connection.
#[derive(Clone)]
enum Script {
    /// Answers every request with these bytes and keeps the connection open.
    KeepAnswering(String),
    /// Answers one request with these bytes, then closes the connection.
    AnswerOnceThenClose(String),
}

struct RawServer {
    url: String,
    accepted: Arc<AtomicUsize>,
    /// One message each time the server has closed a connection.
    closed: mpsc::UnboundedReceiver<()>,
}

async fn raw_server(script: Script) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let (closed_tx, closed) = mpsc::unbounded_channel();
    let count = accepted.clone();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            count.fetch_add(1, Ordering::SeqCst);
            let (script, closed_tx) = (script.clone(), closed_tx.clone());
            tokio::spawn(async move {
                serve(socket, script).await;
                let _ = closed_tx.send(());
            });
        }
    });
    RawServer { url, accepted, closed }
}

async fn serve(mut socket: TcpStream, script: Script) {
    while read_request(&mut socket).await {
        match &script {
            Script::KeepAnswering(answer) => socket.write_all(answer.as_bytes()).await.unwrap(),
            Script::AnswerOnceThenClose(answer) => {
                socket.write_all(answer.as_bytes()).await.unwrap();
                return; // dropping the socket closes it
            }
        }
    }
}

/// Reads one request (head and content-length body); false when the client closed.
async fn read_request(socket: &mut TcpStream) -> bool {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize =
        head.lines().find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())).unwrap_or(0);
    while data.len() < head_end + length {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    true
}

fn client(url: &str) -> Client {
    Client::builder().api_key("sk-raw-test").base_url(url).max_retries(0).build().expect("client")
}

fn hello() -> Value {
    json!({"model": "gpt-5.2", "messages": [{"role": "user", "content": "Hello"}]})
}

fn with_length(body: &str) -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len())
}

async fn ask(client: &Client) -> tokenhot::Result<Value> {
    client.chat().completions().create_raw(hello(), &RequestOptions::default()).await.map(|r| r.into_inner())
}

#[tokio::test]
async fn one_connection_carries_call_after_call() {
    let server = raw_server(Script::KeepAnswering(with_length(COMPLETION))).await;
    let client = client(&server.url);
    for _ in 0..5 {
        assert_eq!(ask(&client).await.unwrap()["choices"][0]["message"]["content"], "Hi");
    }
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1, "every call after the first reuses the connection");
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_not_reused() {
    let mut server = raw_server(Script::AnswerOnceThenClose(with_length(COMPLETION))).await;
    let client = client(&server.url);
    ask(&client).await.unwrap();
    server.closed.recv().await.unwrap();
    // No retries are allowed: the second call must not be sent on the closed connection.
    ask(&client).await.expect("a fresh connection");
    assert_eq!(server.accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn informational_answers_are_skipped_and_a_body_may_end_at_close() {
    let answer = format!("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{COMPLETION}");
    let server = raw_server(Script::AnswerOnceThenClose(answer)).await;
    let client = client(&server.url);
    assert_eq!(ask(&client).await.unwrap()["id"], "c1");
    ask(&client).await.expect("a body framed by the close leaves no connection to reuse");
    assert_eq!(server.accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn chunked_bodies_with_extensions_and_trailers() {
    let (a, b) = COMPLETION.split_at(20);
    let answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x};note=1\r\n{a}\r\n{:X}\r\n{b}\r\n0\r\nX-Trailer: t\r\n\r\n",
        a.len(),
        b.len()
    );
    let server = raw_server(Script::KeepAnswering(answer)).await;
    let client = client(&server.url);
    for _ in 0..2 {
        assert_eq!(ask(&client).await.unwrap()["id"], "c1");
    }
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1, "a chunked body read to its end leaves the connection reusable");
}

#[tokio::test]
async fn a_streamed_answer_read_to_its_end_gives_its_connection_back() {
    let events = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-5.2\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n";
    let answer = format!("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{events}\r\n0\r\n\r\n", events.len());
    let server = raw_server(Script::KeepAnswering(answer)).await;
    let client = client(&server.url);
    for _ in 0..2 {
        let mut stream = client.chat().completions().stream_raw(hello(), &RequestOptions::default()).await.unwrap();
        let mut events = 0;
        while let Some(chunk) = stream.next().await {
            chunk.unwrap();
            events += 1;
        }
        assert_eq!(events, 1);
    }
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_connection_that_sent_more_than_its_answer_is_not_reused() {
    // Two bytes past the declared length: they would be read as the next call's answer.
    let server = raw_server(Script::KeepAnswering(format!("{}XX", with_length(COMPLETION)))).await;
    let client = client(&server.url);
    for _ in 0..2 {
        assert_eq!(ask(&client).await.unwrap()["id"], "c1");
    }
    assert_eq!(server.accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn framing_headers_cannot_be_set_by_the_caller() {
    let client = client("http://127.0.0.1:9");
    for name in ["Content-Length", "transfer-encoding", "Connection"] {
        let options = RequestOptions { extra_headers: vec![(name.into(), "5".into())], ..Default::default() };
        let error = client.chat().completions().create_raw(hello(), &options).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{name}");
        assert!(error.message().contains(&format!("{name:?} cannot be set")), "{}", error.message());
    }
}

/// The sync Python client's case: a current-thread runtime that runs only while a call
/// waits. The server closes the pooled connection between two calls, when nothing
/// drives that runtime's reactor, so only asking the socket itself shows the close.
#[test]
fn a_close_between_calls_on_an_undriven_runtime_is_seen() {
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let mut server = server_runtime.block_on(raw_server(Script::AnswerOnceThenClose(with_length(COMPLETION))));
    let caller = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = client(&server.url);
    caller.block_on(ask(&client)).unwrap();
    server_runtime.block_on(server.closed.recv()).unwrap();
    caller.block_on(ask(&client)).expect("a fresh connection, with no retries allowed");
    assert_eq!(server.accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_broken_head_is_a_connection_error_saying_what_is_wrong() {
    let server = raw_server(Script::KeepAnswering("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n".into())).await;
    let error = ask(&client(&server.url)).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection);
    assert!(error.message().contains("content-length is not a number"), "{}", error.message());
}

#[tokio::test]
async fn a_body_cut_short_is_a_connection_error() {
    let answer = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{}", COMPLETION.len(), &COMPLETION[..10]);
    let server = raw_server(Script::AnswerOnceThenClose(answer)).await;
    let error = ask(&client(&server.url)).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection);
    assert!(error.message().contains("before the answer's body ended"), "{}", error.message());
}

#[tokio::test]
async fn a_server_that_closes_without_answering_is_a_connection_error() {
    let server = raw_server(Script::AnswerOnceThenClose(String::new())).await;
    let error = ask(&client(&server.url)).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection);
    assert!(error.message().contains("closed the connection without answering"), "{}", error.message());
}
