import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, overload

from ._streaming import AsyncStream, Stream
from .types.images_response import Image, ImagesResponse, ImageStreamEvent

__all__ = ["Images", "AsyncImages"]

FileContent = bytes | bytearray | memoryview
FileInput = (
    str
    | os.PathLike[str]
    | FileContent
    | tuple[str, FileContent]
    | tuple[str, FileContent, str | None]
)
"""A path (read and streamed by Rust), the bytes themselves, or ``(filename, bytes)`` /
``(filename, bytes, mime_type)``. The part's type is ``mime_type`` when given, else the
bytes' signature (PNG, JPEG, WebP, GIF), else the filename's extension, else
ValueError; its filename carries that type's extension. A file that cannot be read is
a ValueError naming its path, before any request."""

class Images:
    """``client.images``: ``POST /v1/images/generations`` and ``/v1/images/edits``,
    and ``fetch`` / ``save`` for the results. Image calls take minutes: the timeout is
    the client's (600 s by default)."""

    @overload
    def generate(
        self,
        *,
        model: str,
        prompt: str,
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        response_format: Literal["url", "b64_json"] | str | None = ...,
        style: str | None = ...,
        background: str | None = ...,
        output_format: str | None = ...,
        image: str | Sequence[str] | None = ...,
        watermark: bool | None = ...,
        partial_images: int | None = ...,
        stream: Literal[False] = False,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ImagesResponse:
        """Generates images. ``image`` (URLs or ``data:`` URLs) is how Seedream takes
        reference images. GPT Image models answer ``b64_json`` and refuse
        ``response_format``; DALL-E answers URLs that expire."""
    @overload
    def generate(
        self,
        *,
        model: str,
        prompt: str,
        stream: Literal[True],
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        background: str | None = ...,
        output_format: str | None = ...,
        partial_images: int | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Stream[ImageStreamEvent]: ...
    @overload
    def edit(
        self,
        *,
        model: str,
        prompt: str,
        image: FileInput | Sequence[FileInput],
        mask: FileInput | None = ...,
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        response_format: str | None = ...,
        background: str | None = ...,
        input_fidelity: str | None = ...,
        output_format: str | None = ...,
        partial_images: int | None = ...,
        stream: Literal[False] = False,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ImagesResponse:
        """Edits images: one image goes as the form part ``image``, a list as
        ``image[]``, ``mask`` as ``mask``; other fields as text parts (numbers and
        booleans as JSON text, lists and objects as JSON)."""
    @overload
    def edit(
        self,
        *,
        model: str,
        prompt: str,
        image: FileInput | Sequence[FileInput],
        stream: Literal[True],
        mask: FileInput | None = ...,
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        partial_images: int | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Stream[ImageStreamEvent]: ...
    def fetch(
        self, item: Image | Mapping[str, Any] | str, *, max_bytes: int | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]:
        """``(bytes, mime_type)`` of one image: ``b64_json`` decoded without I/O, a URL
        downloaded (the key only to the base URL's host; 64 MiB and 120 s by default)."""
    def save(
        self,
        result: ImagesResponse | Image | Mapping[str, Any] | str,
        path: str | os.PathLike[str],
        *,
        timeout: float | None = None,
    ) -> list[Path]:
        """Writes the images and returns their paths: a directory (created if missing)
        gives ``image-<i>.<ext>``; a file path is used as is for one image and as
        ``<stem>-<i><suffix>`` for several. The extension comes from the bytes. Each
        file appears only when complete; a failed download leaves no file."""

class AsyncImages:
    """``client.images`` of ``AsyncTokenhot``: the same calls, awaited."""

    @overload
    async def generate(
        self,
        *,
        model: str,
        prompt: str,
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        response_format: Literal["url", "b64_json"] | str | None = ...,
        style: str | None = ...,
        background: str | None = ...,
        output_format: str | None = ...,
        image: str | Sequence[str] | None = ...,
        watermark: bool | None = ...,
        partial_images: int | None = ...,
        stream: Literal[False] = False,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ImagesResponse: ...
    @overload
    async def generate(
        self,
        *,
        model: str,
        prompt: str,
        stream: Literal[True],
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        partial_images: int | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> AsyncStream[ImageStreamEvent]: ...
    @overload
    async def edit(
        self,
        *,
        model: str,
        prompt: str,
        image: FileInput | Sequence[FileInput],
        mask: FileInput | None = ...,
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        response_format: str | None = ...,
        background: str | None = ...,
        input_fidelity: str | None = ...,
        output_format: str | None = ...,
        partial_images: int | None = ...,
        stream: Literal[False] = False,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> ImagesResponse: ...
    @overload
    async def edit(
        self,
        *,
        model: str,
        prompt: str,
        image: FileInput | Sequence[FileInput],
        stream: Literal[True],
        mask: FileInput | None = ...,
        n: int | None = ...,
        size: str | None = ...,
        quality: str | None = ...,
        partial_images: int | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> AsyncStream[ImageStreamEvent]: ...
    async def fetch(
        self, item: Image | Mapping[str, Any] | str, *, max_bytes: int | None = None, timeout: float | None = None
    ) -> tuple[bytes, str]: ...
    async def save(
        self,
        result: ImagesResponse | Image | Mapping[str, Any] | str,
        path: str | os.PathLike[str],
        *,
        timeout: float | None = None,
    ) -> list[Path]: ...
