"""The exception classes of CONTRACT.md's error table, raised from Rust.

Every exception the library raises on purpose derives from `TokenhotError`, and so
from `Exception`. Invalid arguments raise the builtin `TypeError`/`ValueError` before
any request. Instances pickle with all their attributes.
"""

from __future__ import annotations

__all__ = [
    "TokenhotError",
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RequestTooLargeError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "StreamError",
    "APIConnectionError",
    "APITimeoutError",
    "TaskFailedError",
    "APIUserAbortError",
]


class TokenhotError(Exception):
    """The root of every tokenhot error.

    Attributes (``None`` when the failure did not have one): ``message``,
    ``status_code`` (HTTP status, or the status an in-stream error's code names),
    ``request_id``, ``code`` (as sent: str or int), ``type``, ``param``, ``body``
    (the parsed error body, or its raw text), ``headers`` (dict, lower-case names),
    ``attempts`` (how many times the request was sent, retries included),
    ``task`` (the ``VideoTask`` a ``TaskFailedError`` or a timed-out video wait is
    about, else ``None``).
    """

    task = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        code: object = None,
        type: str | None = None,
        param: object = None,
        body: object = None,
        headers: dict[str, str] | None = None,
        attempts: int = 0,
    ) -> None:
        # Only the message goes to args: BaseException's pickling then rebuilds with
        # cls(message) and restores the rest from __dict__.
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.code = code
        self.type = type
        self.param = param
        self.body = body
        self.headers = headers if headers is not None else {}
        self.attempts = attempts

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        shown = [repr(self.message)]
        for name in ("status_code", "code", "request_id"):
            value = getattr(self, name, None)
            if value is not None:
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


class APIError(TokenhotError):
    """The gateway answered with an error (any HTTP error status, or an error frame)."""


class BadRequestError(APIError):
    """400."""


class AuthenticationError(APIError):
    """401, or no API key at all (then ``status_code`` is None)."""


class PermissionDeniedError(APIError):
    """402 (quota) or 403."""


class NotFoundError(APIError):
    """404, and 400 with code ``task_not_exist``."""


class ConflictError(APIError):
    """409."""


class RequestTooLargeError(APIError):
    """413."""


class UnprocessableEntityError(APIError):
    """422."""


class RateLimitError(APIError):
    """429."""


class InternalServerError(APIError):
    """500 and above (529 overloaded included)."""


class StreamError(APIError):
    """An error frame inside a stream; ``status_code`` from its code when it names one."""


class APIConnectionError(TokenhotError):
    """Connect failure, cut connection, or a body that ended early."""


class APITimeoutError(APIConnectionError):
    """Total, connect or stream idle timeout."""


class TaskFailedError(TokenhotError):
    """A video task ended in failure."""


class APIUserAbortError(TokenhotError):
    """The call was cancelled by the caller (asyncio cancellation raises
    ``CancelledError`` itself; this class exists for parity with the other faces)."""
