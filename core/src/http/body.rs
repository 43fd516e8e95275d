//! A response body, read piece by piece or whole, however its connection speaks.

use std::sync::Weak;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;

use crate::error::{Error, Result};
use crate::http::h1::body::Decoder;
use crate::http::h1::H1Conn;
use crate::http::pool::{check_in, Origin, Parts};

pub(crate) enum Body {
    Empty,
    H1(H1Body),
    H2(Incoming),
}

/// An HTTP/1.1 body, and where its connection goes once the body has been read.
pub(crate) struct H1Body {
    /// `None` once the body has ended.
    conn: Option<H1Conn>,
    decoder: Decoder,
    /// The pool to give the connection back to, if it may carry another request.
    home: Option<(Weak<Parts>, Origin)>,
}

impl H1Body {
    pub(crate) fn new(conn: H1Conn, decoder: Decoder, home: Option<(Weak<Parts>, Origin)>) -> H1Body {
        H1Body { conn: Some(conn), decoder, home }
    }

    /// The body has been read to its end: the connection may carry the next request.
    fn ended(&mut self) {
        let conn = self.conn.take();
        if let (Some(conn), Some((pool, origin))) = (conn, self.home.take()) {
            if let Some(parts) = pool.upgrade() {
                check_in(&parts, origin, conn);
            }
        }
    }
}

impl Body {
    /// The next piece, `None` at the body's clean end.
    pub(crate) async fn next_chunk(&mut self) -> Result<Option<Bytes>> {
        match self {
            Body::Empty => Ok(None),
            Body::H1(body) => {
                let Some(conn) = body.conn.as_mut() else { return Ok(None) };
                let chunk = conn.next_chunk(&mut body.decoder).await.map_err(cut)?;
                if chunk.is_none() {
                    body.ended();
                }
                Ok(chunk)
            }
            Body::H2(incoming) => next_h2_chunk(incoming).await.map_err(cut),
        }
    }

    /// The whole (rest of the) body.
    pub(crate) async fn read_to_end(self) -> Result<Bytes> {
        match self {
            Body::Empty => Ok(Bytes::new()),
            Body::H1(mut body) => {
                let Some(conn) = body.conn.as_mut() else { return Ok(Bytes::new()) };
                let all = conn.read_to_end(&mut body.decoder).await.map_err(cut)?;
                body.ended();
                Ok(all)
            }
            Body::H2(incoming) => Ok(incoming.collect().await.map_err(cut)?.to_bytes()),
        }
    }
}

/// A body that failed part-way: the connection was cut (or reset, or sent garbage).
fn cut<E: std::error::Error + Send + Sync + 'static>(e: E) -> Error {
    Error::connection_failed("the connection was cut while reading the answer", e)
}

/// The next data frame of an HTTP/2 body (its trailers are skipped).
async fn next_h2_chunk(body: &mut Incoming) -> std::result::Result<Option<Bytes>, hyper::Error> {
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            return Ok(Some(data));
        }
    }
    Ok(None)
}
