"""`client.models.list()`, sync and async."""

from __future__ import annotations

from . import _native
from .types.model import ModelList

__all__ = ["Models", "AsyncModels"]


class Models:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def list(
        self,
        *,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
    ) -> ModelList:
        data, request_id = _native.models_list(
            self._native, False, timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body
        )
        return ModelList(data, request_id)


class AsyncModels:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    async def list(
        self,
        *,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
    ) -> ModelList:
        data, request_id = await _native.models_list(
            self._native, True, timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body
        )
        return ModelList(data, request_id)
