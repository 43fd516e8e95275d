//! `cli_run`: the `tokenhot` command (crate `tokenhot-cli`) run inside this process, for
//! the console script `tokenhot` (`tokenhot/_cli.py`).
//!
//! The command runs on a thread of its own while this thread waits with the GIL
//! released, waking every 100 ms to run Python's signal handlers: Ctrl-C raises
//! `KeyboardInterrupt` here, which cancels the command (it closes its connection, says
//! what it must, and returns 130). A second Ctrl-C returns 130 at once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use tokenhot::CancellationToken;

const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);
/// What a panic inside the command exits with (an internal error, like an API error).
const PANICKED: i32 = 1;

/// Runs `args` (the program name first) and returns the exit status.
#[pyfunction]
pub fn cli_run(py: Python<'_>, args: Vec<String>) -> PyResult<i32> {
    let cancel = CancellationToken::new();
    let (done, finished) = mpsc::channel();
    let token = cancel.clone();
    std::thread::Builder::new()
        .name("tokenhot-cli".into())
        .spawn(move || {
            let code = catch_unwind(AssertUnwindSafe(|| tokenhot_cli::run_with_cancel(args, token)));
            let _ = done.send(code.unwrap_or(PANICKED));
        })
        .map_err(|e| crate::errors::to_pyerr(py, tokenhot::Error::internal(format!("cannot start a thread: {e}"))))?;
    let mut finished = finished;
    loop {
        // The receiver goes into the GIL-free closure and back (it is not `Sync`).
        let (outcome, receiver) = py.detach(move || (finished.recv_timeout(SIGNAL_CHECK_INTERVAL), finished));
        finished = receiver;
        match outcome {
            Ok(code) => return Ok(code),
            Err(RecvTimeoutError::Disconnected) => return Ok(PANICKED),
            Err(RecvTimeoutError::Timeout) => {}
        }
        if let Err(raised) = py.check_signals() {
            if !raised.is_instance_of::<PyKeyboardInterrupt>(py) {
                cancel.cancel();
                return Err(raised);
            }
            if cancel.is_cancelled() {
                return Ok(tokenhot_cli::exit::INTERRUPTED);
            }
            cancel.cancel();
        }
    }
}
