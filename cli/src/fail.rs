//! A failed command as one line on stderr, and the exit status CONTRACT.md gives it.

use std::io::Write;

use tokenhot::ErrorKind;

use crate::term::Term;

/// Exit statuses.
pub mod exit {
    pub const OK: i32 = 0;
    /// The gateway answered with an error (or a stream carried one, or a task failed).
    pub const API_ERROR: i32 = 1;
    pub const BAD_ARGUMENTS: i32 = 2;
    /// Connect failure, cut connection, timeout.
    pub const CONNECTION: i32 = 3;
    /// Ctrl-C (128 + SIGINT, what a shell reports for a process the signal ended).
    pub const INTERRUPTED: i32 = 130;
}

#[derive(Debug)]
pub(crate) enum Failure {
    /// Any error of the core library, classified by its kind.
    Api(tokenhot::Error),
    /// An argument that clap accepted but the command cannot use.
    Usage(String),
    /// Ctrl-C; `note` is said on stderr first (e.g. how to resume a video task).
    Interrupted { note: Option<String> },
    /// stdout was closed by its reader (`tokenhot chat ... | head -1`): stop quietly.
    BrokenPipe,
    /// Anything else (a port that cannot be bound, a file that cannot be read).
    Other(String),
}

impl Failure {
    pub fn interrupted() -> Failure {
        Failure::Interrupted { note: None }
    }

    /// Maps an I/O error on our own output: a closed pipe is not worth a message.
    pub fn output(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Other(format!("cannot write the output: {e}"))
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Api(e) => match e.kind() {
                ErrorKind::InvalidArgument => exit::BAD_ARGUMENTS,
                ErrorKind::Connection | ErrorKind::Timeout => exit::CONNECTION,
                ErrorKind::Cancelled => exit::INTERRUPTED,
                _ => exit::API_ERROR,
            },
            Failure::Usage(_) => exit::BAD_ARGUMENTS,
            Failure::Interrupted { .. } => exit::INTERRUPTED,
            Failure::BrokenPipe => exit::OK,
            Failure::Other(_) => exit::API_ERROR,
        }
    }

    /// The one line for stderr (without a line break), `None` when nothing is said.
    pub fn line(&self, secrets: &[String]) -> Option<String> {
        let line = match self {
            Failure::Api(e) if e.kind() == ErrorKind::Cancelled => return None,
            Failure::Api(e) => api_line(e),
            Failure::Usage(message) => format!("error: {message}"),
            Failure::Interrupted { note } => note.clone()?,
            Failure::BrokenPipe => return None,
            Failure::Other(message) => format!("error: {message}"),
        };
        Some(redact(&one_line(&line), secrets))
    }

    /// Says the line (if any) and returns the exit status.
    pub fn report(&self, term: &Term, secrets: &[String]) -> i32 {
        if let Some(line) = self.line(secrets) {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "tokenhot: {}", term.error_style(&line));
        }
        self.exit_code()
    }
}

impl From<tokenhot::Error> for Failure {
    fn from(e: tokenhot::Error) -> Failure {
        Failure::Api(e)
    }
}

/// `AuthenticationError 401 (request id mock-req-3): Invalid token ...`, with the cause
/// of a connection error, which is what the user can act on.
fn api_line(e: &tokenhot::Error) -> String {
    let mut line = e.kind().class_name().to_string();
    if let Some(status) = e.status() {
        line.push_str(&format!(" {status}"));
    }
    if let Some(id) = e.request_id() {
        line.push_str(&format!(" (request id {id})"));
    }
    line.push_str(": ");
    line.push_str(e.message());
    if let Some(cause) = e.cause_text() {
        if !e.message().contains(&cause) {
            line.push_str(&format!(" ({cause})"));
        }
    }
    line
}

fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).filter(|part| !part.trim().is_empty()).collect::<Vec<_>>().join(" ")
}

fn redact(line: &str, secrets: &[String]) -> String {
    secrets.iter().fold(line.to_string(), |line, secret| line.replace(secret.as_str(), "[redacted]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_never_reaches_the_line() {
        let failure = Failure::Other("server said: bad key sk-very-secret\nsecond line".into());
        let line = failure.line(&["sk-very-secret".into()]).unwrap();
        assert_eq!(line, "error: server said: bad key [redacted] second line");
    }

    #[test]
    fn exit_codes_follow_the_error_class() {
        assert_eq!(Failure::Usage("x".into()).exit_code(), exit::BAD_ARGUMENTS);
        assert_eq!(Failure::interrupted().exit_code(), exit::INTERRUPTED);
        assert_eq!(Failure::BrokenPipe.exit_code(), exit::OK);
        assert_eq!(Failure::Api(tokenhot::Error::new(ErrorKind::Timeout, "t")).exit_code(), exit::CONNECTION);
        assert_eq!(Failure::Api(tokenhot::Error::new(ErrorKind::RateLimit, "r")).exit_code(), exit::API_ERROR);
        assert_eq!(Failure::Api(tokenhot::Error::new(ErrorKind::InvalidArgument, "a")).exit_code(), exit::BAD_ARGUMENTS);
    }
}
