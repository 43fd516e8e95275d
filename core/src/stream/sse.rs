//! An incremental decoder for `text/event-stream` bodies (WHATWG HTML, 9.2.6).
//!
//! Bytes go in as they arrive from the network, in any split; complete events come
//! out. Lines end at CR, LF or CRLF (a CR at the end of one chunk and an LF at the
//! start of the next are one line end). Lines are kept as bytes until complete, so a
//! UTF-8 sequence split across chunks is never cut. Work is linear in the input: a
//! partial line is scanned once, however many chunks it arrives in.
//!
//! One deviation (CONTRACT.md, Streams): at a clean end of the body, a pending event
//! that lacks its blank line is still dispatched (`finish`).

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The `event:` field; `None` means the default type, `message`.
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last event id seen so far in the stream (ids persist across events).
    pub id: Option<String>,
    /// A `retry:` reconnection time in milliseconds given with this event.
    pub retry: Option<u64>,
}

#[derive(Debug, Default)]
pub struct SseDecoder {
    buf: Vec<u8>,
    /// Where the search for the next line end resumes inside `buf`.
    scan_from: usize,
    /// The previous chunk ended in CR: an LF opening the next one belongs to it.
    skip_lf: bool,
    started: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    last_id: Option<String>,
    retry: Option<u64>,
    comments: u64,
}

impl SseDecoder {
    pub fn new() -> SseDecoder {
        SseDecoder::default()
    }

    /// Feeds the next bytes of the body and appends every event they complete to `out`.
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut Vec<SseEvent>) {
        if self.skip_lf && !chunk.is_empty() {
            if chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
            self.skip_lf = false;
        }
        self.buf.extend_from_slice(chunk);
        if !self.started {
            // A byte-order mark may itself arrive split across chunks.
            const BOM: &[u8] = "\u{feff}".as_bytes();
            if self.buf.len() < BOM.len() && BOM.starts_with(&self.buf) {
                return;
            }
            self.started = true;
            if self.buf.starts_with(BOM) {
                self.buf.drain(..BOM.len());
            }
        }
        let mut line_start = 0;
        let mut i = self.scan_from;
        // memchr2 scans a word or a vector at a time; a byte loop here showed in stream
        // profiles (a data line is the whole JSON chunk).
        while let Some(offset) = memchr::memchr2(b'\n', b'\r', &self.buf[i..]) {
            let end = i + offset;
            let next = if self.buf[end] == b'\r' {
                match self.buf.get(end + 1) {
                    Some(b'\n') => end + 2,
                    Some(_) => end + 1,
                    None => {
                        self.skip_lf = true;
                        end + 1
                    }
                }
            } else {
                end + 1
            };
            let line = std::mem::take(&mut self.buf);
            self.process_line(&line[line_start..end], out);
            self.buf = line;
            line_start = next;
            i = next;
        }
        self.buf.drain(..line_start);
        self.scan_from = self.buf.len();
    }

    /// The body ended cleanly: an unterminated last line is a line, and a pending event
    /// is dispatched even without its blank line.
    pub fn finish(&mut self, out: &mut Vec<SseEvent>) {
        if !self.buf.is_empty() {
            let line = std::mem::take(&mut self.buf);
            self.process_line(&line, out);
        }
        self.scan_from = 0;
        self.dispatch(out);
    }

    /// How many comment lines (`: keep-alive`) were seen; they carry no data.
    pub fn comments_seen(&self) -> u64 {
        self.comments
    }

    fn process_line(&mut self, line: &[u8], out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            self.comments += 1;
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match field {
            b"data" => {
                // `from_utf8` checks ASCII a word at a time; the lossy path walks
                // chunk by chunk and showed in stream profiles. It stays the fallback.
                match std::str::from_utf8(value) {
                    Ok(text) => self.data.push_str(text),
                    Err(_) => self.data.push_str(&String::from_utf8_lossy(value)),
                }
                self.data.push('\n');
                self.has_data = true;
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            b"id" if !value.contains(&0) => {
                self.last_id = Some(String::from_utf8_lossy(value).into_owned());
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.retry = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        let event = self.event.take();
        let retry = self.retry.take();
        if !self.has_data {
            self.data.clear();
            return;
        }
        self.has_data = false;
        let mut data = std::mem::take(&mut self.data);
        data.pop(); // the LF after the last data line
        out.push(SseEvent { event, data, id: self.last_id.clone(), retry });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(input: &[u8]) -> Vec<SseEvent> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(input, &mut out);
        d.finish(&mut out);
        out
    }

    fn decode_in_chunks(input: &[u8], size: usize) -> Vec<SseEvent> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for chunk in input.chunks(size) {
            d.feed(chunk, &mut out);
        }
        d.finish(&mut out);
        out
    }

    #[test]
    fn line_ends_multiline_data_and_fields() {
        let input = b"event: add\r\ndata: a\rdata:b\n\n: comment\nid: 7\nretry: 300\ndata\n\ndata: x\n\n";
        let events = decode_all(input);
        assert_eq!(events.len(), 3);
        assert_eq!(events[0], SseEvent { event: Some("add".into()), data: "a\nb".into(), id: None, retry: None });
        assert_eq!(events[1], SseEvent { event: None, data: "".into(), id: Some("7".into()), retry: Some(300) });
        assert_eq!(events[2].id.as_deref(), Some("7"), "ids persist across events");
        for size in 1..input.len() {
            assert_eq!(decode_in_chunks(input, size), events, "chunk size {size}");
        }
    }

    #[test]
    fn cr_at_chunk_end_then_lf_is_one_line_end() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(b"data: a\r", &mut out);
        d.feed(b"\n\r", &mut out);
        d.feed(b"\n", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].data, "a");
    }

    #[test]
    fn pending_event_dispatched_at_clean_end_only() {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        d.feed(b"data: tail", &mut out);
        assert!(out.is_empty());
        d.finish(&mut out);
        assert_eq!(out[0].data, "tail");
    }

    #[test]
    fn utf8_split_across_chunks_and_bom() {
        let input = "\u{feff}data: 你好, wörld 🎉\n\n".as_bytes();
        assert_eq!(decode_in_chunks(input, 1)[0].data, "你好, wörld 🎉");
    }

    #[test]
    fn every_recorded_fixture_decodes_the_same_in_any_split() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/streams");
        let mut files = 0;
        for family in std::fs::read_dir(dir).expect("tests/fixtures/streams") {
            for file in std::fs::read_dir(family.unwrap().path()).unwrap() {
                let bytes = std::fs::read(file.unwrap().path()).unwrap();
                let whole = decode_all(&bytes);
                assert!(!whole.is_empty());
                assert_eq!(decode_in_chunks(&bytes, 1), whole);
                assert_eq!(decode_in_chunks(&bytes, 7), whole);
                files += 1;
            }
        }
        assert!(files >= 19, "found {files} fixture files");
    }

    #[test]
    fn a_16_mib_event_decodes_in_linear_time() {
        let payload = "x".repeat(16 << 20);
        let input = format!("data: {payload}\n\n");
        let start = std::time::Instant::now();
        let events = decode_in_chunks(input.as_bytes(), 16 * 1024);
        assert_eq!(events[0].data.len(), 16 << 20);
        // Generous even for a debug build; a quadratic decoder takes minutes here.
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }
}
