"""Anthropic Messages through both clients against the mock gateway: the plain call and
its `text`, the stream's events (`ping` never yielded) and `final_message()`, the
in-stream overload retried before any event reached the caller and raised after,
count_tokens, and bad input raised before any request."""

from __future__ import annotations

import asyncio
import json
import pickle

import pytest

import tokenhot
from mockgw import MockSession
from tokenhot.types import ContentBlock, Message, MessageStreamEvent, MessageTokensCount

MODEL = "claude-sonnet-4-5"
USER = [{"role": "user", "content": "Say hello"}]
TOOLS = [{"name": "search", "description": "Search", "input_schema": {"type": "object"}}]


def event(kind: str, **fields: object) -> dict[str, str]:
    return {"event": kind, "data": json.dumps({"type": kind, **fields})}


START = event("message_start", message={"id": "msg_s", "type": "message", "role": "assistant", "model": MODEL, "content": [], "stop_reason": None, "usage": {"input_tokens": 9, "output_tokens": 1}})
BLOCK = event("content_block_start", index=0, content_block={"type": "text", "text": ""})
PING = {"event": "ping", "data": '{"type": "ping"}'}
OVERLOADED = {"event": "error", "data": json.dumps({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})}


def text(piece: str) -> dict[str, str]:
    return event("content_block_delta", index=0, delta={"type": "text_delta", "text": piece})


GOOD = [START, BLOCK, PING, text("Hel"), text("lo"), event("content_block_stop", index=0),
        event("message_delta", delta={"stop_reason": "end_turn", "stop_sequence": None}, usage={"output_tokens": 5}), event("message_stop")]


def test_create_text_blocks_and_request(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    r = client.messages.create(model=MODEL, max_tokens=64, messages=USER, system="Be brief", tools=TOOLS,
                               thinking={"type": "enabled", "budget_tokens": 1024}, extra_headers={"x-trace": "m"})
    assert isinstance(r, Message)
    assert r.text == "chunk0 chunk1 chunk2"
    assert [b.type for b in r.content] == ["thinking", "text", "tool_use"]
    assert isinstance(r.content[2], ContentBlock) and r.content[2].input == {"query": "chunk0", "limit": 3}
    assert r.content[0].signature and r.stop_reason == "tool_use" and r.usage.input_tokens == 16
    assert r._request_id is not None and json.loads(r.to_json()) == r.to_dict()
    assert pickle.loads(pickle.dumps(r)) == r
    (request,) = mock.requests()
    assert request["path"] == "/v1/messages"
    assert request["headers"]["anthropic-version"] == "2023-06-01" and request["headers"]["x-trace"] == "m"
    assert list(request["body"])[:3] == ["model", "messages", "max_tokens"]
    assert request["body"]["thinking"] == {"type": "enabled", "budget_tokens": 1024} and "stream" not in request["body"]


def test_stream_events_and_final_message(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    whole = client.messages.create(model=MODEL, max_tokens=64, messages=USER, tools=TOOLS, thinking={"type": "adaptive"})
    with client.messages.create(model=MODEL, max_tokens=64, messages=USER, tools=TOOLS, thinking={"type": "adaptive"}, stream=True) as stream:
        events = list(stream)
        final = stream.final_message()
    assert all(isinstance(e, MessageStreamEvent) for e in events)
    types = [e.type for e in events]
    assert "ping" not in types and types[0] == "message_start" and types[-1] == "message_stop"
    assert events[0].message.id == whole.id
    deltas = "".join(e.delta.text for e in events if e.type == "content_block_delta" and e.delta.type == "text_delta")
    assert deltas == final.text == whole.text
    assert isinstance(final, Message) and final.to_dict()["content"] == whole.to_dict()["content"]
    assert final.stop_reason == whole.stop_reason and final.usage.output_tokens == whole.usage.output_tokens
    assert mock.requests()[1]["body"]["stream"] is True


def test_text_stream_gives_the_text_deltas_and_keeps_the_final_message(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"sse": GOOD})
    with client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "hi"}], stream=True) as stream:
        assert list(stream.text_stream) == ["Hel", "lo"]  # thinking, tool input and pings are not text
        assert stream.final_message().stop_reason == "end_turn"


async def test_async_text_stream(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"sse": GOOD})
    stream = await aclient.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "hi"}], stream=True)
    async with stream:
        assert [piece async for piece in stream.text_stream] == ["Hel", "lo"]


def test_overload_before_any_event_is_retried(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"sse": [START, PING, OVERLOADED]}, {"sse": GOOD})
    stream = client.messages.create(model=MODEL, max_tokens=64, messages=USER, stream=True, max_retries=1)
    assert stream.final_message().text == "Hello"
    assert len(mock.requests()) == 2


def test_overload_after_deltas_is_raised_with_529(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"sse": [START, BLOCK, text("Hel"), OVERLOADED]}, {"sse": GOOD})
    stream = client.messages.create(model=MODEL, max_tokens=64, messages=USER, stream=True, max_retries=2)
    seen = []
    with pytest.raises(tokenhot.StreamError) as raised:
        for e in stream:
            seen.append(e.type)
    assert seen == ["message_start", "content_block_start", "content_block_delta"]
    assert raised.value.status_code == 529 and raised.value.type == "overloaded_error" and raised.value.message == "Overloaded"
    with pytest.raises(tokenhot.StreamError):
        stream.final_message()
    assert len(mock.requests()) == 1


def test_count_tokens(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    r = client.messages.count_tokens(model=MODEL, messages=USER, system="s")
    assert isinstance(r, MessageTokensCount) and r.input_tokens == 16 and r._request_id
    assert mock.requests()[0]["path"] == "/v1/messages/count_tokens"


def test_bad_input_raises_before_any_request(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    with pytest.raises(TypeError, match="max_tokens"):
        client.messages.create(model=MODEL, messages=USER)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="max_tokens"):
        client.messages.create(model=MODEL, max_tokens="64", messages=USER)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="max_tokens"):
        client.messages.create(model=MODEL, max_tokens=0, messages=USER)
    with pytest.raises(TypeError, match="messages"):
        client.messages.create(model=MODEL, max_tokens=9, messages="hi", stream=True)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="model"):
        client.messages.count_tokens(model=None, messages=USER)  # type: ignore[arg-type]
    assert mock.requests() == []


def test_anthropic_error_body(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"status": 529, "json": {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}})
    with pytest.raises(tokenhot.InternalServerError) as raised:
        client.messages.create(model=MODEL, max_tokens=9, messages=USER, max_retries=0)
    assert raised.value.status_code == 529 and raised.value.type == "overloaded_error" and raised.value.code is None


async def test_async_create_stream_and_count(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    r = await aclient.messages.create(model=MODEL, max_tokens=64, messages=USER)
    assert r.text == "chunk0 chunk1 chunk2"
    mock.script({"sse": [START, PING, OVERLOADED]}, {"sse": GOOD})
    async with await aclient.messages.create(model=MODEL, max_tokens=64, messages=USER, stream=True, max_retries=1) as stream:
        types = [e.type async for e in stream]
        final = await stream.final_message()
    assert types == ["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]
    assert final.text == "Hello" and final.usage.output_tokens == 5
    counted = await asyncio.wait_for(aclient.messages.count_tokens(model=MODEL, messages=USER), 5)
    assert counted.input_tokens == 8
