//! `cliRun`: the `tokenhot` command (crate `tokenhot-cli`) run by the addon, for the
//! package's `bin` (`bin/tokenhot.js`).
//!
//! The command blocks for as long as it runs (the mock serves until stopped), so it runs
//! as a libuv task on a worker thread and the JS thread stays free: its `SIGINT`
//! listener fires the `CancelToken`, and the command stops with status 130.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use tokenhot::CancellationToken;

use crate::cancel::{core_token, CancelToken};

/// What a panic inside the command exits with (an internal error, like an API error).
const PANICKED: i32 = 1;

pub struct CliTask {
    args: Vec<String>,
    cancel: CancellationToken,
}

impl Task for CliTask {
    type Output = i32;
    type JsValue = i32;

    fn compute(&mut self) -> napi::Result<i32> {
        let args = std::mem::take(&mut self.args);
        let cancel = self.cancel.clone();
        Ok(catch_unwind(AssertUnwindSafe(|| tokenhot_cli::run_with_cancel(args, cancel))).unwrap_or(PANICKED))
    }

    fn resolve(&mut self, _env: Env, code: i32) -> napi::Result<i32> {
        Ok(code)
    }
}

/// Runs `args` (the program name first); resolves to the exit status.
#[napi(ts_return_type = "Promise<number>")]
pub fn cli_run(args: Vec<String>, cancel: &CancelToken) -> AsyncTask<CliTask> {
    let cancel = core_token(Some(cancel)).unwrap_or_default();
    AsyncTask::new(CliTask { args, cancel })
}
