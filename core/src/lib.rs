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

#[cfg(feature = "mimalloc")]
pub mod allocator;
pub mod api;
mod body;
mod body_reader;
mod client;
mod connector;
mod error;
mod error_body;
mod h1;
mod log;
mod options;
mod pool;
pub mod read_ahead;
mod response;
mod retry;
pub mod sse;
mod stream;
mod tcp;
mod transport;

pub use api::accumulating_stream::AccumulatingStream;
pub use api::chat_accumulate::ChatStream;
pub use api::gemini_accumulate::GeminiStream;
pub use client::{normalize_base_url, Client, ClientBuilder, Config};
pub use error::{Error, ErrorKind, Result};
pub use options::RequestOptions;
pub use response::Response;
pub use stream::StreamEvent;
pub use transport::JsonBody;
pub use tokio_util::sync::CancellationToken;
