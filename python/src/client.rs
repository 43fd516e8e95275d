//! `NativeClient`: the core client behind both `Tokenhot` and `AsyncTokenhot`.
//!
//! It keeps the settings it was built from, so that a forked child can build its own
//! core client (own pool, own runtime) on first use instead of touching the parent's.
//! It holds one core client per runtime (`runtime.rs`): a connection belongs to the
//! runtime that opened it, so the blocking lane gets a pool of its own.

use std::sync::Mutex;

use pyo3::prelude::*;

use crate::errors;
use crate::runtime::{self, Lane};
use crate::fork::ForkOwned;
use crate::options::{self, Settings};

#[pyclass(frozen, module = "tokenhot._native")]
pub struct NativeClient {
    settings: Settings,
    /// The resolved settings (env fallbacks, normalised URL), for the repr.
    config: tokenhot::Config,
    /// `None` once closed. Held only long enough to clone an `Arc`.
    state: Mutex<Option<Cores>>,
}

/// The core clients, one per runtime, each made on first use in this process.
struct Cores {
    shared: Option<ForkOwned<tokenhot::Client>>,
    blocking: Option<ForkOwned<tokenhot::Client>>,
}

impl NativeClient {
    /// The core client for calls of `lane` in this process (rebuilt after a fork), or
    /// `TokenhotError` once closed.
    pub fn core(&self, py: Python<'_>, lane: Lane) -> PyResult<tokenhot::Client> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(cores) = state.as_mut() else {
            return Err(errors::tokenhot_error(py, "the client is closed"));
        };
        let slot = if lane == Lane::Blocking { &mut cores.blocking } else { &mut cores.shared };
        match slot {
            Some(owned) if owned.is_local() => Ok((**owned).clone()),
            _ => {
                // First use, or a forked child (the parent's value is leaked by
                // `ForkOwned`'s drop).
                let fresh = self.settings.build().map_err(|e| errors::to_pyerr(py, e))?;
                *slot = Some(ForkOwned::new(fresh.clone()));
                Ok(fresh)
            }
        }
    }
}

#[pymethods]
impl NativeClient {
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (api_key=None, base_url=None, timeout=None, connect_timeout=None, stream_idle_timeout=None, max_retries=None, default_headers=None, blocking=false))]
    fn new(
        py: Python<'_>,
        api_key: Option<Bound<'_, PyAny>>,
        base_url: Option<Bound<'_, PyAny>>,
        timeout: Option<Bound<'_, PyAny>>,
        connect_timeout: Option<Bound<'_, PyAny>>,
        stream_idle_timeout: Option<Bound<'_, PyAny>>,
        max_retries: Option<Bound<'_, PyAny>>,
        default_headers: Option<Bound<'_, PyAny>>,
        blocking: bool,
    ) -> PyResult<NativeClient> {
        crate::panic::guard(py, || {
            let settings = Settings {
                api_key: options::optional_str(api_key.as_ref(), "api_key")?,
                base_url: options::optional_str(base_url.as_ref(), "base_url")?,
                timeout: options::seconds(timeout.as_ref(), "timeout")?,
                connect_timeout: options::seconds(connect_timeout.as_ref(), "connect_timeout")?,
                stream_idle_timeout: options::seconds(stream_idle_timeout.as_ref(), "stream_idle_timeout")?,
                max_retries: options::retries(max_retries.as_ref(), "max_retries")?,
                default_headers: options::string_pairs(default_headers.as_ref(), "default_headers", false)?,
            };
            // Built here so that bad settings raise now, for the lane the client mostly
            // uses (`blocking` for the sync client's plain calls): building one loads
            // the root certificates (~10 ms), so the other lane's waits for first use.
            let client = settings.build().map_err(|e| errors::to_pyerr(py, e))?;
            let config = client.config().clone();
            let built = Some(ForkOwned::new(client));
            let cores = if blocking { Cores { shared: None, blocking: built } } else { Cores { shared: built, blocking: None } };
            Ok(NativeClient { settings, config, state: Mutex::new(Some(cores)) })
        })
    }

    /// Drops the core client (its pool and idle connections). Safe to call twice.
    fn close(&self, py: Python<'_>) {
        let taken = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        let had_blocking = taken.as_ref().is_some_and(|cores| cores.blocking.is_some());
        drop(taken);
        if had_blocking {
            // The blocking pool's connection tasks run only while that runtime is
            // driven: drive it once so they see their pool gone and close now.
            py.detach(runtime::settle_blocking);
        }
    }

    #[getter]
    fn is_closed(&self) -> bool {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).is_none()
    }

    /// The settings in force, for the client's repr; never the key.
    fn describe(&self) -> (String, f64, f64, f64, u32, bool) {
        let config = &self.config;
        (
            config.base_url().to_string(),
            config.timeout().as_secs_f64(),
            config.connect_timeout().as_secs_f64(),
            config.stream_idle_timeout().as_secs_f64(),
            config.max_retries(),
            config.has_api_key(),
        )
    }
}
