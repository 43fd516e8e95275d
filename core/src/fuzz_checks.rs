//! The invariants the fuzz targets check (`core/fuzz/`, cargo-fuzz on nightly), kept
//! here so that the corpus replay test (`core/tests/fuzz_corpus.rs`, stable) runs the very
//! same checks: an input a fuzz run found stays a regression test in `cargo test`.
//! Every function takes arbitrary bytes and panics only when an invariant breaks (any
//! other panic inside is a bug in what it calls).
#![doc(hidden)]

use http::HeaderMap;
use serde_json::Value;

use crate::stream::sse::{SseDecoder, SseEvent};
use crate::stream::Accumulate;

/// The first bytes of an input that choose how the rest is split or read.
fn split_off_seed(data: &[u8], n: usize) -> (&[u8], &[u8]) {
    data.split_at(n.min(data.len()))
}

/// SSE decoding does not depend on how the body is cut: the events of the whole body fed
/// at once equal the events of the same body fed in pieces (cut points from the seed).
pub fn sse_split(data: &[u8]) {
    let (seed, body) = split_off_seed(data, 4);
    let whole = decode_sse(body, &[]);
    let mut cuts: Vec<usize> = seed.iter().map(|&b| if body.is_empty() { 0 } else { b as usize % (body.len() + 1) }).collect();
    cuts.sort_unstable();
    let pieces = decode_sse(body, &cuts);
    assert_eq!(whole, pieces, "events depend on where the body was cut ({cuts:?})");
    // Byte at a time is the hardest split (CR/LF pairs, UTF-8, the BOM all cut).
    let every: Vec<usize> = (0..=body.len()).collect();
    if body.len() <= 512 {
        assert_eq!(whole, decode_sse(body, &every), "events differ when fed a byte at a time");
    }
}

fn decode_sse(body: &[u8], cuts: &[usize]) -> (Vec<SseEvent>, u64) {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    let mut from = 0;
    for &cut in cuts {
        decoder.feed(&body[from..cut.max(from)], &mut out);
        from = cut.max(from);
    }
    decoder.feed(&body[from..], &mut out);
    decoder.finish(&mut out);
    (out, decoder.comments_seen())
}

/// A family's accumulator folds any sequence of events (one per input line) into a result
/// or refuses an event as not JSON, never panics, and keeps its result in proportion to
/// what it was given (no allocation an index or a count in the input asks for).
pub fn accumulate<A: Accumulate>(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut accumulator = A::default();
    for line in text.split('\n') {
        if accumulator.push(line).is_err() {
            break;
        }
    }
    let result = accumulator.result();
    let _ = accumulator.check_clean_end();
    let size = serde_json::to_string(&result).map(|s| s.len()).unwrap_or(0);
    assert!(size <= 8 * data.len() + 4096, "a {}-byte input gave a {size}-byte result", data.len());
    // Decoding the result into the typed model may fail (the events were garbage), but
    // must not panic.
    let _ = serde_json::from_value::<A::Final>(result);
}

pub fn chat_accumulate(data: &[u8]) {
    accumulate::<crate::api::chat::accumulate::ChatAccumulator>(data)
}

pub fn gemini_accumulate(data: &[u8]) {
    accumulate::<crate::api::gemini::accumulate::GeminiAccumulator>(data)
}

/// The Responses accumulator, also through its final result (the `response.failed`
/// error and the output rebuild rule) and its text deltas.
pub fn responses_accumulate(data: &[u8]) {
    accumulate::<crate::api::responses::accumulate::ResponsesAccumulator>(data);
    let text = String::from_utf8_lossy(data);
    let mut accumulator = crate::api::responses::ResponsesAccumulator::new();
    for line in text.split('\n') {
        if let Some(delta) = <crate::api::responses::ResponsesAccumulator as Accumulate>::text_delta(line) {
            assert!(delta.len() <= line.len() * 3, "a text delta larger than its event");
        }
        if accumulator.push(line).is_err() {
            break;
        }
    }
    if let Err(e) = accumulator.final_result() {
        let _ = e.to_string();
    }
}

/// Any error answer (status from the seed, body the rest) and any in-stream error frame is
/// read into an error of the taxonomy that keeps its status, and describing it never panics.
pub fn error_body(data: &[u8]) {
    let (seed, raw) = split_off_seed(data, 2);
    let status = 400 + (u16::from_le_bytes([seed.first().copied().unwrap_or(0), seed.get(1).copied().unwrap_or(0)]) % 200);
    let error = crate::error_body::from_http(status, HeaderMap::new(), raw);
    assert_eq!(error.status(), Some(status), "the status was lost");
    let _ = error.to_string();
    let _ = error.code();
    if let Ok(frame) = serde_json::from_slice::<Value>(raw) {
        let error = crate::error_body::from_stream_frame(&frame, None);
        let _ = (error.to_string(), error.kind());
    }
}

/// Normalising a base URL either refuses it with an error or gives a root that the
/// version is appended to: that root with `/v1` (or `/v1beta`) after it normalises back
/// to itself, and it never ends in a slash.
pub fn base_url(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    if let Ok(root) = crate::client::normalize_base_url(raw) {
        assert!(!root.ends_with('/'), "{raw:?} normalised to {root:?}, which ends in a slash");
        for version in ["/v1", "/v1beta"] {
            let again = crate::client::normalize_base_url(&format!("{root}{version}")).ok();
            assert_eq!(again.as_deref(), Some(root.as_str()), "{raw:?}: its root with {version} normalises elsewhere");
        }
    }
}
