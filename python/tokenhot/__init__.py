"""tokenhot: the client for the Tokenhot model gateway, with a native Rust core.

    from tokenhot import Tokenhot
    client = Tokenhot()  # TOKENHOT_API_KEY, TOKENHOT_BASE_URL from the environment
    r = client.chat.completions.create(model="gpt-5.2", messages=[{"role": "user", "content": "hi"}])
    print(r.choices[0].message.content)

Importing this package loads the extension and a few small modules, nothing else
(no asyncio until the first async call).
"""

import atexit as _atexit

from . import _native, types
from ._client import AsyncTokenhot, Tokenhot
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    APIUserAbortError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    StreamError,
    TaskFailedError,
    TokenhotError,
    UnprocessableEntityError,
)
from ._gemini import image_part
from ._native import __version__
from ._streaming import AsyncStream, Stream

# Before the interpreter finalizes, stop the runtime's threads from entering Python.
_atexit.register(_native._shutdown)

__all__ = [
    "__version__",
    "types",
    "Tokenhot",
    "AsyncTokenhot",
    "Stream",
    "AsyncStream",
    "image_part",
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
