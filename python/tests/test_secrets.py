"""The key never shows: not in the repr or str of a client, a result, a stream or any error
(status, connection, timeout, a failed stream), nor in their tracebacks or in log records.
CI runs the whole suite with a random canary key (TOKENHOT_TEST_KEY, scripts/test.sh) and
TOKENHOT_LOG=debug, and fails if the canary appears anywhere in its output."""

from __future__ import annotations

import logging
import traceback

import pytest

import tokenhot
from conftest import MESSAGES, TEST_KEY
from mockgw import MockSession, chunk, completion


def shown(*objects: object) -> str:
    """Everything a user would see when printing, logging or raising these objects."""
    parts: list[str] = []
    for o in objects:
        parts += [repr(o), str(o)]
        if isinstance(o, BaseException):
            parts += traceback.format_exception(o)
            parts += [repr(getattr(o, name, None)) for name in ("headers", "body", "request_id", "response")]
    return "\n".join(parts)


def assert_hidden(text: str) -> None:
    # Say which kind of leak it was, never the key itself (the output is grepped for it).
    assert TEST_KEY not in text, "the api key appears in what a user sees"
    assert TEST_KEY[-8:] not in text, "a tail of the api key appears in what a user sees"


def test_client_result_and_stream_never_show_the_key(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    result = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    mock.script({"sse": [chunk("Hi", role="assistant"), chunk(finish_reason="stop"), {"data": "[DONE]"}]})
    with client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True) as stream:
        chunks = list(stream)
        assert_hidden(shown(client, client.chat, client.chat.completions, result, stream, *chunks))


def test_status_errors_never_show_the_key(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    for status in (400, 401, 403, 404, 429, 500):
        mock.script({"status": status, "json": {"error": {"message": f"status {status}"}}})
        with pytest.raises(tokenhot.APIError) as info:
            client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
        assert_hidden(shown(info.value))


def test_failed_stream_never_shows_the_key(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"sse": [chunk("Hi", role="assistant"), chunk(" there")], "drop": "after_bytes", "drop_after_bytes": 60})
    with pytest.raises(tokenhot.APIConnectionError) as info:
        with client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, max_retries=0) as stream:
            for _ in stream:
                pass
    assert_hidden(shown(info.value, stream))


def test_connection_and_timeout_errors_never_show_the_key(mock: MockSession) -> None:
    refused = tokenhot.Tokenhot(api_key=TEST_KEY, base_url="http://127.0.0.1:9", max_retries=0, connect_timeout=1)
    with pytest.raises(tokenhot.APIConnectionError) as refused_info:
        refused.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    slow = tokenhot.Tokenhot(api_key=TEST_KEY, base_url=mock.url, default_headers=mock.headers, max_retries=0, timeout=0.2)
    mock.script({"delay_ms": 2000, "json": completion()})
    with pytest.raises(tokenhot.APITimeoutError) as timeout_info:
        slow.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert_hidden(shown(refused, refused_info.value, slow, timeout_info.value))


async def test_async_client_never_shows_the_key(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"status": 401, "json": {"error": {"message": "Invalid token"}}})
    with pytest.raises(tokenhot.AuthenticationError) as info:
        await aclient.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    assert_hidden(shown(aclient, aclient.chat.completions, info.value))


def test_log_records_never_show_the_key(client: tokenhot.Tokenhot, mock: MockSession, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="tokenhot"):
        fresh = tokenhot.Tokenhot(api_key=TEST_KEY, base_url=mock.url, default_headers=mock.headers, max_retries=1)
        mock.script({"status": 500, "json": {"error": {"message": "boom"}}}, {"json": completion()})
        fresh.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert caplog.records, "no log record for the attempts"
    assert_hidden("\n".join(r.getMessage() for r in caplog.records))
