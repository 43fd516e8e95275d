//! Values that belong to the process that created them.
//!
//! After `os.fork()` the child holds copies of the parent's clients and streams:
//! sockets and registrations shared with the parent's reactor. Dropping them in the
//! child would close or deregister what the parent still uses, so a `ForkOwned` value
//! dropped in another process is leaked instead.

use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

pub struct ForkOwned<T> {
    pid: u32,
    value: ManuallyDrop<T>,
}

impl<T> ForkOwned<T> {
    pub fn new(value: T) -> ForkOwned<T> {
        ForkOwned { pid: std::process::id(), value: ManuallyDrop::new(value) }
    }

    /// Whether this value was made by the current process.
    pub fn is_local(&self) -> bool {
        self.pid == std::process::id()
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
