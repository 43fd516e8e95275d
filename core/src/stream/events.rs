//! A stream of JSON events over SSE, shared by every streaming family.
//!
//! It owns the response body and the `Call` that produced it, and handles what all
//! families have in common: the idle timeout (reset only by events that carry data),
//! cancellation, error frames (`event: error` or a `{"error": ...}` payload) turned
//! into `StreamError`, a transparent retry when such a frame arrives before anything
//! reached the caller, and the `[DONE]` sentinel. What counts as a complete stream is
//! the family's decision, made from `StreamEnd`.
//!
//! Events are handed out in batches: everything one network read (plus any reads that
//! are already complete) produced. The bindings cross their language boundary once per
//! batch, not once per event (DESIGN.md, Performance architecture).

use std::time::Duration;

use http::HeaderMap;
use serde_json::Value;
use tokio::time::Instant;

use crate::json::lone_surrogates::from_str_lossy;
use crate::http::body_reader::{BodyPiece, BodyReader};
use crate::error::{Error, ErrorKind, Result};
use crate::error_body;
use crate::stream::sse::{SseDecoder, SseEvent};
use crate::http::{seconds, Call};

/// One event of a stream: its SSE type and its data as sent.
#[derive(Debug, Clone)]
pub struct StreamEvent {
    pub event: Option<String>,
    /// The event's JSON text, as sent (checked to be JSON before it is handed out).
    pub data: String,
}

impl StreamEvent {
    /// The data as a JSON value, built on each call: the bindings hand the text on and
    /// the accumulators read it a level at a time, so no value is built per event
    /// unless a caller asks for one here.
    pub fn json(&self) -> Result<Value> {
        from_str_lossy(&self.data).map_err(|e| Error::internal(format!("a checked stream event did not parse: {e}")))
    }
}

/// How the body ended, for the family to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamEnd {
    /// `data: [DONE]` arrived.
    Sentinel,
    /// The body ended cleanly without a sentinel.
    CleanEnd,
}

/// What a family does with an event before the caller sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventRole {
    Deliver,
    /// A keep-alive that carries data (Anthropic's `ping`): never yielded.
    Drop,
    /// A preamble (Anthropic's `message_start`): held until a later event is delivered
    /// with it, so an error frame right after it still counts as "nothing reached the
    /// caller" and is retried (CONTRACT.md, Messages).
    Hold,
}

/// Don't let one batch grow without bound when the network is faster than the caller
/// (a read is often a single small event, so the bound is generous).
const MAX_READS_PER_BATCH: usize = 256;

pub(crate) struct EventStream {
    /// The call, for a retry before any event reached the caller; `None` once the
    /// stream was closed, so that an ended stream holds no client (and no pool of
    /// idle connections) whoever still holds the stream.
    call: Option<Call>,
    /// Its attempts and idle timeout, kept when the call is let go.
    attempts: u32,
    idle_timeout: Duration,
    /// The body, read ahead in its own task; `None` once it ended or was closed.
    body: Option<BodyReader>,
    decoder: SseDecoder,
    decoded: Vec<SseEvent>,
    idle_deadline: Instant,
    delivered_any: bool,
    ended: Option<StreamEnd>,
    pending_error: Option<Error>,
    request_id: Option<String>,
    headers: HeaderMap,
    role: fn(&SseEvent) -> EventRole,
    /// Preamble events held back while nothing has been delivered yet.
    held: Vec<StreamEvent>,
}

impl EventStream {
    /// Sends the call (with retries) and waits for the response head.
    pub(crate) async fn open(mut call: Call, role: fn(&SseEvent) -> EventRole) -> Result<EventStream> {
        let response = call.open().await?;
        let headers = response.headers().clone();
        Ok(EventStream {
            idle_deadline: Instant::now() + call.idle_timeout,
            request_id: error_body::request_id_from_headers(&headers),
            headers,
            attempts: call.attempts(),
            idle_timeout: call.idle_timeout,
            call: Some(call),
            body: Some(BodyReader::spawn(response)),
            decoder: SseDecoder::new(),
            decoded: Vec::new(),
            delivered_any: false,
            ended: None,
            pending_error: None,
            role,
            held: Vec::new(),
        })
    }

