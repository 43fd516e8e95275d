//! Reads a stream ahead of a binding's consumer, event by event, in a task of its own.
//!
//! A pump task reads the `AccumulatingStream` (SSE decoding and the family's folding
//! included) into a bounded batch as events arrive; the consumer takes everything
//! buffered at once. So the tokio side does its per-event work while the consumer is
//! busy with the previous batch, and a consumer that finds events waiting takes them
//! without waiting: Python takes a ready batch with no asyncio future and no wake-up
//! of its event loop, and both Python and Node cross their boundary once per batch,
//! however small the network reads were. Backpressure: the pump waits once the batch
//! holds `MAX_BUFFERED_BYTES`, and the socket's own buffer then slows the sender.
//!
//! What the consumer sees does not depend on how far ahead the pump got: `close()`
//! before the consumer was handed the end refuses the final result, as it would have
//! had nothing been read ahead.

use std::sync::{Arc, Mutex, MutexGuard};

use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use http::HeaderMap;
use serde_json::Value;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::stream::{Accumulate, AccumulatingStream};
use crate::error::{Error, ErrorKind, Result};
use crate::stream::StreamEvent;

/// How much event data the pump buffers before it waits for the consumer.
const MAX_BUFFERED_BYTES: usize = 1 << 20;

/// The events buffered for the consumer, in order.
#[derive(Debug, Default)]
pub struct Events {
    pub events: Vec<StreamEvent>,
    /// The bytes of their data, for backpressure.
    bytes: usize,
}

impl Events {
    fn push(&mut self, event: StreamEvent) {
        self.bytes += event.data.len();
        self.events.push(event);
    }
}

/// What the response head said. Core may send the request again when an error frame
/// arrives before any event, so the pump refreshes it at the first batch and at the
/// end.
#[derive(Debug, Clone)]
pub struct Head {
    pub request_id: Option<String>,
    pub headers: HeaderMap,
}

impl Head {
    fn of<A: Accumulate>(stream: &AccumulatingStream<A>) -> Head {
        Head { request_id: stream.request_id().map(str::to_string), headers: stream.headers().clone() }
    }
}

/// The consumer's side of a read-ahead stream. Cloning shares it; once every clone
/// is gone, the pump stops and the connection closes.
#[derive(Clone)]
pub struct ReadAhead {
    shared: Arc<Shared>,
    consumer: Arc<Consumer>,
    /// The family's `Accumulate::text_delta`, for text streams.
    text_delta: fn(&str) -> Option<String>,
}

/// What only the consumer's handles hold (the pump holds `Shared` alone).
struct Consumer {
    /// The pump's task, then the stream it gave back (for the final result).
    pump: tokio::sync::Mutex<Pump>,
    closed: CancellationToken,
}

impl Drop for Consumer {
    fn drop(&mut self) {
        self.closed.cancel();
    }
}

struct Shared {
    buffer: Mutex<Buffer>,
    head: Mutex<Head>,
    /// The pump pushed events or ended.
    ready: Notify,
    /// The consumer took the batch (or stopped wanting it).
    room: Notify,
    /// `close()` was called.
    closed: CancellationToken,
}

#[derive(Default)]
struct Buffer {
    batch: Events,
    /// How the stream ended, once it has: `Ok` for a normal end.
    end: Option<Result<()>>,
    /// The end was handed out (by a read or the final result): later reads answer
    /// `None`.
    end_delivered: bool,
    /// `close()` came before the end was handed out: the final result is refused.
    closed_early: bool,
    /// The final result drains the stream: events are no longer kept.
    discard: bool,
}

enum Pump {
    Running(JoinHandle<Box<dyn Drained>>),
    Stopped(Box<dyn Drained>),
    Failed(String),
}

/// A stream after its pump stopped, whatever its family.
trait Drained: Send {
    /// Reads what is left and gives the accumulated result; fails if the stream did
    /// not end normally. The same answer every time.
    fn final_raw(&mut self) -> BoxFuture<'_, Result<Value>>;
}

