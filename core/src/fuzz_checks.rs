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

pub fn messages_accumulate(data: &[u8]) {
    accumulate::<crate::api::messages::MessagesAccumulator>(data)
}

/// The partial-JSON rule (CONTRACT.md, Messages: a tool input cut at `max_tokens`):
/// reading any text never panics; a text that is whole JSON reads as that JSON; and a
/// prefix of it reads, when it reads at all, as the longest complete prefix: at the top
/// level of an object, every member but the last (the one the cut may be inside) is a
/// member of the whole, with the same value. The seed's first two bytes choose the cut.
pub fn partial_json(data: &[u8]) {
    use crate::json::partial::parse_partial;
    let (seed, body) = split_off_seed(data, 2);
    let Ok(text) = std::str::from_utf8(body) else { return };
    let whole = parse_partial(text);
    if let Ok(exact) = serde_json::from_str::<Value>(text) {
        let read = whole.as_ref().unwrap_or_else(|| panic!("{text:?} is JSON but did not read"));
        assert!(same(read, &exact), "{text:?} read as {read}, not as {exact}");
    }
    let cut_at = u16::from_le_bytes([seed.first().copied().unwrap_or(0), seed.get(1).copied().unwrap_or(0)]) as usize;
    let mut cut = cut_at % (text.len() + 1);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let (Some(Value::Object(whole)), Some(Value::Object(part))) = (&whole, parse_partial(&text[..cut])) else { return };
    if has_repeated_top_level_key(text) {
        return; // The prefix may hold an earlier value of a key the whole repeats.
    }
    // The last member may be the one the cut is inside (a number that later turns out
    // unfinished, `99` of `9999.`): it is not checked.
    for (key, value) in part.iter().take(part.len().saturating_sub(1)) {
        let full = whole.get(key).unwrap_or_else(|| panic!("{:?}: key {key:?} is not in the whole", &text[..cut]));
        assert!(same(value, full), "{:?}: member {key:?} read as {value}, the whole has {full}", &text[..cut]);
    }
}

/// Equal, numbers compared by value (serde_json and jiter may round a float's last
/// digit differently).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

fn has_repeated_top_level_key(text: &str) -> bool {
    match jiter::JsonValue::parse_with_config(text.as_bytes(), false, jiter::PartialMode::On) {
        Ok(jiter::JsonValue::Object(members)) => {
            let keys: std::collections::HashSet<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
            keys.len() != members.len()
        }
        _ => false,
    }
}

/// A form part as read back: name, filename, content type, bytes.
type DecodedPart = (String, Option<String>, Option<String>, Vec<u8>);

