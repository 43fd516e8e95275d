//! The fault-injecting proxy. Each connection carries one request: the proxy reads it,
//! counts it under its `x-soak-call` id, draws a fault (faults.rs) and either answers
//! itself (a status, garbage, a reset) or forwards the request to the mock with
//! `connection: close`, reads the whole answer and hands it back whole, dripped, cut or
//! stalled. `GET /__soak/stats` answers the counts as JSON.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::faults::{Fault, STALL};
use crate::request::{head_end, header, read_request, request_line, with_connection_close, Request};

#[derive(Default)]
pub struct Stats {
    connections: AtomicU64,
    per_call: Mutex<HashMap<String, u32>>,
    faults: Mutex<BTreeMap<String, u64>>,
}

impl Stats {
    fn json(&self) -> Vec<u8> {
        let per_call = self.per_call.lock().unwrap().clone();
        let faults = self.faults.lock().unwrap().clone();
        serde_json::to_vec(&json!({
            "connections": self.connections.load(Ordering::Relaxed),
            "requests": per_call.values().map(|&n| u64::from(n)).sum::<u64>(),
            "faults": faults,
            "per_call": per_call,
        }))
        .unwrap()
    }
}

/// Serves until the listener's task is dropped; `seed` makes the fault sequence
/// reproducible for a given order of connections.
pub async fn serve(listener: TcpListener, upstream: SocketAddr, seed: u64) {
    let stats = Arc::new(Stats::default());
    loop {
        let Ok((client, _)) = listener.accept().await else { continue };
        let n = stats.connections.fetch_add(1, Ordering::Relaxed);
        let mut rng = fastrand::Rng::with_seed(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let stats = stats.clone();
        tokio::spawn(async move {
            let _ = client.set_nodelay(true);
            handle(client, upstream, &mut rng, &stats).await;
        });
    }
}

async fn handle(mut client: TcpStream, upstream: SocketAddr, rng: &mut fastrand::Rng, stats: &Stats) {
    let Some(request) = read_request(&mut client).await else { return };
    let (method, path) = request_line(&request.head);
    if path.starts_with("/__soak/stats") && method == "GET" {
        let body = stats.json();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
        let _ = client.write_all(head.as_bytes()).await;
        let _ = client.write_all(&body).await;
        return;
    }
    // Only calls that name themselves get faults; anything else (a driver's warm-up,
    // the mock's control routes) passes untouched.
    let call = header(&request.head, "x-soak-call").map(str::to_string);
    let fault = match &call {
        Some(_) => Fault::draw(rng),
        None => Fault::Pass,
    };
    if let Some(call) = call {
        *stats.per_call.lock().unwrap().entry(call).or_insert(0) += 1;
        *stats.faults.lock().unwrap().entry(fault.name()).or_insert(0) += 1;
    }
    match fault {
        Fault::ResetBeforeHead => {
            let _ = socket2::SockRef::from(&client).set_linger(Some(Duration::ZERO));
        }
        Fault::CloseBeforeHead => {}
        Fault::Garbage => {
            let bytes: Vec<u8> = (0..rng.usize(1..256)).map(|_| rng.u8(..)).collect();
            let _ = client.write_all(&bytes).await;
        }
        Fault::Status(status) => {
            let _ = client.write_all(&status.answer()).await;
        }
        Fault::Pass | Fault::Drip | Fault::CutMidBody | Fault::Stall => {
            let Some(answer) = forward(&request, upstream).await else { return };
            let body_at = head_end(&answer).unwrap_or(answer.len());
            let (head, body) = answer.split_at(body_at);
            let head = with_connection_close(head);
            let _ = deliver(&mut client, fault, &head, body, rng).await;
        }
    }
}

/// The mock's whole answer to the request (head and body), read until it closes.
async fn forward(request: &Request, upstream: SocketAddr) -> Option<Vec<u8>> {
    let mut mock = TcpStream::connect(upstream).await.ok()?;
    mock.write_all(&with_connection_close(&request.head)).await.ok()?;
    mock.write_all(&request.body).await.ok()?;
    let mut answer = Vec::new();
    mock.read_to_end(&mut answer).await.ok()?;
    Some(answer)
}

async fn deliver(client: &mut TcpStream, fault: Fault, head: &[u8], body: &[u8], rng: &mut fastrand::Rng) -> std::io::Result<()> {
    match fault {
        Fault::Drip => {
            let whole = [head, body].concat();
            for piece in whole.chunks(rng.usize(1..64)) {
                client.write_all(piece).await?;
                tokio::time::sleep(Duration::from_micros(rng.u64(0..1500))).await;
            }
        }
        Fault::CutMidBody => {
            client.write_all(head).await?;
            client.write_all(&body[..body.len() / 2]).await?;
        }
        Fault::Stall => {
            client.write_all(head).await?;
            client.write_all(&body[..body.len() / 2]).await?;
            // Ends early if the client gives up (as it should, on its timeout).
            let mut probe = [0u8; 1];
            let _ = tokio::time::timeout(STALL, client.read(&mut probe)).await;
        }
        _ => {
            client.write_all(head).await?;
            client.write_all(body).await?;
        }
    }
    client.flush().await
}
