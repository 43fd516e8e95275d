//! Streams: bytes to SSE events (`sse`), events to typed items with in-band error frames
//! turned into errors (`events`), a family's chunks folded into its final result
//! (`accumulating`), and read-ahead for the bindings (`read_ahead`).

mod accumulating;
pub(crate) mod events;
pub mod read_ahead;
pub mod sse;

pub use accumulating::{Accumulate, AccumulatingStream, EventRole};
pub use events::StreamEvent;
