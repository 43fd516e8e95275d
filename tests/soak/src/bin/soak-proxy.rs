//! `soak-proxy --upstream 127.0.0.1:PORT [--seed N]`: the fault-injecting proxy on a free
//! loopback port. Prints `listening on http://127.0.0.1:PORT` first, then serves until its
//! standard input closes (so it never outlives the script that started it).

use std::net::SocketAddr;

use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

fn usage(problem: &str) -> ! {
    eprintln!("soak-proxy: {problem}\nusage: soak-proxy --upstream HOST:PORT [--seed N]");
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let mut upstream: Option<SocketAddr> = None;
    let mut seed: u64 = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| usage(&format!("{arg} needs a value")));
        match arg.as_str() {
            "--upstream" => {
                let addr = value.trim_start_matches("http://").trim_end_matches('/');
                upstream = Some(addr.parse().unwrap_or_else(|_| usage(&format!("--upstream {value:?} is not HOST:PORT"))));
            }
            "--seed" => seed = value.parse().unwrap_or_else(|_| usage(&format!("--seed {value:?} is not an integer"))),
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let upstream = upstream.unwrap_or_else(|| usage("--upstream is required"));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| {
        eprintln!("soak-proxy: cannot listen: {e}");
        std::process::exit(1)
    });
    println!("listening on http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(tokenhot_soak::proxy::serve(listener, upstream, seed));
    let mut stdin = tokio::io::stdin();
    let mut sink = [0u8; 256];
    while matches!(stdin.read(&mut sink).await, Ok(n) if n > 0) {}
    server.abort();
}
