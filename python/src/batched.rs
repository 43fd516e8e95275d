//! The batched asyncio bridge (DESIGN.md, Performance architecture): a Rust future
//! becomes an asyncio future of the running loop, and finished futures are resolved
//! in batches on the loop thread.
//!
//! Each call spawns its future on our tokio runtime; when it finishes, the task pushes
//! the result into its loop's queue, and the first push after a drain writes one byte
//! to a socketpair the loop watches with `add_reader`. The drain then takes the GIL
//! once (it runs on the loop thread, which holds it) and resolves every finished
//! future. No tokio thread ever takes the GIL, and the loop is woken once per batch
//! instead of once per call (`call_soon_threadsafe` per result is what made the stock
//! bridge cost about 150 us a call).
//!
//! Cancelling the asyncio future aborts the tokio task (a done callback), which drops
//! the Rust future and so closes its connection. One bridge per event loop, kept in a
//! `WeakKeyDictionary` so several `asyncio.run(...)` work; a bridge made before
//! `os.fork()` is never used in the child (its queue lock may be held forever there).

use std::cell::RefCell;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyNotImplementedError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyWeakrefReference;
use tokio::task::AbortHandle;

use crate::deliver::{deliver, Deliver, ToPython};

/// A finished call waiting for the drain.
struct Finished {
    future: Py<PyAny>,
    result: Box<dyn Resolve + Send>,
}

/// A finished result of any type, ready to resolve its asyncio future.
trait Resolve {
    fn resolve(self: Box<Self>, py: Python<'_>, future: &Bound<'_, PyAny>) -> PyResult<()>;
}

impl<T: ToPython> Resolve for Deliver<T> {
    fn resolve(self: Box<Self>, py: Python<'_>, future: &Bound<'_, PyAny>) -> PyResult<()> {
        match deliver(py, self.0) {
            Ok(value) => future.call_method1(intern!(py, "set_result"), (value,)).map(drop),
            Err(error) => future.call_method1(intern!(py, "set_exception"), (error.into_value(py),)).map(drop),
        }
    }
}

/// One event loop's queue and wake-up socket.
struct Bridge {
    queue: Mutex<Vec<Finished>>,
    /// Set by the first push after a drain (which writes the wake-up byte), cleared by
    /// the drain after it read the socket and before it takes the queue.
    pending: AtomicBool,
    reader: UnixStream,
    writer: UnixStream,
}

impl Bridge {
    fn new() -> std::io::Result<Bridge> {
        let (reader, writer) = UnixStream::pair()?;
        reader.set_nonblocking(true)?;
        writer.set_nonblocking(true)?;
        Ok(Bridge { queue: Mutex::new(Vec::new()), pending: AtomicBool::new(false), reader, writer })
    }

    /// Called on a tokio thread, without the GIL.
    fn push(&self, finished: Finished) {
        self.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(finished);
        if !self.pending.swap(true, Ordering::SeqCst) {
            // A full socket buffer (WouldBlock) already means a wake-up is waiting.
            let _ = (&self.writer).write(&[1]);
        }
    }

    /// Called on the loop thread by the reader callback. The order (read the socket,
    /// clear `pending`, take the queue) is what keeps a push from being missed: a push
    /// that lands after the take either finds `pending` cleared and writes a new byte,
    /// or was made before the clear and so is in the queue already.
    fn drain(&self, py: Python<'_>) {
        let mut sink = [0u8; 64];
        loop {
            match (&self.reader).read(&mut sink) {
                Ok(n) if n == sink.len() => continue,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                _ => break,
            }
        }
        self.pending.store(false, Ordering::SeqCst);
        let batch = std::mem::take(&mut *self.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        for Finished { future, result } in batch {
            let future = future.bind(py);
            let Err(error) = result.resolve(py, future) else { continue };
            // Cancelled while its call finished (so `set_result` refused): nobody waits.
            if future.call_method0(intern!(py, "done")).and_then(|d| d.is_truthy()).unwrap_or(true) {
                continue;
            }
            // A result that failed to convert still ends the call, as its exception.
            if let Err(error) = future.call_method1(intern!(py, "set_exception"), (error.into_value(py),)) {
                error.write_unraisable(py, Some(future));
            }
        }
    }
}

/// `loop.add_reader`'s callback.
#[pyclass(frozen, module = "tokenhot._native")]
struct Drain {
    bridge: Arc<Bridge>,
}

#[pymethods]
impl Drain {
    fn __call__(&self, py: Python<'_>) {
        self.bridge.drain(py);
    }
}

/// The asyncio future's done callback: aborting a finished task is a no-op, so it
/// needs no check; for a cancelled future it drops the Rust future.
#[pyclass(frozen, module = "tokenhot._native")]
struct AbortTask {
    handle: AbortHandle,
}

#[pymethods]
impl AbortTask {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        self.handle.abort();
    }
}

