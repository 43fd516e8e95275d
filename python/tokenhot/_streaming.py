"""`Stream` and `AsyncStream`: a streamed chat completion.

Rust hands over every event one network read produced as one list (one crossing per
batch, not per event); the generators below flatten the batches.
"""

from __future__ import annotations

from .types.chat_completion import ChatCompletion

__all__ = ["Stream", "AsyncStream"]


class Stream:
    """Iterate for `ChatCompletionChunk`s. A context manager; `close()` closes the
    connection early. `final_completion()` reads the rest and returns the
    accumulated `ChatCompletion`."""

    __slots__ = ("_native", "_chunk_cls", "_closed", "_iterator")

    def __init__(self, native, chunk_cls) -> None:
        self._native = native
        self._chunk_cls = chunk_cls
        self._closed = False
        self._iterator = self._chunks()

    def _chunks(self):
        next_batch = self._native.next_batch
        make = self._chunk_cls
        while True:
            batch = next_batch()
            if batch is None:
                return
            for data in batch:
                if self._closed:
                    return
                yield make(data)

    def __iter__(self):
        return self._iterator

    def __next__(self):
        return next(self._iterator)

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        self._native.close()

    def final_completion(self) -> ChatCompletion:
        return ChatCompletion(self._native.final_completion(), self._native.request_id)

    @property
    def request_id(self) -> str | None:
        return self._native.request_id

    @property
    def headers(self) -> dict[str, str]:
        return self._native.headers

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Stream {state} request_id={self.request_id!r}>"


class AsyncStream:
    """`async for` over `ChatCompletionChunk`s. An async context manager; `close()`
    or `await aclose()` closes the connection early; `await final_completion()`."""

    __slots__ = ("_native", "_chunk_cls", "_closed", "_iterator")

    def __init__(self, native, chunk_cls) -> None:
        self._native = native
        self._chunk_cls = chunk_cls
        self._closed = False
        self._iterator = self._chunks()

    async def _chunks(self):
        next_batch = self._native.next_batch_async
        make = self._chunk_cls
        while True:
            batch = await next_batch()
            if batch is None:
                return
            for data in batch:
                if self._closed:
                    return
                yield make(data)

    def __aiter__(self):
        return self._iterator

    async def __anext__(self):
        return await self._iterator.__anext__()

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        self._native.close()

    async def aclose(self) -> None:
        self.close()

    async def final_completion(self) -> ChatCompletion:
        data = await self._native.final_completion_async()
        return ChatCompletion(data, self._native.request_id)

    @property
    def request_id(self) -> str | None:
        return self._native.request_id

    @property
    def headers(self) -> dict[str, str]:
        return self._native.headers

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<AsyncStream {state} request_id={self.request_id!r}>"
