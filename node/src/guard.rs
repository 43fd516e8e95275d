//! Panics stop here. A panic unwinding into napi's `extern "C"` glue would abort the
//! whole Node process, and one inside a spawned future would leave its promise
//! pending; both become a rejected `TokenhotError` ("internal error: ...") instead.

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};

use futures_util::FutureExt;

use crate::errors::to_napi;

/// Runs a synchronous entry point, turning a panic into an error.
pub(crate) fn sync_guard<T>(body: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    // AssertUnwindSafe: after a panic nothing the closure touched is used again; the
    // call fails as a whole.
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(panic_error(payload)))
}

/// Wraps the future of an asynchronous entry point the same way.
pub(crate) async fn future_guard<T>(
    future: impl Future<Output = napi::Result<T>>,
) -> napi::Result<T> {
    AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .unwrap_or_else(|payload| Err(panic_error(payload)))
}

fn panic_error(payload: Box<dyn Any + Send>) -> napi::Error {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    to_napi(tokenhot::Error::internal(format!(
        "panic in the native addon: {detail}"
    )))
}
