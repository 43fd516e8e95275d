"""Bad input raises TypeError/ValueError naming the argument, before any request."""

from __future__ import annotations

import math
from typing import Any

import pytest

import tokenhot
from conftest import MESSAGES
from mockgw import MockSession


class Opaque:
    pass


CASES: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"messages": "hi"}, TypeError, "messages"),
    ({"messages": {"role": "user"}}, TypeError, "messages"),
    ({"model": 5}, TypeError, "model"),
    ({"model": None}, TypeError, "model"),
    ({"messages": [{"role": "user", "content": {1, 2}}]}, TypeError, "messages[0].content"),
    ({"messages": [{"role": "user", "content": Opaque()}]}, TypeError, "messages[0].content"),
    ({"messages": [{"role": "user", "content": math.nan}]}, ValueError, "messages[0].content"),
    ({"messages": [{"role": "user", "content": [{"text": math.inf}]}]}, ValueError, "messages[0].content[0].text"),
    ({"messages": [{1: "x"}]}, TypeError, "messages[0]"),
    ({"messages": [{"role": "user", "content": 2**70}]}, ValueError, "messages[0].content"),
    ({"temperature": math.nan}, ValueError, "temperature"),
    ({"metadata": {"k": b"bytes"}}, TypeError, "metadata.k"),
    ({"stream": "yes"}, TypeError, "stream"),
    ({"timeout": 0}, ValueError, "timeout"),
    ({"timeout": -1.5}, ValueError, "timeout"),
    ({"timeout": "10"}, TypeError, "timeout"),
    ({"timeout": True}, TypeError, "timeout"),
    ({"timeout": math.inf}, ValueError, "timeout"),
    ({"connect_timeout": 0.0}, ValueError, "connect_timeout"),
    ({"stream_idle_timeout": []}, TypeError, "stream_idle_timeout"),
    ({"max_retries": -1}, ValueError, "max_retries"),
    ({"max_retries": 1.5}, TypeError, "max_retries"),
    ({"extra_headers": {"x": 1}}, TypeError, "extra_headers"),
    ({"extra_headers": ["x"]}, TypeError, "extra_headers"),
    ({"extra_headers": {"bad header": "v"}}, ValueError, "extra_headers"),
    ({"extra_query": {"q": object()}}, TypeError, "extra_query"),
    ({"extra_body": {"x": {1, 2}}}, TypeError, "extra_body.x"),
    ({"extra_body": "x"}, TypeError, "extra_body"),
]


@pytest.mark.parametrize(("changes", "error", "names"), CASES, ids=[c[2] + "-" + c[1].__name__ for c in CASES])
def test_bad_input_sync(client: tokenhot.Tokenhot, mock: MockSession, changes: dict[str, Any], error: type, names: str) -> None:
    kwargs: dict[str, Any] = {"model": "gpt-5.2", "messages": MESSAGES, **changes}
    with pytest.raises(error) as info:
        client.chat.completions.create(**kwargs)
    assert names in str(info.value)
    assert not isinstance(info.value, tokenhot.TokenhotError)
    assert mock.requests() == []


@pytest.mark.parametrize(("changes", "error", "names"), CASES[:8], ids=[c[2] for c in CASES[:8]])
async def test_bad_input_async(aclient: tokenhot.AsyncTokenhot, mock: MockSession, changes: dict[str, Any], error: type, names: str) -> None:
    kwargs: dict[str, Any] = {"model": "gpt-5.2", "messages": MESSAGES, **changes}
    with pytest.raises(error) as info:
        await aclient.chat.completions.create(**kwargs)
    assert names in str(info.value)
    assert mock.requests() == []


@pytest.mark.parametrize(
    ("settings", "error", "names"),
    [
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": "1"}, TypeError, "timeout"),
        ({"max_retries": -2}, ValueError, "max_retries"),
        ({"api_key": 123}, TypeError, "api_key"),
        ({"base_url": "not a url"}, ValueError, "base_url"),
        ({"default_headers": {"x": None}}, TypeError, "default_headers"),
    ],
)
def test_bad_client_settings(settings: dict[str, Any], error: type, names: str) -> None:
    with pytest.raises(error, match=names):
        tokenhot.Tokenhot(**settings)
    with pytest.raises(error, match=names):
        tokenhot.AsyncTokenhot(**settings)


def test_unknown_client_setting_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        tokenhot.Tokenhot(apikey="x")  # type: ignore[call-arg]


def test_tuples_and_str_subclasses_are_fine(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    import enum

    class Role(str, enum.Enum):
        USER = "user"

    client.chat.completions.create(model="gpt-5.2", messages=({"role": Role.USER, "content": ("a", 1, 2.5, True, None)},))
    sent = mock.requests()[0]["body"]["messages"]
    assert sent == [{"role": "user", "content": ["a", 1, 2.5, True, None]}]
