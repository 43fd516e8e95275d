"""The Responses face: `client.responses.create(...)`, `retrieve`, `cancel`, `delete`,
sync and async. Arguments go to `tokenhot._native` unchanged; core checks them and
runs the call."""

from __future__ import annotations

from . import _native
from ._streaming import AsyncStream, Stream
from .types.response import Response, ResponseStreamEvent

__all__ = ["Responses", "AsyncResponses"]


class Responses:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def create(
        self,
        *,
        model,
        input=None,
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
        """Sends `POST /v1/responses`. Keyword arguments that are not options become
        top-level body fields. `stream=True` returns a `Stream` of events."""
        answer = _native.responses_create(
            self._native, False, model, input, params, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return Stream(answer, ResponseStreamEvent, Response)
        data, request_id = answer
        return Response(data, request_id)

    def _by_id(self, op, response_id, options):
        return _native.responses_by_id(self._native, False, op, response_id, **options)

    def retrieve(self, response_id, **options):
        """`GET /v1/responses/{id}`."""
        data, request_id = self._by_id("retrieve", response_id, options)
        return Response(data, request_id)

    def cancel(self, response_id, **options):
        """`POST /v1/responses/{id}/cancel` (a background response)."""
        data, request_id = self._by_id("cancel", response_id, options)
        return Response(data, request_id)

    def delete(self, response_id, **options) -> None:
        """`DELETE /v1/responses/{id}`; returns nothing."""
        self._by_id("delete", response_id, options)


class AsyncResponses:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    async def create(
        self,
        *,
        model,
        input=None,
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
        """Sends `POST /v1/responses`; `stream=True` returns an `AsyncStream`."""
        answer = await _native.responses_create(
            self._native, True, model, input, params, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return AsyncStream(answer, ResponseStreamEvent, Response)
        data, request_id = answer
        return Response(data, request_id)

    async def _by_id(self, op, response_id, options):
        return await _native.responses_by_id(self._native, True, op, response_id, **options)

    async def retrieve(self, response_id, **options):
        data, request_id = await self._by_id("retrieve", response_id, options)
        return Response(data, request_id)

    async def cancel(self, response_id, **options):
        data, request_id = await self._by_id("cancel", response_id, options)
        return Response(data, request_id)

    async def delete(self, response_id, **options) -> None:
        await self._by_id("delete", response_id, options)
