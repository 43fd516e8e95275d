"""The exception classes: hierarchy, attributes, pickling, causes, panics."""

from __future__ import annotations

import pickle

import pytest

import tokenhot
from conftest import MESSAGES
from mockgw import MockSession

HIERARCHY = {
    "APIError": "TokenhotError",
    "BadRequestError": "APIError",
    "AuthenticationError": "APIError",
    "PermissionDeniedError": "APIError",
    "NotFoundError": "APIError",
    "ConflictError": "APIError",
    "RequestTooLargeError": "APIError",
    "UnprocessableEntityError": "APIError",
    "RateLimitError": "APIError",
    "InternalServerError": "APIError",
    "StreamError": "APIError",
    "APIConnectionError": "TokenhotError",
    "APITimeoutError": "APIConnectionError",
    "TaskFailedError": "TokenhotError",
    "TokenhotError": "Exception",
}


@pytest.mark.parametrize("name", sorted(HIERARCHY))
def test_hierarchy(name: str) -> None:
    cls = getattr(tokenhot, name)
    parent = HIERARCHY[name]
    base = Exception if parent == "Exception" else getattr(tokenhot, parent)
    assert cls.__bases__ == (base,)


@pytest.mark.parametrize("name", sorted(HIERARCHY))
def test_pickle_round_trip_keeps_attributes(name: str) -> None:
    cls = getattr(tokenhot, name)
    e = cls(
        "boom", status_code=429, request_id="req-1", code="rate_limit", type="requests",
        param={"p": 1}, body={"error": {"message": "boom"}}, headers={"retry-after": "1"}, attempts=3,
    )
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is cls
    for attr in ("message", "status_code", "request_id", "code", "type", "param", "body", "headers", "attempts"):
        assert getattr(back, attr) == getattr(e, attr), attr
    assert str(back) == "boom"


def test_pickle_of_a_raised_error(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"status": 429, "headers": {"x-request-id": "req-p"}, "json": {"error": {"message": "slow", "code": "rl"}}})
    with pytest.raises(tokenhot.RateLimitError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    back = pickle.loads(pickle.dumps(info.value))
    assert (back.status_code, back.request_id, back.code, back.attempts) == (429, "req-p", "rl", 1)
    assert back.headers == info.value.headers


def test_defaults() -> None:
    e = tokenhot.TokenhotError("just a message")
    assert (e.status_code, e.request_id, e.code, e.type, e.param, e.body, e.headers, e.attempts) == (
        None, None, None, None, None, None, {}, 0,
    )
    assert repr(e) == "TokenhotError('just a message')"


def test_cause_is_chained_for_transport_errors() -> None:
    client = tokenhot.Tokenhot(api_key="sk-x", base_url="http://127.0.0.1:9", max_retries=0, connect_timeout=1)
    with pytest.raises(tokenhot.APIConnectionError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert info.value.__cause__ is not None
    assert str(info.value.__cause__)


def test_panic_is_tokenhot_error_not_panic_exception() -> None:
    with pytest.raises(tokenhot.TokenhotError) as info:
        tokenhot._native._panic_for_tests()
    assert type(info.value) is tokenhot.TokenhotError
    assert info.value.message.startswith("internal error: ")
    assert isinstance(info.value, Exception)


def test_every_error_is_caught_by_except_exception(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"status": 500, "json": {"error": {"message": "x"}}})
    try:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    except Exception as e:  # noqa: BLE001
        assert isinstance(e, tokenhot.InternalServerError)
    else:
        pytest.fail("no error raised")


def test_non_json_error_body_kept_as_text(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"status": 502, "text": "<html>bad gateway</html>", "headers": {"content-type": "text/html"}})
    with pytest.raises(tokenhot.InternalServerError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    assert info.value.body == "<html>bad gateway</html>"
    assert info.value.status_code == 502
