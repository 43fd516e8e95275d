"""Checked against the official SDK (issue 18): `anthropic`'s client, pointed at the
mock, gets from `messages.stream(...).get_final_message()` what tokenhot's
`final_message()` gives for the same bytes (the recorded streams and the mock's own),
and sends the same request body for the same arguments."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import anthropic
import pytest

import tokenhot
from mockgw import REPO_ROOT, MockSession

MODEL = "claude-sonnet-4-5"
RECORDED = sorted((REPO_ROOT / "tests" / "fixtures" / "streams" / "anthropic-messages").glob("*.sse"))
ARGS: dict[str, Any] = {
    "model": MODEL,
    "max_tokens": 512,
    "messages": [{"role": "user", "content": [{"type": "text", "text": "Find it"}]}],
    "system": "Be brief",
    "tools": [{"name": "search", "description": "Search", "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}}],
    "tool_choice": {"type": "auto"},
    "thinking": {"type": "enabled", "budget_tokens": 1024},
    "stop_sequences": ["END"],
    "metadata": {"user_id": "u-1"},
}


def without_nulls(value: Any) -> Any:
    """The SDK's models spell every field it knows, null when the wire had none."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def official(mock: MockSession) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="sk-test-key", base_url=mock.url, default_headers=mock.headers, max_retries=0)


def raw_answer(path: Path) -> dict[str, Any]:
    return {"headers": {"content-type": "text/event-stream"}, "raw_base64": base64.b64encode(path.read_bytes()).decode()}


@pytest.mark.parametrize("path", RECORDED, ids=[p.stem for p in RECORDED])
def test_recorded_streams_fold_alike(path: Path, client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script(raw_answer(path), raw_answer(path))
    with official(mock).messages.stream(**ARGS) as theirs:
        sdk = without_nulls(theirs.get_final_message().to_dict())
    with client.messages.create(**ARGS, stream=True) as ours:
        mine = without_nulls(ours.final_message().to_dict())
    # Where the SDK drops what the wire carried (a compaction_delta's fields, an
    # unknown usage field), tokenhot keeps it; everything else is the same.
    if path.stem == "compaction_response":
        assert mine["content"][0]["encrypted_content"]
        sdk["content"][0] = mine["content"][0]
    if path.stem == "fallback_credit_response":
        assert sdk["usage"].get("fallback_credit") is None
        sdk["usage"]["fallback_credit"] = mine["usage"]["fallback_credit"]
    assert mine == sdk


def test_the_mocks_stream_folds_alike(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    with official(mock).messages.stream(**ARGS, extra_headers={"x-mock-chunks": "7"}) as theirs:
        sdk = without_nulls(theirs.get_final_message().to_dict())
    with client.messages.create(**ARGS, stream=True, extra_headers={"x-mock-chunks": "7"}) as ours:
        mine = ours.final_message()
    assert without_nulls(mine.to_dict()) == sdk
    assert [b["type"] for b in sdk["content"]] == ["thinking", "text", "tool_use"]


@pytest.mark.parametrize("streamed", [False, True])
def test_the_request_body_is_the_official_clients(streamed: bool, client: tokenhot.Tokenhot, mock: MockSession) -> None:
    if streamed:
        with official(mock).messages.stream(**ARGS) as s:
            s.get_final_message()
        with client.messages.create(**ARGS, stream=True) as t:
            t.final_message()
    else:
        official(mock).messages.create(**ARGS)
        client.messages.create(**ARGS)
    theirs, ours = mock.requests()
    assert ours["body"] == theirs["body"]
    assert ours["path"] == theirs["path"] == "/v1/messages"
    # The SDK sends its own newer version; tokenhot pins the one the gateway documents.
    assert ours["headers"]["anthropic-version"] == "2023-06-01" and theirs["headers"]["anthropic-version"]
