//! tokenhot-mock: a stand-in Tokenhot gateway on loopback for tests and benchmarks.
//!
//! See README.md beside this crate for the wire behaviour. Map of the modules:
//! - `server`: binding, the accept loop, one hyper connection task per socket, shutdown.
//! - `conn_io`: the socket wrapper that tells a response body when its bytes were written.
//! - `service`: one request: read it, log it, pick a scripted or built-in answer.
//! - `state`: what all connections of one server share (key, sessions, request counter).
//! - `session`: per-session state (script queue, request log) and the session map.
//! - `outcome`: how a logged request ended (complete, client_closed, dropped).
//! - `body`: the response body type (whole, or a timed sequence of writes).
//! - `reply`: what a route answers before it becomes an HTTP response.
//! - `script`: the scripted answer model and its validation.
//! - `sse`, `base64`, `auth`, `gateway_error`: small helpers.
//! - `multipart` (reading forms with multer), `png` (real PNG files of any size): for images.
//! - `routes`: built-in gateway routes and the `/__mock/*` control routes.

mod auth;
mod base64;
mod body;
mod conn_io;
mod gateway_error;
mod multipart;
mod outcome;
mod png;
mod reply;
mod routes;
mod script;
mod server;
mod service;
mod session;
mod sse;
mod state;

pub use server::{MockConfig, MockServer};
