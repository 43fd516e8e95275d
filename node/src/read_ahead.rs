//! The read-ahead buffer between a core stream (of any family) and JS.
//!
//! A pump task reads the core stream ahead of JS into a bounded buffer, kept as one
//! growing JSON array text joined from the events' raw `data`; each JS read takes all
//! of it at once. Core hands out what one network read produced, which on a fast
//! connection is often a single event: without reading ahead, a fast stream would
//! cross into JS once per event, and the network would sit idle while JS works.

use std::sync::{Arc, Mutex, MutexGuard};

use futures_util::FutureExt;
use tokenhot::{AccumulatingStream, CancellationToken, ErrorKind};
use tokio::sync::Notify;

use crate::errors::{headers_object, to_napi};
use crate::family::{Drained, Family};

/// How much wire text the pump buffers before it waits for JS (backpressure).
const MAX_BUFFERED_BYTES: usize = 1 << 20;

pub(crate) struct Shared {
    buffer: Mutex<Buffer>,
    /// What the answer's head said. Core may send the request again when an error
    /// frame arrives before any event, so the pump refreshes it at the first batch.
    head: Mutex<Head>,
    /// The pump pushed events or ended.
    ready: Notify,
    /// JS took the buffer (or stopped wanting it).
    room: Notify,
    /// `close()` or the JS object went away.
    closed: CancellationToken,
}

pub(crate) struct Head {
    pub(crate) request_id: Option<String>,
    pub(crate) headers_json: String,
}

impl Head {
    fn of<A: Family>(stream: &AccumulatingStream<A>) -> Head {
        Head {
            request_id: stream.request_id().map(str::to_string),
            headers_json: headers_object(stream.headers()).to_string(),
        }
    }
}

#[derive(Default)]
struct Buffer {
    /// `[data,data,...` without its closing bracket (a family with helpers puts each
    /// event's helpers after its data); empty when nothing is buffered.
    text: String,
    /// How the stream ended, once it has: `Ok` for a normal end.
    end: Option<Result<(), tokenhot::Error>>,
    /// The end was handed to JS: later reads answer `null`.
    end_delivered: bool,
    /// `finalCompletion()` / `finalResponse()` drains the stream: events no longer go to JS.
    discard: bool,
}

impl Shared {
    pub(crate) fn head(&self) -> MutexGuard<'_, Head> {
        self.head
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
    /// Everything buffered as JSON array text; waits if nothing is. `None` at the end
    /// or after `close()`; the error that ended the stream comes after the events
    /// that came before it (an abort: at once).
    pub(crate) async fn next_batch(&self) -> napi::Result<Option<String>> {
        loop {
            let ready = self.ready.notified();
            if let Some(answer) = take_batch(self) {
                return answer;
            }
            tokio::select! {
                biased;
                _ = self.closed.cancelled() => return Ok(None),
                _ = ready => {}
            }
        }
    }

    /// The final result drains the rest: events no longer go to JS, nor wait for it.
    pub(crate) fn stop_delivering(&self) {
        {
            let mut buffer = self.lock();
            buffer.discard = true;
            buffer.text.clear();
        }
        self.room.notify_one();
    }

    /// Stops the pump, which closes the connection. Idempotent.
    pub(crate) fn close(&self) {
        self.closed.cancel();
    }

    fn lock(&self) -> MutexGuard<'_, Buffer> {
        // A panic while holding the lock leaves a buffer that is still consistent.
        self.buffer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A new buffer for `stream`, and the pump that fills it (spawned on the current
/// tokio runtime); the pump gives the stream back when it stops.
pub(crate) fn start<A: Family>(
    stream: AccumulatingStream<A>,
) -> (Arc<Shared>, tokio::task::JoinHandle<Box<dyn Drained>>) {
    let shared = Arc::new(Shared {
        buffer: Mutex::new(Buffer::default()),
        head: Mutex::new(Head::of(&stream)),
        ready: Notify::new(),
        room: Notify::new(),
        closed: CancellationToken::new(),
    });
    let pumped = pump(stream, shared.clone());
    let handle = tokio::spawn(async move { Box::new(pumped.await) as Box<dyn Drained> });
    (shared, handle)
}

/// Reads the core stream into the buffer until it ends, fails or is closed; returns
/// the stream (whose accumulator the final result comes from).
async fn pump<A: Family>(
    mut stream: AccumulatingStream<A>,
    shared: Arc<Shared>,
) -> AccumulatingStream<A> {
    let end = std::panic::AssertUnwindSafe(read_all(&mut stream, &shared))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| Err(tokenhot::Error::internal("panic while reading the stream")));
    shared.lock().end = Some(end);
    // Every waiting read must see the end, not just one of them.
    shared.ready.notify_waiters();
    shared.ready.notify_one();
    stream
}

async fn read_all<A: Family>(
    stream: &mut AccumulatingStream<A>,
    shared: &Shared,
) -> Result<(), tokenhot::Error> {
    let mut first = true;
    loop {
        // Wait for room: JS reads slower than the network delivers.
        loop {
            let room = shared.room.notified();
            {
                let buffer = shared.lock();
                if buffer.discard || buffer.text.len() < MAX_BUFFERED_BYTES {
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
            *shared.head() = Head::of(stream);
        }
        {
            let mut buffer = shared.lock();
            if !buffer.discard {
                for event in &events {
                    let separator = if buffer.text.is_empty() { '[' } else { ',' };
                    buffer.text.push(separator);
                    buffer.text.push_str(&event.data);
                    A::push_helpers(&event.data, &mut buffer.text);
                }
            }
        }
        shared.ready.notify_one();
    }
}

/// What a read answers now, or `None` to wait for the pump.
fn take_batch(shared: &Shared) -> Option<napi::Result<Option<String>>> {
    let mut buffer = shared.lock();
    if shared.closed.is_cancelled() || buffer.end_delivered {
        return Some(Ok(None));
    }
    // An abort is the caller's wish to stop: it does not wait behind buffered events.
    let aborted = matches!(&buffer.end, Some(Err(e)) if e.kind() == ErrorKind::Cancelled);
    if !buffer.text.is_empty() && !aborted {
        let mut text = std::mem::take(&mut buffer.text);
        text.push(']');
        drop(buffer);
        shared.room.notify_one();
        return Some(Ok(Some(text)));
    }
    let end = buffer.end.take()?;
    buffer.end_delivered = true;
    buffer.text.clear();
    Some(match end {
        Ok(()) => Ok(None),
        Err(error) => Err(to_napi(error)),
    })
}
