//! HTTP/1.1 on one connection, the crate's own: a request goes out in one write and its
//! answer is read by the task that awaits it. hyper's HTTP/1 client keeps, for every
//! connection, a task with an 8 KiB write buffer, a dispatch channel of 32 request
//! slots (9.5 KiB) and an 8 KiB read buffer, about 27 KiB whether or not anything is
//! moving; with 1000 calls in flight that was most of the process's memory. Here a
//! connection waiting for its answer holds its socket and nothing else, and no task
//! hands requests and answers across a channel. HTTP/2 stays with hyper (`pool.rs`).

pub(crate) mod body;
pub(crate) mod head;
mod request;

use std::io;

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, HeaderValue, Method, Uri};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use self::body::{Decoder, Step};
use self::head::{Head, READ_SIZE};
use crate::http::connector::{Conn, Stream};

/// A body up to this size goes out in the same write as the head.
const SAME_WRITE_BODY: usize = 64 * 1024;
/// The most memory set aside at once on a declared length's word (the buffer grows
/// past it only as the bytes arrive).
const PREALLOCATE_BODY: usize = 1024 * 1024;

pub(crate) struct H1Conn {
    io: Stream,
    /// `Some` on a connection to a forwarding proxy, with its credentials if any.
    forwarded_with: Option<Option<HeaderValue>>,
    /// Bytes read but not yet taken; empty between exchanges.
    buf: BytesMut,
}

impl H1Conn {
    pub(crate) fn new(conn: Conn) -> H1Conn {
        H1Conn { io: conn.stream, forwarded_with: conn.forwarded_with, buf: BytesMut::new() }
    }

    /// Whether a pooled connection can carry another request.
    pub(crate) fn is_idle_and_open(&self) -> bool {
        self.io.is_idle_and_open()
    }

    /// The connection, ready for the next request, once an answer was read to its end;
    /// `None` if bytes beyond that answer arrived (they would be read as the next one's).
    /// The read buffer's memory is let go: a parked connection holds only its socket.
    pub(crate) fn into_reusable(mut self) -> Option<H1Conn> {
        if !self.buf.is_empty() {
            return None;
        }
        self.buf = BytesMut::new();
        Some(self)
    }

    /// Sends a request and reads the answer's head.
    pub(crate) async fn exchange(&mut self, method: &Method, uri: &Uri, headers: &HeaderMap, body: Option<&Bytes>) -> io::Result<Head> {
        let body_len = body.map(Bytes::len);
        let inline = body.filter(|b| b.len() <= SAME_WRITE_BODY);
        let mut out = Vec::with_capacity(512 + inline.map_or(0, Bytes::len));
        let proxy_authorization = self.forwarded_with.as_ref().and_then(Option::as_ref);
        request::encode(method, uri, self.forwarded_with.is_some(), headers, proxy_authorization, body_len, &mut out);
        if let Some(body) = inline {
            out.extend_from_slice(body);
        }
        self.io.write_all(&out).await?;
        drop(out);
        if let Some(body) = body.filter(|b| b.len() > SAME_WRITE_BODY) {
            self.io.write_all(body).await?;
        }
        self.io.flush().await?;
        if self.buf.is_empty() {
            self.io.readable().await?;
        }
        head::read(&mut self.io, &mut self.buf, method).await
    }

    /// The next piece of the body `decoder` frames, `None` at its end.
    pub(crate) async fn next_chunk(&mut self, decoder: &mut Decoder) -> io::Result<Option<Bytes>> {
        loop {
            match decoder.decode(&mut self.buf)? {
                Step::Data(data) => return Ok(Some(data)),
                Step::End => return Ok(None),
                Step::NeedMore => {
                    self.buf.reserve(READ_SIZE);
                    if self.io.read_buf(&mut self.buf).await? == 0 {
                        decoder.at_close()?;
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// The rest of the body in one piece: a body of declared length is read into one
    /// buffer, so it is not copied piece by piece.
    pub(crate) async fn read_to_end(&mut self, decoder: &mut Decoder) -> io::Result<Bytes> {
        if let Some(length) = decoder.remaining_length() {
            let length = usize::try_from(length).unwrap_or(usize::MAX);
            while self.buf.len() < length {
                self.buf.reserve((length - self.buf.len()).min(PREALLOCATE_BODY));
                if self.io.read_buf(&mut self.buf).await? == 0 {
                    decoder.at_close()?;
                }
            }
        }
        let Some(first) = self.next_chunk(decoder).await? else { return Ok(Bytes::new()) };
        let Some(second) = self.next_chunk(decoder).await? else { return Ok(first) };
        let mut all = BytesMut::from(&first[..]);
        all.extend_from_slice(&second);
        while let Some(more) = self.next_chunk(decoder).await? {
            all.extend_from_slice(&more);
        }
        Ok(all.freeze())
    }
}
