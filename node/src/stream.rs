//! `NativeStream`: a stream of any family (chat, Gemini) handed to JS one batch at a
//! time (`read_ahead.rs` fills the batches). JS pays one promise and one `JSON.parse`
//! per batch, never per event (DESIGN.md, Performance architecture).

use std::sync::Arc;

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;
use tokenhot::AccumulatingStream;
use tokio::task::JoinHandle;

use crate::errors::to_napi;
use crate::family::{Drained, Family};
use crate::guard::{future_guard, sync_guard};
use crate::read_ahead::{self, Shared};

#[napi]
pub struct NativeStream {
    shared: Arc<Shared>,
    /// Gives the core stream back when the pump stops, for the final result.
    pump: Arc<tokio::sync::Mutex<Pump>>,
}

enum Pump {
    Running(JoinHandle<Box<dyn Drained>>),
    /// The final result (or the error it gave), kept for repeated calls.
    Finished(Result<String, String>),
}

impl NativeStream {
    /// Starts reading ahead; runs inside the tokio runtime (in a call's future).
    pub(crate) fn new<A: Family>(stream: AccumulatingStream<A>) -> Self {
        let (shared, handle) = read_ahead::start(stream);
        NativeStream {
            shared,
            pump: Arc::new(tokio::sync::Mutex::new(Pump::Running(handle))),
        }
    }
}

#[napi]
impl NativeStream {
    #[napi(getter)]
    pub fn request_id(&self) -> Option<String> {
        self.shared.head().request_id.clone()
    }

    /// The response headers as JSON text of one object (lower-case names).
    #[napi(getter)]
    pub fn headers_json(&self) -> String {
        self.shared.head().headers_json.clone()
    }

    /// Everything buffered as JSON array text; waits if nothing is. `null` at the end
    /// or after `close()`; rejects with the error that ended the stream, after the
    /// events that came before it (an abort: at once).
    #[napi]
    pub fn next_batch(&self, env: &Env) -> napi::Result<AsyncBlock<Option<String>>> {
        sync_guard(|| {
            let shared = self.shared.clone();
            let read = async move { shared.next_batch().await };
            AsyncBlockBuilder::new(future_guard(read)).build(env)
        })
    }

    /// Reads the rest and resolves to the accumulated result (chat completion or
    /// Gemini response) as the JSON array text of a batch of one (`family.rs`);
    /// rejects if the stream did not end normally (closed early, cut, error frame).
    #[napi]
    pub fn final_result(&self, env: &Env) -> napi::Result<AsyncBlock<String>> {
        sync_guard(|| {
            self.shared.stop_delivering();
            let pump = self.pump.clone();
            let drain = async move {
                let mut pump = pump.lock().await;
                if let Pump::Running(handle) = &mut *pump {
                    let outcome = match handle.await {
                        Ok(mut stream) => {
                            stream.final_result().await.map_err(|e| to_napi(e).reason)
                        }
                        Err(join) => Err(to_napi(tokenhot::Error::internal(format!(
                            "stream reader failed: {join}"
                        )))
                        .reason),
                    };
                    *pump = Pump::Finished(outcome);
                }
                match &*pump {
                    Pump::Finished(Ok(text)) => Ok(text.clone()),
                    Pump::Finished(Err(reason)) => Err(napi::Error::from_reason(reason.clone())),
                    Pump::Running(_) => Err(to_napi(tokenhot::Error::internal(
                        "stream reader still running",
                    ))),
                }
            };
            AsyncBlockBuilder::new(future_guard(drain)).build(env)
        })
    }

    /// Closes the connection now. Idempotent; a pending `nextBatch()` resolves `null`.
    #[napi]
    pub fn close(&self) {
        self.shared.close();
    }
}

impl Drop for NativeStream {
    /// The JS object was collected (or its environment went away) without `close()`:
    /// stop the pump, which would otherwise hold the connection open.
    fn drop(&mut self) {
        self.shared.close();
    }
}
