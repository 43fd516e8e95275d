//! `tokenhot-mock [--port N] [--api-key KEY] [--exit-on-stdin-eof]`
//!
//! Prints `listening on http://127.0.0.1:PORT` as its first line (flushed) so a parent
//! process in any language can read the port, then serves until killed, or, with
//! `--exit-on-stdin-eof`, until its standard input closes (a parent that dies then
//! takes the mock with it).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use tokenhot_mock::{MockConfig, MockServer};

const USAGE: &str = "usage: tokenhot-mock [--port N] [--api-key KEY] [--exit-on-stdin-eof]";

struct Args {
    port: u16,
    api_key: Option<String>,
    exit_on_stdin_eof: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 0,
        api_key: None,
        exit_on_stdin_eof: false,
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        match arg.as_str() {
            "--port" => {
                let value = given.next().ok_or("--port needs a value")?;
                args.port = value
                    .parse()
                    .map_err(|_| format!("--port: not a port number: {value}"))?;
            }
            "--api-key" => args.api_key = Some(given.next().ok_or("--api-key needs a value")?),
            "--exit-on-stdin-eof" => args.exit_on_stdin_eof = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tokenhot-mock: cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let config = MockConfig {
        api_key: args.api_key,
    };
    let server = match runtime.block_on(MockServer::bind(addr, config)) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("tokenhot-mock: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "listening on {}", server.url());
    let _ = stdout.flush();

    if args.exit_on_stdin_eof {
        // Blocking read on this thread; the runtime's workers keep serving meanwhile.
        let mut sink = [0u8; 1024];
        let mut stdin = std::io::stdin().lock();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    } else {
        runtime.block_on(std::future::pending::<()>());
    }
    drop(server);
    ExitCode::SUCCESS
}
