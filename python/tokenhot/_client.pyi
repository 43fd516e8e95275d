"""Typed surface of the clients: these stubs are the user documentation of every
parameter. Body fields the gateway learns later can be sent with ``extra_body``
(or as keyword arguments, which type checkers flag until they are listed here)."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

from ._gemini import AsyncGemini, Gemini
from ._streaming import AsyncStream, Stream
from .types.chat_completion import ChatCompletion, ChatCompletionMessage
from .types.chat_completion_chunk import ChatCompletionChunk
from .types.model import ModelList

__all__ = ["Tokenhot", "AsyncTokenhot"]

Message = Mapping[str, Any] | ChatCompletionMessage
"""A chat message as the wire has it: ``{"role": "user", "content": "..."}``; content may
be a string or a list of parts. Result messages (``r.choices[0].message``) are
accepted too."""

class Tokenhot:
    """The blocking client. Settings fall back to ``TOKENHOT_API_KEY`` and
    ``TOKENHOT_BASE_URL``; times are seconds. Safe to share across threads."""

    chat: Chat
    gemini: Gemini
    models: Models
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
    models: AsyncModels
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

class Chat:
    completions: Completions

class AsyncChat:
    completions: AsyncCompletions

class Completions:
    """``client.chat.completions``: ``create(...)`` returns a ``ChatCompletion``, or a
    ``Stream`` of ``ChatCompletionChunk`` with ``stream=True``."""

    @overload
    def create(
        self,
        *,
        model: str,
        messages: Sequence[Message],
        stream: Literal[False] = False,
        audio: Mapping[str, Any] | None = ...,
        frequency_penalty: float | None = ...,
        function_call: str | Mapping[str, Any] | None = ...,
        functions: Sequence[Mapping[str, Any]] | None = ...,
        logit_bias: Mapping[str, int] | None = ...,
        logprobs: bool | None = ...,
        max_completion_tokens: int | None = ...,
        max_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        modalities: Sequence[str] | None = ...,
        n: int | None = ...,
        parallel_tool_calls: bool | None = ...,
        prediction: Mapping[str, Any] | None = ...,
        presence_penalty: float | None = ...,
        reasoning_effort: str | None = ...,
        response_format: Mapping[str, Any] | None = ...,
        seed: int | None = ...,
        service_tier: str | None = ...,
        stop: str | Sequence[str] | None = ...,
        store: bool | None = ...,
        stream_options: Mapping[str, Any] | None = ...,
        temperature: float | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        top_logprobs: int | None = ...,
        top_p: float | None = ...,
        user: str | None = ...,
        verbosity: str | None = ...,
        web_search_options: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ChatCompletion: ...
    @overload
    def create(
        self,
        *,
        model: str,
        messages: Sequence[Message],
        stream: Literal[True],
        audio: Mapping[str, Any] | None = ...,
        frequency_penalty: float | None = ...,
        function_call: str | Mapping[str, Any] | None = ...,
        functions: Sequence[Mapping[str, Any]] | None = ...,
        logit_bias: Mapping[str, int] | None = ...,
        logprobs: bool | None = ...,
        max_completion_tokens: int | None = ...,
        max_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        modalities: Sequence[str] | None = ...,
        n: int | None = ...,
        parallel_tool_calls: bool | None = ...,
        prediction: Mapping[str, Any] | None = ...,
        presence_penalty: float | None = ...,
        reasoning_effort: str | None = ...,
        response_format: Mapping[str, Any] | None = ...,
        seed: int | None = ...,
        service_tier: str | None = ...,
        stop: str | Sequence[str] | None = ...,
        store: bool | None = ...,
        stream_options: Mapping[str, Any] | None = ...,
        temperature: float | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        top_logprobs: int | None = ...,
        top_p: float | None = ...,
        user: str | None = ...,
        verbosity: str | None = ...,
        web_search_options: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Stream[ChatCompletionChunk]: ...
    @overload
    def create(
        self,
        *,
        model: str,
        messages: Sequence[Message],
        stream: bool,
        audio: Mapping[str, Any] | None = ...,
        frequency_penalty: float | None = ...,
        function_call: str | Mapping[str, Any] | None = ...,
        functions: Sequence[Mapping[str, Any]] | None = ...,
        logit_bias: Mapping[str, int] | None = ...,
        logprobs: bool | None = ...,
        max_completion_tokens: int | None = ...,
        max_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        modalities: Sequence[str] | None = ...,
        n: int | None = ...,
        parallel_tool_calls: bool | None = ...,
        prediction: Mapping[str, Any] | None = ...,
        presence_penalty: float | None = ...,
        reasoning_effort: str | None = ...,
        response_format: Mapping[str, Any] | None = ...,
        seed: int | None = ...,
        service_tier: str | None = ...,
        stop: str | Sequence[str] | None = ...,
        store: bool | None = ...,
        stream_options: Mapping[str, Any] | None = ...,
        temperature: float | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        top_logprobs: int | None = ...,
        top_p: float | None = ...,
        user: str | None = ...,
        verbosity: str | None = ...,
        web_search_options: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ChatCompletion | Stream[ChatCompletionChunk]: ...

class AsyncCompletions:
    """``client.chat.completions`` of ``AsyncTokenhot``; ``stream=True`` gives an
    ``AsyncStream``."""

    @overload
    async def create(
        self,
        *,
        model: str,
        messages: Sequence[Message],
        stream: Literal[False] = False,
        audio: Mapping[str, Any] | None = ...,
        frequency_penalty: float | None = ...,
        function_call: str | Mapping[str, Any] | None = ...,
        functions: Sequence[Mapping[str, Any]] | None = ...,
        logit_bias: Mapping[str, int] | None = ...,
        logprobs: bool | None = ...,
        max_completion_tokens: int | None = ...,
        max_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        modalities: Sequence[str] | None = ...,
        n: int | None = ...,
        parallel_tool_calls: bool | None = ...,
        prediction: Mapping[str, Any] | None = ...,
        presence_penalty: float | None = ...,
        reasoning_effort: str | None = ...,
        response_format: Mapping[str, Any] | None = ...,
        seed: int | None = ...,
        service_tier: str | None = ...,
        stop: str | Sequence[str] | None = ...,
        store: bool | None = ...,
        stream_options: Mapping[str, Any] | None = ...,
        temperature: float | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        top_logprobs: int | None = ...,
        top_p: float | None = ...,
        user: str | None = ...,
        verbosity: str | None = ...,
        web_search_options: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ChatCompletion: ...
    @overload
    async def create(
        self,
        *,
        model: str,
        messages: Sequence[Message],
        stream: Literal[True],
        audio: Mapping[str, Any] | None = ...,
        frequency_penalty: float | None = ...,
        function_call: str | Mapping[str, Any] | None = ...,
        functions: Sequence[Mapping[str, Any]] | None = ...,
        logit_bias: Mapping[str, int] | None = ...,
        logprobs: bool | None = ...,
        max_completion_tokens: int | None = ...,
        max_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        modalities: Sequence[str] | None = ...,
        n: int | None = ...,
        parallel_tool_calls: bool | None = ...,
        prediction: Mapping[str, Any] | None = ...,
        presence_penalty: float | None = ...,
        reasoning_effort: str | None = ...,
        response_format: Mapping[str, Any] | None = ...,
        seed: int | None = ...,
        service_tier: str | None = ...,
        stop: str | Sequence[str] | None = ...,
        store: bool | None = ...,
        stream_options: Mapping[str, Any] | None = ...,
        temperature: float | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        top_logprobs: int | None = ...,
        top_p: float | None = ...,
        user: str | None = ...,
        verbosity: str | None = ...,
        web_search_options: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> AsyncStream[ChatCompletionChunk]: ...
    @overload
    async def create(
        self,
        *,
        model: str,
        messages: Sequence[Message],
        stream: bool,
        audio: Mapping[str, Any] | None = ...,
        frequency_penalty: float | None = ...,
        function_call: str | Mapping[str, Any] | None = ...,
        functions: Sequence[Mapping[str, Any]] | None = ...,
        logit_bias: Mapping[str, int] | None = ...,
        logprobs: bool | None = ...,
        max_completion_tokens: int | None = ...,
        max_tokens: int | None = ...,
        metadata: Mapping[str, str] | None = ...,
        modalities: Sequence[str] | None = ...,
        n: int | None = ...,
        parallel_tool_calls: bool | None = ...,
        prediction: Mapping[str, Any] | None = ...,
        presence_penalty: float | None = ...,
        reasoning_effort: str | None = ...,
        response_format: Mapping[str, Any] | None = ...,
        seed: int | None = ...,
        service_tier: str | None = ...,
        stop: str | Sequence[str] | None = ...,
        store: bool | None = ...,
        stream_options: Mapping[str, Any] | None = ...,
        temperature: float | None = ...,
        tool_choice: str | Mapping[str, Any] | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        top_logprobs: int | None = ...,
        top_p: float | None = ...,
        user: str | None = ...,
        verbosity: str | None = ...,
        web_search_options: Mapping[str, Any] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ChatCompletion | AsyncStream[ChatCompletionChunk]: ...

class Models:
    def list(
        self,
        *,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ModelList: ...

class AsyncModels:
    async def list(
        self,
        *,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ModelList: ...
