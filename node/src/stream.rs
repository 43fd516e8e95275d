//! `NativeStream`: a stream of any family (chat, Gemini) handed to JS one batch at a
//! time. Core's read-ahead pump (`tokenhot::read_ahead`) reads the events while JS is
//! busy; each read takes everything buffered as one JSON array text, so JS pays one
//! promise and one `JSON.parse` per batch, never per event (DESIGN.md, Performance
//! architecture).

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;
use tokenhot::read_ahead::{self, ReadAhead};
use tokenhot::AccumulatingStream;

use crate::errors::{headers_object, to_napi};
use crate::family::{batch_text, final_text, Family};
use crate::guard::{future_guard, sync_guard};

#[napi]
pub struct NativeStream {
    read_ahead: ReadAhead,
    /// The family's `Family::push_helpers`, and `push_final_helpers`.
    push_helpers: fn(&str, &mut String),
    /// The family's `Family::push_final_helpers`.
    push_final_helpers: fn(&str, &mut String),
}

impl NativeStream {
    /// Starts reading ahead; runs inside the tokio runtime (in a call's future).
    pub(crate) fn new<A: Family>(stream: AccumulatingStream<A>) -> Self {
        NativeStream {
            read_ahead: read_ahead::start(stream),
            push_helpers: A::push_helpers,
            push_final_helpers: A::push_final_helpers,
        }
    }
}

#[napi]
impl NativeStream {
    #[napi(getter)]
    pub fn request_id(&self) -> Option<String> {
        self.read_ahead.head().request_id.clone()
    }

    /// The response headers as JSON text of one object (lower-case names).
    #[napi(getter)]
    pub fn headers_json(&self) -> String {
        headers_object(&self.read_ahead.head().headers).to_string()
    }

    /// Everything buffered as JSON array text; waits if nothing is. `null` at the end
    /// or after `close()`; rejects with the error that ended the stream, after the
    /// events that came before it (an abort: at once).
    #[napi]
    pub fn next_batch(&self, env: &Env) -> napi::Result<AsyncBlock<Option<String>>> {
        sync_guard(|| {
            let (read_ahead, push_helpers) = (self.read_ahead.clone(), self.push_helpers);
            let read = async move {
                let batch = read_ahead.next_batch().await.map_err(to_napi)?;
                Ok(batch.map(|batch| batch_text(&batch.events, push_helpers)))
            };
            AsyncBlockBuilder::new(future_guard(read)).build(env)
        })
    }

    /// `nextBatch` for a text stream: the text of the next batch's events (core decides
    /// what is text) as JSON array text of strings, `[]` for a batch without any; `null`
    /// at the end.
    #[napi]
    pub fn next_text_batch(&self, env: &Env) -> napi::Result<AsyncBlock<Option<String>>> {
        sync_guard(|| {
            let read_ahead = self.read_ahead.clone();
            let read = async move {
                let batch = read_ahead.next_batch().await.map_err(to_napi)?;
                Ok(batch.map(|batch| serde_json::Value::from(read_ahead.texts(&batch)).to_string()))
            };
            AsyncBlockBuilder::new(future_guard(read)).build(env)
        })
    }

    /// Reads the rest and resolves to the accumulated result (chat completion or
    /// Gemini response) as the JSON array text of a batch of one (`family.rs`);
    /// rejects if the stream did not end normally (closed early, cut, error frame).
    #[napi]
    pub fn final_result(&self, env: &Env) -> napi::Result<AsyncBlock<String>> {
        sync_guard(|| {
            // Events stop going to JS now, not when the task first runs.
            let (final_raw, push_helpers) = (self.read_ahead.final_raw(), self.push_final_helpers);
            let drain = async move {
                let value = final_raw.await.map_err(to_napi)?;
                Ok(final_text(&value, push_helpers))
            };
            AsyncBlockBuilder::new(future_guard(drain)).build(env)
        })
    }

    /// Closes the connection now. Idempotent; a pending `nextBatch()` resolves `null`.
    #[napi]
    pub fn close(&self) {
        self.read_ahead.close();
    }
}

impl Drop for NativeStream {
    /// The JS object was collected (or its environment went away) without `close()`:
    /// stop the pump, which would otherwise hold the connection open.
    fn drop(&mut self) {
        self.read_ahead.close();
    }
}