    pub(crate) fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    pub(crate) fn attempts(&self) -> u32 {
        self.call.as_ref().map_or(self.attempts, Call::attempts)
    }

    /// Drops the connection and the call (the stream ended, failed or was closed);
    /// later reads end the stream.
    pub(crate) fn close(&mut self) {
        self.body = None;
        if let Some(call) = self.call.take() {
            self.attempts = call.attempts();
        }
    }

    /// The next batch of events, or `Ok(None)` with the way the stream ended.
    /// After an error or the end, it keeps answering `Ok(None)`.
    pub(crate) async fn next_batch(&mut self) -> Result<Option<Vec<StreamEvent>>, Error> {
        loop {
            if let Some(e) = self.pending_error.take() {
                self.body = None;
                return Err(e);
            }
            if self.ended.is_some() || self.body.is_none() {
                return Ok(None);
            }
            let mut batch = Vec::new();
            if let Err(e) = self.read_events(&mut batch).await {
                self.body = None;
                self.pending_error = Some(e);
            }
            if let Some(retry_error) = self.take_retryable_error(&batch) {
                self.held.clear();
                self.reopen(retry_error).await?;
                continue;
            }
            if !self.held.is_empty() && (!batch.is_empty() || self.ended.is_some() || self.pending_error.is_some() || self.body.is_none()) {
                // Held preamble goes out first, with what followed it (or alone, before
                // an end or an error that is not retried).
                let mut held = std::mem::take(&mut self.held);
                held.append(&mut batch);
                batch = held;
            }
            if !batch.is_empty() {
                self.delivered_any = true;
                return Ok(Some(batch));
            }
        }
    }

    /// Waits for at least one event, the end, or an error, then takes whatever further
    /// reads are already waiting.
    async fn read_events(&mut self, batch: &mut Vec<StreamEvent>) -> Result<()> {
        let mut reads = 0;
        while self.ended.is_none() && (batch.is_empty() || reads < MAX_READS_PER_BATCH) {
            let Some(body) = self.body.as_mut() else { break };
            let piece = if batch.is_empty() {
                let deadline = self.idle_deadline;
                let read = async {
                    // Data already waiting wins over an expired timer: a caller that
                    // paused longer than the idle timeout has not seen the server idle.
                    tokio::select! {
                        biased;
                        piece = body.next() => Some(piece),
                        _ = tokio::time::sleep_until(deadline) => None,
                    }
                };
                let Some(call) = self.call.as_ref() else { break };
                match call.cancellable(read).await? {
                    Some(piece) => piece,
                    None => {
                        return Err(Error::timeout(format!(
                            "no stream data for {} (stream_idle_timeout)",
                            seconds(self.idle_timeout)
                        )))
                    }
                }
            } else {
                if reads == 1 {
                    // One scheduler pass before draining: the read-ahead task gets to
                    // queue what the socket already holds, so a fast stream crosses into
                    // a binding in fewer, larger batches (each crossing has a fixed
                    // cost; Python streams went ~10 % faster). A trickling stream loses
                    // only that pass.
                    tokio::task::yield_now().await;
                }
                match body.try_next() {
                    Some(piece) => Some(piece),
                    None => break,
                }
            };
            reads += 1;
            match piece {
                Some(BodyPiece::Bytes(bytes)) => self.decoder.feed(&bytes, &mut self.decoded),
                Some(BodyPiece::End) => {
                    self.decoder.finish(&mut self.decoded);
                    self.body = None;
                    self.ended = Some(StreamEnd::CleanEnd);
                }
                Some(BodyPiece::Failed(e)) => {
                    // A cut: a pending event without its blank line is dropped.
                    self.collect(batch)?;
                    return Err(Error::connection(format!("the stream was cut before it ended: {}", e.message()))
                        .with_request_id(self.request_id.clone())
                        .with_attempts(self.attempts()));
                }
                None => return Err(Error::internal("the stream's body reader stopped")),
            }
            self.collect(batch)?;
        }
        Ok(())
    }

