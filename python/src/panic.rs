//! The panic boundary (CONTRACT.md, Errors): a panic inside the library reaches Python
//! as `TokenhotError("internal error: ...")`, never as pyo3's `PanicException` (which
//! derives from `BaseException` and would slip past `except Exception`).

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};

use futures_util::FutureExt;
use pyo3::prelude::*;

use crate::{aio, errors};

/// Runs a native method body, turning a panic into `TokenhotError`.
pub fn guard<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(errors::to_pyerr(py, tokenhot::Error::internal(describe(payload.as_ref())))),
    }
}

/// The same for a future: a panic while polling becomes an internal error result.
pub fn catch_future<F, T>(fut: F) -> impl Future<Output = tokenhot::Result<T>> + Send
where
    F: Future<Output = tokenhot::Result<T>> + Send,
{
    AssertUnwindSafe(fut).catch_unwind().map(|outcome| match outcome {
        Ok(result) => result,
        Err(payload) => Err(tokenhot::Error::internal(describe(payload.as_ref()))),
    })
}

fn describe(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a Rust panic without a message".to_string()
    }
}

/// Test hook: panics inside the boundary of a sync call.
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(py, || panic!("deliberate panic for tests"))
}

/// Test hook: panics inside a future awaited from asyncio.
#[pyfunction]
pub fn _panic_for_tests_async(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    guard(py, || {
        aio::into_awaitable(py, async {
            if std::hint::black_box(true) {
                panic!("deliberate panic for tests");
            }
            Ok(())
        })
    })
}
