"""Chat completions through the asyncio client, against the mock gateway."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest

import tokenhot
from conftest import MESSAGES
from mockgw import MockSession, chunk, completion
from tokenhot.types import ChatCompletion, ChatCompletionChunk


async def test_success(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    wire = completion("Hello async", unknown_top=[1, None])
    mock.script({"json": wire, "headers": {"x-request-id": "req-async"}})
    r = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert isinstance(r, ChatCompletion)
    assert r.choices[0].message.content == "Hello async"
    assert r._request_id == "req-async"
    assert r.to_dict() == wire and r.unknown_top == [1, None]


async def test_request_on_the_wire(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    await aclient.chat.completions.create(
        model="gpt-5.2", messages=MESSAGES, seed=7,
        extra_headers={"x-trace": "a1"}, extra_query={"q": "v"}, extra_body={"extra": [1]},
    )
    (request,) = mock.requests()
    assert request["headers"]["x-trace"] == "a1" and request["query"] == "q=v"
    assert request["body"]["seed"] == 7 and request["body"]["extra"] == [1]
    assert request["headers"]["user-agent"] == f"tokenhot-python/{tokenhot.__version__}"


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, tokenhot.BadRequestError), (401, tokenhot.AuthenticationError), (404, tokenhot.NotFoundError),
     (418, tokenhot.APIError), (429, tokenhot.RateLimitError), (529, tokenhot.InternalServerError)],
)
async def test_error_status_to_class(aclient: tokenhot.AsyncTokenhot, mock: MockSession, status: int, cls: type) -> None:
    body = {"error": {"message": "nope", "type": "t", "param": None, "code": "c"}}
    mock.script({"status": status, "json": body, "headers": {"x-request-id": "req-e"}})
    with pytest.raises(cls) as info:
        await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    e = info.value
    assert type(e) is cls
    assert (e.status_code, e.request_id, e.code, e.type, e.param, e.attempts) == (status, "req-e", "c", "t", None, 1)
    assert e.body == body and e.headers["x-request-id"] == "req-e"


async def test_429_then_success(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"status": 429, "headers": {"retry-after-ms": "10"}, "json": {"error": {"message": "slow"}}}, {"json": completion("ok")})
    r = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert r.choices[0].message.content == "ok" and len(mock.requests()) == 2


async def test_503_until_retries_run_out(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    answer = {"status": 503, "headers": {"retry-after-ms": "5"}, "json": {"error": {"message": "busy"}}}
    mock.script(answer, answer)
    with pytest.raises(tokenhot.InternalServerError) as info:
        await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=1)
    assert info.value.attempts == 2 and len(mock.requests()) == 2


async def test_no_retry_on_400(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"status": 400, "json": {"error": {"message": "bad"}}}, {"json": completion()})
    with pytest.raises(tokenhot.BadRequestError):
        await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert len(mock.requests()) == 1


async def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with tokenhot.AsyncTokenhot(api_key="sk-x", base_url=f"http://127.0.0.1:{port}", max_retries=0) as client:
        with pytest.raises(tokenhot.APIConnectionError) as info:
            await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert info.value.status_code is None


async def test_total_timeout(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"delay_ms": 3000, "json": completion()})
    started = time.monotonic()
    with pytest.raises(tokenhot.APITimeoutError):
        await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, timeout=0.2, max_retries=0)
    assert time.monotonic() - started < 2


async def test_stream(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"sse": [chunk("", role="assistant"), chunk("Hel"), chunk("lo"), chunk(finish_reason="stop"), {"data": "[DONE]"}]})
    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    assert isinstance(stream, tokenhot.AsyncStream)
    async with stream:
        chunks = [c async for c in stream]
        assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
        final = await stream.final_completion()
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello"
    assert final.choices[0].message.content == "Hello" and final._request_id == stream.request_id


async def test_stream_idle_timeout(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"sse": [chunk("Hi", role="assistant"), dict(chunk("x"), delay_ms=3000), {"data": "[DONE]"}]})
    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, stream_idle_timeout=0.2)
    got = []
    with pytest.raises(tokenhot.APITimeoutError):
        async for c in stream:
            got.append(c)
    assert len(got) == 1


async def test_stream_error_frame(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    frame = {"error": {"message": "rate limited", "type": "rate_limit_error", "code": "rate_limit_exceeded"}}
    mock.script({"sse": [chunk("Hi", role="assistant"), {"data": json.dumps(frame)}]})
    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    with pytest.raises(tokenhot.StreamError) as info:
        async for _ in stream:
            pass
    assert info.value.status_code == 429
    with pytest.raises(tokenhot.StreamError):
        await stream.final_completion()


async def test_stream_cut(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    frames = [chunk("Hi", role="assistant"), chunk(" there"), chunk(finish_reason="stop"), {"data": "[DONE]"}]
    mock.script({"sse": frames, "drop": "after_bytes", "drop_after_bytes": 200})
    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    with pytest.raises(tokenhot.APIConnectionError):
        async for _ in stream:
            pass


async def test_stream_aclose_closes_connection(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    frames = [chunk("Hi", role="assistant")] + [dict(chunk("."), delay_ms=200) for _ in range(20)] + [{"data": "[DONE]"}]
    mock.script({"sse": frames})
    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    async for c in stream:
        assert c.choices[0].delta.content == "Hi"
        break
    await stream.aclose()
    await asyncio.to_thread(mock.wait_for_outcome, "client_closed", 0)


async def test_stream_close_while_a_read_waits(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    """close() from another task while a read is in flight ends the stream cleanly."""
    mock.script({"sse": [chunk("Hi", role="assistant"), dict(chunk("late"), delay_ms=5000), {"data": "[DONE]"}]})
    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)

    async def drain() -> list[ChatCompletionChunk]:
        return [c async for c in stream]

    task = asyncio.create_task(drain())
    await asyncio.sleep(0.3)
    stream.close()
    got = await asyncio.wait_for(task, 2)
    assert [c.choices[0].delta.content for c in got] == ["Hi"]
    await asyncio.to_thread(mock.wait_for_outcome, "client_closed", 0)


class _CountingBatches:
    """Stands in for a stream's native object and remembers the batches it handed out."""

    def __init__(self, native: object) -> None:
        self.native = native
        self.sizes: list[int] = []
        self.ready = 0

    def next_batch_async(self) -> object:
        batch = self.native.next_batch_async()
        if batch.__class__ is list:
            self.ready += 1
            self.sizes.append(len(batch))
            return batch
        if batch is None:
            return None

        async def counted() -> object:
            got = await batch
            if got is not None:
                self.sizes.append(len(got))
            return got

        return counted()

    def __getattr__(self, name: str) -> object:
        return getattr(self.native, name)


