//! The one tokio runtime of the process, and the blocking wait of the sync client.
//!
//! Fork safety (CONTRACT.md, Cancellation and processes): a forked child inherits the
//! parent's runtime as memory only, without its worker threads, and its epoll instance
//! is shared with the parent. So the runtime remembers the pid that built it; a child
//! builds its own on first use and leaks the parent's (dropping it would try to join
//! threads that do not exist in the child and touch the parent's epoll set).

use std::future::Future;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::errors;

/// How often a blocking wait wakes to let Python run its signal handlers, so Ctrl-C
/// raises `KeyboardInterrupt` promptly.
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);

static RUNTIME: AtomicPtr<Runtime> = AtomicPtr::new(ptr::null_mut());
/// The pid the current `RUNTIME` was built in; 0 before the first use.
static OWNER_PID: AtomicU32 = AtomicU32::new(0);
/// Serialises building (two threads of a fresh child may both find no runtime).
static BUILDING: Mutex<()> = Mutex::new(());

/// The runtime of this process, built on first use (again in a forked child).
pub fn get() -> Result<&'static Runtime, tokenhot::Error> {
    let pid = std::process::id();
    if OWNER_PID.load(Ordering::Acquire) == pid {
        // SAFETY: the pointer was published (Release) before the pid, comes from
        // `Box::leak`, and is never freed.
        return Ok(unsafe { &*RUNTIME.load(Ordering::Acquire) });
    }
    let _building = BUILDING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if OWNER_PID.load(Ordering::Acquire) == pid {
        return Ok(unsafe { &*RUNTIME.load(Ordering::Acquire) });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("tokenhot-rt")
        .build()
        .map_err(|e| tokenhot::Error::internal(format!("could not start the tokio runtime: {e}")))?;
    // Leaked on purpose: the runtime lives as long as the process, and a parent's
    // runtime seen from a child must never be dropped.
    let runtime: &'static Runtime = Box::leak(Box::new(runtime));
    RUNTIME.store(runtime as *const Runtime as *mut Runtime, Ordering::Release);
    OWNER_PID.store(pid, Ordering::Release);
    Ok(runtime)
}

/// Runs `fut` to completion with the GIL released. Every `SIGNAL_CHECK_INTERVAL` it
/// takes the GIL to run Python's signal handlers; if one raises (Ctrl-C), the future
/// is dropped, which closes its connection, and the exception is returned.
pub fn wait<F>(py: Python<'_>, fut: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = get().map_err(|e| errors::to_pyerr(py, e))?;
    // Declared before the future so that the future is dropped inside the runtime's
    // context (I/O resources deregister from the right reactor).
    let _context = runtime.enter();
    let mut fut = std::pin::pin!(fut);
    loop {
        let polled = py.detach(|| runtime.block_on(tokio::time::timeout(SIGNAL_CHECK_INTERVAL, fut.as_mut())));
        match polled {
            Ok(output) => return Ok(output),
            Err(_elapsed) => py.check_signals()?,
        }
    }
}
