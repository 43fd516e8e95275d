"""`Tokenhot` and `AsyncTokenhot`, and their resource tree
(`client.chat.completions`, `client.gemini`, `client.messages`, `client.images`,
`client.models`, `client.videos`, `client.responses`).

The methods only route keyword arguments to `tokenhot._native`, which checks them,
runs the call in the Rust core and raises `tokenhot` exceptions; results come back
as wire dicts and are wrapped in the classes of `tokenhot.types`.
"""

from __future__ import annotations

from . import _logs, _native
from ._chat import AsyncChat, Chat
from ._gemini import AsyncGemini, Gemini
from ._messages import AsyncMessages, Messages
from ._images import AsyncImages, Images
from ._model_list import AsyncModels, Models
from ._videos import AsyncVideos, Videos
from ._responses import AsyncResponses, Responses

__all__ = ["Tokenhot", "AsyncTokenhot"]


def _describe(name: str, native) -> str:
    base_url, timeout, connect_timeout, idle, retries, has_key = native.describe()
    state = ", closed" if native.is_closed else ""
    key = "set" if has_key else "missing"
    return (
        f"{name}(base_url={base_url!r}, timeout={timeout}, connect_timeout={connect_timeout}, "
        f"stream_idle_timeout={idle}, max_retries={retries}, api_key=<{key}>{state})"
    )


class _Client:
    """What both clients share: settings -> a native client, repr without the key.
    Subclasses name their resource classes (sync or async)."""

    __slots__ = ("_native", "chat", "gemini", "messages", "images", "models", "videos", "responses")
    _chat_cls: type
    _gemini_cls: type
    _messages_cls: type
    _images_cls: type
    _models_cls: type
    _videos_cls: type
    _responses_cls: type
    # Which native lane the client's plain calls use (python/src/runtime.rs).
    _blocking: bool

    def __init__(
        self,
        *,
        api_key=None,
        base_url=None,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        default_headers=None,
    ) -> None:
        _logs.install()
        self._native = _native.NativeClient(
            api_key, base_url, timeout, connect_timeout, stream_idle_timeout, max_retries, default_headers,
            self._blocking,
        )
        self.chat = self._chat_cls(self._native)
        self.gemini = self._gemini_cls(self._native)
        self.messages = self._messages_cls(self._native)
        self.images = self._images_cls(self._native)
        self.models = self._models_cls(self._native)
        self.videos = self._videos_cls(self._native)
        self.responses = self._responses_cls(self._native)

    def __repr__(self) -> str:
        return _describe(type(self).__name__, self._native)


class Tokenhot(_Client):
    """The blocking client. Safe to share across threads. Plain calls run on the calling
    thread with a connection pool of their own; streams use a second pool."""

    __slots__ = ()

    def close(self) -> None:
        """Closes the connection pool. Safe to call twice."""
        self._native.close()

    def __enter__(self) -> Tokenhot:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncTokenhot(_Client):
    """The asyncio client. Works across event loops (several `asyncio.run(...)`)."""

    __slots__ = ()

    async def close(self) -> None:
        """Closes the connection pool. Safe to call twice."""
        self._native.close()

    async def __aenter__(self) -> AsyncTokenhot:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._native.close()


Tokenhot._chat_cls, Tokenhot._gemini_cls, Tokenhot._models_cls = Chat, Gemini, Models
AsyncTokenhot._chat_cls, AsyncTokenhot._gemini_cls, AsyncTokenhot._models_cls = AsyncChat, AsyncGemini, AsyncModels
Tokenhot._messages_cls, AsyncTokenhot._messages_cls = Messages, AsyncMessages
Tokenhot._blocking, AsyncTokenhot._blocking = True, False
Tokenhot._images_cls, AsyncTokenhot._images_cls = Images, AsyncImages
Tokenhot._videos_cls, AsyncTokenhot._videos_cls = Videos, AsyncVideos
Tokenhot._responses_cls, AsyncTokenhot._responses_cls = Responses, AsyncResponses
