//! One line per attempt (method, URL, attempt, outcome, elapsed; at debug the sent
//! headers too), through the `log` facade under the target `tokenhot`, so a Rust app's
//! `env_logger` or `tracing` sees it and the Python package forwards it to `logging`;
//! with `TOKENHOT_LOG=info|debug` also on stderr (unless a binding routes it itself).
//! Secrets never appear: credential headers are redacted, bodies are not logged at all.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use http::HeaderMap;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Off,
    Info,
    Debug,
}

fn level() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(|| match std::env::var("TOKENHOT_LOG").unwrap_or_default().to_ascii_lowercase().as_str() {
        "debug" | "trace" => Level::Debug,
        "info" => Level::Info,
        _ => Level::Off,
    })
}

const SECRET_HEADERS: &[&str] = &["authorization", "x-api-key", "x-goog-api-key", "api-key", "cookie", "set-cookie", "proxy-authorization"];

/// The headers as `name: value` pairs with every credential replaced.
pub(crate) fn redacted(headers: &HeaderMap) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if SECRET_HEADERS.contains(&name.as_str()) { "<redacted>" } else { value.to_str().unwrap_or("<binary>") };
            format!("{name}: {shown}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The URL with the values of key-like query parameters (`?key=` is how Google's own
/// API takes a key) replaced.
fn redacted_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else { return url.to_string() };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if ["key", "api_key", "api-key", "access_token"].contains(&name.to_ascii_lowercase().as_str()) => {
                format!("{name}=<redacted>")
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

static STDERR: AtomicBool = AtomicBool::new(true);

/// Whether `TOKENHOT_LOG` writes to stderr from here. A binding that routes the `log`
/// records itself (Python: to `logging`, which has its own stderr handler for
/// `TOKENHOT_LOG`) turns this off, so no line is written twice.
pub fn log_to_stderr(on: bool) {
    STDERR.store(on, Ordering::Relaxed);
}

fn stderr_level() -> Level {
    if STDERR.load(Ordering::Relaxed) {
        level()
    } else {
        Level::Off
    }
}

fn facade_wants(level: ::log::Level) -> bool {
    ::log::log_enabled!(target: "tokenhot", level)
}

/// Whether attempts are logged at all (callers skip formatting when not).
pub(crate) fn enabled() -> bool {
    stderr_level() != Level::Off || facade_wants(::log::Level::Info)
}

/// Logs one finished attempt.
pub(crate) fn attempt(method: &http::Method, url: &str, attempt: u32, outcome: &str, elapsed: Duration, sent: &HeaderMap) {
    let to_stderr = stderr_level();
    if to_stderr == Level::Off && !facade_wants(::log::Level::Info) {
        return;
    }
    let url = redacted_url(url);
    let short = format!("{method} {url} attempt {attempt}: {outcome} in {elapsed:.1?}");
    let long = || format!("{short} [sent {}]", redacted(sent));
    // A logger may only learn its real level from the first record (pyo3-log caches
    // Python's levels that way): a debug record it then drops is sent again at info.
    let mut logged = false;
    if facade_wants(::log::Level::Debug) {
        ::log::debug!(target: "tokenhot", "{}", long());
        logged = facade_wants(::log::Level::Debug);
    }
    if !logged && facade_wants(::log::Level::Info) {
        ::log::info!(target: "tokenhot", "{short}");
    }
    match to_stderr {
        Level::Off => {}
        Level::Info => eprintln!("tokenhot: {short}"),
        Level::Debug => eprintln!("tokenhot: {}", long()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted() {
        let mut h = HeaderMap::new();
        h.insert("authorization", "Bearer sk-secret".parse().unwrap());
        h.insert("x-goog-api-key", "sk-secret2".parse().unwrap());
        h.insert("x-trace", "visible".parse().unwrap());
        let shown = redacted(&h);
        assert!(!shown.contains("sk-secret"), "{shown}");
        assert!(shown.contains("x-trace: visible"));
        assert_eq!(redacted_url("http://h/p?alt=sse&key=sk-1"), "http://h/p?alt=sse&key=<redacted>");
    }
}
