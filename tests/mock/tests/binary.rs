//! The `tokenhot-mock` binary: its listening line and its exit on standard input EOF.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(url: &str, path: &str, headers: &str) -> String {
    let host = url.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n{headers}\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn prints_its_url_serves_and_exits_when_stdin_closes() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tokenhot-mock"))
        .args(["--port", "0", "--api-key", "sk-bin", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the binary");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    assert!(get(&url, "/__mock/health", "").ends_with("ok"));
    assert!(
        get(&url, "/v1/models", "authorization: Bearer sk-other\r\n").starts_with("HTTP/1.1 401")
    );
    assert!(get(&url, "/v1/models", "authorization: Bearer sk-bin\r\n").starts_with("HTTP/1.1 200"));

    drop(child.stdin.take());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("the mock did not exit after its stdin closed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_bad_argument_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_tokenhot-mock"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage"));
}
