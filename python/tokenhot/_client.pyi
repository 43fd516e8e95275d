"""Typed surface of the clients: these stubs are the user documentation of every
parameter. Body fields the gateway learns later can be sent with ``extra_body``
(or as keyword arguments, which type checkers flag until they are listed here)."""

from collections.abc import Mapping

from ._chat import AsyncChat, Chat
from ._gemini import AsyncGemini, Gemini
from ._messages import AsyncMessages, Messages
from ._images import AsyncImages, Images
from ._model_list import AsyncModels, Models
from ._videos import AsyncVideos, Videos
from ._responses import AsyncResponses, Responses

__all__ = ["Tokenhot", "AsyncTokenhot"]

class Tokenhot:
    """The blocking client. Settings fall back to ``TOKENHOT_API_KEY`` and
    ``TOKENHOT_BASE_URL``; times are seconds. Safe to share across threads."""

    chat: Chat
    gemini: Gemini
    messages: Messages
    images: Images
    models: Models
    videos: Videos
    responses: Responses
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Tokenhot: ...
    def __exit__(self, *exc_info: object) -> None: ...

class AsyncTokenhot:
    """The asyncio client; the same settings as ``Tokenhot``."""

    chat: AsyncChat
    gemini: AsyncGemini
    messages: AsyncMessages
    images: AsyncImages
    models: AsyncModels
    videos: AsyncVideos
    responses: AsyncResponses
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None: ...
    async def close(self) -> None: ...
    async def __aenter__(self) -> AsyncTokenhot: ...
    async def __aexit__(self, *exc_info: object) -> None: ...
