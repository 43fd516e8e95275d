//! Hidden entry points for the test suite (not in the JS face's types): they prove
//! that a panic, in a synchronous entry point or inside a future, rejects with
//! `TokenhotError` instead of aborting the process or leaving a promise pending.

use napi::bindgen_prelude::{AsyncBlock, AsyncBlockBuilder};
use napi::Env;
use napi_derive::napi;

use crate::errors::invalid_argument;
use crate::guard::{future_guard, sync_guard};

/// `kind`: `"sync"` panics in the entry point itself, `"async"` inside the future.
#[napi(js_name = "__panicForTest")]
// napi-derive registers exports only outside `cfg(test)`; there nothing calls it.
#[cfg_attr(test, allow(dead_code))]
pub fn panic_for_test(env: &Env, kind: String) -> napi::Result<AsyncBlock<()>> {
    sync_guard(|| match kind.as_str() {
        "sync" => panic!("test panic in a synchronous entry point"),
        "async" => {
            let future = async {
                tokio::task::yield_now().await;
                panic!("test panic inside a future")
            };
            AsyncBlockBuilder::new(future_guard(future)).build(env)
        }
        other => Err(invalid_argument(format!("unknown panic kind {other:?}"))),
    })
}
