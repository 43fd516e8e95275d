//! Plain calls run on driver tasks and settle in batches (DESIGN.md, Performance
//! architecture).
//!
//! napi's own promise per call costs a threadsafe function, an env cleanup hook, two
//! tokio tasks and one wake-up of the JS thread each. Instead, each JS environment
//! (main thread, worker) has one `NativeSettler`:
//! - a call becomes a job for a driver task, which runs many calls in one task (as a
//!   Rust user would with `for_each_concurrent`): no task spawned per call;
//! - a finished call appends its outcome to one JSON array text; once a driver has
//!   polled everything that was ready, it wakes the JS thread, once for all of them,
//!   through one threadsafe function;
//! - `lib/settle.js` parses the batch in one `JSON.parse` and settles every promise
//!   it names. Entries are flat triples `id, ok, payload`: `ok` 1 with the call's own
//!   payload JSON, or 0 with the rejection message (`errors.rs`) as a JSON string.
//!
//! The threadsafe function is unref'd while no call is in flight, so an idle process
//! exits; `in_flight` is only touched on the JS thread (call start, drain).

use std::fmt::Write as _;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Poll;

use futures_util::stream::{FuturesUnordered, StreamExt};
use napi::bindgen_prelude::Function;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{sys, Env, Status};
use napi_derive::napi;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::errors::to_napi;
use crate::guard::{future_guard, sync_guard};

type Wake = ThreadsafeFunction<(), (), String, Status, false, true, 0>;

/// A call not started yet: it makes its future on the driver's thread (a call's
/// future is large; making it there spares the JS thread a copy).
type Job = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// At most this many driver tasks per environment.
const MAX_DRIVERS: usize = 4;

#[derive(Default)]
struct Batch {
    /// `[id,ok,payload,...` without its closing bracket; empty when nothing waits.
    text: String,
    /// How many calls `text` settles.
    count: usize,
    /// The JS thread has been woken and has not drained yet.
    scheduled: bool,
}

#[derive(Default)]
struct Queue {
    batch: Mutex<Batch>,
    /// Calls started and not yet handed to JS (JS thread only).
    in_flight: AtomicUsize,
    /// The raw threadsafe function, for ref/unref on the JS thread.
    raw: AtomicPtr<sys::napi_threadsafe_function__>,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, Batch> {
        // Appending text cannot leave the batch inconsistent, even half done.
        self.batch
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Refs or unrefs the threadsafe function: it keeps the process alive only while
    /// a call is in flight. JS thread only.
    fn set_referenced(&self, env: &Env, referenced: bool) {
        let raw = self.raw.load(Ordering::Acquire);
        if raw.is_null() {
            return;
        }
        // SAFETY: called on the JS thread that owns the threadsafe function, which
        // lives as long as its environment (teardown runs no more calls or drains).
        unsafe {
            if referenced {
                sys::napi_ref_threadsafe_function(env.raw(), raw);
            } else {
                sys::napi_unref_threadsafe_function(env.raw(), raw);
            }
        }
    }

    /// The drain, on the JS thread: the whole batch as JSON array text.
    fn take(&self, env: &Env) -> String {
        let (mut text, count) = {
            let mut batch = self.lock();
            // Clear the flag and take the text under one lock: an outcome appended
            // after this finds the flag clear and wakes JS again.
            batch.scheduled = false;
            (
                std::mem::take(&mut batch.text),
                std::mem::take(&mut batch.count),
            )
        };
        if text.is_empty() {
            text.push('[');
        }
        text.push(']');
        if count > 0 && self.in_flight.fetch_sub(count, Ordering::Relaxed) == count {
            self.set_referenced(env, false);
        }
        text
    }
}

/// Where outcomes go: the batch and the threadsafe function that wakes JS for it.
struct Sink {
    queue: Arc<Queue>,
    wake: Wake,
}

impl Sink {
    /// Appends one outcome; JS is woken by the next `flush`.
    fn push(&self, id: u32, outcome: napi::Result<String>) {
        let (ok, payload) = match outcome {
            Ok(payload) => ('1', payload),
            Err(error) => ('0', serde_json::Value::String(error.reason).to_string()),
        };
        let mut batch = self.queue.lock();
        let text = &mut batch.text;
        text.push(if text.is_empty() { '[' } else { ',' });
        // Writing to a String cannot fail.
        let _ = write!(text, "{id},{ok},");
        text.push_str(&payload);
        batch.count += 1;
    }

