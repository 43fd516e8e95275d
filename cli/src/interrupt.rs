//! Waiting on something unless Ctrl-C comes first. Calls into core do not need it (the
//! token goes into their `RequestOptions`); it is for waits core does not see: reading
//! the prompt from stdin, serving the mock, later a video task's polling.

use std::future::Future;

use tokenhot::CancellationToken;

use crate::fail::Failure;

pub(crate) async fn unless_cancelled<T>(cancel: &CancellationToken, fut: impl Future<Output = T>) -> Result<T, Failure> {
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(Failure::interrupted()),
        value = fut => Ok(value),
    }
}

/// Runs a blocking read (stdin) on a thread of its own, so Ctrl-C need not wait for it.
/// The thread is left behind when cancelled: the process is about to exit.
pub(crate) async fn blocking<T: Send + 'static>(
    cancel: &CancellationToken,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failure> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("tokenhot-cli-read".into())
        .spawn(move || {
            let _ = sender.send(work());
        })
        .map_err(|e| Failure::Other(format!("cannot start a thread: {e}")))?;
    unless_cancelled(cancel, receiver)
        .await?
        .map_err(|_| Failure::Other("the reading thread stopped".into()))
}
