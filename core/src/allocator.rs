//! The allocator the Python and Node bindings install (feature `mimalloc`) for their
//! own Rust code; the interpreter and V8 keep theirs, and a Rust program using this
//! crate keeps whatever it chose.
//!
//! A call allocates many small short-lived blocks across threads (headers, JSON,
//! futures); glibc's malloc spent about 12 % of a call's CPU on them, and with
//! mimalloc Node's 64-concurrent benchmark ran 7-11 % faster (A/B, same build
//! otherwise). A binding declares
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: tokenhot::allocator::MiMalloc = tokenhot::allocator::MiMalloc;
//! ```
//!
//! and calls [`configure`] first thing when it loads.

pub use mimalloc::MiMalloc;

extern "C" {
    fn mi_option_set(option: i32, value: std::os::raw::c_long);
}

/// `mi_option_arena_eager_commit` in the bundled mimalloc v2 (`mimalloc.h`).
const ARENA_EAGER_COMMIT: i32 = 4;

/// Commits arena memory as it is used rather than up front: by default mimalloc
/// commits its arenas eagerly on Linux, which raised peak RSS with 1000 calls in
/// flight by about 20 MiB; committed on demand it stays within 2-3 MiB of glibc's.
pub fn configure() {
    // SAFETY: sets a plain option; mimalloc reads it when it next makes an arena.
    unsafe { mi_option_set(ARENA_EAGER_COMMIT, 0) }
}
