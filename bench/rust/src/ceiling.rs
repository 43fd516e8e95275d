//! `tokenhot-bench ceiling stream BASE_URL`: about the most stream chunks per second
//! the mock can send on its core, as a client sees it.
//!
//! The mock writes each event with its own `writev`, and that write's TCP work, on
//! loopback the receiving side's too, runs on the mock's core: the mock's cost per
//! event sets a ceiling on every client's chunks per second. A reader that waits in
//! `recv` also makes each write wake it, so the eager clients (the bare hyper loop,
//! the Rust core) see less than this. This reader sleeps between reads and takes
//! whatever arrived meanwhile: no HTTP client, no JSON, only the sending left to the
//! mock. Python and Node cannot beat this row by more than noise.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Long enough that a read takes dozens of events, short enough that the socket's
/// buffer never fills (at 200k chunks a second, 200 us is about 8 KB).
const BETWEEN_READS: Duration = Duration::from_micros(200);

/// Reads `streams` streamed completions of `chunks` chunks over one connection and
/// returns how many chunks they had.
pub fn stream(base_url: &str, streams: usize, chunks: usize) -> usize {
    let authority = base_url.strip_prefix("http://").expect("an http:// base URL").trim_end_matches('/');
    let mut socket = TcpStream::connect(authority).expect("connect");
    socket.set_nodelay(true).expect("nodelay");
    let body = r#"{"model":"gpt-5.2","messages":[{"role":"user","content":"Say hello"}],"stream":true}"#;
    let request = format!(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer sk-bench\r\n\
         Content-Type: application/json\r\nx-mock-chunks: {chunks}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut buffer = vec![0; 1 << 20];
    let mut total = 0;
    for _ in 0..streams {
        socket.write_all(request.as_bytes()).expect("send");
        total += read_one(&mut socket, &mut buffer);
    }
    total
}

/// Reads one chunked SSE answer to its last chunk; counts its JSON events (`[DONE]`
/// is not a chunk).
fn read_one(socket: &mut TcpStream, buffer: &mut [u8]) -> usize {
    const EVENT: &[u8] = b"data: {";
    const LAST_CHUNK: &[u8] = b"\r\n0\r\n\r\n";
    // The end of the previous read, so a marker split between two reads is found.
    let mut carry: Vec<u8> = Vec::new();
    let mut events = 0;
    loop {
        std::thread::sleep(BETWEEN_READS);
        let n = socket.read(&mut buffer[..]).expect("read");
        assert!(n > 0, "the mock closed the connection mid-answer");
        let kept = carry.len();
        carry.extend_from_slice(&buffer[..n]);
        // Only markers that end in what was just read: the others were counted.
        let fresh = &carry[kept.saturating_sub(EVENT.len() - 1)..];
        events += fresh.windows(EVENT.len()).filter(|w| *w == EVENT).count();
        if carry.ends_with(LAST_CHUNK) {
            return events;
        }
        carry.drain(..carry.len().saturating_sub(LAST_CHUNK.len() - 1));
    }
}