/// The multipart encoder sends every part as given: text parts and files (names,
/// filenames, types and bytes all from the input) built into an edit form and read back
/// by a real parser (multer) come back unchanged, in order; a form is refused (before
/// any request) exactly when a part name could not travel as it is.
pub fn multipart_roundtrip(data: &[u8]) {
    use crate::api::images::multipart::{is_plain_part_name, EditForm};
    use crate::api::media::FileInput;

    let mut fields = Vec::new();
    let mut files = Vec::new();
    for record in data.split(|&b| b == 0xFF).take(64) {
        let Some((&kind, rest)) = record.split_first() else { continue };
        let mut pieces = rest.splitn(3, |&b| b == 0xFE);
        let name = String::from_utf8_lossy(pieces.next().unwrap_or_default()).into_owned();
        let filename = String::from_utf8_lossy(pieces.next().unwrap_or_default()).into_owned();
        let value = pieces.next().unwrap_or_default().to_vec();
        if kind & 1 == 0 {
            fields.push((name, String::from_utf8_lossy(&value).into_owned()));
            continue;
        }
        let input = if filename.is_empty() { FileInput::bytes(value) } else { FileInput::named(filename, value) };
        let input = match (kind >> 1) & 3 {
            1 => input.with_mime_type("image/png"),
            2 => input.with_mime_type("image/x-fuzz+raw"),
            _ => input,
        };
        // A file of no known type is refused by the check, as for any caller.
        if let Ok(checked) = input.check("image", "image-0") {
            files.push((name, checked));
        }
    }
    let any_bad_name = fields.iter().map(|(k, _)| k).chain(files.iter().map(|(k, _)| k)).any(|k| !is_plain_part_name(k));
    let expected: Vec<DecodedPart> = fields
        .iter()
        .map(|(k, v)| (k.clone(), None, None, v.as_bytes().to_vec()))
        .chain(files.iter().map(|(k, f)| {
            let data = match &f.content {
                crate::api::media::FileContent::Bytes(b) => b.to_vec(),
                crate::api::media::FileContent::Path(..) => unreachable!("only bytes here"),
            };
            (k.clone(), Some(f.filename.clone()), Some(f.mime_type.clone()), data)
        }))
        .collect();
    let form = match EditForm::from_parts(fields, files) {
        Ok(form) => form,
        Err(e) => {
            assert!(any_bad_name, "a form of plain names was refused: {e}");
            return;
        }
    };
    assert!(!any_bad_name, "a part name that cannot travel unchanged was accepted");
    if expected.is_empty() {
        return; // an edit always has parts (model, prompt, image); an empty form is no case
    }
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    let (content_type, body) = runtime.block_on(form.into_body()).expect("an in-memory form encodes");
    let boundary = multer::parse_boundary(content_type.to_str().expect("ASCII")).expect("a boundary");
    let decoded = runtime.block_on(async move {
        let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
        let mut form = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = form.next_field().await.expect("the encoded form parses") {
            let name = field.name().unwrap_or_default().to_string();
            let filename = field.file_name().map(str::to_string);
            let mime = field.content_type().map(|m| m.to_string());
            parts.push((name, filename, mime, field.bytes().await.expect("a part's bytes").to_vec()));
        }
        parts
    });
    assert_eq!(decoded, expected, "the parts came back changed");
}

/// Any JSON body read as a video task (route from the seed byte) never panics; when it
/// names a task, its status is one of the normalized words or a word the map does not
/// know kept as sent (or `unknown` when none was sent), progress stays in 0..=100, an
/// error appears only on a failed task, a video URL is never empty, and the binding's
/// hand-over form (`to_json` / `from_json`) reads back to the same task.
pub fn video_task(data: &[u8]) {
    use crate::api::videos::{Route, TaskStatus, VideoTask};
    let (seed, body) = split_off_seed(data, 1);
    let Ok(raw) = serde_json::from_slice::<Value>(body) else { return };
    let route = if seed.first().is_some_and(|b| b & 1 == 1) { Route::Videos } else { Route::Generations };
    let Some(task) = VideoTask::from_value(raw, route) else { return };
    match &task.status {
        TaskStatus::Other(word) => {
            assert_eq!(TaskStatus::from_wire(word), task.status, "{word:?} is a known word but was kept unknown");
            let as_word = |v: &Value| v.as_str().map(str::to_string).or_else(|| v.as_number().map(|n| n.to_string()));
            let sent = [task.raw.get("status"), task.raw.get("data").and_then(|d| d.get("status"))];
            let was_sent = sent.into_iter().flatten().filter_map(as_word).any(|s| &s == word);
            assert!(was_sent || word == "unknown", "status {word:?} is neither sent nor 'unknown'");
            assert!(!task.status.is_finished());
        }
        known => assert_eq!(&TaskStatus::from_wire(known.as_str()), known, "normalized words map to themselves"),
    }
    assert!(task.progress.is_none_or(|p| p <= 100), "progress {:?} out of range", task.progress);
    assert!(task.error.is_none() || task.status == TaskStatus::Failed, "an error on a task that did not fail");
    assert!(task.video_url.as_deref().is_none_or(|u| !u.is_empty()), "an empty video URL");
    assert_eq!(task.route, route);
    assert_eq!(VideoTask::from_json(&task.to_json()).as_ref(), Some(&task), "the hand-over form does not read back");
}
