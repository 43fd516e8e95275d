//! The asyncio bridge: a Rust future becomes an asyncio future of the running loop.
//!
//! Normally through `batched` (results resolved in batches on the loop thread). A loop
//! that cannot watch a socket falls back to the stock bridge below: pyo3-async-runtimes'
//! `future_into_py` (cancelling the asyncio future drops the Rust future, which closes
//! its connection), instantiated over our fork-safe runtime instead of the crate's own
//! global one, which a forked child could not use. It costs about 150 us per call
//! (DESIGN.md, Performance architecture).

use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{self, ContextExt, Runtime};
use pyo3_async_runtimes::TaskLocals;

use crate::deliver::{Deliver, ToPython};
use crate::{errors, panic, runtime};

/// `pyo3_async_runtimes::generic::Runtime` over `runtime::get()`.
struct ForkSafeTokio;

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

/// Only reached after `into_awaitable` built the runtime, so `get()` cannot fail here
/// short of a broken process; the panic is caught at the boundary and reported.
fn started() -> &'static tokio::runtime::Runtime {
    match runtime::get() {
        Ok(rt) => rt,
        Err(e) => panic!("{e}"),
    }
}

impl Runtime for ForkSafeTokio {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = tokio::task::JoinHandle<()>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        started().spawn(fut)
    }

    /// pyo3-async-runtimes resolves asyncio futures from these closures, holding the
    /// GIL on a tokio thread. Each one is counted so `shutdown` can wait for them.
    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        started().spawn_blocking(move || {
            let _counted = InPython::enter();
            if !SHUTTING_DOWN.load(Ordering::SeqCst) {
                f();
            }
        })
    }
}

/// Interpreter shutdown: a tokio thread that takes the GIL while Python finalizes
/// crashes the process (CPython ends or frees such threads under it). So at exit
/// (`atexit`, before finalization starts) new deliveries are refused and those in
/// flight are awaited; the refused ones only drop their Python references, which
/// pyo3 defers without the GIL.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
static IN_PYTHON: AtomicUsize = AtomicUsize::new(0);

struct InPython;

impl InPython {
    fn enter() -> InPython {
        IN_PYTHON.fetch_add(1, Ordering::SeqCst);
        InPython
    }
}

impl Drop for InPython {
    fn drop(&mut self) {
        IN_PYTHON.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Registered with `atexit` by the package: stop delivering results into Python and
/// wait (GIL released, at most a second) for deliveries already running.
#[pyfunction]
pub fn _shutdown(py: Python<'_>) {
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
    py.detach(|| {
        let deadline = Instant::now() + Duration::from_secs(1);
        while IN_PYTHON.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

impl ContextExt for ForkSafeTokio {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS.try_with(|c| c.get().cloned()).unwrap_or_default()
    }
}

/// An asyncio future that resolves to the Python form of `fut`'s result, or raises
/// its error as the matching `tokenhot` exception. Needs a running event loop.
pub fn into_awaitable<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = tokenhot::Result<T>> + Send + 'static,
    T: ToPython + Send + 'static,
{
    let runtime = runtime::get().map_err(|e| errors::to_pyerr(py, e))?;
    let fut = match crate::batched::into_awaitable(py, runtime, fut)? {
        Ok(future) => return Ok(future),
        Err(fut) => fut,
    };
    let guarded = panic::catch_future(fut);
    generic::future_into_py::<ForkSafeTokio, _, _>(py, async move { Ok(Deliver(guarded.await)) })
}
