"""Typed surface of `client.responses`: these stubs document every parameter."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

from ._streaming import AsyncStream, Stream
from .types.response import Response, ResponseStreamEvent

__all__ = ["Responses", "AsyncResponses", "InputItem"]

InputItem = Mapping[str, Any]
"""An input item as the wire has it: a message ``{"role": "user", "content": ...}``,
a ``function_call_output``, an earlier output item sent back, ..."""

class Responses:
    """``client.responses``: ``create(...)`` returns a ``Response``, or a ``Stream`` of
    ``ResponseStreamEvent`` with ``stream=True``."""

    @overload
    def create(
        self,
        *,
        model: str,
        input: str | Sequence[InputItem] | None = ...,
        stream: Literal[False] = False,
        instructions: str | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        reasoning: Mapping[str, Any] | None = ...,
        text: Mapping[str, Any] | None = ...,
        previous_response_id: str | None = ...,
        store: bool | None = ...,
        background: bool | None = ...,
        include: Sequence[str] | None = ...,
        max_output_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        parallel_tool_calls: bool | None = ...,
        temperature: float | None = ...,
        top_p: float | None = ...,
        truncation: str | None = ...,
        service_tier: str | None = ...,
        user: str | None = ...,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Response: ...
    @overload
    def create(
        self,
        *,
        model: str,
        input: str | Sequence[InputItem] | None = ...,
        stream: Literal[True],
        instructions: str | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        reasoning: Mapping[str, Any] | None = ...,
        text: Mapping[str, Any] | None = ...,
        previous_response_id: str | None = ...,
        store: bool | None = ...,
        background: bool | None = ...,
        include: Sequence[str] | None = ...,
        max_output_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        parallel_tool_calls: bool | None = ...,
        temperature: float | None = ...,
        top_p: float | None = ...,
        truncation: str | None = ...,
        service_tier: str | None = ...,
        user: str | None = ...,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Stream[ResponseStreamEvent]: ...
    def retrieve(
        self,
        response_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Response: ...
    def cancel(
        self,
        response_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Response: ...
    def delete(
        self,
        response_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> None: ...

class AsyncResponses:
    """``client.responses`` on ``AsyncTokenhot``: the same calls, awaited."""

    @overload
    async def create(
        self,
        *,
        model: str,
        input: str | Sequence[InputItem] | None = ...,
        stream: Literal[False] = False,
        instructions: str | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        reasoning: Mapping[str, Any] | None = ...,
        text: Mapping[str, Any] | None = ...,
        previous_response_id: str | None = ...,
        store: bool | None = ...,
        background: bool | None = ...,
        include: Sequence[str] | None = ...,
        max_output_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Response: ...
    @overload
    async def create(
        self,
        *,
        model: str,
        input: str | Sequence[InputItem] | None = ...,
        stream: Literal[True],
        instructions: str | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        reasoning: Mapping[str, Any] | None = ...,
        text: Mapping[str, Any] | None = ...,
        previous_response_id: str | None = ...,
        store: bool | None = ...,
        background: bool | None = ...,
        include: Sequence[str] | None = ...,
        max_output_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> AsyncStream[ResponseStreamEvent]: ...
    async def retrieve(self, response_id: str, *, timeout: float | None = None, max_retries: int | None = None, extra_headers: Mapping[str, str] | None = None) -> Response: ...
    async def cancel(self, response_id: str, *, timeout: float | None = None, max_retries: int | None = None, extra_headers: Mapping[str, str] | None = None) -> Response: ...
    async def delete(self, response_id: str, *, timeout: float | None = None, max_retries: int | None = None, extra_headers: Mapping[str, str] | None = None) -> None: ...