impl<A: Accumulate + 'static> Drained for AccumulatingStream<A> {
    fn final_raw(&mut self) -> BoxFuture<'_, Result<Value>> {
        Box::pin(AccumulatingStream::final_raw(self))
    }
}

/// Starts reading `stream` ahead, on the current tokio runtime.
pub fn start<A: Accumulate + 'static>(stream: AccumulatingStream<A>) -> ReadAhead {
    let shared = Arc::new(Shared {
        buffer: Mutex::new(Buffer::default()),
        head: Mutex::new(Head::of(&stream)),
        ready: Notify::new(),
        room: Notify::new(),
        closed: CancellationToken::new(),
    });
    let pumped = pump(stream, shared.clone());
    let handle = tokio::spawn(async move { Box::new(pumped.await) as Box<dyn Drained> });
    let consumer = Consumer { pump: tokio::sync::Mutex::new(Pump::Running(handle)), closed: shared.closed.clone() };
    ReadAhead { shared, consumer: Arc::new(consumer), text_delta: A::text_delta }
}

impl ReadAhead {
    /// What a read answers now, without waiting: everything buffered, `Ok(None)` at
    /// the end or after `close()`, or the error that ended the stream (after the
    /// events that came before it; an abort at once). `None` when a read must wait.
    pub fn try_take(&self) -> Option<Result<Option<Events>>> {
        let mut buffer = self.shared.lock();
        if self.shared.closed.is_cancelled() || buffer.end_delivered {
            return Some(Ok(None));
        }
        // An abort is the caller's wish to stop: it does not wait behind buffered events.
        let aborted = matches!(&buffer.end, Some(Err(e)) if e.kind() == ErrorKind::Cancelled);
        if !buffer.batch.events.is_empty() && !aborted {
            let batch = std::mem::take(&mut buffer.batch);
            drop(buffer);
            self.shared.room.notify_one();
            return Some(Ok(Some(batch)));
        }
        let end = buffer.end.take()?;
        buffer.end_delivered = true;
        buffer.batch = Events::default();
        Some(end.map(|()| None))
    }

    /// The text a batch carries (CONTRACT, Every stream), one piece per event that has
    /// any, as the family's core decides: the bindings' text streams read this.
    pub fn texts(&self, events: &Events) -> Vec<String> {
        events.events.iter().filter_map(|event| (self.text_delta)(&event.data)).collect()
    }

    /// `try_take`, waiting for the pump when nothing is ready.
    pub async fn next_batch(&self) -> Result<Option<Events>> {
        loop {
            let ready = self.shared.ready.notified();
            if let Some(answer) = self.try_take() {
                return answer;
            }
            tokio::select! {
                biased;
                _ = self.shared.closed.cancelled() => return Ok(None),
                _ = ready => {}
            }
        }
    }

    /// For the final result, which drains the rest: events are no longer kept, nor
    /// wait for the consumer.
    fn stop_delivering(&self) {
        {
            let mut buffer = self.shared.lock();
            buffer.discard = true;
            buffer.batch = Events::default();
        }
        self.shared.room.notify_one();
    }

    /// Waits until the pump has stopped: the stream ended, failed, or was closed. What
    /// it read stays buffered.
    pub async fn finished(&self) {
        let mut pump = self.consumer.pump.lock().await;
        if let Pump::Running(handle) = &mut *pump {
            *pump = match handle.await {
                Ok(stream) => Pump::Stopped(stream),
                Err(e) => Pump::Failed(format!("the stream reader failed: {e}")),
            };
        }
    }

