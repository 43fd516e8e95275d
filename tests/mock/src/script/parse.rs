//! Validation of a posted script. Every problem is reported with the path of the field
//! at fault (`answers[1].sse[0].delay_ms`), so a test author sees what to fix.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Map, Value};

use super::{Answer, Payload};
use crate::body::Step;
use crate::reply::{self, DropMode};
use crate::{base64, sse};

/// Longest wait a script may ask for: one day (a bigger one is surely a mistake).
pub(crate) const MAX_DELAY_MS: u64 = 86_400_000;

const ANSWER_FIELDS: &[&str] = &[
    "status",
    "headers",
    "delay_ms",
    "json",
    "text",
    "sse",
    "raw_base64",
    "chunk_size",
    "drop",
    "drop_after_bytes",
];
const FRAME_FIELDS: &[&str] = &["data", "raw", "event", "id", "delay_ms"];
const BODY_FIELDS: &[&str] = &["json", "text", "sse", "raw_base64"];

#[derive(Debug)]
pub(crate) struct ScriptError {
    pub(crate) path: String,
    pub(crate) problem: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

fn fail<T>(path: impl Into<String>, problem: impl Into<String>) -> Result<T, ScriptError> {
    Err(ScriptError {
        path: path.into(),
        problem: problem.into(),
    })
}

pub(crate) fn parse_answers(body: &[u8]) -> Result<Vec<Answer>, ScriptError> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => return fail("answers", format!("body is not JSON: {e}")),
    };
    let Value::Array(items) = value else {
        return fail("answers", "expected a JSON array of answers");
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_answer(item, &format!("answers[{i}]")))
        .collect()
}

fn parse_answer(item: &Value, path: &str) -> Result<Answer, ScriptError> {
    let Value::Object(fields) = item else {
        return fail(path, "expected an object");
    };
    reject_unknown(fields, ANSWER_FIELDS, path)?;

    let status = match fields.get("status") {
        None => StatusCode::OK,
        Some(v) => v
            .as_u64()
            .filter(|n| (200..=999).contains(n))
            .and_then(|n| StatusCode::from_u16(n as u16).ok())
            .map_or_else(
                || {
                    fail(
                        format!("{path}.status"),
                        "expected an integer from 200 to 999",
                    )
                },
                Ok,
            )?,
    };
    let headers = match fields.get("headers") {
        None => HeaderMap::new(),
        Some(v) => parse_headers(v, &format!("{path}.headers"))?,
    };
    let delay = delay(fields.get("delay_ms"), &format!("{path}.delay_ms"))?;
    let payload = parse_payload(fields, path)?;
    let chunk_size = match fields.get("chunk_size") {
        None => None,
        Some(v) => {
            let at = format!("{path}.chunk_size");
            let size = v.as_u64().filter(|n| *n > 0);
            let Some(size) = size else {
                return fail(at, "expected a positive integer");
            };
            if !matches!(payload, Payload::Whole { .. }) {
                return fail(at, "needs a json, text or raw_base64 body");
            }
            Some(usize::try_from(size).unwrap_or(usize::MAX))
        }
    };
    let drop = parse_drop(fields, path)?;
    Ok(Answer {
        status,
        headers,
        delay,
        payload,
        chunk_size,
        drop,
    })
}

fn reject_unknown(
    fields: &Map<String, Value>,
    known: &[&str],
    path: &str,
) -> Result<(), ScriptError> {
    match fields.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => fail(
            format!("{path}.{key}"),
            format!("unknown field (known: {})", known.join(", ")),
        ),
        None => Ok(()),
    }
}

fn delay(value: Option<&Value>, path: &str) -> Result<Duration, ScriptError> {
    match value {
        None => Ok(Duration::ZERO),
        Some(v) => match v.as_u64().filter(|n| *n <= MAX_DELAY_MS) {
            Some(ms) => Ok(Duration::from_millis(ms)),
            None => fail(
                path,
                format!("expected an integer from 0 to {MAX_DELAY_MS}"),
            ),
        },
    }
}

fn parse_headers(value: &Value, path: &str) -> Result<HeaderMap, ScriptError> {
    let Value::Object(map) = value else {
        return fail(path, "expected an object of header name to string value");
    };
    let mut headers = HeaderMap::with_capacity(map.len());
    for (name, value) in map {
        let at = format!("{path}.{name}");
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return fail(at, "not a valid header name");
        };
        let Some(text) = value.as_str() else {
            return fail(at, "expected a string value");
        };
        let Ok(value) = HeaderValue::from_str(text) else {
            return fail(at, "not a valid header value");
        };
        headers.append(header, value);
    }
    Ok(headers)
}

