//! The one error taxonomy of CONTRACT.md. Both bindings map `ErrorKind::class_name()`
//! to their own exception classes, so the classification lives here and only here.

use std::fmt;

use http::HeaderMap;
use serde_json::Value;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which class of CONTRACT.md's error table an error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    BadRequest,
    Authentication,
    PermissionDenied,
    NotFound,
    Conflict,
    RequestTooLarge,
    UnprocessableEntity,
    RateLimit,
    InternalServer,
    /// Any other HTTP error status.
    Api,
    /// An error frame inside a stream that had already begun.
    Stream,
    /// Connect failure, cut connection, body ending early.
    Connection,
    /// Total, connect or stream idle timeout.
    Timeout,
    /// A video task that ended in failure.
    TaskFailed,
    /// The caller's arguments were rejected before any request was sent.
    InvalidArgument,
    /// The caller cancelled the call (Node's AbortSignal).
    Cancelled,
    /// A bug inside the library (a panic caught at a boundary).
    Internal,
}

impl ErrorKind {
    /// Classifies an HTTP error status (and the body's code, for the task routes'
    /// `400 task_not_exist`, which is a not-found in disguise).
    pub fn from_status(status: u16, code: Option<&Value>) -> ErrorKind {
        let task_missing = code.and_then(Value::as_str) == Some("task_not_exist");
        match status {
            400 if task_missing => ErrorKind::NotFound,
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            402 | 403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            413 => ErrorKind::RequestTooLarge,
            422 => ErrorKind::UnprocessableEntity,
            429 => ErrorKind::RateLimit,
            s if s >= 500 => ErrorKind::InternalServer,
            _ => ErrorKind::Api,
        }
    }

    /// The class name every language uses for this kind.
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "BadRequestError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::Conflict => "ConflictError",
            ErrorKind::RequestTooLarge => "RequestTooLargeError",
            ErrorKind::UnprocessableEntity => "UnprocessableEntityError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::InternalServer => "InternalServerError",
            ErrorKind::Api => "APIError",
            ErrorKind::Stream => "StreamError",
            ErrorKind::Connection => "APIConnectionError",
            ErrorKind::Timeout => "APITimeoutError",
            ErrorKind::TaskFailed => "TaskFailedError",
            ErrorKind::InvalidArgument => "InvalidArgumentError",
            ErrorKind::Cancelled => "APIUserAbortError",
            ErrorKind::Internal => "TokenhotError",
        }
    }
}

/// An error from any tokenhot call. Boxed so `Result<T>` stays one word wide.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    request_id: Option<String>,
    code: Option<Value>,
    error_type: Option<String>,
    param: Option<Value>,
    body: Option<Value>,
    headers: HeaderMap,
    attempts: u32,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// The video task a `TaskFailed` or wait `Timeout` error is about.
    task: Option<Box<crate::api::videos::VideoTask>>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                status: None,
                request_id: None,
                code: None,
                error_type: None,
                param: None,
                body: None,
                headers: HeaderMap::new(),
                attempts: 0,
                source: None,
                task: None,
            }),
        }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    pub(crate) fn connection(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Connection, message)
    }
    /// A connection error: `what` failed because of `cause`, described with its chain.
    pub(crate) fn connection_failed(what: &str, cause: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::connection(format!("{what}: {}", describe_chain(&cause))).with_source(cause)
    }

    pub(crate) fn timeout(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Timeout, message)
    }

    pub(crate) fn cancelled() -> Error {
        Error::new(ErrorKind::Cancelled, "request was aborted by the caller")
    }

    /// A bug inside the library, e.g. a panic a binding caught at its boundary.
    pub fn internal(detail: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Internal, format!("internal error: {detail}"))
    }

    pub(crate) fn with_status(mut self, status: Option<u16>) -> Error {
        self.inner.status = status;
        self
    }
    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Error {
        if id.is_some() {
            self.inner.request_id = id;
        }
        self
    }
    pub(crate) fn with_details(
        mut self,
        code: Option<Value>,
        error_type: Option<String>,
        param: Option<Value>,
    ) -> Error {
        self.inner.code = code;
        self.inner.error_type = error_type;
        self.inner.param = param;
        self
    }
    pub(crate) fn with_body(mut self, body: Option<Value>) -> Error {
        self.inner.body = body;
        self
    }
    pub(crate) fn with_headers(mut self, headers: HeaderMap) -> Error {
        self.inner.headers = headers;
        self
    }
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Error {
        self.inner.attempts = attempts;
        self
    }
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        self.inner.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_task(mut self, task: crate::api::videos::VideoTask) -> Error {
        self.inner.task = Some(Box::new(task));
        self
    }

    /// The video task a failed task or a timed-out wait is about (the last one seen).
    pub fn task(&self) -> Option<&crate::api::videos::VideoTask> {
        self.inner.task.as_deref()
    }

    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }
    pub fn message(&self) -> &str {
        &self.inner.message
    }
    /// The HTTP status, or the status an in-stream error's code names.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }
    /// The error code as sent: a string from OpenAI-style bodies, a number from
    /// Google-style ones.
    pub fn code(&self) -> Option<&Value> {
        self.inner.code.as_ref()
    }
    pub fn error_type(&self) -> Option<&str> {
        self.inner.error_type.as_deref()
    }
    pub fn param(&self) -> Option<&Value> {
        self.inner.param.as_ref()
    }
    /// The parsed error body, or the raw text as a JSON string when it was not JSON.
    pub fn body(&self) -> Option<&Value> {
        self.inner.body.as_ref()
    }
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }
    /// How many times the request was sent, retries included (0: never sent).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The lower-level failure behind this error (connection refused, TLS refused...)
    /// and its causes in one line, each said once; the bindings show it as the cause.
    pub fn cause_text(&self) -> Option<String> {
        std::error::Error::source(self).map(describe_chain)
    }

    /// Whether CONTRACT.md's retry rules allow sending the request again.
    pub(crate) fn is_retryable(&self) -> bool {
        match self.inner.kind {
            ErrorKind::Connection | ErrorKind::Timeout => true,
            ErrorKind::Cancelled | ErrorKind::InvalidArgument | ErrorKind::Internal => false,
            _ => self.inner.status.is_some_and(crate::http::retry::is_retryable_status),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.status {
            Some(status) => write!(f, "{} {}: {}", status, self.inner.kind.class_name(), self.inner.message),
            None => write!(f, "{}: {}", self.inner.kind.class_name(), self.inner.message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message)
            .field("status", &self.inner.status)
            .field("request_id", &self.inner.request_id)
            .field("code", &self.inner.code)
            .field("type", &self.inner.error_type)
            .field("attempts", &self.inner.attempts)
            .finish_non_exhaustive()
    }
}

/// An error and its causes in one line, each said once.
pub(crate) fn describe_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}