    /// Reads the rest (no longer keeping events, from now on) and returns the
    /// accumulated result, the same a non-streamed call returns; fails if the stream
    /// did not end normally (closed early, cut, error frame). The same answer every
    /// time. Dropped before it finished (Ctrl-C, a cancelled task), it closes the
    /// stream rather than leave the pump draining it.
    pub fn final_raw(&self) -> impl std::future::Future<Output = Result<Value>> + Send + 'static {
        self.stop_delivering();
        let this = self.clone();
        async move {
            if this.shared.lock().closed_early {
                return Err(closed_early());
            }
            let unfinished = CloseUnlessDone(Some(this.clone()));
            this.finished().await;
            let result = match &mut *this.consumer.pump.lock().await {
                Pump::Stopped(stream) => stream.final_raw().await,
                Pump::Failed(why) => Err(Error::internal(why.clone())),
                Pump::Running(_) => Err(Error::internal("the stream reader is still running")),
            };
            unfinished.done();
            this.shared.lock().end_delivered = true;
            result
        }
    }

    /// Stops the pump, which closes the connection; reads then answer `Ok(None)`, and
    /// the final result is refused unless the end was handed out already.
    /// Idempotent, and safe from any thread while a read waits.
    pub fn close(&self) {
        {
            let mut buffer = self.shared.lock();
            if !buffer.end_delivered {
                buffer.closed_early = true;
            }
        }
        self.shared.closed.cancel();
    }

    pub fn is_closed(&self) -> bool {
        self.shared.closed.is_cancelled()
    }

    pub fn head(&self) -> MutexGuard<'_, Head> {
        lock(&self.shared.head)
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Buffer> {
        lock(&self.buffer)
    }
}

fn closed_early() -> Error {
    Error::new(ErrorKind::Stream, "the stream was closed before it ended")
}

/// Closes the stream when dropped, unless `done()` was called first.
struct CloseUnlessDone(Option<ReadAhead>);

impl CloseUnlessDone {
    fn done(mut self) {
        self.0 = None;
    }
}

impl Drop for CloseUnlessDone {
    fn drop(&mut self) {
        if let Some(read_ahead) = self.0.take() {
            read_ahead.close();
        }
    }
}

/// A panic while one of these locks was held leaves its value consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Reads the stream into the buffer until it ends, fails or is closed, then records
/// how it ended and gives the stream back.
async fn pump<A: Accumulate + 'static>(mut stream: AccumulatingStream<A>, shared: Arc<Shared>) -> AccumulatingStream<A> {
    let end = match std::panic::AssertUnwindSafe(read_all(&mut stream, &shared)).catch_unwind().await {
        Ok(end) => end,
        Err(_) => {
            // Nothing reads it any more (and the final result must not wait on it).
            stream.close();
            Err(Error::internal("panic while reading the stream"))
        }
    };
    // The answer that ended it may come from a retry that delivered nothing.
    *lock(&shared.head) = Head::of(&stream);
    shared.lock().end = Some(end);
    // Every waiting read must see the end, not just one of them.
    shared.ready.notify_waiters();
    shared.ready.notify_one();
    stream
}

async fn read_all<A: Accumulate>(stream: &mut AccumulatingStream<A>, shared: &Shared) -> Result<()> {
    let mut first = true;
    loop {
        // Wait for room: the consumer reads slower than the network delivers.
        loop {
            let room = shared.room.notified();
            {
                let buffer = shared.lock();
                if buffer.discard || buffer.batch.bytes < MAX_BUFFERED_BYTES {
                    break;
                }
            }
            tokio::select! {
                biased;
                _ = shared.closed.cancelled() => {
                    stream.close();
                    return Ok(());
                }
                _ = room => {}
            }
        }
        let batch = tokio::select! {
            biased;
            _ = shared.closed.cancelled() => {
                stream.close();
                return Ok(());
            }
            batch = stream.next_batch() => batch?,
        };
        let Some(events) = batch else { return Ok(()) };
        if first {
            first = false;
            *lock(&shared.head) = Head::of(stream);
        }
        {
            let mut buffer = shared.lock();
            if !buffer.discard {
                for event in events {
                    buffer.batch.push(event);
                }
            }
        }
        shared.ready.notify_one();
    }
}
