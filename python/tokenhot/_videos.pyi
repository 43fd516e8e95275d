"""Typed surface of `client.videos` (CONTRACT.md, Videos). Times are seconds."""

import os
from collections.abc import Callable, Mapping
from typing import Any, Literal

from .types.video_task import VideoTask

__all__ = ["Videos", "AsyncVideos"]

_Task = str | VideoTask
_Path = str | os.PathLike[str]

class Videos:
    def create(
        self,
        *,
        model: str,
        prompt: str | None = ...,
        seconds: int | float | str | None = ...,
        size: str | None = ...,
        input_reference: str | None = ...,
        image: str | list[str] | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        content: list[Mapping[str, Any]] | None = ...,
        ratio: str | None = ...,
        resolution: str | None = ...,
        duration: int | None = ...,
        generate_audio: bool | None = ...,
        watermark: bool | None = ...,
        seed: int | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
        **body: Any,
    ) -> VideoTask:
        """``POST /v1/videos`` for a ``sora*`` model, else ``POST /v1/video/generations``;
        ``seconds`` goes as a string; other keyword arguments are body fields."""
    def retrieve(
        self,
        task: _Task,
        *,
        route: Literal["videos", "generations"] | None = ...,
        timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
    ) -> VideoTask: ...
    def wait(
        self,
        task: _Task,
        *,
        deadline: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[VideoTask], object] | None = ...,
        timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
    ) -> VideoTask:
        """Polls until completed (returned) or failed (``TaskFailedError`` with
        ``.task``); past ``deadline``, ``APITimeoutError`` with the last ``.task``."""
    def download(
        self,
        task: _Task,
        path: _Path,
        *,
        on_progress: Callable[[int, int | None], object] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
    ) -> str:
        """Streams the video to ``path`` (a file, or a directory: ``<id>.mp4``)."""

class AsyncVideos:
    async def create(
        self,
        *,
        model: str,
        prompt: str | None = ...,
        seconds: int | float | str | None = ...,
        size: str | None = ...,
        input_reference: str | None = ...,
        image: str | list[str] | None = ...,
        metadata: Mapping[str, Any] | None = ...,
        content: list[Mapping[str, Any]] | None = ...,
        ratio: str | None = ...,
        resolution: str | None = ...,
        duration: int | None = ...,
        generate_audio: bool | None = ...,
        watermark: bool | None = ...,
        seed: int | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
        **body: Any,
    ) -> VideoTask: ...
    async def retrieve(
        self,
        task: _Task,
        *,
        route: Literal["videos", "generations"] | None = ...,
        timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_query: Mapping[str, str | int | float] | None = ...,
    ) -> VideoTask: ...
    async def wait(
        self,
        task: _Task,
        *,
        deadline: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[VideoTask], object] | None = ...,
        timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
    ) -> VideoTask: ...
    async def download(
        self,
        task: _Task,
        path: _Path,
        *,
        on_progress: Callable[[int, int | None], object] | None = ...,
        timeout: float | None = ...,
        connect_timeout: float | None = ...,
        stream_idle_timeout: float | None = ...,
        max_retries: int | None = ...,
        extra_headers: Mapping[str, str] | None = ...,
    ) -> str: ...
