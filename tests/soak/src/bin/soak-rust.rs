//! The Rust driver of the fault soak (tests/soak/README.md): N mixed calls through the
//! fault proxy, C at a time, then the checks every driver makes. Prints one JSON summary
//! line and exits 1 if a check failed.
//!
//!     soak-rust --proxy http://127.0.0.1:PORT --calls 5000 [--concurrency 32]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokenhot::api::chat::{ChatCompletionRequest, ChatMessage};
use tokenhot::api::gemini::GenerateContentRequest;
use tokenhot::api::messages::{MessageCreateRequest, MessageParam};
use tokenhot::api::responses::ResponseRequest;
use tokenhot::{Client, ErrorKind, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use futures_util::StreamExt;
use tokio::sync::Semaphore;

// The same budget in every driver: per-attempt timeout, idle timeout, retries; a call
// may take at most every attempt's timeout plus the longest backoffs (two retry-after
// waits of 1 s + 10 % jitter), and the check allows one second more.
const TIMEOUT: Duration = Duration::from_secs(2);
const IDLE: Duration = Duration::from_secs(1);
const MAX_RETRIES: u32 = 2;
const DEADLINE: Duration = Duration::from_millis(3 * 2000 + 2 * 1100 + 1000);
/// RSS growth is judged only over a window long enough that warm-up is noise.
const RSS_WINDOW: usize = 2000;
const EXPECTED: &str = "chunk0 chunk1 chunk2";

/// What one call ended in: the text it got, or the error's class.
enum Outcome {
    Text(String),
    Error(ErrorKind),
}

fn arg(name: &str, default: Option<&str>) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .or(default.map(str::to_string))
        .unwrap_or_else(|| panic!("{name} is required"))
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

async fn call(client: &Client, kind: usize, id: &str) -> Outcome {
    let options = RequestOptions::new().header("x-soak-call", id);
    let chat = ChatCompletionRequest::new("gpt-5.2", vec![ChatMessage::user("Say hello")]);
    let gemini = GenerateContentRequest::text("Say hello");
    let responses = ResponseRequest::new("gpt-5.2", "Say hello");
    let claude = MessageCreateRequest::new("claude-sonnet-4-5", 64, vec![MessageParam::user("Say hello")]);
    let result: tokenhot::Result<String> = async {
        Ok(match kind {
            0 => client.chat().completions().create_with(&chat, &options).await?.text().unwrap_or_default().to_string(),
            1 => {
                let mut stream = client.chat().completions().stream_with(&chat, &options).await?;
                let mut text = String::new();
                while let Some(chunk) = stream.next().await {
                    for choice in &chunk?.choices {
                        text.push_str(choice.delta.content.as_deref().unwrap_or(""));
                    }
                }
                text
            }
            2 => client.gemini().generate_content_with("gemini-2.5-flash", &gemini, &options).await?.text().unwrap_or_default(),
            3 => {
                let mut stream = client.gemini().stream_generate_content_with("gemini-2.5-flash", &gemini, &options).await?;
                let mut text = String::new();
                while let Some(chunk) = stream.next().await {
                    text.push_str(&chunk?.text().unwrap_or_default());
                }
                text
            }
            4 => client.responses().create_with(&responses, &options).await?.output_text(),
            5 => {
                let mut stream = client.responses().stream_with(&responses, &options).await?;
                let mut text = String::new();
                let mut pieces = stream.text();
                while let Some(piece) = pieces.next().await {
                    text.push_str(&piece?);
                }
                text
            }
            6 => client.messages().create_with(&claude, &options).await?.text(),
            _ => {
                let mut stream = client.messages().stream_with(&claude, &options).await?;
                let mut text = String::new();
                let mut pieces = stream.text();
                while let Some(piece) = pieces.next().await {
                    text.push_str(&piece?);
                }
                text
            }
        })
    }
    .await;
    match result {
        Ok(text) => Outcome::Text(text),
        Err(e) => Outcome::Error(e.kind()),
    }
}

async fn proxy_stats(proxy: &str) -> Value {
    let addr = proxy.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("proxy stats");
    stream.write_all(b"GET /__soak/stats HTTP/1.1\r\nhost: soak\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let at = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("stats head") + 4;
    serde_json::from_slice(&answer[at..]).expect("stats JSON")
}

fn build(base_url: &str) -> Client {
    let key = std::env::var("TOKENHOT_TEST_KEY").unwrap_or_else(|_| "sk-soak".into());
    Client::builder()
        .api_key(key)
        .base_url(base_url)
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(1))
        .stream_idle_timeout(IDLE)
        .max_retries(MAX_RETRIES)
        .build()
        .expect("client")
}

#[tokio::main]
async fn main() {
    let proxy = arg("--proxy", None);
    let calls: usize = arg("--calls", Some("5000")).parse().expect("--calls");
    let concurrency: usize = arg("--concurrency", Some("32")).parse().expect("--concurrency");
    // A port nobody listens on: 2 % of calls meet a refused connection.
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    // Warm-up on a client of its own (runtime threads, resolver), then the baseline.
    {
        let warm = build(&proxy);
        let _ = warm.chat().completions().create(&ChatCompletionRequest::new("gpt-5.2", vec![ChatMessage::user("hi")])).await;
    }
    let fds_start = open_fds();
    let started = Instant::now();
    let client = build(&proxy);
    let dead = build(&refused);
    let gate = Arc::new(Semaphore::new(concurrency));
    // Each call reports on a channel and its task is detached, so a finished call's memory
    // is freed at once (a held JoinHandle keeps its task alive); a call that panicked
    // never reports, so the missing reports count the panics.
    let (report, mut reports) = tokio::sync::mpsc::unbounded_channel();
    let mut rss_mid = 0;
    for i in 0..calls {
        if i == calls / 2 {
            rss_mid = rss_kb();
        }
        let permit = gate.clone().acquire_owned().await.unwrap();
        let client = if i % 50 == 49 { dead.clone() } else { client.clone() };
        let report = report.clone();
        tokio::spawn(async move {
            let begun = Instant::now();
            let outcome = call(&client, i % 8, &format!("rust-{}-{i}", std::process::id())).await;
            drop(permit);
            let _ = report.send((outcome, begun.elapsed()));
        });
    }
    drop(report);
    let mut ok = 0;
    let mut wrong = 0;
    let mut late = 0;
    let mut reported = 0;
    let mut slowest = Duration::ZERO;
    let mut errors: BTreeMap<&'static str, u32> = BTreeMap::new();
    while let Some((outcome, elapsed)) = reports.recv().await {
        reported += 1;
        slowest = slowest.max(elapsed);
        late += u32::from(elapsed > DEADLINE);
        match outcome {
            Outcome::Text(text) if text == EXPECTED => ok += 1,
            Outcome::Text(_) => wrong += 1,
            Outcome::Error(kind) => *errors.entry(kind.class_name()).or_insert(0) += 1,
        }
    }
    let panics = calls - reported;
    let rss_end = rss_kb();
    drop(client);
    drop(dead);
    // Closing is asynchronous (the pool's sockets close on its tasks): wait for the
    // count to come back, with a deadline.
    let closing = Instant::now();
    while open_fds() > fds_start && closing.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let fds_end = open_fds();
    let stats = proxy_stats(&proxy).await;
    let per_call = stats["per_call"].as_object().cloned().unwrap_or_default();
    let mine: Vec<u64> = per_call.iter().filter(|(k, _)| k.starts_with(&format!("rust-{}-", std::process::id()))).map(|(_, v)| v.as_u64().unwrap_or(0)).collect();
    let max_requests = mine.iter().copied().max().unwrap_or(0);
    let documented = ["InternalServerError", "RateLimitError", "APIConnectionError", "APITimeoutError", "APIError", "StreamError"];
    let undocumented: u32 = errors.iter().filter(|(k, _)| !documented.contains(k)).map(|(_, n)| n).sum();
    let growth = if rss_mid == 0 { 0.0 } else { (rss_end as f64 - rss_mid as f64) / rss_mid as f64 * 100.0 };
    let passed = wrong == 0 && late == 0 && panics == 0 && undocumented == 0 && fds_end <= fds_start && (calls < RSS_WINDOW || growth < 5.0) && max_requests <= u64::from(MAX_RETRIES) + 1 && ok > 0;
    let summary = json!({
        "language": "rust", "calls": calls, "ok": ok, "errors": errors, "wrong_results": wrong,
        "late": late, "slowest_s": slowest.as_secs_f64(), "panics": panics, "undocumented_errors": undocumented,
        "fds_start": fds_start, "fds_end": fds_end, "rss_mid_kb": rss_mid, "rss_end_kb": rss_end,
        "rss_growth_pct": (growth * 100.0).round() / 100.0, "max_requests_per_call": max_requests,
        "seconds": started.elapsed().as_secs_f64(), "passed": passed,
    });
    println!("{summary}");
    std::process::exit(if passed { 0 } else { 1 });
}
