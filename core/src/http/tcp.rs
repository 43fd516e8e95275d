//! Opens a TCP connection to a host: resolves the name, then tries its addresses the
//! Happy Eyeballs way (RFC 8305): address families alternate, and while an attempt is
//! still pending the next one starts after a short delay, so an address that swallows
//! packets (a broken IPv6 route, say) costs that delay, not the connect timeout.
//!
//! Our own rather than hyper-util's `HttpConnector`: its connect future took 2.2 KiB
//! per connection, and a burst of a thousand new connections all hold one at once.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::net::TcpStream;

/// How long an attempt may stay pending before the next address is tried beside it.
const NEXT_ATTEMPT_DELAY: Duration = Duration::from_millis(250);

/// A connected socket with Nagle's algorithm off (requests are written whole).
pub(crate) async fn connect(host: &str, port: u16) -> io::Result<TcpStream> {
    let host = host.trim_matches(|c| c == '[' || c == ']');
    // An IP address needs no lookup (and tokio does none for one).
    let addresses = interleave_families(tokio::net::lookup_host((host, port)).await?.collect());
    let stream = match addresses.as_slice() {
        [] => return Err(io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address"))),
        [only] => TcpStream::connect(*only).await?,
        _ => race(&addresses).await?,
    };
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Starts an attempt per address, each `NEXT_ATTEMPT_DELAY` after the one before or at
/// once when the one before failed; the first to connect wins and the rest are dropped.
async fn race(addresses: &[SocketAddr]) -> io::Result<TcpStream> {
    type Attempt = Pin<Box<dyn std::future::Future<Output = io::Result<TcpStream>> + Send>>;
    let mut pending: FuturesUnordered<Attempt> = FuturesUnordered::new();
    let mut next = addresses.iter();
    let mut last_error = None;
    loop {
        if let Some(&address) = next.next() {
            pending.push(Box::pin(TcpStream::connect(address)));
        } else if pending.is_empty() {
            return Err(last_error.unwrap_or_else(|| io::Error::other("no address could be reached")));
        }
        let more_to_start = next.len() > 0;
        let delay = tokio::time::sleep(NEXT_ATTEMPT_DELAY);
        tokio::pin!(delay);
        // Waits for a connection, a failure (the next address starts now), or, with
        // addresses left, the delay.
        tokio::select! {
            finished = pending.next(), if !pending.is_empty() => match finished {
                Some(Ok(stream)) => return Ok(stream),
                Some(Err(e)) => last_error = Some(e),
                None => {}
            },
            _ = &mut delay, if more_to_start => {}
            else => {}
        }
    }
}

/// Alternates address families, keeping the resolver's order within each family.
fn interleave_families(addresses: Vec<SocketAddr>) -> Vec<SocketAddr> {
    let first_is_v6 = addresses.first().is_some_and(SocketAddr::is_ipv6);
    let (mut preferred, mut other): (Vec<_>, Vec<_>) = addresses.into_iter().partition(|a| a.is_ipv6() == first_is_v6);
    let mut out = Vec::with_capacity(preferred.len() + other.len());
    preferred.reverse();
    other.reverse();
    while !preferred.is_empty() || !other.is_empty() {
        out.extend(preferred.pop());
        out.extend(other.pop());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    fn addr(text: &str) -> SocketAddr {
        text.parse().unwrap()
    }

    #[test]
    fn families_alternate_starting_with_the_resolvers_first() {
        let got = interleave_families(vec![addr("[::1]:1"), addr("[::2]:1"), addr("[::3]:1"), addr("10.0.0.1:1")]);
        assert_eq!(got, vec![addr("[::1]:1"), addr("10.0.0.1:1"), addr("[::2]:1"), addr("[::3]:1")]);
    }

    #[tokio::test]
    async fn a_refused_address_falls_through_to_the_next_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let open = listener.local_addr().unwrap();
        // A port just released: connecting to it is refused.
        let refused = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
        let started = std::time::Instant::now();
        race(&[refused, open]).await.expect("the second address connects");
        assert!(started.elapsed() < NEXT_ATTEMPT_DELAY, "a refusal does not wait for the delay");
    }

    #[tokio::test]
    async fn an_address_that_never_answers_costs_only_the_delay() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let open = listener.local_addr().unwrap();
        // A listener whose accept queue (one place, backlog 0) is full drops further
        // SYNs, so a connect to it stays pending, as to a black-holed address.
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(addr("127.0.0.1:0")).unwrap();
        let full = socket.listen(0).unwrap();
        let silent = full.local_addr().unwrap();
        let _filler = TcpStream::connect(silent).await.unwrap();
        let started = std::time::Instant::now();
        race(&[silent, open]).await.expect("the second address connects");
        let waited = started.elapsed();
        assert!(waited >= NEXT_ATTEMPT_DELAY, "the second attempt starts after the delay, not at once ({waited:?})");
        assert!(waited < Duration::from_secs(1), "and not after the first gave up ({waited:?})");
    }
}
