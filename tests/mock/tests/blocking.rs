//! `start_blocking` serves from its own runtime, for callers without one.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use tokenhot_mock::MockServer;

fn health(addr: std::net::SocketAddr) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.write_all(b"GET /__mock/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")?;
    let mut out = String::new();
    stream.read_to_string(&mut out)?;
    Ok(out)
}

#[test]
fn serves_without_a_runtime_and_stops_when_dropped() {
    let mock = MockServer::start_blocking();
    let addr = mock.addr();
    let answer = health(addr).expect("health");
    assert!(
        answer.starts_with("HTTP/1.1 200 OK") && answer.ends_with("ok"),
        "{answer}"
    );
    drop(mock);
    let start = Instant::now();
    while health(addr).is_ok() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "still serving after drop"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[tokio::test]
async fn an_async_server_stops_when_dropped() {
    let mock = MockServer::start().await;
    let addr = mock.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    drop(mock);
    let start = Instant::now();
    while tokio::net::TcpStream::connect(addr).await.is_ok() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "still listening after drop"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[test]
fn the_handle_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<MockServer>();
    assert_send_sync::<tokenhot_mock::MockConfig>();
}
