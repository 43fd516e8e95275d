"""`Stream` and `AsyncStream`: a streamed call (chat completion chunks, partial
Gemini `GenerateContentResponse`s, or Responses events).

Rust reads the stream ahead and hands over every event buffered as one list (one
crossing per batch, not per event); the generators below flatten the batches. The accumulated
result is `final_completion()` for chat, `final_response()` for Gemini, Responses and
images, and `final_message()` for Messages (CONTRACT.md, Streams); the names reach the
same native call, the stubs allow each only for its family. `text_stream` gives the
text pieces core picks out of the events.
"""

from __future__ import annotations

from types import GenericAlias

__all__ = ["Stream", "AsyncStream"]


class Stream:
    """Iterate for chunks. A context manager; `close()` closes the connection early.
    `final_completion()` / `final_response()` reads the rest and returns the
    accumulated result."""

    __slots__ = ("_native", "_chunk_cls", "_final_cls", "_closed", "_iterator")
    # `Stream[ChatCompletionChunk]` works at runtime too, as in the stubs.
    __class_getitem__ = classmethod(GenericAlias)

    def __init__(self, native, chunk_cls, final_cls) -> None:
        self._native = native
        self._chunk_cls = chunk_cls
        self._final_cls = final_cls
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

    @property
    def text_stream(self):
        """The text as it arrives, as `str` pieces (core decides what is text per
        family); iterating it consumes the stream."""
        return self._texts()

    def _texts(self):
        next_batch = self._native.next_text_batch
        while True:
            batch = next_batch()
            if batch is None:
                return
            for text in batch:
                if self._closed:
                    return
                yield text

    def final_completion(self):
        return self._final_cls(self._native.final_result(), self._native.request_id)

    final_response = final_completion
    final_message = final_completion

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
    """`async for` over chunks. An async context manager; `close()` or
    `await aclose()` closes the connection early; `await final_completion()` /
    `await final_response()`."""

    __slots__ = ("_native", "_chunk_cls", "_final_cls", "_closed", "_iterator")
    __class_getitem__ = classmethod(GenericAlias)

    def __init__(self, native, chunk_cls, final_cls) -> None:
        self._native = native
        self._chunk_cls = chunk_cls
        self._final_cls = final_cls
        self._closed = False
        self._iterator = self._chunks()

    async def _chunks(self):
        # Loaded by whoever runs the event loop this iterates in.
        from asyncio import sleep

        next_batch = self._native.next_batch_async
        make = self._chunk_cls
        while True:
            # A list when events were buffered already (no future, no wake-up of the
            # event loop); an awaitable of the next batch when none were.
            batch = next_batch()
            if batch is None:
                return
            if batch.__class__ is list:
                # Still one turn of the loop per batch, so that other tasks, timeouts
                # and cancellation get in while a fast stream keeps its buffer full.
                await sleep(0)
            else:
                batch = await batch
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

    @property
    def text_stream(self):
        """The text as it arrives, as `str` pieces; `async for` over it consumes the
        stream."""
        return self._texts()

    async def _texts(self):
        from asyncio import sleep

        next_batch = self._native.next_text_batch_async
        while True:
            batch = next_batch()
            if batch is None:
                return
            if batch.__class__ is list:
                await sleep(0)
            else:
                batch = await batch
                if batch is None:
                    return
            for text in batch:
                if self._closed:
                    return
                yield text

    async def final_completion(self):
        data = await self._native.final_result_async()
        return self._final_cls(data, self._native.request_id)

    final_response = final_completion
    final_message = final_completion

    @property
    def request_id(self) -> str | None:
        return self._native.request_id

    @property
    def headers(self) -> dict[str, str]:
        return self._native.headers

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<AsyncStream {state} request_id={self.request_id!r}>"
