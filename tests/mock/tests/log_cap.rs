//! A session's log keeps only the newest 10,000 entries, so long benchmarks stay bounded.

mod common;

use common::{request_bytes, requests, AUTH};
use tokenhot_mock::MockServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn the_log_drops_its_oldest_entries_past_ten_thousand() {
    let mock = MockServer::start().await;
    const SENT: usize = 10_001;
    // Pipelined on one connection: quick even in a debug build.
    let mut batch = Vec::new();
    for i in 0..SENT {
        let last = i + 1 == SENT;
        let headers: &[(&str, &str)] = if last {
            &[AUTH, ("connection", "close")]
        } else {
            &[AUTH]
        };
        batch.extend(request_bytes("GET", "/v1/models", headers, b""));
    }
    let (mut read, mut write) = TcpStream::connect(mock.addr()).await.unwrap().into_split();
    // The writer hands its half back instead of dropping it: a half-closed socket reads
    // as a client that went away, and the mock would abandon the requests in flight.
    let writer = tokio::spawn(async move {
        write.write_all(&batch).await.unwrap();
        write
    });
    let mut answers = Vec::new();
    tokio::time::timeout(common::TIMEOUT * 3, read.read_to_end(&mut answers))
        .await
        .unwrap()
        .unwrap();
    drop(writer.await.unwrap());
    let oks = answers
        .windows(15)
        .filter(|w| w == b"HTTP/1.1 200 OK")
        .count();
    assert_eq!(oks, SENT);

    let log = requests(mock.addr(), "").await;
    assert_eq!(log.len(), 10_000);
    assert_eq!(
        log[0]["request_id"], "mock-req-2",
        "the first request was dropped"
    );
    assert_eq!(log[9_999]["request_id"], format!("mock-req-{SENT}"));
}
