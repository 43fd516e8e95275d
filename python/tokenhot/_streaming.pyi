from collections.abc import AsyncIterator, Iterator
from typing import Generic, TypeVar, overload

from .types.chat_completion import ChatCompletion
from .types.chat_completion_chunk import ChatCompletionChunk
from .types.generate_content_response import GenerateContentResponse
from .types.images_response import ImagesResponse, ImageStreamEvent
from .types.message import Message, MessageStreamEvent
from .types.response import Response, ResponseStreamEvent

__all__ = ["Stream", "AsyncStream"]

_T = TypeVar("_T", ChatCompletionChunk, GenerateContentResponse, MessageStreamEvent, ImageStreamEvent, ResponseStreamEvent)

class Stream(Generic[_T]):
    """A streamed call: iterate for chunks (``ChatCompletionChunk`` for chat, partial
    ``GenerateContentResponse`` for Gemini). ``close()`` (or leaving the ``with``
    block) closes the connection early."""

    def __iter__(self) -> Iterator[_T]: ...
    def __next__(self) -> _T: ...
    def __enter__(self) -> Stream[_T]: ...
    def __exit__(self, *exc_info: object) -> None: ...
    def close(self) -> None: ...
    def final_completion(self: Stream[ChatCompletionChunk]) -> ChatCompletion:
        """Reads the rest and returns the accumulated completion; raises
        ``StreamError`` if the stream did not end normally."""
    @overload
    def final_response(self: Stream[GenerateContentResponse]) -> GenerateContentResponse:
        """Gemini: reads the rest and returns the merged response (thought
        signatures kept); raises ``StreamError`` if the stream did not end normally."""
    @overload
    def final_response(self: Stream[ImageStreamEvent]) -> ImagesResponse:
        """Images: reads the rest and returns the ``ImagesResponse`` built from the
        ``*.completed`` events."""
    @overload
    def final_response(self: Stream[ResponseStreamEvent]) -> Response:
        """Responses: the terminal event's response (``output`` rebuilt from the
        items when it came without); ``incomplete`` is returned, ``failed`` raises
        ``StreamError`` (``body`` the failed response)."""
    def final_message(self: Stream[MessageStreamEvent]) -> Message:
        """Messages: reads the rest and returns the accumulated message (tool input
        parsed once per block, a cut one read as far as it goes); raises
        ``StreamError`` if the stream did not end normally."""
    @property
    def text_stream(self) -> Iterator[str]:
        """The text as it arrives (chat ``delta.content``, Gemini non-thought text,
        Responses ``response.output_text.delta``); consuming it consumes the stream."""
    @property
    def request_id(self) -> str | None: ...
    @property
    def headers(self) -> dict[str, str]: ...

class AsyncStream(Generic[_T]):
    """``async for`` over chunks; ``async with``; ``close()`` or ``await aclose()``."""

    def __aiter__(self) -> AsyncIterator[_T]: ...
    async def __anext__(self) -> _T: ...
    async def __aenter__(self) -> AsyncStream[_T]: ...
    async def __aexit__(self, *exc_info: object) -> None: ...
    def close(self) -> None: ...
    async def aclose(self) -> None: ...
    async def final_completion(self: AsyncStream[ChatCompletionChunk]) -> ChatCompletion: ...
    @overload
    async def final_response(self: AsyncStream[GenerateContentResponse]) -> GenerateContentResponse: ...
    @overload
    async def final_response(self: AsyncStream[ImageStreamEvent]) -> ImagesResponse: ...
    @overload
    async def final_response(self: AsyncStream[ResponseStreamEvent]) -> Response: ...
    async def final_message(self: AsyncStream[MessageStreamEvent]) -> Message: ...
    @property
    def text_stream(self) -> AsyncIterator[str]: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def headers(self) -> dict[str, str]: ...
