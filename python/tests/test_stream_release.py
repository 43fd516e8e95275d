"""A stream that ended, failed or was closed lets go of its connection at once, whatever
still references the Python object (issue 22's first finding: concurrent async streams
ending in a cut kept their sockets until `gc.collect()`)."""

from __future__ import annotations

import asyncio
import gc
import os
import time
from typing import Any

import tokenhot
from mockgw import MockSession, chunk

MESSAGES = [{"role": "user", "content": "Hi"}]
CONCURRENT = 32


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def sockets_settle_at(limit: int, timeout: float = 5.0) -> int:
    """The open descriptor count once it is at most `limit`, or what it still is after
    `timeout` (closing a connection runs on a runtime thread, a moment after close())."""
    deadline = time.monotonic() + timeout
    while True:
        now = open_fds()
        if now <= limit or time.monotonic() > deadline:
            return now
        time.sleep(0.01)


def answers(round_: int) -> list[dict[str, Any]]:
    """Half good streams, half cut mid-stream, a few refused by an error frame."""
    frames = [chunk("Hi", role="assistant")] + [chunk(f" {i}") for i in range(20)] + [chunk(finish_reason="stop"), {"data": "[DONE]"}]
    out: list[dict[str, Any]] = []
    for i in range(CONCURRENT):
        if i % 2:
            out.append({"sse": frames, "drop": "after_bytes", "drop_after_bytes": 300 + i + round_})
        elif i % 8 == 0:
            out.append({"sse": [chunk("a", role="assistant"), {"data": '{"error": {"message": "boom", "type": "server_error", "code": "server_error"}}'}]})
        else:
            out.append({"sse": frames})
    return out


async def one_stream(client: tokenhot.AsyncTokenhot, kept: list[object]) -> str:
    try:
        async with await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, max_retries=0) as stream:
            # Something outside still holds the stream (a list, a traceback, a log record).
            kept.append(stream)
            async for _ in stream:
                pass
        return "ok"
    except tokenhot.TokenhotError as e:
        kept.append(e)
        return type(e).__name__


async def test_concurrent_streams_that_fail_let_go_of_their_sockets(mock_url: str) -> None:
    mock = MockSession(mock_url)
    gc.collect()
    gc.disable()
    try:
        # The runtime's own descriptors (threads' epoll, wakers) exist after one call.
        async with tokenhot.AsyncTokenhot(api_key="sk-test", base_url=mock_url, default_headers=mock.headers) as warm:
            mock.script({"json": {"object": "list", "data": []}})
            await warm.models.list()
        baseline = sockets_settle_at(open_fds())
        kept: list[object] = []
        outcomes: list[str] = []
        client = tokenhot.AsyncTokenhot(api_key="sk-test", base_url=mock_url, default_headers=mock.headers)
        for round_ in range(3):
            mock.script(*answers(round_))
            outcomes += await asyncio.gather(*(one_stream(client, kept) for _ in range(CONCURRENT)))
            # Every stream has exited its block: only pooled idle connections stay open.
            assert sockets_settle_at(baseline + CONCURRENT) <= baseline + CONCURRENT
        await client.close()
        after = sockets_settle_at(baseline)
        assert after <= baseline, f"{after - baseline} descriptors still open after close(), with {len(kept)} objects kept"
        # Answers are taken in arrival order, so the mix is fixed: per round 16 cut, 4
        # refused by an error frame, 12 good.
        assert (outcomes.count("ok"), outcomes.count("APIConnectionError"), outcomes.count("StreamError")) == (36, 48, 12)
    finally:
        gc.enable()
