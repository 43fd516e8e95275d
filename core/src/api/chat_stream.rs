//! A streamed chat completion: typed chunks for Rust callers, batches of wire events
//! for the bindings, and the accumulated completion for both.

use std::collections::VecDeque;

use futures_util::Stream;
use http::HeaderMap;
use serde_json::Value;

use super::chat::{decode, ChatCompletion, ChatCompletionChunk};
use super::chat_accumulate::ChatAccumulator;
use crate::error::{Error, ErrorKind, Result};
use crate::stream::{EventStream, StreamEnd, StreamEvent};
use crate::transport::Call;

/// Dropping it closes the connection.
pub struct ChatStream {
    events: EventStream,
    accumulator: ChatAccumulator,
    state: State,
    queued: VecDeque<StreamEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Open,
    Complete,
    Failed(String),
    ClosedEarly,
}

impl ChatStream {
    pub(crate) async fn open(call: Call) -> Result<ChatStream> {
        Ok(ChatStream {
            events: EventStream::open(call).await?,
            accumulator: ChatAccumulator::new(),
            state: State::Open,
            queued: VecDeque::new(),
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

    /// The next batch of chunks as wire events, `None` at the end. The chat end rules
    /// apply: `[DONE]` ends it; a clean end of the body without `[DONE]` is accepted
    /// only after a finish reason, else it is an `APIConnectionError`.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<StreamEvent>>> {
        if self.state != State::Open {
            return Ok(None);
        }
        match self.events.next_batch().await {
            Ok(Some(batch)) => {
                for event in &batch {
                    self.accumulator.push(&event.json);
                }
                Ok(Some(batch))
            }
            Ok(None) if self.state == State::Open => self.finish(),
            Ok(None) => Ok(None),
            Err(e) => {
                self.state = State::Failed(e.to_string());
                Err(e)
            }
        }
    }

    fn finish(&mut self) -> Result<Option<Vec<StreamEvent>>> {
        match self.events.end() {
            Some(StreamEnd::Sentinel) => {}
            Some(StreamEnd::CleanEnd) if self.accumulator.saw_finish_reason() => {}
            _ => {
                let e = Error::connection("the stream ended before [DONE] and before any finish reason")
                    .with_request_id(self.events.request_id().map(str::to_string))
                    .with_attempts(self.events.attempts());
                self.state = State::Failed(e.to_string());
                return Err(e);
            }
        }
        self.state = State::Complete;
        Ok(None)
    }

    /// The next typed chunk.
    pub async fn next(&mut self) -> Option<Result<ChatCompletionChunk>> {
        loop {
            if let Some(event) = self.queued.pop_front() {
                return Some(decode(event.json, "chat.completion.chunk"));
            }
            match self.next_batch().await {
                Ok(Some(batch)) => self.queued.extend(batch),
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Reads the rest of the stream and returns the accumulated completion as wire
    /// JSON. Fails if the stream did not end normally.
    pub async fn final_completion_raw(&mut self) -> Result<Value> {
        self.queued.clear();
        while self.next_batch().await?.is_some() {}
        match &self.state {
            State::Complete => Ok(self.accumulator.completion()),
            State::ClosedEarly => Err(Error::new(ErrorKind::Stream, "the stream was closed before it ended")),
            State::Failed(why) => Err(Error::new(ErrorKind::Stream, format!("the stream did not end normally: {why}"))),
            State::Open => Err(Error::internal("stream still open after draining")),
        }
    }

    /// Reads the rest of the stream and returns the completion a non-streamed call
    /// would have returned.
    pub async fn final_completion(&mut self) -> Result<ChatCompletion> {
        decode(self.final_completion_raw().await?, "chat.completion")
    }

    /// Closes the connection now; the stream then ends.
    pub fn close(&mut self) {
        self.events.close();
        if self.state == State::Open {
            self.state = State::ClosedEarly;
        }
    }

    /// The typed chunks as a `futures::Stream`.
    pub fn into_stream(self) -> impl Stream<Item = Result<ChatCompletionChunk>> + Send {
        futures_util::stream::unfold(self, |mut s| async move { s.next().await.map(|item| (item, s)) })
    }
}
