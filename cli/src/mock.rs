//! `tokenhot mock`: the stand-in gateway of `tests/mock`, for a user's own tests.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr};

use clap::Args;
use tokenhot_mock::{MockConfig, MockServer};

use crate::fail::Failure;
use crate::{interrupt, Ctx};

/// Run the stand-in gateway on 127.0.0.1 (every route, the script API); prints its URL first
#[derive(Args, Debug)]
#[command(after_help = "Routes and the script API (/__mock/script, /__mock/requests, \
/__mock/reset): see tests/mock/README.md. Stops on Ctrl-C (status 130).")]
pub(crate) struct MockArgs {
    /// Port to listen on (0: any free port)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Accept only this key [default: any non-empty key]
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Stop (status 0) when stdin closes, so the mock dies with the process that started it
    #[arg(long)]
    pub exit_on_stdin_eof: bool,
}

pub(crate) async fn run(args: MockArgs, ctx: &Ctx) -> Result<(), Failure> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let server = MockServer::bind(addr, MockConfig { api_key: args.api_key })
        .await
        .map_err(|e| Failure::Other(format!("cannot listen on {addr}: {e}")))?;
    // The URL alone on the first line: a parent process reads one line to learn it.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", server.url()).map_err(Failure::output)?;
    stdout.flush().map_err(Failure::output)?;
    drop(stdout);
    if let Some(hint) = ctx.term.hint("tokenhot mock: serving; Ctrl-C stops it") {
        eprintln!("{hint}");
    }
    if args.exit_on_stdin_eof {
        interrupt::blocking(&ctx.cancel, || {
            let mut sink = [0u8; 1024];
            let mut stdin = std::io::stdin().lock();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        })
        .await?;
    } else {
        interrupt::unless_cancelled(&ctx.cancel, std::future::pending::<()>()).await?;
    }
    drop(server);
    Ok(())
}