async def test_a_fast_stream_lets_the_event_loop_turn_once_per_batch(aclient: tokenhot.AsyncTokenhot) -> None:
    """Batches read ahead are handed over without a wait, yet other tasks still run
    between two batches, as they did when every batch was awaited."""
    turns = 0

    async def ticker() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    stream = await aclient.chat.completions.create(
        model="gpt-5.2", messages=MESSAGES, stream=True, extra_headers={"x-mock-chunks": "20000"}
    )
    counting = _CountingBatches(stream._native)
    stream._native = counting
    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    longest_without_a_turn = run = 0
    seen = turns
    chunks = 0
    async for _ in stream:
        chunks += 1
        if turns == seen:
            run += 1
        else:
            seen, run = turns, 1
        longest_without_a_turn = max(longest_without_a_turn, run)
    task.cancel()
    assert chunks == 20002
    assert counting.ready > 0, "a 4.6 MB stream has batches waiting when asked for"
    assert longest_without_a_turn <= max(counting.sizes), (longest_without_a_turn, max(counting.sizes))


async def test_close_before_the_end_refuses_the_final_result(aclient: tokenhot.AsyncTokenhot) -> None:
    """However far the stream was read ahead: closing before the end was handed out
    refuses the final result; closing after it does not."""
    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, extra_headers={"x-mock-chunks": "3"})
    async for _ in stream:
        break
    await stream.aclose()
    with pytest.raises(tokenhot.StreamError, match="closed before it ended"):
        await stream.final_completion()

    stream = await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, extra_headers={"x-mock-chunks": "3"})
    text = "".join([c.choices[0].delta.content or "" async for c in stream])
    await stream.aclose()
    done = await stream.final_completion()
    assert done.choices[0].message.content == text == "chunk0 chunk1 chunk2"
    assert (await stream.final_completion()).to_dict() == done.to_dict()


async def test_models_list(aclient: tokenhot.AsyncTokenhot) -> None:
    models = await aclient.models.list()
    assert models.data and models.data[0].id


async def test_cancelling_a_task_drops_the_request(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"delay_ms": 10000, "json": completion()})
    task = asyncio.create_task(aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES))
    await asyncio.to_thread(mock.wait_for_requests, 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.to_thread(mock.wait_for_outcome, "client_closed", 0)


async def test_wait_for_timeout_drops_the_request(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"delay_ms": 10000, "json": completion()})
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES), 0.3)
    await asyncio.to_thread(mock.wait_for_outcome, "client_closed", 0)


async def test_concurrent_calls(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    results = await asyncio.gather(*(aclient.chat.completions.create(model=f"m{i}", messages=MESSAGES) for i in range(50)))
    assert [r.model for r in results] == [f"m{i}" for i in range(50)]


async def test_close_is_idempotent(mock: MockSession) -> None:
    client = tokenhot.AsyncTokenhot(api_key="sk-x", base_url=mock.url)
    await client.close()
    await client.close()
    with pytest.raises(tokenhot.TokenhotError, match="closed"):
        await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)


async def test_panic_in_async_call_is_tokenhot_error() -> None:
    with pytest.raises(tokenhot.TokenhotError, match="internal error"):
        await tokenhot._native._panic_for_tests_async()


def test_async_client_across_several_asyncio_runs(mock: MockSession) -> None:
    client = tokenhot.AsyncTokenhot(api_key="sk-x", base_url=mock.url, default_headers=mock.headers)

    async def one(i: int) -> str:
        r = await client.chat.completions.create(model=f"run{i}", messages=MESSAGES)
        stream = await client.chat.completions.create(model=f"run{i}", messages=MESSAGES, stream=True)
        text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
        assert text == r.choices[0].message.content
        return r.model  # type: ignore[no-any-return]

    assert [asyncio.run(one(i)) for i in range(3)] == ["run0", "run1", "run2"]


async def test_cancel_during_retry_backoff_returns_at_once(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"status": 503, "headers": {"retry-after": "30"}, "json": {"error": {"message": "busy"}}})
    task = asyncio.create_task(aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES))
    await asyncio.to_thread(mock.wait_for_outcome, "complete", 0)
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < 1
    await asyncio.sleep(0.3)
    assert len(mock.requests()) == 1  # the retry never went out
