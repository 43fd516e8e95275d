//! tokenhot-cli: the `tokenhot` command, written once and run by every package.
//!
//! `cargo install --path cli` installs the binary (`main.rs`); the Python console script
//! and the npm `bin` call [`run_with_cancel`] through their native modules, so the three
//! are the same program. Rooms, one concept each:
//! - `args`: the command line (clap derive), one variant per subcommand.
//! - `connect`: the connection options every API subcommand takes, and the client.
//! - `term`: what stdout and stderr are (terminal or pipe) and whether to use colour.
//! - `fail`: a failure as one line on stderr and its exit status.
//! - `interrupt`: waiting on something unless Ctrl-C comes first.
//! - `chat/`: `tokenhot chat`, one file per wire format (`--api`).
//! - `models`, `mock`: the other subcommands.
//! - `progress`: progress bars on stderr (terminal only), for `image` and `video`.
//!
//! A new subcommand (`image`, `video`) is one file with its `clap::Args` struct and its
//! `run`, plus one variant in `args::Command` and one arm in `dispatch` below.

mod args;
mod chat;
mod connect;
mod fail;
mod interrupt;
mod mock;
mod models;
mod progress;
mod term;

use std::ffi::OsString;

pub use fail::exit;
pub use tokenhot::CancellationToken;

use args::{Cli, Command};
use clap::Parser;
use fail::Failure;
use term::Term;

/// What a subcommand gets besides its arguments.
pub(crate) struct Ctx {
    pub term: Term,
    /// Fired by the host on Ctrl-C (the binary's signal handler, Python's
    /// `KeyboardInterrupt`, Node's `SIGINT` listener).
    pub cancel: CancellationToken,
}

/// Runs the command line `args` (the program name first, as in `std::env::args_os`) and
/// returns the exit status. Ctrl-C is not observed: use [`run_with_cancel`] for that.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_with_cancel(args, CancellationToken::new())
}

/// [`run`], stopping with status 130 when `cancel` fires (the host's Ctrl-C).
pub fn run_with_cancel<I, T>(args: I, cancel: CancellationToken) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let secrets = connect::secrets(&argv);
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to stderr, 2.
            let _ = e.print();
            return if e.use_stderr() { exit::BAD_ARGUMENTS } else { exit::OK };
        }
    };
    let ctx = Ctx { term: Term::detect(), cancel };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return Failure::Other(format!("cannot start the async runtime: {e}")).report(&ctx.term, &secrets),
    };
    match runtime.block_on(dispatch(cli.command, &ctx)) {
        Ok(()) => exit::OK,
        Err(failure) => failure.report(&ctx.term, &secrets),
    }
}

async fn dispatch(command: Command, ctx: &Ctx) -> Result<(), Failure> {
    match command {
        Command::Chat(args) => chat::run(args, ctx).await,
        Command::Models(args) => models::run(args, ctx).await,
        Command::Mock(args) => mock::run(args, ctx).await,
    }
}
