//! The server: bind, accept, one hyper HTTP/1.1 connection task per socket, and
//! shutdown when the `MockServer` handle is dropped.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::conn_io::ConnStream;
use crate::routes::control;
use crate::service;
use crate::state::State;

/// How a server is set up.
#[derive(Clone, Debug, Default)]
pub struct MockConfig {
    /// `Some(key)`: only this key is accepted. `None`: any non-empty key.
    pub api_key: Option<String>,
}

/// A running mock gateway. Dropping it stops it: the listener closes and every open
/// connection is cut.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    /// Dropping the sender is the stop signal every task listens for.
    shutdown: Option<watch::Sender<()>>,
    /// Set when the server runs its own runtime (`start_blocking`).
    thread: Option<std::thread::JoinHandle<()>>,
}

const LOOPBACK_ANY_PORT: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST), 0);

impl MockServer {
    /// Starts on 127.0.0.1 with a free port, accepting any non-empty key, on the
    /// caller's tokio runtime.
    ///
    /// # Panics
    /// If no loopback port can be bound (the machine is unusable for tests then).
    pub async fn start() -> MockServer {
        MockServer::start_with(MockConfig::default()).await
    }

    /// Like [`MockServer::start`], with a configuration.
    ///
    /// # Panics
    /// If no loopback port can be bound.
    pub async fn start_with(config: MockConfig) -> MockServer {
        match MockServer::bind(LOOPBACK_ANY_PORT, config).await {
            Ok(server) => server,
            Err(e) => panic!("tokenhot-mock: cannot bind 127.0.0.1:0: {e}"),
        }
    }

    /// Starts on a given address (the binary's `--port`), on the caller's runtime.
    pub async fn bind(addr: SocketAddr, config: MockConfig) -> io::Result<MockServer> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(config.api_key));
        let (shutdown, stopped) = watch::channel(());
        start_vendor(&state, addr, stopped.clone()).await?;
        tokio::spawn(accept_loop(listener, state.clone(), stopped));
        Ok(MockServer {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: None,
        })
    }

    /// Starts on 127.0.0.1 with a free port, on a runtime of its own in a background
    /// thread, for callers without a runtime (benchmarks, plain `#[test]`s).
    ///
    /// # Panics
    /// If the runtime cannot be built or no loopback port can be bound.
    pub fn start_blocking() -> MockServer {
        MockServer::start_blocking_with(MockConfig::default())
    }

    /// Like [`MockServer::start_blocking`], with a configuration.
    ///
    /// # Panics
    /// If the runtime cannot be built or no loopback port can be bound.
    pub fn start_blocking_with(config: MockConfig) -> MockServer {
        let state = Arc::new(State::new(config.api_key));
        let (shutdown, stopped) = watch::channel(());
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<io::Result<SocketAddr>>();
        let thread_state = state.clone();
        let thread = std::thread::Builder::new()
            .name("tokenhot-mock".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .thread_name("tokenhot-mock-worker")
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let bound = TcpListener::bind(LOOPBACK_ANY_PORT)
                        .await
                        .and_then(|l| l.local_addr().map(|a| (l, a)));
                    match bound {
                        Ok((listener, addr)) => {
                            if let Err(e) = start_vendor(&thread_state, addr, stopped.clone()).await {
                                let _ = ready_tx.send(Err(e));
                                return;
                            }
                            let _ = ready_tx.send(Ok(addr));
                            accept_loop(listener, thread_state, stopped).await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
                // Dropping the runtime here cancels the remaining connection tasks.
            });
        let thread = match thread {
            Ok(thread) => thread,
            Err(e) => panic!("tokenhot-mock: cannot spawn the server thread: {e}"),
        };
        match ready_rx.recv() {
            Ok(Ok(addr)) => MockServer {
                addr,
                state,
                shutdown: Some(shutdown),
                thread: Some(thread),
            },
            Ok(Err(e)) => panic!("tokenhot-mock: cannot start: {e}"),
            Err(_) => panic!("tokenhot-mock: the server thread died while starting"),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Same as `POST /__mock/script` for `session` (`""` is the default session):
    /// queues the answers, or returns the message naming the malformed field.
    /// Returns how many answers wait in the session's queue.
    pub fn script(&self, session: &str, answers: &serde_json::Value) -> Result<usize, String> {
        control::queue_script(&self.state, session, answers.to_string().as_bytes())
            .map_err(|e| e.to_string())
    }

    /// Same as `GET /__mock/requests` for `session`: the JSON array of logged requests.
    pub fn requests(&self, session: &str) -> serde_json::Value {
        control::requests_json(&self.state, session)
    }

    /// Same as `POST /__mock/reset` for `session`.
    pub fn reset(&self, session: &str) {
        control::reset(&self.state, session);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shutdown.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The second listener, playing a video vendor's host (another origin than the
/// gateway, so a client must not send it the key); it serves the same routes.
async fn start_vendor(state: &Arc<State>, gateway: SocketAddr, stopped: watch::Receiver<()>) -> io::Result<()> {
    let listener = TcpListener::bind(LOOPBACK_ANY_PORT).await?;
    let _ = state.videos.vendor.set(listener.local_addr()?);
    let _ = state.videos.gateway.set(gateway);
    tokio::spawn(accept_loop(listener, state.clone(), stopped));
    Ok(())
}

async fn accept_loop(listener: TcpListener, state: Arc<State>, mut stopped: watch::Receiver<()>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                }
            },
            _ = stopped.changed() => return,
        };
        tokio::spawn(serve_connection(stream, state.clone(), stopped.clone()));
    }
}

async fn serve_connection(stream: TcpStream, state: Arc<State>, mut stopped: watch::Receiver<()>) {
    // Streamed answers are many small writes; Nagle would hold them back.
    let _ = stream.set_nodelay(true);
    let (io, flushes) = ConnStream::new(stream);
    let service =
        service_fn(move |request| service::handle(state.clone(), flushes.clone(), request));
    let connection = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(io), service);
    tokio::select! {
        _ = connection => {}
        _ = stopped.changed() => {}
    }
}
