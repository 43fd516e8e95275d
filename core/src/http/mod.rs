//! Sending and receiving. The rest of core hands this room an `ApiRequest` and gets
//! back a decoded answer, an error from the one taxonomy, or a body to stream; nothing
//! above it sees a socket. What it promises:
//! - retries with backoff and `Retry-After` while no byte has reached the caller;
//! - a per-attempt deadline, a stream idle deadline, and cancellation that closes the
//!   connection;
//! - every answer and error carries its request id and attempt count;
//! - the key is sent only to the configured host and never logged.

pub(crate) mod body;
pub(crate) mod body_reader;
mod connector;
mod h1;
pub(crate) mod log;
pub(crate) mod pool;
mod response;
pub(crate) mod retry;
mod tcp;
mod transport;

pub use log::log_to_stderr;
pub use response::Response;
pub use transport::JsonBody;
pub(crate) use transport::{seconds, ApiRequest, Call};
