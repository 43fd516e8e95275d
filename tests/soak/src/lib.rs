//! The fault soak (tests/soak/README.md): a proxy on loopback that answers each request
//! with a fault drawn at random (or passes it to the mock gateway), and counts how often
//! each call id reached it, so the drivers in Rust, Python and Node can check that every
//! call ended in time, correctly or with a documented error, within its retry budget.

pub mod faults;
pub mod proxy;
pub mod request;
