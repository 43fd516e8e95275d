//! The connection options every API subcommand takes, and the core client they build.
//! Not global options: `tokenhot mock --api-key` means the key the mock accepts.

use std::ffi::OsString;
use std::time::Duration;

use clap::Args;
use tokenhot::{CancellationToken, Client, RequestOptions};

use crate::fail::Failure;

#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Connection")]
pub(crate) struct ConnectArgs {
    /// API key [default: $TOKENHOT_API_KEY]
    #[arg(long, value_name = "KEY", hide_default_value = true)]
    pub api_key: Option<String>,
    /// Gateway root URL [default: $TOKENHOT_BASE_URL, else https://api.tokenhot.ai]
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Extra request header, repeatable
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Seconds one attempt may take (streams: until the first byte)
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Retries after a retryable failure [default: 2]
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
}

impl ConnectArgs {
    pub fn client(&self) -> Result<Client, Failure> {
        let mut builder = Client::builder().user_agent(concat!("tokenhot-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(key) = &self.api_key {
            builder = builder.api_key(key.clone());
        }
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url.clone());
        }
        if let Some(seconds) = self.timeout {
            builder = builder.timeout(seconds_arg("--timeout", seconds)?);
        }
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        for header in &self.headers {
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| Failure::Usage(format!("--header {header:?}: expected NAME: VALUE")))?;
            builder = builder.default_header(name.trim(), value.trim());
        }
        builder.build().map_err(Failure::Api)
    }

    /// Options for one call: Ctrl-C cancels it inside core (the connection closes).
    pub fn options(&self, cancel: &CancellationToken) -> RequestOptions {
        RequestOptions::new().cancel_token(cancel.clone())
    }
}

fn seconds_arg(flag: &str, seconds: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Failure::Usage(format!("{flag}: expected a positive number of seconds, got {seconds}")))
}

const MIN_SECRET_LEN: usize = 6;

/// Every key this run may hold (the environment's, and any `--api-key` on the command
/// line, whichever subcommand took it), so no error line can ever show one.
pub(crate) fn secrets(argv: &[OsString]) -> Vec<String> {
    let mut secrets: Vec<String> = std::env::var("TOKENHOT_API_KEY").into_iter().collect();
    let mut args = argv.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--api-key" {
            secrets.extend(args.next().map(|v| v.into_owned()));
        } else if let Some(value) = arg.strip_prefix("--api-key=") {
            secrets.push(value.to_string());
        }
    }
    // A string this short is no secret, and hiding it would garble the line ("k" in
    // "tokenhot").
    secrets.retain(|s| s.len() >= MIN_SECRET_LEN);
    secrets
}
