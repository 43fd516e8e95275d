//! `tokenhot-bench <core|bare|ceiling> <workload> <base_url>`: one measurement, printed
//! as one JSON line. `core` is the tokenhot crate as a Rust user calls it; `bare` is
//! hyper's pooled client (the HTTP stack core uses) and serde_json with nothing around
//! them, the ceiling every binding is measured against; `ceiling` (streams only) is
//! what the mock itself can send (`ceiling.rs`). Workloads (sizes from the environment, as the other languages read them):
//! `sequential` (BENCH_CALLS), `concurrent` (BENCH_CALLS, BENCH_CONCURRENCY), `stream`
//! (BENCH_STREAMS of BENCH_CHUNKS chunks each), `inflight` (BENCH_INFLIGHT calls at once,
//! each held BENCH_DELAY_MS by the mock).

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use tokenhot::{Client, RequestOptions};

mod ceiling;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn body(stream: bool) -> Value {
    json!({"model": "gpt-5.2", "messages": [{"role": "user", "content": "Say hello"}], "stream": stream})
}

type Http = hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>;

/// A POST of `body` to `uri` with the headers a client sends.
fn post(uri: &hyper::Uri, body: &Value, extra: Option<(&str, &str)>) -> hyper::Request<Full<Bytes>> {
    let mut request = hyper::Request::post(uri.clone())
        .header("authorization", "Bearer sk-bench")
        .header("content-type", "application/json");
    if let Some((name, value)) = extra {
        request = request.header(name, value);
    }
    request.body(Full::new(Bytes::from(serde_json::to_vec(body).expect("encode")))).expect("request")
}

#[derive(Clone)]
enum Runner {
    Core(Client),
    Bare(Box<Http>, Arc<hyper::Uri>),
}

impl Runner {
    /// One call; `delay_ms` asks the mock to hold its answer (the in-flight workload).
    async fn call(&self, delay_ms: Option<&str>) {
        match self {
            Runner::Core(client) => {
                let mut options = RequestOptions::default();
                if let Some(delay) = delay_ms {
                    options = options.header("x-mock-delay-ms", delay);
                }
                let answer = client.chat().completions().create_raw(body(false), &options).await;
                assert!(answer.expect("call").get("choices").is_some());
            }
            Runner::Bare(http, uri) => {
                let request = post(uri, &body(false), delay_ms.map(|d| ("x-mock-delay-ms", d)));
                let response = http.request(request).await.expect("send");
                let bytes = response.into_body().collect().await.expect("body").to_bytes();
                let value: Value = serde_json::from_slice(&bytes).expect("json");
                assert!(value.get("choices").is_some());
            }
        }
    }

    /// Reads one streamed completion and returns how many chunks it had.
    async fn stream(&self, chunks: usize) -> usize {
        let header = ("x-mock-chunks", chunks.to_string());
        match self {
            Runner::Core(client) => {
                let options = RequestOptions::new().header(header.0, header.1);
                let mut s = client.chat().completions().stream_raw(body(true), &options).await.expect("stream");
                let mut n = 0;
                while let Some(batch) = s.next_batch().await.expect("batch") {
                    n += batch.len();
                }
                n
            }
            Runner::Bare(http, uri) => {
                let request = post(uri, &body(true), Some((header.0, &header.1)));
                let mut response = http.request(request).await.expect("send").into_body();
                let mut decoder = tokenhot::sse::SseDecoder::new();
                let mut events = Vec::new();
                let mut n = 0;
                while let Some(frame) = response.frame().await {
                    let Ok(bytes) = frame.expect("chunk").into_data() else { continue };
                    decoder.feed(&bytes, &mut events);
                    for event in events.drain(..) {
                        if event.data != "[DONE]" {
                            let _: Value = serde_json::from_str(&event.data).expect("json");
                            n += 1;
                        }
                    }
                }
                n
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, mode, workload, base_url] = args.as_slice() else {
        eprintln!("usage: tokenhot-bench <core|bare|ceiling> <sequential|concurrent|stream> <base_url>");
        std::process::exit(2);
    };
    if mode == "ceiling" {
        assert_eq!(workload, "stream", "the ceiling is measured for streams only");
        let (streams, chunks) = stream_sizes();
        let started = Instant::now();
        let base_url = base_url.clone();
        let total = tokio::task::spawn_blocking(move || ceiling::stream(&base_url, streams, chunks)).await.expect("ceiling");
        return print_result(total, "chunks", started);
    }
    let runner = match mode.as_str() {
        // A bounded timeout: a lost answer fails the run with a message instead of hanging.
        "core" => Runner::Core(
            Client::builder().api_key("sk-bench").base_url(base_url).timeout(std::time::Duration::from_secs(60)).build().expect("client"),
        ),
        "bare" => {
            let mut connector = HttpConnector::new();
            connector.set_nodelay(true);
            let http = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector);
            Runner::Bare(Box::new(http), Arc::new(format!("{base_url}/v1/chat/completions").parse().expect("uri")))
        }
        other => panic!("unknown mode {other}"),
    };
    let calls = env_number("BENCH_CALLS", 2000);
    let started = Instant::now();
    let (ops, unit) = match workload.as_str() {
        "sequential" => {
            for _ in 0..calls {
                runner.call(None).await;
            }
            (calls, "calls")
        }
        "concurrent" => {
            let concurrency = env_number("BENCH_CONCURRENCY", 64);
            stream::iter(0..calls).for_each_concurrent(concurrency, |_| runner.call(None)).await;
            (calls, "calls")
        }
        "inflight" => {
            let (inflight, delay) = (env_number("BENCH_INFLIGHT", 1000), std::env::var("BENCH_DELAY_MS").unwrap_or_else(|_| "2000".into()));
            stream::iter(0..inflight).for_each_concurrent(inflight, |_| runner.call(Some(&delay))).await;
            (inflight, "calls")
        }
        "stream" => {
            let (streams, chunks) = stream_sizes();
            let mut total = 0;
            for _ in 0..streams {
                total += runner.stream(chunks).await;
            }
            (total, "chunks")
        }
        other => panic!("unknown workload {other}"),
    };
    print_result(ops, unit, started);
}

/// `(BENCH_STREAMS, BENCH_CHUNKS)`: how many streams, of how many chunks each.
fn stream_sizes() -> (usize, usize) {
    (env_number("BENCH_STREAMS", 20), env_number("BENCH_CHUNKS", 1000))
}

/// The measurement's one JSON line, as the other languages print it.
fn print_result(ops: usize, unit: &str, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    println!("{}", json!({"ops": ops, "unit": unit, "seconds": seconds, "per_second": ops as f64 / seconds, "peak_rss_mib": peak_rss_mib()}));
}

/// The process's peak resident set, as the other languages report it.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kib.unwrap_or(f64::NAN) / 1024.0
}
