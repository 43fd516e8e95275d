//! Reads a response head: status line and headers, and what they say about the body
//! that follows (RFC 9112, section 6.3).

use std::io;

use bytes::{Buf, Bytes, BytesMut};
use http::header::{CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Version};
use tokio::io::{AsyncRead, AsyncReadExt};

/// More headers than any gateway answer carries; more is an error, not a truncation.
const MAX_HEADERS: usize = 128;
/// A head longer than this is an error.
const MAX_HEAD_BYTES: usize = 256 * 1024;
/// What one read asks for.
pub(crate) const READ_SIZE: usize = 8 * 1024;

pub(crate) struct Head {
    pub(crate) status: StatusCode,
    pub(crate) version: Version,
    pub(crate) headers: HeaderMap,
    pub(crate) framing: Framing,
    /// Whether the connection may carry another request once this body is read.
    pub(crate) keep_alive: bool,
}

/// How the body's end is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    Empty,
    Length(u64),
    Chunked,
    /// The body ends when the server closes the connection.
    UntilClose,
}

/// Reads the next final (non-1xx) response head from `io`, reading into `buf`; what
/// follows the head stays in `buf`.
pub(crate) async fn read<R: AsyncRead + Unpin>(io: &mut R, buf: &mut BytesMut, method: &Method) -> io::Result<Head> {
    loop {
        match parse(buf, method)? {
            Some(head) if head.status.is_informational() && head.status != StatusCode::SWITCHING_PROTOCOLS => continue,
            Some(head) => return Ok(head),
            None if buf.len() > MAX_HEAD_BYTES => return Err(invalid("the answer's head is larger than 256 KiB")),
            None => {
                buf.reserve(READ_SIZE);
                if io.read_buf(buf).await? == 0 {
                    let what = if buf.is_empty() { "the server closed the connection without answering" } else { "the server closed the connection in the middle of the answer's head" };
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, what));
                }
            }
        }
    }
}

/// Parses a head from the start of `buf` and takes it out; `None` if it is incomplete.
fn parse(buf: &mut BytesMut, method: &Method) -> io::Result<Option<Head>> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut slots);
    let length = match response.parse(buf) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(invalid("the answer has more than 128 headers")),
        Err(e) => return Err(invalid(&format!("the answer is not HTTP/1.1: {e}"))),
    };
    let code = response.code.unwrap_or_default();
    let status = StatusCode::from_u16(code).map_err(|_| invalid(&format!("the answer's status {code} is not valid")))?;
    let version = if response.version == Some(0) { Version::HTTP_10 } else { Version::HTTP_11 };
    // Header values are slices of the head's own bytes, not copies.
    let start = buf.as_ptr() as usize;
    let spans: Vec<(&str, std::ops::Range<usize>)> = response
        .headers
        .iter()
        .map(|h| {
            let at = h.value.as_ptr() as usize - start;
            (h.name, at..at + h.value.len())
        })
        .collect();
    let mut names = Vec::with_capacity(spans.len());
    for (name, span) in spans {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(&format!("the answer has a header named {name:?}")))?;
        names.push((name, span));
    }
    // A copy of its own, so the headers a caller keeps do not hold the read buffer.
    let bytes = Bytes::copy_from_slice(&buf[..length]);
    buf.advance(length);
    let mut headers = HeaderMap::with_capacity(names.len());
    for (name, span) in names {
        let value = HeaderValue::from_maybe_shared(bytes.slice(span)).map_err(|_| invalid(&format!("the answer's {name} header is not valid")))?;
        headers.append(name, value);
    }
    let framing = framing(status, &headers, method)?;
    // After a 101 the connection speaks another protocol; this client never asks for one.
    // Both a transfer-encoding and a length is how request smuggling starts (RFC 9112,
    // 6.3): the chunked framing is read, and the connection is not used again.
    let ambiguous = headers.contains_key(TRANSFER_ENCODING) && headers.contains_key(CONTENT_LENGTH);
    let keep_alive = framing != Framing::UntilClose
        && status != StatusCode::SWITCHING_PROTOCOLS
        && !ambiguous
        && keeps_alive(version, &headers);
    Ok(Some(Head { status, version, headers, framing, keep_alive }))
}

