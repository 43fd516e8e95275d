"""Typed surface of `client.models`."""

from collections.abc import Mapping
from typing import Any

from .types.model import ModelList

__all__ = ["Models", "AsyncModels"]

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
