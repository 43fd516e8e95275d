//! A streamed result of any family: typed chunks for Rust callers, batches of wire
//! events for the bindings, and the accumulated final result for both. A family plugs
//! in its `Accumulate` (how chunks fold, and when a body may end without a sentinel).

use std::collections::VecDeque;

use futures_util::Stream;
use http::HeaderMap;
use serde_json::Value;

use serde::de::DeserializeOwned;

use crate::json::{decode, decode_text};
use crate::error::{Error, ErrorKind, Result};
pub use crate::stream::events::EventRole;
use crate::stream::events::{not_json, EventStream, StreamEnd, StreamEvent};
use crate::http::Call;

/// How a family folds its stream.
pub trait Accumulate: Default + Send {
    /// The typed chunk and the typed final result.
    type Chunk: DeserializeOwned;
    type Final: DeserializeOwned;
    /// Names used in error messages: the chunk's and the final result's wire names.
    const CHUNK: &'static str;
    const FINAL: &'static str;
    /// Folds one event, given as its JSON text; an error if it is not JSON (the
    /// stream then fails there).
    fn push(&mut self, data: &str) -> serde_json::Result<()>;
    fn result(&self) -> Value;
    /// The final result, or the error a stream that ended normally still carries (a
    /// Responses stream ending in `response.failed`). Most families have none.
    fn final_result(&self) -> Result<Value> {
        Ok(self.result())
    }
    /// Whether `[DONE]` may end the stream here (a family whose own terminal event
    /// must come first says no); the error message when not.
    fn check_sentinel_end(&self) -> std::result::Result<(), &'static str> {
        Ok(())
    }
    /// Whether a body that ends cleanly without a sentinel is complete; the error
    /// message when not.
    fn check_clean_end(&self) -> std::result::Result<(), &'static str>;
    /// The text an event carries for text streams (CONTRACT, Every stream), read from the
    /// event's JSON text; `None` when it carries none. Decided here, once per family.
    fn text_delta(_event_json: &str) -> Option<String> { None }
    /// What the stream does with an event before the caller sees it (a keep-alive the
    /// family drops, a preamble it holds back so an error right after it is still
    /// retried); every event is delivered by default.
    fn event_role(_event: &crate::stream::sse::SseEvent) -> EventRole { EventRole::Deliver }
}

/// Dropping it closes the connection.
pub struct AccumulatingStream<A: Accumulate> {
    events: EventStream,
    accumulator: A,
    state: State,
    queued: VecDeque<StreamEvent>,
    /// An event that was not JSON: the events before it went out in their batch, this
    /// fails the next read.
    unreadable: Option<Error>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Open,
    Complete,
    Failed(String),
    ClosedEarly,
}

impl<A: Accumulate> AccumulatingStream<A> {
    pub(crate) async fn open(call: Call) -> Result<Self> {
        Ok(AccumulatingStream {
            events: EventStream::open(call, A::event_role).await?,
            accumulator: A::default(),
            state: State::Open,
            queued: VecDeque::new(),
            unreadable: None,
        })
    }

    pub fn request_id(&self) -> Option<&str> {
        self.events.request_id()
    }
    pub fn headers(&self) -> &HeaderMap {
        self.events.headers()
    }
    /// How many times the request was sent so far.
    pub fn attempts(&self) -> u32 {
        self.events.attempts()
    }

