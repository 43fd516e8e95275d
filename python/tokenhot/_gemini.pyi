import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

from ._streaming import AsyncStream, Stream
from .types.gemini_params import ContentDict, GenerationConfigDict, PartDict, SafetySettingDict
from .types.generate_content_response import GenerateContentResponse

__all__ = ["Gemini", "AsyncGemini", "image_part"]

Contents = str | Sequence[ContentDict | Mapping[str, Any]]
"""A plain string (one user turn), or the turns: ``[{"role": "user", "parts": [...]}]``."""
SystemInstruction = str | ContentDict | Mapping[str, Any]
GenerationConfig = GenerationConfigDict | Mapping[str, Any]

def image_part(image: bytes | bytearray | memoryview | str | os.PathLike[str], mime_type: str | None = None) -> PartDict:
    """An ``inlineData`` part: ``{"inlineData": {"mimeType": ..., "data": <base64>}}``.
    ``image`` is the bytes, or a path to read; without ``mime_type`` it comes from the
    extension or the bytes' signature (PNG, JPEG, GIF, WebP, HEIC), else ValueError."""

class Gemini:
    """``client.gemini``: Gemini's native ``generateContent``. Body fields may be given
    in either spelling (``system_instruction`` or ``systemInstruction``); other body
    fields as keyword arguments or ``extra_body``."""

    @overload
    def generate_content(
        self,
        *,
        model: str,
        contents: Contents,
        stream: Literal[False] = False,
        system_instruction: SystemInstruction | None = ...,
        generation_config: GenerationConfig | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_config: Mapping[str, Any] | None = ...,
        safety_settings: Sequence[SafetySettingDict | Mapping[str, Any]] | None = ...,
        cached_content: str | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> GenerateContentResponse: ...
    @overload
    def generate_content(
        self,
        *,
        model: str,
        contents: Contents,
        stream: Literal[True],
        system_instruction: SystemInstruction | None = ...,
        generation_config: GenerationConfig | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_config: Mapping[str, Any] | None = ...,
        safety_settings: Sequence[SafetySettingDict | Mapping[str, Any]] | None = ...,
        cached_content: str | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Stream[GenerateContentResponse]: ...
    @overload
    def generate_content(
        self,
        *,
        model: str,
        contents: Contents,
        stream: bool,
        system_instruction: SystemInstruction | None = ...,
        generation_config: GenerationConfig | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_config: Mapping[str, Any] | None = ...,
        safety_settings: Sequence[SafetySettingDict | Mapping[str, Any]] | None = ...,
        cached_content: str | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> GenerateContentResponse | Stream[GenerateContentResponse]: ...
    def fetch_image(self, url: str, max_bytes: int | None = None, timeout: float | None = None) -> tuple[bytes, str]:
        """Downloads an image the gateway answered with as a URL (``r.image_urls()``):
        ``(bytes, mime_type)``. The API key is sent only to the base URL's host; at most
        ``max_bytes`` (default 32 MiB) within ``timeout`` (default 60 s)."""

class AsyncGemini:
    """``client.gemini`` of ``AsyncTokenhot``: the same, awaited."""

    @overload
    async def generate_content(
        self,
        *,
        model: str,
        contents: Contents,
        stream: Literal[False] = False,
        system_instruction: SystemInstruction | None = ...,
        generation_config: GenerationConfig | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_config: Mapping[str, Any] | None = ...,
        safety_settings: Sequence[SafetySettingDict | Mapping[str, Any]] | None = ...,
        cached_content: str | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> GenerateContentResponse: ...
    @overload
    async def generate_content(
        self,
        *,
        model: str,
        contents: Contents,
        stream: Literal[True],
        system_instruction: SystemInstruction | None = ...,
        generation_config: GenerationConfig | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_config: Mapping[str, Any] | None = ...,
        safety_settings: Sequence[SafetySettingDict | Mapping[str, Any]] | None = ...,
        cached_content: str | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> AsyncStream[GenerateContentResponse]: ...
    @overload
    async def generate_content(
        self,
        *,
        model: str,
        contents: Contents,
        stream: bool,
        system_instruction: SystemInstruction | None = ...,
        generation_config: GenerationConfig | None = ...,
        tools: Sequence[Mapping[str, Any]] | None = ...,
        tool_config: Mapping[str, Any] | None = ...,
        safety_settings: Sequence[SafetySettingDict | Mapping[str, Any]] | None = ...,
        cached_content: str | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> GenerateContentResponse | AsyncStream[GenerateContentResponse]: ...
    async def fetch_image(self, url: str, max_bytes: int | None = None, timeout: float | None = None) -> tuple[bytes, str]: ...
