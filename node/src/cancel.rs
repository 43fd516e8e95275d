//! `CancelToken`: the native end of an `AbortSignal`.
//!
//! napi-rs's own `AbortSignal` support only covers libuv tasks, so the JS face makes
//! one token per call, calls `cancel()` from the signal's `abort` listener, and hands
//! the token to the call; core observes it before each attempt, while waiting for an
//! answer, during backoff sleeps and while a stream is read.

use napi_derive::napi;
use tokenhot::CancellationToken;

#[napi]
pub struct CancelToken {
    token: CancellationToken,
}

#[napi]
impl CancelToken {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        CancelToken {
            token: CancellationToken::new(),
        }
    }

    /// Cancels every call and stream the token was given to. Idempotent.
    #[napi]
    pub fn cancel(&self) {
        self.token.cancel();
    }

    #[napi(getter)]
    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }
}

/// The core token behind an optional JS token, for `RequestOptions::cancel`.
pub(crate) fn core_token(token: Option<&CancelToken>) -> Option<CancellationToken> {
    token.map(|t| t.token.clone())
}
