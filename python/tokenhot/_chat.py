"""The chat completions face: `client.chat.completions.create(...)`, sync and async.
Arguments go to `tokenhot._native` unchanged; core checks them and runs the call."""

from __future__ import annotations

from . import _native
from ._streaming import AsyncStream, Stream
from .types.chat_completion import ChatCompletion
from .types.chat_completion_chunk import ChatCompletionChunk

__all__ = ["Chat", "AsyncChat", "Completions", "AsyncCompletions"]


class Chat:
    __slots__ = ("completions",)

    def __init__(self, native) -> None:
        self.completions = Completions(native)


class AsyncChat:
    __slots__ = ("completions",)

    def __init__(self, native) -> None:
        self.completions = AsyncCompletions(native)


class Completions:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def create(
        self,
        *,
        model,
        messages,
        stream=False,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
        **params,
    ):
        """Sends a chat completion. Keyword arguments that are not options become
        top-level body fields. `stream=True` returns a `Stream`."""
        answer = _native.chat_create(
            self._native, False, model, messages, params, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return Stream(answer, ChatCompletionChunk, ChatCompletion)
        data, request_id = answer
        return ChatCompletion(data, request_id)


class AsyncCompletions:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    async def create(
        self,
        *,
        model,
        messages,
        stream=False,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
        **params,
    ):
        """Sends a chat completion; `stream=True` returns an `AsyncStream`."""
        answer = await _native.chat_create(
            self._native, True, model, messages, params, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return AsyncStream(answer, ChatCompletionChunk, ChatCompletion)
        data, request_id = answer
        return ChatCompletion(data, request_id)
