//! The response body: either whole bytes (sent with a content-length) or a timed
//! sequence of writes over a chunked body, optionally cut after N bytes.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

use crate::conn_io::FlushCount;
use crate::outcome::{Outcome, Tracker};

/// One write of a streamed body, made after waiting `delay`.
pub(crate) struct Step {
    pub(crate) delay: Duration,
    pub(crate) bytes: Bytes,
}

pub(crate) struct MockBody {
    inner: Inner,
    tracker: Option<Tracker>,
}

enum Inner {
    Whole(Option<Bytes>),
    Steps(Box<Steps>),
    Generated(Generated),
}

/// A large body made up as it is sent (a video file of any size without holding it):
/// byte i is `i % 251`, so a client's copy can be checked anywhere. `cut_at` ends it
/// with an error after that many bytes, short of its declared length.
struct Generated {
    sent: u64,
    len: u64,
    cut_at: Option<u64>,
}

/// `PATTERN[k] == k % 251`, long enough to slice a whole write out of at any phase.
fn pattern() -> &'static Bytes {
    static PATTERN: std::sync::OnceLock<Bytes> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| (0..GENERATED_WRITE + 251).map(|k| (k % 251) as u8).collect::<Vec<u8>>().into())
}
const GENERATED_WRITE: usize = 256 * 1024;

struct Steps {
    steps: VecDeque<Step>,
    sleep: Option<Pin<Box<Sleep>>>,
    /// Set after each write: the next poll answers Pending once (waking itself), so
    /// hyper flushes that write before the next one is queued. This is what makes each
    /// SSE frame its own write on the wire instead of one coalesced writev.
    yield_before_next: bool,
    cut: Option<Cut>,
    done: bool,
}

/// `drop: after_bytes`: how many body bytes may still go out, and enough to know when
/// they were really written, so the connection is not torn down under them.
struct Cut {
    remaining: usize,
    flushes: FlushCount,
    /// Flush count seen when bytes were last handed to hyper (or the head was queued).
    mark: Option<u64>,
    /// After the first failed check, wait on a short timer instead of spinning.
    patient: bool,
}

impl MockBody {
    pub(crate) fn whole(bytes: Bytes) -> Self {
        let bytes = if bytes.is_empty() { None } else { Some(bytes) };
        MockBody {
            inner: Inner::Whole(bytes),
            tracker: None,
        }
    }

    /// `len` bytes of the `i % 251` pattern, optionally cut after `cut_at` bytes.
    pub(crate) fn generated(len: u64, cut_at: Option<u64>) -> Self {
        MockBody {
            inner: Inner::Generated(Generated { sent: 0, len, cut_at }),
            tracker: None,
        }
    }

    pub(crate) fn empty() -> Self {
        MockBody::whole(Bytes::new())
    }

    pub(crate) fn steps(steps: Vec<Step>) -> Self {
        MockBody {
            inner: Inner::Steps(Box::new(Steps::new(steps))),
            tracker: None,
        }
    }

    /// Turn into a streamed body that stops with an error after `limit` bytes; the
    /// error makes hyper abort the connection without the chunked terminator.
    pub(crate) fn cut_after(mut self, limit: usize, flushes: FlushCount) -> Self {
        if let Inner::Whole(bytes) = &mut self.inner {
            let steps = bytes.take().into_iter().map(|bytes| Step {
                delay: Duration::ZERO,
                bytes,
            });
            self.inner = Inner::Steps(Box::new(Steps::new(steps.collect())));
        }
        if let Inner::Steps(steps) = &mut self.inner {
            steps.cut = Some(Cut {
                remaining: limit,
                flushes,
                mark: None,
                patient: false,
            });
        }
        self
    }

    pub(crate) fn track(mut self, tracker: Tracker) -> Self {
        self.tracker = Some(tracker);
        self
    }

    fn finished(&self) -> bool {
        match &self.inner {
            Inner::Whole(bytes) => bytes.is_none(),
            Inner::Steps(steps) => steps.done,
            Inner::Generated(g) => g.sent >= g.len,
        }
    }