fn parse_payload(fields: &Map<String, Value>, path: &str) -> Result<Payload, ScriptError> {
    let given: Vec<&str> = BODY_FIELDS
        .iter()
        .copied()
        .filter(|f| fields.contains_key(*f))
        .collect();
    if given.len() > 1 {
        return fail(
            format!("{path}.{}", given[1]),
            format!("only one of {} may be set", BODY_FIELDS.join(", ")),
        );
    }
    let Some(&field) = given.first() else {
        return Ok(Payload::Empty);
    };
    let at = format!("{path}.{field}");
    let value = &fields[field];
    match field {
        "json" => Ok(Payload::Whole {
            bytes: Bytes::from(value.to_string()),
            content_type: Some(reply::JSON),
        }),
        "text" => match value.as_str() {
            Some(text) => Ok(Payload::Whole {
                bytes: Bytes::copy_from_slice(text.as_bytes()),
                content_type: Some(reply::TEXT),
            }),
            None => fail(at, "expected a string"),
        },
        "raw_base64" => match value.as_str() {
            Some(text) => match base64::decode(text) {
                Ok(bytes) => Ok(Payload::Whole {
                    bytes: Bytes::from(bytes),
                    content_type: None,
                }),
                Err(problem) => fail(at, problem),
            },
            None => fail(at, "expected a base64 string"),
        },
        _ => parse_sse(value, &at),
    }
}

fn parse_sse(value: &Value, path: &str) -> Result<Payload, ScriptError> {
    let Value::Array(frames) = value else {
        return fail(path, "expected an array of frames");
    };
    let steps = frames
        .iter()
        .enumerate()
        .map(|(i, frame)| parse_frame(frame, &format!("{path}[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Payload::Sse(steps))
}

fn parse_frame(frame: &Value, path: &str) -> Result<Step, ScriptError> {
    let Value::Object(fields) = frame else {
        return fail(path, "expected an object with data or raw");
    };
    reject_unknown(fields, FRAME_FIELDS, path)?;
    let delay = delay(fields.get("delay_ms"), &format!("{path}.delay_ms"))?;
    let bytes = match (fields.get("data"), fields.get("raw")) {
        (Some(_), Some(_)) => {
            return fail(format!("{path}.raw"), "a frame has data or raw, not both")
        }
        (None, None) => return fail(path, "a frame needs data or raw"),
        (None, Some(raw)) => {
            if let Some(key) = ["event", "id"]
                .into_iter()
                .find(|k| fields.contains_key(*k))
            {
                return fail(
                    format!("{path}.{key}"),
                    "only a data frame takes event or id",
                );
            }
            match raw.as_str() {
                Some(raw) => Bytes::copy_from_slice(raw.as_bytes()),
                None => return fail(format!("{path}.raw"), "expected a string"),
            }
        }
        (Some(data), None) => {
            let event = line_field(fields, "event", path)?;
            let id = line_field(fields, "id", path)?;
            // A non-string data value is sent as compact JSON, the common case.
            match data {
                Value::String(text) => sse::frame(event, id, text),
                other => sse::frame(event, id, &other.to_string()),
            }
        }
    };
    Ok(Step { delay, bytes })
}

fn line_field<'a>(
    fields: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, ScriptError> {
    match fields.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if !sse::has_line_break(s) => Ok(Some(s)),
        Some(Value::String(_)) => fail(format!("{path}.{key}"), "must not contain a line break"),
        Some(_) => fail(format!("{path}.{key}"), "expected a string"),
    }
}

fn parse_drop(fields: &Map<String, Value>, path: &str) -> Result<Option<DropMode>, ScriptError> {
    let after = fields.get("drop_after_bytes");
    match fields.get("drop") {
        None => match after {
            None => Ok(None),
            Some(_) => fail(
                format!("{path}.drop_after_bytes"),
                "needs drop: \"after_bytes\"",
            ),
        },
        Some(Value::String(mode)) if mode == "before_head" => match after {
            None => Ok(Some(DropMode::BeforeHead)),
            Some(_) => fail(
                format!("{path}.drop_after_bytes"),
                "needs drop: \"after_bytes\"",
            ),
        },
        Some(Value::String(mode)) if mode == "after_bytes" => match after.and_then(Value::as_u64) {
            Some(n) => Ok(Some(DropMode::AfterBytes(
                usize::try_from(n).unwrap_or(usize::MAX),
            ))),
            None => fail(
                format!("{path}.drop_after_bytes"),
                "expected a non-negative integer (required with drop: \"after_bytes\")",
            ),
        },
        Some(_) => fail(
            format!("{path}.drop"),
            "expected \"before_head\" or \"after_bytes\"",
        ),
    }
}