    /// Wakes JS if outcomes wait and it has not been woken for them yet.
    fn flush(&self) {
        let wake = {
            let mut batch = self.queue.lock();
            batch.count > 0 && !std::mem::replace(&mut batch.scheduled, true)
        };
        if wake {
            // A closing environment (worker exiting) has nobody left to settle.
            let _ = self.wake.call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

/// A call's promise, to settle exactly once: with the call's outcome, or with an
/// error if the call was dropped unfinished (its runtime shut down).
struct Outcome {
    sink: Arc<Sink>,
    id: u32,
    sent: bool,
}

impl Outcome {
    /// Settles from inside a driver, which flushes once it has polled its calls.
    fn send(mut self, outcome: napi::Result<String>) {
        self.sent = true;
        self.sink.push(self.id, outcome);
    }
}

impl Drop for Outcome {
    fn drop(&mut self) {
        if !self.sent {
            self.sink.push(
                self.id,
                Err(to_napi(tokenhot::Error::internal(
                    "the call was dropped before it finished",
                ))),
            );
            self.sink.flush();
        }
    }
}

struct Shared {
    sink: Arc<Sink>,
    /// To the driver tasks that run this environment's calls, each made at its first
    /// call; one per core the process may use (so calls still spread over cores),
    /// taken in turn.
    drivers: Box<[Mutex<Option<UnboundedSender<Job>>>]>,
    next_driver: AtomicUsize,
}

impl Shared {
    fn send(&self, job: Job) {
        let turn = self.next_driver.fetch_add(1, Ordering::Relaxed) % self.drivers.len();
        let mut slot = self.drivers[turn]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let job = match slot.as_ref() {
            None => job,
            Some(sender) => match sender.send(job) {
                Ok(()) => return,
                // The driver is gone (its runtime was shut down): start another.
                Err(returned) => returned.0,
            },
        };
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        // The receiver is alive: this cannot fail.
        let _ = sender.send(job);
        *slot = Some(sender);
        // A panic here (no runtime) drops the job, whose `Outcome` then settles it.
        napi::bindgen_prelude::spawn(drive(receiver, self.sink.clone()));
    }
}

/// Runs calls as they come, all in this one task, and wakes JS once per poll for
/// every call that finished in it. Ends once its sender is gone (the environment's
/// settler and clients were collected) and its calls are done.
async fn drive(mut jobs: UnboundedReceiver<Job>, sink: Arc<Sink>) {
    let mut running = FuturesUnordered::new();
    let mut open = true;
    poll_fn(|cx| {
        while open {
            match jobs.poll_recv(cx) {
                Poll::Ready(Some(job)) => running.push(job()),
                Poll::Ready(None) => open = false,
                Poll::Pending => break,
            }
        }
        while let Poll::Ready(Some(())) = running.poll_next_unpin(cx) {}
        sink.flush();
        if !open && running.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

/// The settler of one JS environment; `lib/settle.js` makes it once.
#[napi]
pub struct NativeSettler {
    shared: Arc<Shared>,
}

#[napi]
impl NativeSettler {
    /// `onReady(batchText)` is called on the JS thread with every outcome since the
    /// last call.
    #[napi(constructor)]
    pub fn new(on_ready: Function<String, ()>) -> napi::Result<Self> {
        sync_guard(|| {
            let queue = Arc::new(Queue::default());
            let drained = queue.clone();
            let wake: Wake = on_ready
                .build_threadsafe_function::<()>()
                .callee_handled::<false>()
                .weak::<true>()
                .build_callback(move |ctx| Ok(drained.take(&ctx.env)))?;
            queue.raw.store(wake.raw(), Ordering::Release);
            let drivers = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, MAX_DRIVERS);
            Ok(NativeSettler {
                shared: Arc::new(Shared {
                    sink: Arc::new(Sink { queue, wake }),
                    drivers: (0..drivers).map(|_| Mutex::new(None)).collect(),
                    next_driver: AtomicUsize::new(0),
                }),
            })
        })
    }
}

/// What a native call needs to settle through its environment's settler.
#[derive(Clone)]
pub(crate) struct Settler {
    shared: Arc<Shared>,
}

impl Settler {
    pub(crate) fn of(native: &NativeSettler) -> Settler {
        Settler {
            shared: native.shared.clone(),
        }
    }

    /// Runs the call `make` makes on a driver task; its payload (JSON text) or error
    /// settles the JS promise registered under `id`. JS thread only.
    pub(crate) fn spawn<F, M>(&self, env: &Env, id: u32, make: M) -> napi::Result<()>
    where
        M: FnOnce() -> F + Send + 'static,
        F: Future<Output = napi::Result<String>> + Send + 'static,
    {
        let outcome = Outcome {
            sink: self.shared.sink.clone(),
            id,
            sent: false,
        };
        let job: Job = Box::new(move || {
            Box::pin(async move {
                let result = future_guard(make()).await;
                outcome.send(result);
            })
        });
        // Counted first: from here on the call settles even if starting it fails.
        let queue = &self.shared.sink.queue;
        if queue.in_flight.fetch_add(1, Ordering::Relaxed) == 0 {
            queue.set_referenced(env, true);
        }
        self.shared.send(job);
        Ok(())
    }
}

/// JSON text of an optional string (a request id).
pub(crate) fn json_string(value: Option<&str>) -> String {
    match value {
        None => "null".to_string(),
        Some(s) => serde_json::Value::String(s.to_string()).to_string(),
    }
}
