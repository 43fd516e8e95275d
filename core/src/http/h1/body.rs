//! Finds a response body's pieces and its end in the bytes read so far: by length,
//! chunked (RFC 9112, section 7.1), or up to the connection's close.

use std::io;

use bytes::{Buf, Bytes, BytesMut};

use super::head::{invalid, Framing};

/// A chunk-size line longer than this is an error.
const MAX_LINE: usize = 4096;

pub(crate) struct Decoder {
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Length(u64),
    ChunkSize,
    ChunkData(u64),
    /// The CRLF after a chunk's data.
    ChunkEnd,
    Trailers,
    UntilClose,
    Done,
}

pub(crate) enum Step {
    Data(Bytes),
    /// Nothing more can be taken until more bytes are read.
    NeedMore,
    End,
}

impl Decoder {
    pub(crate) fn new(framing: Framing) -> Decoder {
        let state = match framing {
            Framing::Empty | Framing::Length(0) => State::Done,
            Framing::Length(n) => State::Length(n),
            Framing::Chunked => State::ChunkSize,
            Framing::UntilClose => State::UntilClose,
        };
        Decoder { state }
    }

    pub(crate) fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// How many body bytes are still due, when the framing says.
    pub(crate) fn remaining_length(&self) -> Option<u64> {
        match self.state {
            State::Length(n) => Some(n),
            _ => None,
        }
    }

    /// Takes the next piece of body from the front of `buf`.
    pub(crate) fn decode(&mut self, buf: &mut BytesMut) -> io::Result<Step> {
        loop {
            match self.state {
                State::Done => return Ok(Step::End),
                State::Length(_) | State::ChunkData(_) | State::UntilClose if buf.is_empty() => return Ok(Step::NeedMore),
                State::Length(left) => {
                    let data = take(buf, left);
                    self.state = if left == data.len() as u64 { State::Done } else { State::Length(left - data.len() as u64) };
                    return Ok(Step::Data(data));
                }
                State::UntilClose => return Ok(Step::Data(take(buf, u64::MAX))),
                State::ChunkData(left) => {
                    let data = take(buf, left);
                    self.state = if left == data.len() as u64 { State::ChunkEnd } else { State::ChunkData(left - data.len() as u64) };
                    return Ok(Step::Data(data));
                }
                State::ChunkSize => {
                    let Some(line) = line(buf)? else { return Ok(Step::NeedMore) };
                    let size = line[..].split(|&b| b == b';').next().unwrap_or_default();
                    let size = std::str::from_utf8(size).ok().map(str::trim).filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()));
                    let size = size.and_then(|s| u64::from_str_radix(s, 16).ok());
                    self.state = match size {
                        Some(0) => State::Trailers,
                        Some(n) => State::ChunkData(n),
                        None => return Err(invalid("the answer's chunk size is not a hexadecimal number")),
                    };
                }
                State::ChunkEnd => {
                    if buf.len() < 2 {
                        return Ok(Step::NeedMore);
                    }
                    if &buf[..2] != b"\r\n" {
                        return Err(invalid("the answer's chunk is longer than its size says"));
                    }
                    buf.advance(2);
                    self.state = State::ChunkSize;
                }
                State::Trailers => {
                    let Some(line) = line(buf)? else { return Ok(Step::NeedMore) };
                    if line.is_empty() {
                        self.state = State::Done;
                    }
                }
            }
        }
    }

    /// What the connection's close means here: the end, or a cut.
    pub(crate) fn at_close(&mut self) -> io::Result<Step> {
        match self.state {
            State::UntilClose | State::Done => {
                self.state = State::Done;
                Ok(Step::End)
            }
            _ => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the server closed the connection before the answer's body ended")),
        }
    }
}

/// Pieces shorter than this are copied out of the read buffer rather than shared with
/// it: a small answer kept by its caller then holds its own few hundred bytes, not the
/// whole read buffer, and the connection can reuse or free that buffer at once.
const COPY_BELOW: usize = 4096;

fn take(buf: &mut BytesMut, at_most: u64) -> Bytes {
    let n = usize::try_from(at_most).unwrap_or(usize::MAX).min(buf.len());
    if n < COPY_BELOW {
        let piece = Bytes::copy_from_slice(&buf[..n]);
        buf.advance(n);
        piece
    } else {
        buf.split_to(n).freeze()
    }
}

/// One CRLF-ended line taken from `buf`, without its CRLF.
fn line(buf: &mut BytesMut) -> io::Result<Option<BytesMut>> {
    match buf.windows(2).position(|w| w == b"\r\n") {
        Some(end) => {
            let mut line = buf.split_to(end + 2);
            line.truncate(end);
            Ok(Some(line))
        }
        None if buf.len() > MAX_LINE => Err(invalid("the answer has a chunk line longer than 4 KiB")),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `wire` in pieces of `step` bytes and collects the body.
    fn decode_all(framing: Framing, wire: &[u8], step: usize) -> io::Result<(Vec<u8>, bool)> {
        let mut decoder = Decoder::new(framing);
        let mut buf = BytesMut::new();
        let mut body = Vec::new();
        let mut pieces = wire.chunks(step);
        loop {
            match decoder.decode(&mut buf)? {
                Step::Data(data) => body.extend_from_slice(&data),
                Step::End => return Ok((body, buf.is_empty())),
                Step::NeedMore => match pieces.next() {
                    Some(piece) => buf.extend_from_slice(piece),
                    None => {
                        decoder.at_close()?;
                        return Ok((body, true));
                    }
                },
            }
        }
    }

    #[test]
    fn chunked_bodies_decode_whatever_the_read_sizes() {
        let wire = b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";
        for step in 1..wire.len() {
            assert_eq!(decode_all(Framing::Chunked, wire, step).unwrap(), (b"hello, world".to_vec(), true), "step {step}");
        }
    }

    #[test]
    fn a_length_body_stops_at_its_length() {
        let mut decoder = Decoder::new(Framing::Length(3));
        let mut buf = BytesMut::from("abcdef");
        assert!(matches!(decoder.decode(&mut buf).unwrap(), Step::Data(d) if d == "abc"));
        assert!(matches!(decoder.decode(&mut buf).unwrap(), Step::End));
        assert_eq!(&buf[..], b"def", "what follows belongs to no body");
    }

    #[test]
    fn a_close_before_the_end_is_a_cut_but_ends_a_close_framed_body() {
        let e = decode_all(Framing::Length(10), b"short", 2).err().unwrap();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        assert!(decode_all(Framing::Chunked, b"5\r\nhel", 2).is_err());
        assert_eq!(decode_all(Framing::UntilClose, b"all of it", 4).unwrap().0, b"all of it");
    }

    #[test]
    fn malformed_chunks_are_errors() {
        assert!(decode_all(Framing::Chunked, b"zz\r\n", 10).err().unwrap().to_string().contains("hexadecimal"));
        assert!(decode_all(Framing::Chunked, b"+5\r\nhello\r\n0\r\n\r\n", 10).is_err(), "a sign is not a hex digit");
        assert!(decode_all(Framing::Chunked, b"2\r\nabc\r\n", 10).err().unwrap().to_string().contains("longer than its size"));
    }
}
