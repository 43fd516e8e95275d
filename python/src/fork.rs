//! Values that belong to the process that created them.
//!
//! After `os.fork()` the child holds copies of the parent's clients and streams:
//! sockets and registrations shared with the parent's reactor. Dropping them in the
//! child would close or deregister what the parent still uses, so a `ForkOwned` value
//! dropped in another process is leaked instead.

use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;

/// This process's id, cached: `getpid` is a system call, and every call asked it
/// several times. 0 means "ask again"; a fork handler resets it in the child.
static PID: AtomicU32 = AtomicU32::new(0);

extern "C" {
    fn pthread_atfork(prepare: Option<extern "C" fn()>, parent: Option<extern "C" fn()>, child: Option<extern "C" fn()>) -> i32;
}

extern "C" fn forget_pid_in_child() {
    PID.store(0, Ordering::Relaxed);
}

/// The current process id, correct in a forked child too.
pub fn pid() -> u32 {
    static HANDLER: Once = Once::new();
    let pid = PID.load(Ordering::Relaxed);
    if pid != 0 {
        return pid;
    }
    // SAFETY: registers a handler that only stores to an atomic (async-signal-safe).
    HANDLER.call_once(|| unsafe {
        pthread_atfork(None, None, Some(forget_pid_in_child));
    });
    let pid = std::process::id();
    PID.store(pid, Ordering::Relaxed);
    pid
}

pub struct ForkOwned<T> {
    pid: u32,
    value: ManuallyDrop<T>,
}

impl<T> ForkOwned<T> {
    pub fn new(value: T) -> ForkOwned<T> {
        ForkOwned { pid: pid(), value: ManuallyDrop::new(value) }
    }

    /// Whether this value was made by the current process.
    pub fn is_local(&self) -> bool {
        self.pid == pid()
    }
}

impl<T> Deref for ForkOwned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for ForkOwned<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T> Drop for ForkOwned<T> {
    fn drop(&mut self) {
        if self.is_local() {
            // SAFETY: dropped exactly once, here; never used again.
            unsafe { ManuallyDrop::drop(&mut self.value) }
        }
    }
}
