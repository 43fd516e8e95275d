//! Just enough HTTP/1.1 for the proxy: read one request (head and a `content-length`
//! body), read a header from it, and give a head `connection: close` so that every
//! connection carries exactly one request and one answer.

use tokio::io::{AsyncRead, AsyncReadExt};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 64 * 1024 * 1024;

pub struct Request {
    pub head: Vec<u8>,
    pub body: Vec<u8>,
}

/// Where the head ends (the index just past its blank line).
pub fn head_end(bytes: &[u8]) -> Option<usize> {
    bytes.windows(4).position(|w| w == b"\r\n\r\n").map(|at| at + 4)
}

/// The value of a header (name compared without case) in a head.
pub fn header<'a>(head: &'a [u8], name: &str) -> Option<&'a str> {
    let text = std::str::from_utf8(head).ok()?;
    text.split("\r\n").skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// The request line's method and path.
pub fn request_line(head: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(head);
    let mut parts = text.split("\r\n").next().unwrap_or("").split(' ');
    (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string())
}

/// Reads one request; `None` when the client closed or sent something unreadable.
pub async fn read_request<R: AsyncRead + Unpin>(from: &mut R) -> Option<Request> {
    let mut buf = Vec::with_capacity(4096);
    let end = loop {
        if let Some(end) = head_end(&buf) {
            break end;
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 8192];
        let n = from.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = buf[..end].to_vec();
    if header(&head, "transfer-encoding").is_some() {
        return None; // the clients under test send JSON and multipart with a length
    }
    let length: usize = header(&head, "content-length").map_or(Some(0), |v| v.parse().ok())?;
    if length > MAX_BODY {
        return None;
    }
    let mut body = buf[end..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; (length - body.len()).min(1 << 16)];
        let n = from.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Request { head, body })
}

/// The head with any `connection` header replaced by `connection: close`.
pub fn with_connection_close(head: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(head);
    let mut lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    lines.retain(|line| !line.split_once(':').is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("connection")));
    let mut out = lines.join("\r\n");
    out.push_str("\r\nconnection: close\r\n\r\n");
    out.into_bytes()
}
