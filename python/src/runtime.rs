//! The process's two tokio runtimes, and the blocking wait of the sync client.
//!
//! - The shared runtime (multi-thread) runs every async call and every stream.
//! - The blocking runtime (current-thread) runs the sync client's plain calls on the
//!   calling thread itself: the thread that waits also drives the sockets, so a call
//!   costs no hand-over between threads (the Rust core's own sequential loop ran ~18 %
//!   faster so than on a multi-thread runtime, and the sync client gained about as
//!   much). Several Python threads may wait on it at once: one drives the reactor,
//!   the others poll their own calls as they are woken. Streams
//!   stay on the shared runtime, because their read-ahead task must keep reading
//!   between two `next()` calls, when nobody drives the blocking runtime.
//!
//! A connection's task lives on the runtime that opened it, so each lane has its own
//! connection pool (`NativeClient::core`): a pooled connection of the blocking lane
//! used from the shared runtime would wait for a driver that may never come.
//!
//! Fork safety (CONTRACT.md, Cancellation and processes): a forked child inherits a
//! runtime as memory only, without its worker threads, and its epoll instance is shared
//! with the parent. So each runtime remembers the pid that built it; a child builds its
//! own on first use and leaks the parent's (dropping it would try to join threads that
//! do not exist in the child and touch the parent's epoll set).

use std::future::Future;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use pyo3::prelude::*;
use tokio::runtime::{Builder, Runtime};

use crate::{errors, fork};

/// How often a blocking wait wakes to let Python run its signal handlers, so Ctrl-C
/// raises `KeyboardInterrupt` promptly.
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);

/// Where a call runs and how its caller waits for it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// An awaitable; the call runs on the shared runtime.
    Async,
    /// A sync plain call, run by the waiting thread on the blocking runtime.
    Blocking,
    /// A sync call that opens a stream: waited for on the shared runtime, where the
    /// stream's reading goes on between reads.
    BlockingStream,
}

impl Lane {
    pub fn of(asynchronous: bool, streamed: bool) -> Lane {
        match (asynchronous, streamed) {
            (true, _) => Lane::Async,
            (false, false) => Lane::Blocking,
            (false, true) => Lane::BlockingStream,
        }
    }
}

/// A runtime built on first use in each process.
struct ProcessRuntime {
    runtime: AtomicPtr<Runtime>,
    /// The pid `runtime` was built in; 0 before the first use.
    owner_pid: AtomicU32,
    /// Serialises building (two threads of a fresh child may both find none).
    building: Mutex<()>,
    build: fn() -> std::io::Result<Runtime>,
}

impl ProcessRuntime {
    const fn new(build: fn() -> std::io::Result<Runtime>) -> ProcessRuntime {
        ProcessRuntime {
            runtime: AtomicPtr::new(ptr::null_mut()),
            owner_pid: AtomicU32::new(0),
            building: Mutex::new(()),
            build,
        }
    }

    fn get(&'static self) -> Result<&'static Runtime, tokenhot::Error> {
        let pid = fork::pid();
        if self.owner_pid.load(Ordering::Acquire) == pid {
            // SAFETY: the pointer was published (Release) before the pid, comes from
            // `Box::leak`, and is never freed.
            return Ok(unsafe { &*self.runtime.load(Ordering::Acquire) });
        }
        let _building = self
            .building
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if self.owner_pid.load(Ordering::Acquire) == pid {
            return Ok(unsafe { &*self.runtime.load(Ordering::Acquire) });
        }
        let runtime = (self.build)().map_err(|e| {
            tokenhot::Error::internal(format!("could not start the tokio runtime: {e}"))
        })?;
        // Leaked on purpose: the runtime lives as long as the process, and a parent's
        // runtime seen from a child must never be dropped.
        let runtime: &'static Runtime = Box::leak(Box::new(runtime));
        self.runtime
            .store(runtime as *const Runtime as *mut Runtime, Ordering::Release);
        self.owner_pid.store(pid, Ordering::Release);
        Ok(runtime)
    }
}

static SHARED: ProcessRuntime = ProcessRuntime::new(|| {
    Builder::new_multi_thread()
        .enable_all()
        .thread_name("tokenhot-rt")
        .build()
});
static BLOCKING: ProcessRuntime =
    ProcessRuntime::new(|| Builder::new_current_thread().enable_all().build());

/// The shared runtime of this process, built on first use (again in a forked child).
pub fn get() -> Result<&'static Runtime, tokenhot::Error> {
    SHARED.get()
}

/// Runs `fut` to completion with the GIL released, on the blocking runtime for
/// `Lane::Blocking` and on the shared one otherwise. Every
/// `SIGNAL_CHECK_INTERVAL` it takes the GIL to run Python's signal handlers; if one
/// raises (Ctrl-C), the future is dropped, which closes its connection, and the
/// exception is returned.
pub fn wait<F>(py: Python<'_>, lane: Lane, fut: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let process_runtime = if lane == Lane::Blocking { &BLOCKING } else { &SHARED };
    let runtime = process_runtime.get().map_err(|e| errors::to_pyerr(py, e))?;
    // Declared before the future so that the future is dropped inside the runtime's
    // context (I/O resources deregister from the right reactor).
    let _context = runtime.enter();
    let interrupted = {
        let mut fut = std::pin::pin!(fut);
        loop {
            let polled = py
                .detach(|| runtime.block_on(tokio::time::timeout(SIGNAL_CHECK_INTERVAL, fut.as_mut())));
            match polled {
                Ok(output) => return Ok(output),
                Err(_elapsed) => {
                    if let Err(interrupted) = py.check_signals() {
                        break interrupted;
                    }
                }
            }
        }
        // The call is dropped here, at the end of the block that pinned it.
    };
    if lane == Lane::Blocking {
        // The dropped call's connection task lives here: let it run once so the
        // connection closes now, not at the next call.
        py.detach(|| settle(runtime));
    }
    Err(interrupted)
}

/// Lets the blocking runtime run what dropping a call or a pool woke (closing
/// connections): a few scheduler rounds, each running every ready task.
pub fn settle_blocking() {
    if let Ok(runtime) = BLOCKING.get() {
        settle(runtime);
    }
}

fn settle(runtime: &Runtime) {
    runtime.block_on(async {
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
    });
}
