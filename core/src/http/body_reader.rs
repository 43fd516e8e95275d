//! Reads a streamed response body ahead of its consumer, in a task of its own.
//!
//! A body is read when asked, so a consumer that reads only when asked finds at most
//! one read waiting, and a binding then crosses its language boundary once per event.
//! Reading ahead into a bounded queue lets the consumer take everything that arrived
//! while it was busy in one batch, and keeps the socket drained meanwhile (a receive
//! window left to fill stalls the sender: reading only on demand made Python streams
//! about a third slower). The queue is bounded, so a slow consumer still slows the sender down.
//! Dropping the reader ends the task, which drops the response and so closes the
//! connection, even while the task waits for the server.

use bytes::Bytes;
use tokio::sync::mpsc;

use crate::http::body::Body;
use crate::error::Error;
use crate::http::pool::HttpResponse;

/// How many network reads may wait for the consumer.
const QUEUE_READS: usize = 256;

pub(crate) enum BodyPiece {
    Bytes(Bytes),
    /// The body ended cleanly.
    End,
    /// The connection failed (cut, reset) before the body ended.
    Failed(Error),
}

pub(crate) struct BodyReader {
    queue: mpsc::Receiver<BodyPiece>,
}

impl BodyReader {
    /// Starts reading `response` on the current tokio runtime.
    pub(crate) fn spawn(response: HttpResponse) -> BodyReader {
        let (sender, queue) = mpsc::channel(QUEUE_READS);
        tokio::spawn(pump(response.into_body(), sender));
        BodyReader { queue }
    }

    /// The next piece, waiting for it. `None` if the reading task died without saying
    /// how the body ended (a panic in it).
    pub(crate) async fn next(&mut self) -> Option<BodyPiece> {
        self.queue.recv().await
    }

    /// The next piece if one is already waiting.
    pub(crate) fn try_next(&mut self) -> Option<BodyPiece> {
        self.queue.try_recv().ok()
    }
}

async fn pump(mut body: Body, sender: mpsc::Sender<BodyPiece>) {
    loop {
        let piece = tokio::select! {
            biased;
            _ = sender.closed() => return,
            chunk = body.next_chunk() => match chunk {
                Ok(Some(bytes)) => BodyPiece::Bytes(bytes),
                Ok(None) => BodyPiece::End,
                Err(e) => BodyPiece::Failed(e),
            },
        };
        let last = !matches!(piece, BodyPiece::Bytes(_));
        if sender.send(piece).await.is_err() || last {
            return;
        }
    }
}
