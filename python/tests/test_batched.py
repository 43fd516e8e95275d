"""The batched asyncio bridge (src/batched.rs): results resolved in batches on the loop
thread, one wake-up socket per loop, the stock bridge for loops that cannot watch a
socket. Cancellation is covered in test_chat_async.py."""

from __future__ import annotations

import asyncio
import gc
import os
import threading

import tokenhot
from conftest import MESSAGES
from mockgw import MockSession


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


async def calls(url: str, session: MockSession, count: int) -> list[str | None]:
    async with tokenhot.AsyncTokenhot(api_key="sk-b", base_url=url, default_headers=session.headers) as client:
        results = await asyncio.gather(*(client.chat.completions.create(model=f"m{i}", messages=MESSAGES) for i in range(count)))
        return [r.model for r in results]


def test_many_loops_in_a_row_and_no_fd_leak(mock: MockSession) -> None:
    asyncio.run(calls(mock.url, mock, 5))
    gc.collect()
    before = open_fds()
    for _ in range(20):
        assert asyncio.run(calls(mock.url, mock, 20)) == [f"m{i}" for i in range(20)]
    gc.collect()
    # A closed loop's wake-up socket goes with it (one per thread may stay cached).
    assert open_fds() <= before + 2


def test_loops_in_several_threads_at_once(mock: MockSession) -> None:
    results: list[list[str | None]] = []

    def run() -> None:
        results.append(asyncio.run(calls(mock.url, mock, 30)))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [[f"m{i}" for i in range(30)]] * 4


class NoReaderLoop(asyncio.SelectorEventLoop):
    """A loop that cannot watch sockets (like Windows' proactor loop)."""

    tries = 0

    def add_reader(self, *args: object) -> None:  # type: ignore[override]
        self.tries += 1
        raise NotImplementedError


def test_a_loop_without_add_reader_uses_the_stock_bridge(mock: MockSession) -> None:
    loop = NoReaderLoop()
    try:
        assert loop.run_until_complete(calls(mock.url, mock, 10)) == [f"m{i}" for i in range(10)]
        assert loop.run_until_complete(calls(mock.url, mock, 10)) == [f"m{i}" for i in range(10)]
        assert loop.tries == 1  # asked once, then remembered
    finally:
        loop.close()


async def test_errors_and_results_mixed_in_one_batch(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    body = {"error": {"message": "nope", "type": "t", "param": None, "code": "c"}}
    mock.script(*[{"status": 400, "json": body} if i % 2 else {"json": {"id": f"ok{i}", "choices": []}} for i in range(20)])
    outcomes = await asyncio.gather(
        *(aclient.chat.completions.create(model="m", messages=MESSAGES, max_retries=0) for _ in range(20)),
        return_exceptions=True,
    )
    assert sum(isinstance(o, tokenhot.BadRequestError) for o in outcomes) == 10
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 10
