//! What the proxy can do to one request, and how often it does each.

use std::time::Duration;

/// A stall lasts longer than any per-attempt timeout or stream idle timeout the drivers
/// set, so it always ends on the client's side.
pub const STALL: Duration = Duration::from_secs(4);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Forward to the mock and back, unchanged.
    Pass,
    /// Forward, but write the answer back in small pieces with short pauses.
    Drip,
    /// Close the client's connection with a TCP reset before any byte of an answer.
    ResetBeforeHead,
    /// Close it cleanly before any byte of an answer.
    CloseBeforeHead,
    /// Forward the head and half the body, then close.
    CutMidBody,
    /// Forward the head and half the body, then send nothing for `STALL`, then close.
    Stall,
    /// Answer with bytes that are not HTTP.
    Garbage,
    /// Answer with this status, without asking the mock.
    Status(StatusFault),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusFault {
    pub status: u16,
    /// A `retry-after` (seconds) or `retry-after-ms` header, as (name, value).
    pub retry_after: Option<(&'static str, &'static str)>,
    /// An HTML error page (as a load balancer sends) instead of the gateway's JSON.
    pub html: bool,
}

const fn status(status: u16, retry_after: Option<(&'static str, &'static str)>, html: bool) -> Fault {
    Fault::Status(StatusFault { status, retry_after, html })
}

/// Each fault with its weight (out of 100): a little over half the requests pass.
pub const TABLE: &[(Fault, u32)] = &[
    (Fault::Pass, 52),
    (Fault::Drip, 5),
    (Fault::ResetBeforeHead, 4),
    (Fault::CloseBeforeHead, 3),
    (Fault::CutMidBody, 6),
    (Fault::Stall, 3),
    (Fault::Garbage, 3),
    (status(429, Some(("retry-after", "1")), false), 4),
    (status(429, None, false), 3),
    (status(500, None, false), 4),
    (status(502, None, true), 4),
    (status(503, Some(("retry-after-ms", "200")), false), 3),
    (status(529, None, false), 3),
    (status(500, None, true), 3),
];

impl Fault {
    /// Draws one fault by the table's weights.
    pub fn draw(rng: &mut fastrand::Rng) -> Fault {
        let total: u32 = TABLE.iter().map(|(_, w)| w).sum();
        let mut pick = rng.u32(0..total);
        for (fault, weight) in TABLE {
            if pick < *weight {
                return *fault;
            }
            pick -= weight;
        }
        Fault::Pass
    }

    /// A short stable name, for the proxy's counts.
    pub fn name(&self) -> String {
        match self {
            Fault::Pass => "pass".into(),
            Fault::Drip => "drip".into(),
            Fault::ResetBeforeHead => "reset_before_head".into(),
            Fault::CloseBeforeHead => "close_before_head".into(),
            Fault::CutMidBody => "cut_mid_body".into(),
            Fault::Stall => "stall".into(),
            Fault::Garbage => "garbage".into(),
            Fault::Status(s) => {
                let kind = if s.html { "html" } else { "json" };
                match s.retry_after {
                    Some((name, value)) => format!("{}_{kind}_{name}_{value}", s.status),
                    None => format!("{}_{kind}", s.status),
                }
            }
        }
    }
}

impl StatusFault {
    /// The whole answer: head and body, `connection: close`.
    pub fn answer(&self) -> Vec<u8> {
        let (content_type, body) = if self.html {
            ("text/html", format!("<html><head><title>{0}</title></head><body><h1>{0} Bad Gateway</h1><hr>nginx</body></html>", self.status))
        } else if self.status == 529 {
            ("application/json", r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.to_string())
        } else {
            ("application/json", format!(r#"{{"error":{{"message":"soak fault {}","type":"upstream_error","param":null,"code":null}}}}"#, self.status))
        };
        let mut head = format!("HTTP/1.1 {} Soak\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n", self.status, body.len());
        if let Some((name, value)) = self.retry_after {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        out.extend_from_slice(body.as_bytes());
        out
    }
}
