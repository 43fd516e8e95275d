"""Chat completions through the sync client, against the mock gateway."""

from __future__ import annotations

import json
import pickle
import socket
import time

import pytest

import tokenhot
from conftest import MESSAGES, TEST_KEY
from mockgw import MockSession, chunk, completion
from tokenhot.types import ChatCompletion, ChatCompletionChunk


def test_success_result_object(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    wire = completion("Hello!", x_unknown={"nested": {"deepKey": 1}}, service_tier=None)
    mock.script({"json": wire, "headers": {"x-request-id": "req-abc"}})
    r = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert isinstance(r, ChatCompletion)
    assert r.choices[0].message.content == "Hello!"
    assert r.choices[0].finish_reason == "stop"
    assert r["usage"]["total_tokens"] == 5 and r.usage.total_tokens == 5
    assert r._request_id == "req-abc"
    # Lossless: key order, unknown keys and explicit nulls all kept.
    assert r.to_dict() == wire
    assert list(r.to_dict()) == list(wire)
    assert json.loads(r.to_json()) == wire
    assert r.to_json().index('"id"') < r.to_json().index('"choices"')
    assert r.service_tier is None and "service_tier" in r
    assert r.x_unknown.nested.deepKey == 1
    assert r.x_unknown.nested.deep_key == 1  # snake_case alias of a camelCase key
    # A field the schema names but the answer lacks is None; an unknown one is not there.
    assert r.system_fingerprint is None and "system_fingerprint" not in r
    with pytest.raises(AttributeError):
        _ = r.not_a_field
    assert "Hello!" in repr(r) and repr(r).startswith("ChatCompletion(")
    assert pickle.loads(pickle.dumps(r)) == r


JSON_TEXT_CASES = (
    '{"z":1,"a":{"y":[1,2.5,-3,true,false,null],"b":"x"},'
    '"big":18446744073709551615,"neg":-9223372036854775808,"huge":123456789012345678901234567890,'
    '"esc\\u00e9k\\"ey":"caf\\u00e9 \\ud83d\\ude00 \\n","empty":{},"list":[],'
    '"f":1e-7,"choices":[]}'
)


def test_answer_text_becomes_python_objects_exactly(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    # Answers go from JSON text straight to Python objects (python/src/json_text.rs):
    # they must equal what json.loads makes of the same text, key order included, but
    # for integers beyond 64 bits, which become floats (a known limit, as in core).
    mock.script({"text": JSON_TEXT_CASES})
    r = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    expected = json.loads(JSON_TEXT_CASES)
    expected["huge"] = float(expected["huge"])
    assert r.to_dict() == expected
    assert list(r.to_dict()) == list(expected)
    assert list(r.to_dict()["a"]) == ["y", "b"]
    assert type(r.to_dict()["big"]) is int and type(r.to_dict()["huge"]) is float


def test_stream_chunks_become_python_objects_exactly(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    # A batch's dicts share the values that repeat from one event to the next
    # (json_text.rs, Repeats): each chunk must still equal json.loads of its own text,
    # whether a key's value repeats, changes, changes type, or is too long to share.
    long = "x" * 65
    values = [
        ("chatcmpl-a", 1700000000), ("chatcmpl-a", 1700000000), ("chatcmpl-b", 1700000001),
        ("chatcmpl-b", "1700000001"), ("caf\u00e9 \U0001f600", 2**63), ("caf\u00e9 \U0001f600", 2**64 - 1),
        (long, -(2**63)), (long + "y", -1), ("", 0), (None, 7), ("chatcmpl-a", 1700000000),
    ]
    texts = [
        json.dumps({"id": id_, "created": created, "model": "gpt-5.2", "choices": [{"index": 0, "delta": {"content": id_}}]})
        for id_, created in values
    ]
    # One write, so the events arrive, and are converted, together.
    mock.script({"sse": [{"raw": "".join(f"data: {text}\n\n" for text in texts) + "data: [DONE]\n\n"}]})
    with client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True) as stream:
        got = [c.to_dict() for c in stream]
    assert got == [json.loads(text) for text in texts]
    assert [type(c["created"]) for c in got] == [type(created) for _, created in values]


def test_a_lone_surrogate_escape_is_read_as_json_loads_reads_it(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    # A server may split an emoji's UTF-16 pair between two chunks ("\ud83d", then
    # "\ude00"). Each chunk keeps its half, as json.loads gives it; the accumulated
    # text joins them again (a half left alone would be U+FFFD); nothing fails.
    halves = [json.loads(chunk("x")["data"]) for _ in range(3)]
    halves[0]["choices"][0]["delta"]["content"] = "\ud83d"
    halves[1]["choices"][0]["delta"]["content"] = "\ude00"
    halves[2]["id"] = "chatcmpl-\ud800"
    texts = [json.dumps(h) for h in halves]
    mock.script({"sse": [{"data": text} for text in texts] + [{"data": "[DONE]"}]})
    with client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True) as stream:
        assert [c.to_dict() for c in stream] == [json.loads(text) for text in texts]
        assert stream.final_completion().choices[0].message.content == "\U0001f600x"
    plain = '{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"a\\ud83db"}}]}'
    mock.script({"text": plain})
    r = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert r.to_dict() == json.loads(plain) and r.choices[0].message.content == "a\ud83db"


def test_snake_case_alias_never_renames_data(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    wire = completion("x", usageMetadata={"totalTokenCount": 7, "user_data": {"someKey": 1}})
    mock.script({"json": wire})
    r = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert r.usage_metadata.total_token_count == 7
    assert r.usageMetadata.totalTokenCount == 7
    assert r.to_dict()["usageMetadata"] == {"totalTokenCount": 7, "user_data": {"someKey": 1}}


def test_request_on_the_wire(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    client.chat.completions.create(
        model="gpt-5.2",
        messages=MESSAGES,
        temperature=0.5,
        some_new_param={"a": [1, 2]},
        extra_headers={"x-trace": "t1"},
        extra_query={"api-version": "2", "n": 3},
        extra_body={"temperature": 0.9, "extra_field": True},
    )
    (request,) = mock.requests()
    assert request["method"] == "POST" and request["path"] == "/v1/chat/completions"
    assert request["query"] == "api-version=2&n=3"
    headers = request["headers"]
    assert headers["x-trace"] == "t1"
    assert headers["authorization"] == f"Bearer {TEST_KEY}"
    assert headers["user-agent"] == f"tokenhot-python/{tokenhot.__version__}"
    body = request["body"]
    assert list(body)[:2] == ["model", "messages"]
    assert body["temperature"] == 0.9  # extra_body wins, shallowly
    assert body["some_new_param"] == {"a": [1, 2]} and body["extra_field"] is True
    assert "stream" not in body


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, tokenhot.BadRequestError),
        (401, tokenhot.AuthenticationError),
        (402, tokenhot.PermissionDeniedError),
        (403, tokenhot.PermissionDeniedError),
        (404, tokenhot.NotFoundError),
        (409, tokenhot.ConflictError),
        (413, tokenhot.RequestTooLargeError),
        (418, tokenhot.APIError),
        (422, tokenhot.UnprocessableEntityError),
        (429, tokenhot.RateLimitError),
        (500, tokenhot.InternalServerError),
        (503, tokenhot.InternalServerError),
        (529, tokenhot.InternalServerError),
    ],
)
def test_error_status_to_class(client: tokenhot.Tokenhot, mock: MockSession, status: int, cls: type) -> None:
    body = {"error": {"message": f"failed with {status}", "type": "some_type", "param": "messages", "code": "some_code"}}
    mock.script({"status": status, "json": body, "headers": {"x-request-id": f"req-{status}", "x-extra": "1"}})
    with pytest.raises(cls) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    e = info.value
    assert type(e) is cls
    assert isinstance(e, tokenhot.APIError) and isinstance(e, tokenhot.TokenhotError)
    assert e.status_code == status
    assert e.message == f"failed with {status}" and str(e) == e.message
    assert e.request_id == f"req-{status}"
    assert (e.code, e.type, e.param) == ("some_code", "some_type", "messages")
    assert e.body == body
    assert e.headers["x-extra"] == "1"
    assert e.attempts == 1


def test_400_task_not_exist_is_not_found(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"status": 400, "json": {"code": "task_not_exist", "message": "no such task", "data": None}})
    with pytest.raises(tokenhot.NotFoundError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert info.value.status_code == 400 and info.value.code == "task_not_exist"


@pytest.mark.parametrize(
    "headers",
    [{"retry-after-ms": "10"}, {"retry-after": "0.01"}, {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}],
    ids=["retry-after-ms", "retry-after-seconds", "retry-after-past-date"],
)
def test_429_then_success(client: tokenhot.Tokenhot, mock: MockSession, headers: dict[str, str]) -> None:
    mock.script(
        {"status": 429, "headers": headers, "json": {"error": {"message": "slow down"}}},
        {"json": completion("after retry")},
    )
    r = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert r.choices[0].message.content == "after retry"
    assert len(mock.requests()) == 2


def test_503_until_retries_run_out(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    answer = {"status": 503, "headers": {"retry-after-ms": "5"}, "json": {"error": {"message": "busy"}}}
    mock.script(answer, answer, answer, answer)
    with pytest.raises(tokenhot.InternalServerError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=2)
    assert info.value.attempts == 3
    assert len(mock.requests()) == 3


def test_no_retry_on_400(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"status": 400, "json": {"error": {"message": "bad"}}}, {"json": completion()})
    with pytest.raises(tokenhot.BadRequestError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert info.value.attempts == 1 and len(mock.requests()) == 1


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused() -> None:
    client = tokenhot.Tokenhot(api_key="sk-x", base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)
    with pytest.raises(tokenhot.APIConnectionError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    e = info.value
    assert type(e) is tokenhot.APIConnectionError
    assert e.status_code is None and e.attempts == 1
    assert isinstance(e.__cause__, ConnectionError)


def test_missing_key_is_authentication_error(mock: MockSession, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOKENHOT_API_KEY", raising=False)
    client = tokenhot.Tokenhot(base_url=mock.url, default_headers=mock.headers)
    with pytest.raises(tokenhot.AuthenticationError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert info.value.status_code is None and "TOKENHOT_API_KEY" in info.value.message
    assert mock.requests() == []


def test_env_fallbacks(mock: MockSession, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKENHOT_API_KEY", "sk-from-env")
    monkeypatch.setenv("TOKENHOT_BASE_URL", mock.url + "/v1")
    client = tokenhot.Tokenhot(default_headers=mock.headers)
    client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert mock.requests()[0]["headers"]["authorization"] == "Bearer sk-from-env"


def test_total_timeout(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"delay_ms": 3000, "json": completion()})
    started = time.monotonic()
    with pytest.raises(tokenhot.APITimeoutError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, timeout=0.2, max_retries=0)
    assert time.monotonic() - started < 2
    assert isinstance(info.value, tokenhot.APIConnectionError) and info.value.status_code is None


def test_stream_iterates_and_accumulates(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script(
        {
            "headers": {"x-request-id": "req-stream"},
            "sse": [chunk("", role="assistant"), chunk("Hel"), chunk("lo"), chunk(finish_reason="stop"), {"data": "[DONE]"}],
        }
    )
    with client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True) as stream:
        assert isinstance(stream, tokenhot.Stream)
        assert stream.request_id == "req-stream"
        assert stream.headers["content-type"].startswith("text/event-stream")
        chunks = list(stream)
        assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
        assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello"
        final = stream.final_completion()
    assert final.choices[0].message.content == "Hello"
    assert final.choices[0].finish_reason == "stop"
    assert final._request_id == "req-stream"
    assert mock.requests()[0]["body"]["stream"] is True


def test_stream_http_error_raises_at_create(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"status": 400, "json": {"error": {"message": "bad stream"}}})
    with pytest.raises(tokenhot.BadRequestError):
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)


def test_stream_idle_timeout_mid_stream(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"sse": [chunk("Hi", role="assistant"), dict(chunk(" there"), delay_ms=3000), {"data": "[DONE]"}]})
    stream = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, stream_idle_timeout=0.2)
    got = []
    with pytest.raises(tokenhot.APITimeoutError):
        for c in stream:
            got.append(c.choices[0].delta.content)
    assert got == ["Hi"]
    with pytest.raises(tokenhot.StreamError):
        stream.final_completion()


def test_stream_error_frame_mid_stream(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    frame = {"error": {"message": "overloaded now", "type": "server_error", "code": "overloaded"}}
    mock.script({"sse": [chunk("Hi", role="assistant"), {"data": json.dumps(frame)}]})
    stream = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    got = []
    with pytest.raises(tokenhot.StreamError) as info:
        for c in stream:
            got.append(c)
    assert len(got) == 1
    assert info.value.message == "overloaded now" and info.value.code == "overloaded"
    assert info.value.status_code == 529
    assert len(mock.requests()) == 1  # never retried once a chunk reached the caller


def test_stream_cut_mid_stream(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    frames = [chunk("Hi", role="assistant"), chunk(" there"), chunk(finish_reason="stop"), {"data": "[DONE]"}]
    mock.script({"sse": frames, "drop": "after_bytes", "drop_after_bytes": 200})
    stream = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    with pytest.raises(tokenhot.APIConnectionError) as info:
        list(stream)
    assert type(info.value) is tokenhot.APIConnectionError


def test_stream_early_close_closes_connection(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    frames = [chunk("Hi", role="assistant")] + [dict(chunk(" more"), delay_ms=200) for _ in range(20)] + [{"data": "[DONE]"}]
    mock.script({"sse": frames})
    with client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True) as stream:
        first = next(iter(stream))
        assert first.choices[0].delta.content == "Hi"
    assert list(stream) == []
    mock.wait_for_outcome("client_closed", 0)
    with pytest.raises(tokenhot.StreamError):
        stream.final_completion()


def test_models_list(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    models = client.models.list(extra_query={"x": "1"})
    assert models.object == "list" and models.data[0].id
    assert models._request_id
    request = mock.requests()[0]
    assert request["method"] == "GET" and request["path"] == "/v1/models" and request["query"] == "x=1"


def test_key_never_in_repr(mock: MockSession) -> None:
    client = tokenhot.Tokenhot(api_key="sk-very-secret-key", base_url=mock.url)
    assert "very-secret" not in repr(client) and "very-secret" not in str(client)
    assert "base_url" in repr(client)


def test_close_is_idempotent_and_final(mock: MockSession) -> None:
    client = tokenhot.Tokenhot(api_key="sk-x", base_url=mock.url, default_headers=mock.headers)
    with client:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    client.close()
    client.close()
    assert "closed" in repr(client)
    with pytest.raises(tokenhot.TokenhotError, match="closed"):
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)


def test_bad_base_url_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="base_url"):
        tokenhot.Tokenhot(api_key="sk-x", base_url="ftp://example.com")


def test_result_message_can_go_back_into_history(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    first = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    history = [*MESSAGES, first.choices[0].message, {"role": "user", "content": "again"}]
    client.chat.completions.create(model="gpt-5.2", messages=history)
    sent = mock.requests()[1]["body"]["messages"]
    assert sent[1] == first.choices[0].message.to_dict()


def test_connection_refused_counts_every_attempt() -> None:
    client = tokenhot.Tokenhot(api_key="sk-x", base_url=f"http://127.0.0.1:{closed_port()}", max_retries=1)
    with pytest.raises(tokenhot.APIConnectionError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert info.value.attempts == 2


def test_dropping_a_stream_mid_body_closes_the_connection(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    import gc

    frames = [chunk("Hi", role="assistant")] + [dict(chunk("."), delay_ms=200) for _ in range(20)] + [{"data": "[DONE]"}]
    mock.script({"sse": frames})
    stream = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    next(iter(stream))
    del stream
    gc.collect()
    mock.wait_for_outcome("client_closed", 0)


def test_base_url_path_prefix_is_kept(mock: MockSession) -> None:
    client = tokenhot.Tokenhot(api_key="sk-x", base_url=mock.url + "/gw/v1/", default_headers=mock.headers, max_retries=0)
    with pytest.raises(tokenhot.NotFoundError):
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert mock.requests()[0]["path"] == "/gw/v1/chat/completions"


def test_errors_never_show_the_key(mock: MockSession) -> None:
    client = tokenhot.Tokenhot(api_key="sk-secret-in-error", base_url=mock.url, default_headers=mock.headers, max_retries=0)
    mock.script({"status": 401, "json": {"error": {"message": "Invalid token"}}})
    with pytest.raises(tokenhot.AuthenticationError) as info:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    e = info.value
    shown = " ".join([str(e), repr(e), repr(e.headers), repr(e.body)])
    assert "secret-in-error" not in shown