/// The registry value for one loop: its bridge, or `None` for a loop that cannot watch
/// a socket (remembered, so such a loop does not retry `add_reader` on every call).
#[pyclass(frozen, module = "tokenhot._native")]
struct LoopBridge {
    pid: u32,
    bridge: Option<Arc<Bridge>>,
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static REGISTRY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The loop a thread used last and its entry.
struct LastLoop {
    event_loop: Py<PyWeakrefReference>,
    pid: u32,
    bridge: Option<Arc<Bridge>>,
}

thread_local! {
    /// One weakref check instead of a `WeakKeyDictionary` lookup (a Python-level call)
    /// on every call.
    static LAST: RefCell<Option<LastLoop>> = const { RefCell::new(None) };
}

/// The bridge of `event_loop`, made on first use; `None` when the loop cannot watch a
/// socket (`add_reader` is missing, e.g. Windows' proactor loop). A bridge made in
/// another process (before a fork) is never used.
fn bridge_for(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> PyResult<Option<Arc<Bridge>>> {
    let pid = crate::fork::pid();
    let cached = LAST.with_borrow(|last| {
        let last = last.as_ref()?;
        let same = last.pid == pid && last.event_loop.bind(py).upgrade().is_some_and(|l| l.is(event_loop));
        same.then(|| last.bridge.clone())
    });
    if let Some(bridge) = cached {
        return Ok(bridge);
    }
    let bridge = registered_bridge(py, event_loop, pid)?;
    let weak = PyWeakrefReference::new(event_loop)?.unbind();
    LAST.with_borrow_mut(|last| *last = Some(LastLoop { event_loop: weak, pid, bridge: bridge.clone() }));
    Ok(bridge)
}

fn registered_bridge(py: Python<'_>, event_loop: &Bound<'_, PyAny>, pid: u32) -> PyResult<Option<Arc<Bridge>>> {
    let registry = REGISTRY
        .get_or_try_init(py, || py.import("weakref")?.getattr("WeakKeyDictionary")?.call0().map(Bound::unbind))?
        .bind(py);
    let known = registry.call_method1(intern!(py, "get"), (event_loop,))?;
    if let Ok(known) = known.cast::<LoopBridge>() {
        if known.get().pid == pid {
            return Ok(known.get().bridge.clone());
        }
    }
    let bridge = Arc::new(Bridge::new().map_err(|e| crate::errors::tokenhot_error(py, &format!("could not make the asyncio wake-up socket: {e}")))?);
    let fd = bridge.reader.as_raw_fd();
    let bridge = match event_loop.call_method1(intern!(py, "add_reader"), (fd, Drain { bridge: bridge.clone() })) {
        Ok(_) => Some(bridge),
        Err(e) if e.is_instance_of::<PyNotImplementedError>(py) => None,
        Err(e) => return Err(e),
    };
    registry.set_item(event_loop, LoopBridge { pid, bridge: bridge.clone() })?;
    Ok(bridge)
}

/// An asyncio future of the running loop resolved with the Python form of `fut`'s
/// result; `Ok(Err(fut))` hands `fut` back when this loop needs the stock bridge.
pub fn into_awaitable<'py, F, T>(py: Python<'py>, runtime: &tokio::runtime::Runtime, fut: F) -> PyResult<Result<Bound<'py, PyAny>, F>>
where
    F: std::future::Future<Output = tokenhot::Result<T>> + Send + 'static,
    T: ToPython + Send + 'static,
{
    let get_running_loop = GET_RUNNING_LOOP
        .get_or_try_init(py, || py.import("asyncio")?.getattr("get_running_loop").map(Bound::unbind))?
        .bind(py);
    let event_loop = get_running_loop.call0()?;
    let Some(bridge) = bridge_for(py, &event_loop)? else { return Ok(Err(fut)) };
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let target = future.clone().unbind();
    // Boxed, so the task (and the copy tokio makes when it stores the output) stays
    // small whatever the size of the call's state machine.
    let guarded = Box::pin(crate::panic::catch_future(fut));
    let task = runtime.spawn(async move {
        let result = guarded.await;
        bridge.push(Finished { future: target, result: Box::new(Deliver(result)) });
    });
    future.call_method1(intern!(py, "add_done_callback"), (AbortTask { handle: task.abort_handle() },))?;
    Ok(Ok(future))
}
