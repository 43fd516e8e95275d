//! tokenhot: the client for the Tokenhot model gateway.
//!
//! One `Client` (api key, base URL, timeouts, retries, one connection pool) and one
//! module per model family under `api`. The Python and Node packages are thin faces
//! over this crate: every behaviour lives here.
//!
//! ```no_run
//! # async fn run() -> tokenhot::Result<()> {
//! use tokenhot::api::chat::{ChatCompletionRequest, ChatMessage};
//! let client = tokenhot::Client::builder().api_key("sk-...").build()?;
//! let request = ChatCompletionRequest::new("gpt-5.2", vec![ChatMessage::user("Hello")]);
//! let completion = client.chat().completions().create(&request).await?;
//! println!("{}", completion.text().unwrap_or_default());
//! # Ok(()) }
//! ```

// The rooms, in the order data flows through them (DESIGN.md, The house).
#[cfg(feature = "mimalloc")]
pub mod allocator;
/// One folder per model family: request and response models and their operations.
pub mod api;
/// `Client` and its builder: key, base URL, timeouts, retries, headers.
mod client;
/// The one error taxonomy; `error_body` reads every error shape a server sends.
mod error;
mod error_body;
/// Sending and receiving: retries, deadlines, cancellation, request ids.
pub(crate) mod http;
/// JSON helpers every family shares.
pub mod json;
/// The invariants the fuzz targets check, shared with the corpus replay test.
pub mod fuzz_checks;
/// Per-call options (timeout, retries, headers, cancellation).
mod options;
/// SSE decoding, typed event streams, accumulation, read-ahead.
pub mod stream;

pub use api::chat::accumulate::ChatStream;
pub use api::gemini::accumulate::GeminiStream;
pub use api::messages::MessageStream;
pub use api::images::ImagesStream;
pub use api::responses::accumulate::ResponsesStream;
pub use client::{normalize_base_url, Client, ClientBuilder, Config};
pub use error::{Error, ErrorKind, Result};
pub use http::{log_to_stderr, JsonBody, Response};
pub use options::RequestOptions;
pub use stream::{read_ahead, sse, AccumulatingStream, StreamEvent};
pub use tokio_util::sync::CancellationToken;
