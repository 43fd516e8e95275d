from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

from ._streaming import AsyncStream, Stream
from .types.message import Message, MessageStreamEvent, MessageTokensCount

__all__ = ["Messages", "AsyncMessages"]

MessageParam = Mapping[str, Any]
"""One turn: ``{"role": "user" | "assistant", "content": str | [blocks]}``; blocks are
their wire JSON (``text``, ``image``, ``tool_use``, ``tool_result``, ``thinking``...)."""
ThinkingParam = Mapping[str, Any]
"""``{"type": "enabled", "budget_tokens": N}``, ``{"type": "adaptive"}`` or
``{"type": "disabled"}``."""

class Messages:
    """``client.messages``: Anthropic Messages, sent with ``anthropic-version:
    2023-06-01`` (your own header of that name wins). ``max_tokens`` is required.
    Other body fields as keyword arguments or ``extra_body``."""

    @overload
    def create(
        self,
        *,
        model: str,
        max_tokens: int,
        messages: Sequence[MessageParam],
        stream: Literal[False] = False,
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        stop_sequences: Sequence[str] | None = ...,
        temperature: float | None = ...,
        top_k: int | None = ...,
        top_p: float | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Message: ...
    @overload
    def create(
        self,
        *,
        model: str,
        max_tokens: int,
        messages: Sequence[MessageParam],
        stream: Literal[True],
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        stop_sequences: Sequence[str] | None = ...,
        temperature: float | None = ...,
        top_k: int | None = ...,
        top_p: float | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Stream[MessageStreamEvent]: ...
    @overload
    def create(
        self,
        *,
        model: str,
        max_tokens: int,
        messages: Sequence[MessageParam],
        stream: bool,
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        stop_sequences: Sequence[str] | None = ...,
        temperature: float | None = ...,
        top_k: int | None = ...,
        top_p: float | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Message | Stream[MessageStreamEvent]: ...
    def count_tokens(
        self,
        *,
        model: str,
        messages: Sequence[MessageParam],
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> MessageTokensCount:
        """``POST /v1/messages/count_tokens``: the result has ``input_tokens``."""

class AsyncMessages:
    """``client.messages`` on ``AsyncTokenhot``."""

    @overload
    async def create(
        self,
        *,
        model: str,
        max_tokens: int,
        messages: Sequence[MessageParam],
        stream: Literal[False] = False,
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        stop_sequences: Sequence[str] | None = ...,
        temperature: float | None = ...,
        top_k: int | None = ...,
        top_p: float | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Message: ...
    @overload
    async def create(
        self,
        *,
        model: str,
        max_tokens: int,
        messages: Sequence[MessageParam],
        stream: Literal[True],
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        stop_sequences: Sequence[str] | None = ...,
        temperature: float | None = ...,
        top_k: int | None = ...,
        top_p: float | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> AsyncStream[MessageStreamEvent]: ...
    @overload
    async def create(
        self,
        *,
        model: str,
        max_tokens: int,
        messages: Sequence[MessageParam],
        stream: bool,
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        stop_sequences: Sequence[str] | None = ...,
        temperature: float | None = ...,
        top_k: int | None = ...,
        top_p: float | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Message | AsyncStream[MessageStreamEvent]: ...
    async def count_tokens(
        self,
        *,
        model: str,
        messages: Sequence[MessageParam],
        system: str | Sequence[Mapping[str, Any]] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: Mapping[str, Any] | None = ...,
        thinking: ThinkingParam | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> MessageTokensCount:
        """``POST /v1/messages/count_tokens``: the result has ``input_tokens``."""
