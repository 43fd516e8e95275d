//! tokenhot-node: the napi-rs binding of the `tokenhot` core.
//!
//! The binding only converts: JSON strings in, JSON strings out, core errors to a JSON
//! description that the JS face (`lib/`) turns into its error classes. Every decision
//! (URLs, headers, retries, SSE, error classification) stays in core.
//!
//! - `client.rs`: `NativeClient`, one core client (one connection pool).
//! - `options.rs`: JS options (milliseconds) to core settings and `RequestOptions`.
//! - `chat.rs`: chat completions, plain and streamed.
//! - `gemini.rs`: Gemini generateContent, plain and streamed, and the image download.
//! - `gemini_helpers.rs`: `text`, `images()`, `imagePart` and the rest, computed by core.
//! - `messages.rs`: Anthropic Messages, plain and streamed, and count_tokens.
//! - `images.rs`: images generate/edit (files as paths or bytes), fetch and save.
//! - `models.rs`: the model list.
//! - `videos.rs`: video tasks: create, retrieve, the poller behind `wait`, download.
//! - `responses.rs`: OpenAI Responses (create, stream, retrieve, cancel, delete) and `output_text`.
//! - `result.rs`: a plain call's answer as JSON text (`[requestId, answer]`).
//! - `settle.rs`: `NativeSettler`: plain calls run on driver tasks and settle their
//!   promises in batches, one wake-up of the JS thread for many calls.
//! - `stream.rs`: `NativeStream`, a stream handed to JS one batch at a time.
//! - `family.rs`: what a streamed family adds (helpers); batches and final results as JSON text.
//! - `cancel.rs`: `CancelToken`, the native end of an `AbortSignal`.
//! - `cli.rs`: `cliRun`, the `tokenhot` command (crate `tokenhot-cli`) for the package `bin`.
//! - `errors.rs`: a core error as the JSON the JS face decodes.
//! - `guard.rs`: panics caught at the boundary, turned into `TokenhotError`.
//! - `test_hooks.rs`: hidden entry points the test suite uses to prove the guards.

#![deny(clippy::unwrap_used, clippy::expect_used)]

/// mimalloc for this library's own Rust code (`tokenhot::allocator`).
#[global_allocator]
static ALLOCATOR: tokenhot::allocator::MiMalloc = tokenhot::allocator::MiMalloc;

/// Runs when the addon loads, before its first allocation.
#[napi_derive::module_init]
fn init() {
    tokenhot::allocator::configure();
}

mod cancel;
mod chat;
mod cli;
mod client;
mod errors;
mod family;
mod gemini;
mod gemini_helpers;
mod guard;
mod messages;
mod images;
mod models;
mod options;
mod responses;
mod result;
mod settle;
mod stream;
mod test_hooks;
mod videos;

use napi_derive::napi;

/// The version of this binding; the user agent says `tokenhot-node/<version>`.
#[napi]
pub fn native_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
