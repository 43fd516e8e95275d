//! Core's log records (one line per attempt, target `tokenhot`) go to Python's
//! `logging`, under the logger `tokenhot`, through pyo3-log. Installed by the face
//! (`tokenhot/_logs.py`) when a client is made and the app uses `logging`, not at
//! import: `import logging` alone costs more than the rest of `import tokenhot`.

use std::sync::OnceLock;

use pyo3::prelude::*;

static RESET: OnceLock<pyo3_log::ResetHandle> = OnceLock::new();

/// Routes core's records to `logging` (once), or, when already routed, forgets the
/// cached logger levels so that a `setLevel` made since is seen by the next call.
#[pyfunction]
pub fn forward_logs(py: Python<'_>) -> PyResult<()> {
    if let Some(reset) = RESET.get() {
        reset.reset();
        return Ok(());
    }
    let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels)?.filter(log::LevelFilter::Debug);
    match logger.install() {
        Ok(reset) => {
            let _ = RESET.set(reset);
            // `logging` prints `TOKENHOT_LOG` lines now (the face adds the handler).
            tokenhot::log_to_stderr(false);
        }
        // Another extension in the process installed the global logger first: core's
        // records go there, and `TOKENHOT_LOG` keeps writing to stderr directly.
        Err(_) => {}
    }
    Ok(())
}
