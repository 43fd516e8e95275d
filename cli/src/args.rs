//! The command line. Each subcommand's arguments live beside its code; this file only
//! names them, so `--help` on every subcommand comes from the doc comments there.

use clap::{Parser, Subcommand};

use crate::{chat, mock, models};

/// Call the Tokenhot gateway from the shell, or run a stand-in gateway for tests.
///
/// Reads TOKENHOT_API_KEY and TOKENHOT_BASE_URL (or --api-key, --base-url); never
/// prints the key. Exit status: 0 ok, 1 API error, 2 bad arguments, 3 connection error
/// or timeout, 130 interrupted.
#[derive(Parser, Debug)]
#[command(name = "tokenhot", version, propagate_version = true, arg_required_else_help = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    Chat(chat::ChatArgs),
    Models(models::ModelsArgs),
    Mock(mock::MockArgs),
}
