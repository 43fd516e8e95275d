"""OpenAI Responses through both clients against the mock gateway, text streams of
every streamed family, and the official `openai` SDK as the reference: for the same
scripted stream its `get_final_response()` equals ours, and for the same arguments it
sends the same JSON body."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import openai
import pytest

import tokenhot
from conftest import MESSAGES
from mockgw import MockSession
from tokenhot.types import Response, ResponseStreamEvent

MODEL = "gpt-5.2"
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "streams" / "openai-responses"
WEATHER_TOOL = {"type": "function", "name": "get_weather", "description": "weather by city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}


def test_create_items_and_output_text(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    r = client.responses.create(model=MODEL, input="Weather in Paris?", reasoning={"effort": "low"}, tools=[WEATHER_TOOL])
    assert isinstance(r, Response) and r.status == "completed" and r._request_id is not None
    assert [item.type for item in r.output] == ["reasoning", "message", "function_call"]
    assert r.output_text == "chunk0 chunk1 chunk2" == r.output[1].content[0].text
    assert json.loads(r.output[2].arguments) == {"location": "Paris"}
    assert r.usage.output_tokens_details["reasoning_tokens"] == 16
    again = pickle.loads(pickle.dumps(r))
    assert again == r and again.output_text == r.output_text and again._request_id == r._request_id
    assert mock.requests()[0]["body"] == {"model": MODEL, "input": "Weather in Paris?", "reasoning": {"effort": "low"}, "tools": [WEATHER_TOOL]}


def test_stream_text_then_final(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    with client.responses.create(model=MODEL, input="hi", stream=True, extra_headers={"x-mock-chunks": "5"}) as stream:
        pieces = list(stream.text_stream)
        final = stream.final_response()
    assert pieces == ["chunk0", " chunk1", " chunk2", " chunk3", " chunk4"]
    assert isinstance(final, Response) and final.output_text == "".join(pieces) and final.status == "completed"


def test_stream_events_are_typed(client: tokenhot.Tokenhot) -> None:
    stream = client.responses.create(model=MODEL, input="hi", stream=True)
    events = list(stream)
    assert all(isinstance(e, ResponseStreamEvent) for e in events)
    assert [e.sequence_number for e in events] == list(range(len(events)))
    assert events[0].type == "response.created" and events[0].response.status == "in_progress"
    assert events[-1].type == "response.completed" and events[-1].response.output_text == "chunk0 chunk1 chunk2"


def test_text_streams_of_chat_and_gemini(client: tokenhot.Tokenhot) -> None:
    headers = {"x-mock-chunks": "4"}
    chat = client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True, extra_headers=headers)
    assert list(chat.text_stream) == ["chunk0", " chunk1", " chunk2", " chunk3"]
    assert chat.final_completion().choices[0].message.content == "chunk0 chunk1 chunk2 chunk3"
    gemini = client.gemini.generate_content(model="gemini-2.5-flash", contents="hi", stream=True, extra_headers=headers,
                                            generation_config={"thinkingConfig": {"thinkingLevel": "low"}})
    # Thought parts are not text.
    assert "".join(gemini.text_stream) == "chunk0 chunk1 chunk2 chunk3"


async def test_async_text_streams(aclient: tokenhot.AsyncTokenhot) -> None:
    stream = await aclient.responses.create(model=MODEL, input="hi", stream=True, extra_headers={"x-mock-chunks": "3"})
    async with stream:
        pieces = [t async for t in stream.text_stream]
        final = await stream.final_response()
    assert pieces == ["chunk0", " chunk1", " chunk2"] and final.output_text == "chunk0 chunk1 chunk2"
    chat = await aclient.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    assert "".join([t async for t in chat.text_stream]) == "chunk0 chunk1 chunk2"
    gemini = await aclient.gemini.generate_content(model="gemini-2.5-flash", contents="hi", stream=True)
    assert "".join([t async for t in gemini.text_stream]) == "chunk0 chunk1 chunk2"


def test_retrieve_cancel_delete(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    assert client.responses.retrieve("resp_1").id == "resp_1"
    assert client.responses.cancel("resp_1").status == "cancelled"
    assert client.responses.delete("resp_1") is None
    with pytest.raises(tokenhot.NotFoundError):
        client.responses.retrieve("resp_missing")
    sent = [(r["method"], r["path"]) for r in mock.requests()]
    assert sent[:3] == [("GET", "/v1/responses/resp_1"), ("POST", "/v1/responses/resp_1/cancel"), ("DELETE", "/v1/responses/resp_1")]


async def test_async_retrieve_cancel_delete(aclient: tokenhot.AsyncTokenhot) -> None:
    assert (await aclient.responses.retrieve("resp_2")).output_text == "chunk0 chunk1 chunk2"
    assert (await aclient.responses.cancel("resp_2")).status == "cancelled"
    assert await aclient.responses.delete("resp_2") is None


def test_failed_stream_raises_with_the_response(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    failed = {"id": "resp_f", "object": "response", "status": "failed", "output": [],
              "error": {"code": "server_error", "message": "The model failed."}}
    mock.script({"sse": [{"event": "response.failed", "data": json.dumps({"type": "response.failed", "sequence_number": 0, "response": failed})}]})
    stream = client.responses.create(model=MODEL, input="hi", stream=True, max_retries=0)
    assert [e.type for e in stream] == ["response.failed"]
    with pytest.raises(tokenhot.StreamError) as raised:
        stream.final_response()
    assert raised.value.code == "server_error" and raised.value.message == "The model failed."
    assert raised.value.body == failed


def test_bad_input_raises_before_any_request(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    with pytest.raises(TypeError, match="input"):
        client.responses.create(model=MODEL, input=42)
    with pytest.raises(TypeError, match="model"):
        client.responses.create(model=None, input="hi")
    with pytest.raises(TypeError, match="response_id"):
        client.responses.retrieve(7)
    with pytest.raises(ValueError, match="empty"):
        client.responses.delete("")
    assert mock.requests() == []


# ---------------------------------------------------------------- the official SDK

def official(mock: MockSession) -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test-key", base_url=mock.url + "/v1", default_headers=mock.headers, max_retries=0)


def without_parsed(value: object) -> object:
    """The SDK's final response is its `ParsedResponse`: every `output_text` part gains
    `parsed: None` and every function call `parsed_arguments: None` (its structured-output
    slots), which the wire never had."""
    if isinstance(value, dict):
        return {k: without_parsed(v) for k, v in value.items() if not (k in ("parsed", "parsed_arguments") and v is None)}
    if isinstance(value, list):
        return [without_parsed(v) for v in value]
    return value


@pytest.mark.parametrize("fixture", ["standard_text_works_1.sse", "reasoning_works_1.sse", "builtin"])
def test_final_response_equals_the_official_sdk(client: tokenhot.Tokenhot, mock: MockSession, fixture: str) -> None:
    def script() -> None:
        if fixture != "builtin":
            raw = (FIXTURES / fixture).read_bytes()
            import base64
            mock.script({"headers": {"content-type": "text/event-stream"}, "raw_base64": base64.b64encode(raw).decode(), "chunk_size": 5})

    args = {"model": MODEL, "input": "hi", "reasoning": {"effort": "low"}, "tools": [WEATHER_TOOL]}
    script()
    with official(mock).responses.stream(**args) as theirs:
        for _ in theirs:
            pass
        reference = theirs.get_final_response()
    script()
    ours = client.responses.create(stream=True, **args).final_response()
    assert ours.to_dict() == without_parsed(reference.to_dict(mode="json", exclude_unset=True))
    assert ours.output_text == reference.output_text


CALLS = [
    {"model": MODEL, "input": "hi"},
    {"model": MODEL, "input": [{"role": "user", "content": [{"type": "input_text", "text": "hi"}]}], "instructions": "Be brief."},
    {"model": MODEL, "input": "weather?", "tools": [WEATHER_TOOL, {"type": "custom", "name": "run"}], "tool_choice": "auto",
     "reasoning": {"effort": "low", "summary": "auto"}, "text": {"verbosity": "low"}, "previous_response_id": "resp_prev",
     "store": False, "background": False, "include": ["reasoning.encrypted_content"], "max_output_tokens": 128, "metadata": {"k": "v"}},
]


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("args", CALLS)
def test_request_body_equals_the_official_sdk(client: tokenhot.Tokenhot, mock: MockSession, args: dict, streamed: bool) -> None:
    if streamed:
        list(official(mock).responses.create(stream=True, **args))
        list(client.responses.create(stream=True, **args))
    else:
        official(mock).responses.create(**args)
        client.responses.create(**args)
    theirs, ours = mock.requests()
    assert ours["body"] == theirs["body"]
    assert (ours["method"], ours["path"]) == (theirs["method"], theirs["path"]) == ("POST", "/v1/responses")
