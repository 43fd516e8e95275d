//! `tokenhot._native`: the Rust half of the Python package.
//!
//! Every behaviour (HTTP, retries, timeouts, SSE, error classification) lives in the
//! core crate `tokenhot`; this crate only converts values, maps errors and bridges the
//! waiting: blocking with the GIL released for the sync client, asyncio futures for the
//! async one. The Python face (`python/tokenhot/`) wraps what this module returns.
//!
//! Rooms, one concept each:
//! - `runtime`: the fork-safe tokio runtimes (shared multi-thread; current-thread for
//!   the sync client's plain calls) and the interruptible blocking wait.
//! - `fork`: values that belong to the process that made them (leaked, never dropped,
//!   in a forked child).
//! - `aio`: the asyncio bridge: `batched` when the loop can watch a socket, else
//!   pyo3-async-runtimes over our runtime.
//! - `batched`: asyncio futures resolved in batches on the loop thread.
//! - `panic`: the boundary that turns a Rust panic into `TokenhotError`.
//! - `convert`: Python objects <-> `serde_json::Value`, with argument paths in errors.
//! - `json_text`: JSON text straight to Python objects (answers that only pass through).
//! - `options`: client settings and per-call options from Python arguments.
//! - `errors`: core errors -> the exception classes of `tokenhot._exceptions`.
//! - `deliver`: turning a finished core result into Python objects.
//! - `client`: `NativeClient`, the core client behind `Tokenhot` / `AsyncTokenhot`.
//! - `chat`, `gemini`, `messages`, `models`, `responses`: the operations.
//! - `images`: `client.images` (file inputs converted here; core does the rest).
//! - `gemini_helpers`: `r.text`, `r.images()`, ... and `image_part`, by core's helpers.
//! - `stream`: `NativeStream`, one streamed call of any family.
//! - `cli`: `cli_run`, the `tokenhot` command (crate `tokenhot-cli`) for the console script.

/// mimalloc for this library's own Rust code (`tokenhot::allocator`).
#[global_allocator]
static ALLOCATOR: tokenhot::allocator::MiMalloc = tokenhot::allocator::MiMalloc;

mod aio;
mod batched;
mod chat;
mod cli;
mod client;
mod convert;
mod deliver;
mod errors;
mod fork;
mod gemini;
mod gemini_helpers;
mod images;
mod json_text;
mod logs;
mod messages;
mod models;
mod options;
mod panic;
mod responses;
mod runtime;
mod stream;
mod videos;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    tokenhot::allocator::configure();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<stream::NativeStream>()?;
    m.add_function(wrap_pyfunction!(chat::chat_create, m)?)?;
    m.add_function(wrap_pyfunction!(gemini::gemini_generate, m)?)?;
    m.add_function(wrap_pyfunction!(gemini::gemini_fetch_image, m)?)?;
    m.add_function(wrap_pyfunction!(gemini_helpers::gemini_text, m)?)?;
    m.add_function(wrap_pyfunction!(gemini_helpers::gemini_thought_text, m)?)?;
    m.add_function(wrap_pyfunction!(gemini_helpers::gemini_function_calls, m)?)?;
    m.add_function(wrap_pyfunction!(gemini_helpers::gemini_images, m)?)?;
    m.add_function(wrap_pyfunction!(gemini_helpers::gemini_image_urls, m)?)?;
    m.add_function(wrap_pyfunction!(gemini_helpers::image_part, m)?)?;
    m.add_function(wrap_pyfunction!(messages::messages_create, m)?)?;
    m.add_function(wrap_pyfunction!(messages::messages_count_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(messages::messages_text, m)?)?;
    m.add_function(wrap_pyfunction!(models::models_list, m)?)?;
    m.add_function(wrap_pyfunction!(images::images_generate, m)?)?;
    m.add_function(wrap_pyfunction!(images::images_edit, m)?)?;
    m.add_function(wrap_pyfunction!(images::images_fetch, m)?)?;
    m.add_function(wrap_pyfunction!(images::images_save, m)?)?;
    m.add_function(wrap_pyfunction!(cli::cli_run, m)?)?;
    m.add_function(wrap_pyfunction!(responses::responses_create, m)?)?;
    m.add_function(wrap_pyfunction!(responses::responses_by_id, m)?)?;
    m.add_function(wrap_pyfunction!(responses::responses_output_text, m)?)?;
    m.add_function(wrap_pyfunction!(logs::forward_logs, m)?)?;
    m.add_class::<videos::NativeVideoWait>()?;
    m.add_function(wrap_pyfunction!(videos::videos_create, m)?)?;
    m.add_function(wrap_pyfunction!(videos::videos_retrieve, m)?)?;
    m.add_function(wrap_pyfunction!(videos::videos_waiter, m)?)?;
    m.add_function(wrap_pyfunction!(videos::videos_download, m)?)?;
    m.add_function(wrap_pyfunction!(aio::_shutdown, m)?)?;
    m.add_function(wrap_pyfunction!(panic::_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(panic::_panic_for_tests_async, m)?)?;
    Ok(())
}