fn framing(status: StatusCode, headers: &HeaderMap, method: &Method) -> io::Result<Framing> {
    if method == Method::HEAD || status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED || status.is_informational() {
        return Ok(Framing::Empty);
    }
    if method == Method::CONNECT && status.is_success() {
        return Ok(Framing::Empty);
    }
    if headers.contains_key(TRANSFER_ENCODING) {
        let last = headers.get_all(TRANSFER_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).last();
        let chunked = last.is_some_and(|coding| coding.trim().eq_ignore_ascii_case("chunked"));
        return Ok(if chunked { Framing::Chunked } else { Framing::UntilClose });
    }
    let mut length = None;
    for value in headers.get_all(CONTENT_LENGTH) {
        for part in value.to_str().unwrap_or("x").split(',') {
            let part = part.trim();
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            let n = part.parse::<u64>().ok().filter(|_| digits).ok_or_else(|| invalid("the answer's content-length is not a number"))?;
            if length.is_some_and(|l| l != n) {
                return Err(invalid("the answer has two different content-lengths"));
            }
            length = Some(n);
        }
    }
    Ok(length.map_or(Framing::UntilClose, Framing::Length))
}

fn keeps_alive(version: Version, headers: &HeaderMap) -> bool {
    let has = |token: &str| {
        headers.get_all(CONNECTION).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    if version == Version::HTTP_10 {
        has("keep-alive")
    } else {
        !has("close")
    }
}

pub(crate) fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> io::Result<Option<Head>> {
        parse(&mut BytesMut::from(text), &Method::POST)
    }

    #[test]
    fn reads_status_headers_and_framing_and_leaves_the_body() {
        let mut buf = BytesMut::from("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Request-Id: r1\r\n\r\nhello");
        let head = parse(&mut buf, &Method::POST).unwrap().unwrap();
        assert_eq!(head.status, 200);
        assert_eq!(head.headers["x-request-id"], "r1");
        assert_eq!(head.framing, Framing::Length(5));
        assert!(head.keep_alive);
        assert_eq!(&buf[..], b"hello");
    }

    #[test]
    fn an_incomplete_head_waits_for_more() {
        assert!(head("HTTP/1.1 200 OK\r\nContent-Le").unwrap().is_none());
    }

    #[test]
    fn chunked_wins_over_length_and_close_ends_keep_alive() {
        let h = head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n").unwrap().unwrap();
        assert_eq!(h.framing, Framing::Chunked);
        assert!(!h.keep_alive);
        let h = head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n").unwrap().unwrap();
        assert_eq!(h.framing, Framing::Chunked, "chunked wins over a length");
        assert!(!h.keep_alive, "and a connection that said both is not used again");
        let h = head("HTTP/1.1 200 OK\r\n\r\n").unwrap().unwrap();
        assert_eq!(h.framing, Framing::UntilClose);
        assert!(!h.keep_alive, "a body that ends at close cannot share its connection");
        let h = head("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").unwrap().unwrap();
        assert!(!h.keep_alive, "HTTP/1.0 closes unless it says keep-alive");
    }

    #[test]
    fn bodiless_statuses_have_no_body() {
        assert_eq!(head("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n").unwrap().unwrap().framing, Framing::Empty);
    }

    #[test]
    fn bad_heads_are_errors_that_say_what_is_wrong() {
        let e = head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").err().unwrap();
        assert!(e.to_string().contains("two different content-lengths"), "{e}");
        for length in ["five", "+5", ""] {
            let e = head(&format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n")).err().unwrap();
            assert!(e.to_string().contains("not a number"), "{length:?}: {e}");
        }
        let e = head("SMTP ready\r\n\r\n").err().unwrap();
        assert!(e.to_string().contains("not HTTP/1.1"), "{e}");
    }
}