    /// The next batch of chunks as wire events, `None` at the end. A `[DONE]` ends
    /// it; a clean end of the body without one is judged by the family; a cut is an
    /// `APIConnectionError`.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<StreamEvent>>> {
        if self.state != State::Open {
            return Ok(None);
        }
        if let Some(e) = self.unreadable.take() {
            return Err(self.fail(e));
        }
        match self.events.next_batch().await {
            Ok(Some(mut batch)) => {
                for (i, event) in batch.iter().enumerate() {
                    if let Err(e) = self.accumulator.push(&event.data) {
                        self.unreadable = Some(not_json(e, &event.data, self.events.request_id().map(str::to_string)));
                        // Nothing after it is read: the connection closes now.
                        self.events.close();
                        batch.truncate(i);
                        break;
                    }
                }
                if batch.is_empty() {
                    // The first event was the unreadable one.
                    return Box::pin(self.next_batch()).await;
                }
                Ok(Some(batch))
            }
            Ok(None) if self.state == State::Open => self.finish(),
            Ok(None) => Ok(None),
            Err(e) => {
                self.state = State::Failed(e.to_string());
                self.events.close();
                Err(e)
            }
        }
    }

    fn finish(&mut self) -> Result<Option<Vec<StreamEvent>>> {
        match self.events.end() {
            Some(StreamEnd::Sentinel) => {
                if let Err(why) = self.accumulator.check_sentinel_end() {
                    return Err(self.fail(Error::connection(why)));
                }
            }
            Some(StreamEnd::CleanEnd) => {
                if let Err(why) = self.accumulator.check_clean_end() {
                    return Err(self.fail(Error::connection(why)));
                }
            }
            None => return Err(self.fail(Error::connection("the stream ended early"))),
        }
        self.state = State::Complete;
        // Ended: the connection goes now, not when the last handle on the stream does
        // (a binding's object may live on in a traceback or a list).
        self.events.close();
        Ok(None)
    }

    fn fail(&mut self, e: Error) -> Error {
        let e = e
                    .with_request_id(self.events.request_id().map(str::to_string))
            .with_attempts(self.events.attempts());
        self.state = State::Failed(e.to_string());
        self.events.close();
        e
    }

    /// The next typed chunk.
    pub async fn next(&mut self) -> Option<Result<A::Chunk>> {
        loop {
            if let Some(event) = self.queued.pop_front() {
                return Some(decode_text(&event.data, A::CHUNK));
            }
            match self.next_batch().await {
                Ok(Some(batch)) => self.queued.extend(batch),
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Reads the rest of the stream and returns the accumulated result as wire JSON,
    /// the same a non-streamed call returns. Fails if the stream did not end normally.
    pub async fn final_raw(&mut self) -> Result<Value> {
        self.queued.clear();
        while self.next_batch().await?.is_some() {}
        match &self.state {
            State::Complete => self
                .accumulator
                .final_result()
                .map_err(|e| e.with_request_id(self.events.request_id().map(str::to_string)).with_attempts(self.events.attempts())),
            State::ClosedEarly => Err(Error::new(ErrorKind::Stream, "the stream was closed before it ended")),
            State::Failed(why) => Err(Error::new(ErrorKind::Stream, format!("the stream did not end normally: {why}"))),
            State::Open => Err(Error::internal("stream still open after draining")),
        }
    }

    /// `final_raw`, decoded into the family's typed result.
    pub async fn final_typed(&mut self) -> Result<A::Final> {
        decode(self.final_raw().await?, A::FINAL)
    }

    /// Closes the connection now; the stream then ends.
    pub fn close(&mut self) {
        self.events.close();
        if self.state == State::Open {
            self.state = State::ClosedEarly;
        }
    }

    /// The text as it arrives (CONTRACT, Every stream): the family's `text_delta` of
    /// each event, events without text skipped. It borrows the stream, so the final
    /// result stays available once it ended (and reading it consumes the events).
    /// Boxed, so that `next()` works on it without pinning it first.
    pub fn text(&mut self) -> futures_util::stream::BoxStream<'_, Result<String>> {
        use futures_util::StreamExt;
        futures_util::stream::unfold(self, |s| async move {
            loop {
                if let Some(event) = s.queued.pop_front() {
                    match A::text_delta(&event.data) {
                        Some(text) => return Some((Ok(text), s)),
                        None => continue,
                    }
                }
                match s.next_batch().await {
                    Ok(Some(batch)) => s.queued.extend(batch),
                    Ok(None) => return None,
                    Err(e) => return Some((Err(e), s)),
                }
            }
        })
        .boxed()
    }

    /// The typed chunks as a `futures::Stream`.
    pub fn into_stream(self) -> impl Stream<Item = Result<A::Chunk>> + Send
    where
        A::Chunk: Send,
    {
        futures_util::stream::unfold(self, |mut s| async move { s.next().await.map(|item| (item, s)) })
    }
}
