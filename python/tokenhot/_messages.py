"""`client.messages`: Anthropic Messages (`POST /v1/messages`), on both clients.

Keyword arguments that are not options become body fields; core sends
`anthropic-version`, checks `model`, `messages` and `max_tokens` before any request,
and classifies the stream's `error` events (CONTRACT.md, Messages).
"""

from __future__ import annotations

from . import _native
from ._streaming import AsyncStream, Stream
from .types.message import Message, MessageStreamEvent, MessageTokensCount

__all__ = ["Messages", "AsyncMessages"]


class Messages:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def create(
        self,
        *,
        model,
        max_tokens,
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
        """Sends a message; `stream=True` returns a `Stream` of `MessageStreamEvent`s
        (`ping` is not yielded) whose `final_message()` is the accumulated `Message`."""
        answer = _native.messages_create(
            self._native, False, model, max_tokens, messages, params, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return Stream(answer, MessageStreamEvent, Message)
        data, request_id = answer
        return Message(data, request_id)

    def count_tokens(
        self,
        *,
        model,
        messages,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
        **params,
    ):
        """Sends `POST /v1/messages/count_tokens`; the result has `input_tokens`."""
        data, request_id = _native.messages_count_tokens(
            self._native, False, model, messages, params,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        return MessageTokensCount(data, request_id)


class AsyncMessages:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    async def create(
        self,
        *,
        model,
        max_tokens,
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
        """Sends a message; `stream=True` returns an `AsyncStream`."""
        answer = await _native.messages_create(
            self._native, True, model, max_tokens, messages, params, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return AsyncStream(answer, MessageStreamEvent, Message)
        data, request_id = answer
        return Message(data, request_id)

    async def count_tokens(
        self,
        *,
        model,
        messages,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
        **params,
    ):
        """Sends `POST /v1/messages/count_tokens`."""
        data, request_id = await _native.messages_count_tokens(
            self._native, True, model, messages, params,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        return MessageTokensCount(data, request_id)