    fn settle(&self, outcome: Outcome) {
        if let Some(tracker) = &self.tracker {
            tracker.settle(outcome);
        }
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let poll = match &mut this.inner {
            Inner::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Steps(steps) => steps.poll_next(cx),
            Inner::Generated(g) => Poll::Ready(g.next_write()),
        };
        match &poll {
            Poll::Ready(Some(Err(_))) => this.settle(Outcome::Dropped),
            // Hyper stops polling once is_end_stream says so, so "everything handed
            // over" is the moment to call the answer complete.
            _ if this.finished() => this.settle(Outcome::Complete),
            _ => {}
        }
        poll
    }

    fn is_end_stream(&self) -> bool {
        self.finished()
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            // Unknown size: hyper uses chunked encoding for streamed answers.
            Inner::Steps(_) => SizeHint::default(),
            Inner::Generated(g) => SizeHint::with_exact(g.len),
        }
    }
}

impl Drop for MockBody {
    fn drop(&mut self) {
        // An empty body is dropped by hyper without a poll; it was still complete.
        if self.finished() {
            self.settle(Outcome::Complete);
        }
        // Otherwise the tracker's own drop records client_closed.
    }
}

impl Generated {
    fn next_write(&mut self) -> Option<Result<Frame<Bytes>, std::io::Error>> {
        let end = self.cut_at.map_or(self.len, |cut| cut.min(self.len));
        if self.sent >= end {
            if self.sent < self.len {
                self.len = self.sent; // finished from now on
                return Some(Err(std::io::Error::other("scripted cut of the video")));
            }
            return None;
        }
        let n = (end - self.sent).min(GENERATED_WRITE as u64) as usize;
        let phase = (self.sent % 251) as usize;
        self.sent += n as u64;
        Some(Ok(Frame::data(pattern().slice(phase..phase + n))))
    }
}

impl Steps {
    fn new(steps: Vec<Step>) -> Self {
        Steps {
            steps: steps.into(),
            sleep: None,
            yield_before_next: false,
            cut: None,
            done: false,
        }
    }

    fn poll_next(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        loop {
            if self.done {
                return Poll::Ready(None);
            }
            if let Some(cut) = &mut self.cut {
                if cut.mark.is_none() {
                    // First poll: the head was just queued; it counts as handed over.
                    cut.mark = Some(cut.flushes.load(Ordering::Acquire));
                }
                if cut.remaining == 0 || (self.steps.is_empty() && !self.yield_before_next) {
                    return cut.poll_abort(&mut self.sleep, &mut self.done, cx);
                }
            }
            if let Some(sleep) = &mut self.sleep {
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                self.sleep = None;
            }
            if self.yield_before_next {
                self.yield_before_next = false;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            let Some(step) = self.steps.front_mut() else {
                self.done = true;
                return Poll::Ready(None);
            };
            if !step.delay.is_zero() {
                let delay = std::mem::take(&mut step.delay);
                self.sleep = Some(Box::pin(tokio::time::sleep(delay)));
                continue;
            }
            let Some(Step { mut bytes, .. }) = self.steps.pop_front() else {
                continue;
            };
            if let Some(cut) = &mut self.cut {
                bytes.truncate(cut.remaining);
                cut.remaining -= bytes.len();
                cut.mark = Some(cut.flushes.load(Ordering::Acquire));
            }
            if bytes.is_empty() {
                continue;
            }
            self.yield_before_next = true;
            return Poll::Ready(Some(Ok(Frame::data(bytes))));
        }
    }
}

impl Cut {
    /// Fail the body only once hyper has written everything it was given: hyper calls
    /// the socket's flush only when its write buffer is empty, so a flush count past the
    /// mark proves the allowed bytes reached the socket.
    fn poll_abort(
        &mut self,
        sleep: &mut Option<Pin<Box<Sleep>>>,
        done: &mut bool,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let mark = self.mark.unwrap_or(0);
        if self.flushes.load(Ordering::Acquire) > mark {
            *done = true;
            return Poll::Ready(Some(Err(std::io::Error::other(
                "scripted drop after bytes",
            ))));
        }
        if !self.patient {
            self.patient = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let timer =
            sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(1))));
        if timer.as_mut().poll(cx).is_ready() {
            *sleep = None;
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}
