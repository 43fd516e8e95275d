//! Scripted connection drops and the outcome the log records when a client goes away.

mod common;

use std::time::Duration;

use common::{chat_body, exchange_to_eof, request_bytes, script, send, wait_for_outcome, AUTH};
use serde_json::json;
use tokenhot_mock::MockServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CHAT: &str = "/v1/chat/completions";

#[tokio::test]
async fn drop_before_head_closes_without_a_byte() {
    let mock = MockServer::start().await;
    script(
        mock.addr(),
        "",
        json!([{"drop": "before_head", "delay_ms": 30}]),
    )
    .await;
    let received = exchange_to_eof(
        mock.addr(),
        &request_bytes("POST", CHAT, &[AUTH], &chat_body(false)),
    )
    .await;
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&received)
    );
    wait_for_outcome(mock.addr(), "", 0, "dropped", Duration::from_secs(2)).await;
    // The server itself is fine afterwards.
    let next = send(mock.addr(), "POST", CHAT, &[AUTH], &chat_body(false)).await;
    assert_eq!(next.status, 200);
}

#[tokio::test]
async fn drop_after_bytes_sends_head_and_n_bytes_then_closes_without_terminator() {
    let mock = MockServer::start().await;
    script(
        mock.addr(),
        "",
        json!([{"json": {"hello": "world"}, "drop": "after_bytes", "drop_after_bytes": 5}]),
    )
    .await;
    let received = exchange_to_eof(
        mock.addr(),
        &request_bytes("POST", CHAT, &[AUTH], &chat_body(false)),
    )
    .await;
    let text = String::from_utf8_lossy(&received);
    let (head, body) = text.split_once("\r\n\r\n").expect("a head was sent");
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    assert!(
        !head.to_ascii_lowercase().contains("content-length"),
        "{head}"
    );
    assert_eq!(
        body, "5\r\n{\"hel\r\n",
        "exactly five body bytes and no 0-chunk"
    );
    assert!(!text.contains("0\r\n\r\n"));
    wait_for_outcome(mock.addr(), "", 0, "dropped", Duration::from_secs(2)).await;
}

#[tokio::test]
async fn drop_after_bytes_can_cut_an_sse_frame_and_a_large_body() {
    let mock = MockServer::start().await;
    let big = "x".repeat(3_000_000);
    script(
        mock.addr(),
        "",
        json!([
            {"sse": [{"data": "one"}, {"data": "two"}], "drop": "after_bytes", "drop_after_bytes": 15},
            {"text": big, "chunk_size": 65536, "drop": "after_bytes", "drop_after_bytes": 2_500_000},
            {"drop": "after_bytes", "drop_after_bytes": 0},
        ]),
    )
    .await;
    let received = exchange_to_eof(mock.addr(), &request_bytes("GET", "/v1/x", &[AUTH], b"")).await;
    let text = String::from_utf8_lossy(&received);
    let body = text.split_once("\r\n\r\n").unwrap().1;
    assert_eq!(body, "B\r\ndata: one\n\n\r\n4\r\ndata\r\n");

    // Every allowed byte arrives even when the socket buffers fill up on the way.
    let received = exchange_to_eof(mock.addr(), &request_bytes("GET", "/v1/x", &[AUTH], b"")).await;
    let body = &received[received.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
    let payload: usize = body.iter().filter(|b| **b == b'x').count();
    assert_eq!(payload, 2_500_000);
    assert!(!body.ends_with(b"0\r\n\r\n"));

    let received = exchange_to_eof(mock.addr(), &request_bytes("GET", "/v1/x", &[AUTH], b"")).await;
    let text = String::from_utf8_lossy(&received);
    assert!(
        text.starts_with("HTTP/1.1 200 OK") && text.ends_with("\r\n\r\n"),
        "head only: {text:?}"
    );
    for i in 0..3 {
        wait_for_outcome(mock.addr(), "", i, "dropped", Duration::from_secs(2)).await;
    }
}

#[tokio::test]
async fn a_client_that_closes_during_the_delay_before_the_head_is_seen() {
    let mock = MockServer::start().await;
    script(mock.addr(), "", json!([{"delay_ms": 2000, "json": {}}])).await;
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(&request_bytes("POST", CHAT, &[AUTH], &chat_body(false)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(stream);
    // Well before the 2 s delay ends: the mock noticed the close itself.
    wait_for_outcome(
        mock.addr(),
        "",
        0,
        "client_closed",
        Duration::from_millis(1500),
    )
    .await;
}

#[tokio::test]
async fn a_client_that_closes_during_the_builtin_delay_header_is_seen() {
    let mock = MockServer::start().await;
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    let request = request_bytes(
        "POST",
        CHAT,
        &[AUTH, ("x-mock-delay-ms", "2000")],
        &chat_body(true),
    );
    stream.write_all(&request).await.unwrap();
    wait_for_outcome(mock.addr(), "", 0, "pending", Duration::from_secs(2)).await;
    drop(stream);
    wait_for_outcome(
        mock.addr(),
        "",
        0,
        "client_closed",
        Duration::from_millis(1500),
    )
    .await;
}

#[tokio::test]
async fn a_client_that_closes_mid_stream_during_a_delayed_frame_is_seen() {
    let mock = MockServer::start().await;
    script(
        mock.addr(),
        "",
        json!([{"sse": [{"data": "first"}, {"data": "late", "delay_ms": 2000}]}]),
    )
    .await;
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(&request_bytes("POST", CHAT, &[AUTH], &chat_body(true)))
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("data: first") {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed early");
        seen.extend_from_slice(&buf[..n]);
    }
    assert_eq!(
        common::requests(mock.addr(), "").await[0]["outcome"],
        "pending"
    );
    drop(stream);
    wait_for_outcome(
        mock.addr(),
        "",
        0,
        "client_closed",
        Duration::from_millis(1500),
    )
    .await;
}

#[tokio::test]
async fn a_finished_stream_is_complete() {
    let mock = MockServer::start().await;
    let response = send(mock.addr(), "POST", CHAT, &[AUTH], &chat_body(true)).await;
    assert_eq!(response.status, 200);
    wait_for_outcome(mock.addr(), "", 0, "complete", Duration::from_secs(2)).await;
}