    /// Moves decoded SSE events into the batch, stopping at `[DONE]` or an error frame.
    fn collect(&mut self, batch: &mut Vec<StreamEvent>) -> Result<()> {
        let mut events = std::mem::take(&mut self.decoded).into_iter();
        let mut carried_data = false;
        for event in events.by_ref() {
            if event.data.is_empty() {
                continue; // an empty keep-alive: no data, no reset of the idle timer
            }
            carried_data = true;
            if event.data == "[DONE]" {
                self.ended = Some(StreamEnd::Sentinel);
                self.body = None;
                break;
            }
            // Only an event that says "error" somewhere can be an error frame, so only
            // that one is built as a value to look closer. Every other event is checked
            // to be JSON by the family that folds it (`AccumulatingStream`), in the
            // same pass that reads it.
            if event.event.as_deref() == Some("error") || event.data.contains("\"error\"") {
                let json: Value = from_str_lossy(&event.data)
                    .map_err(|e| not_json(e, &event.data, self.request_id.clone()))?;
                if event.event.as_deref() == Some("error") || is_error_frame(&json) {
                    return Err(error_body::from_stream_frame(&json, self.request_id.clone())
                        .with_headers(self.headers.clone())
                        .with_attempts(self.attempts()));
                }
            }
            match (self.role)(&event) {
                EventRole::Deliver => {}
                EventRole::Drop => continue,
                EventRole::Hold if !self.delivered_any && batch.is_empty() => {
                    self.held.push(StreamEvent { event: event.event, data: event.data });
                    continue;
                }
                EventRole::Hold => {}
            }
            batch.push(StreamEvent { event: event.event, data: event.data });
        }
        drop(events);
        if carried_data {
            // Once per read, not per event: the events of one read arrived together.
            self.idle_deadline = Instant::now() + self.idle_timeout;
        }
        Ok(())
    }

    /// An error frame (or cut) that came before any event reached the caller may be
    /// retried like the status it names (CONTRACT.md, Retries).
    fn take_retryable_error(&mut self, batch: &[StreamEvent]) -> Option<Error> {
        if self.delivered_any || !batch.is_empty() {
            return None;
        }
        let error = self.pending_error.take()?;
        if error.kind() == ErrorKind::Stream && error.is_retryable() {
            return Some(error);
        }
        self.pending_error = Some(error);
        None
    }

    async fn reopen(&mut self, error: Error) -> Result<()> {
        let Some(call) = self.call.as_mut() else { return Err(error) };
        call.before_retry(error).await?;
        let response = call.open().await?;
        self.headers = response.headers().clone();
        self.request_id = error_body::request_id_from_headers(&self.headers);
        self.body = Some(BodyReader::spawn(response));
        self.decoder = SseDecoder::new();
        self.decoded.clear();
        self.idle_deadline = Instant::now() + self.idle_timeout;
        Ok(())
    }

    pub(crate) fn end(&self) -> Option<StreamEnd> {
        self.ended
    }
}

/// `{"error": {...}}` (OpenAI style) or `{"type": "error", ...}` (Anthropic style).
/// A stream event that is not JSON.
pub(crate) fn not_json(e: serde_json::Error, data: &str, request_id: Option<String>) -> Error {
    Error::new(ErrorKind::Stream, format!("a stream event is not valid JSON ({e})"))
        .with_body(Some(Value::String(data.to_string())))
        .with_request_id(request_id)
}

fn is_error_frame(json: &Value) -> bool {
    match json {
        Value::Object(map) => {
            matches!(map.get("error"), Some(Value::Object(_)) | Some(Value::String(_)))
                || map.get("type").and_then(Value::as_str) == Some("error")
        }
        _ => false,
    }
}
