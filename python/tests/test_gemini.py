"""Gemini generateContent through both clients, against the mock gateway: text,
thoughts, images out and in, streamed accumulation, Google-shape errors, the
helpers, `fetch_image`'s key rule, and cancellation mid-stream."""

from __future__ import annotations

import asyncio
import base64
import json
import pickle
from pathlib import Path

import pytest

import tokenhot
from mockgw import MockProcess, MockSession
from tokenhot.types import GenerateContentResponse

MODEL = "gemini-3.1-pro-preview"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
THINKING = {"thinkingConfig": {"thinkingLevel": "low"}}


def partial(text: str, **extra: object) -> dict[str, str]:
    """One `data:` frame of a Gemini stream: a partial response with one text part."""
    candidate = {"content": {"role": "model", "parts": [{"text": text}]}, "index": 0, **extra}
    return {"data": json.dumps({"candidates": [candidate], "responseId": "resp-s"})}


def test_text_and_result_access(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    r = client.gemini.generate_content(model=MODEL, contents="Say hello")
    assert isinstance(r, GenerateContentResponse)
    assert r.text == "chunk0 chunk1 chunk2" and r.thought_text is None
    assert r.function_calls == [] and r.images() == [] and r.image_urls() == []
    assert r.usage_metadata.total_token_count == r["usageMetadata"]["totalTokenCount"] == r.usageMetadata.totalTokenCount
    assert r.candidates[0].finish_reason == "STOP" and r.candidates[0].content.parts[0].text == r.text
    assert r.model_version == MODEL and r._request_id is not None
    assert json.loads(r.to_json()) == r.to_dict() and r.to_dict()["candidates"][0]["finishReason"] == "STOP"
    assert pickle.loads(pickle.dumps(r)) == r
    (request,) = mock.requests()
    assert request["path"] == f"/v1beta/models/{MODEL}:generateContent"
    assert request["body"] == {"contents": [{"role": "user", "parts": [{"text": "Say hello"}]}]}


def test_config_in_either_spelling_goes_camel_case(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    client.gemini.generate_content(
        model="models/gemini-2.5-flash",
        contents="hi",
        system_instruction="Be brief",
        generation_config={"temperature": 0.5, "max_output_tokens": 20},
        safety_settings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
        tools=[{"functionDeclarations": [{"name": "f", "parameters": {"type": "object", "properties": {"snake_arg": {}}}}]}],
        extra_headers={"x-trace": "g"},
    )
    (request,) = mock.requests()
    body = request["body"]
    assert request["path"] == "/v1beta/models/gemini-2.5-flash:generateContent"
    assert body["systemInstruction"] == {"parts": [{"text": "Be brief"}]}
    assert body["generationConfig"] == {"temperature": 0.5, "maxOutputTokens": 20}
    assert "safetySettings" in body and request["headers"]["x-trace"] == "g"
    # User data (a schema's property names) is never renamed.
    assert body["tools"][0]["functionDeclarations"][0]["parameters"]["properties"] == {"snake_arg": {}}


def test_thoughts(client: tokenhot.Tokenhot) -> None:
    r = client.gemini.generate_content(model=MODEL, contents="hi", generation_config=THINKING)
    assert r.thought_text == "The user wants a short answer."
    assert r.text == "chunk0 chunk1 chunk2"
    assert r.candidates[0].content.parts[1].thought_signature
    assert r.usage_metadata.thoughts_token_count


def test_image_out(client: tokenhot.Tokenhot) -> None:
    r = client.gemini.generate_content(model="gemini-2.5-flash-image", contents="a cat", generation_config={"responseModalities": ["TEXT", "IMAGE"]})
    ((data, mime_type),) = r.images()
    assert mime_type == "image/png" and data == PNG
    assert r.text == "chunk0 chunk1 chunk2"


def test_function_calls_and_image_urls(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    parts = [
        {"text": "See https://cdn.example/a.png."},
        {"functionCall": {"name": "get_weather", "args": {"city_name": "Paris"}, "id": "c1"}},
    ]
    mock.script({"json": {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP"}]}})
    r = client.gemini.generate_content(model=MODEL, contents="weather?")
    (call,) = r.function_calls
    assert call.name == "get_weather" and call.args == {"city_name": "Paris"} and call.id == "c1"
    assert r.image_urls() == ["https://cdn.example/a.png"]


def test_blocked_prompt_has_no_text(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"json": {"promptFeedback": {"blockReason": "SAFETY"}}})
    r = client.gemini.generate_content(model=MODEL, contents="hi")
    assert r.text is None and r.candidates is None and r.prompt_feedback.block_reason == "SAFETY"


def test_google_shape_429(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    body = {"error": {"code": 429, "message": "Resource has been exhausted.", "status": "RESOURCE_EXHAUSTED"}}
    mock.script({"status": 429, "json": body})
    with pytest.raises(tokenhot.RateLimitError) as info:
        client.gemini.generate_content(model=MODEL, contents="hi", max_retries=0)
    e = info.value
    assert e.status_code == 429 and e.code == 429 and type(e.code) is int
    assert e.type == "RESOURCE_EXHAUSTED" and "exhausted" in e.message and e.body == body


def test_bad_input_raises_before_sending(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    with pytest.raises(TypeError, match="model"):
        client.gemini.generate_content(model=5, contents="hi")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="contents"):
        client.gemini.generate_content(model=MODEL, contents=5)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="contents"):
        client.gemini.generate_content(model=MODEL)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="model"):
        client.gemini.generate_content(model="", contents="hi")
    with pytest.raises(ValueError, match="systemInstruction"):
        client.gemini.generate_content(model=MODEL, contents="hi", system_instruction="a", systemInstruction="b")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"generation_config\.x"):
        client.gemini.generate_content(model=MODEL, contents="hi", generation_config={"x": object()})
    assert mock.requests() == []


def test_stream_accumulates_to_the_plain_answer(client: tokenhot.Tokenhot) -> None:
    config = {**THINKING, "responseModalities": ["TEXT", "IMAGE"]}
    plain = client.gemini.generate_content(model=MODEL, contents="hi", generation_config=config, extra_headers={"x-mock-chunks": "20"})
    with client.gemini.generate_content(model=MODEL, contents="hi", generation_config=config, stream=True, extra_headers={"x-mock-chunks": "20"}) as stream:
        partials = list(stream)
        final = stream.final_response()
    assert all(isinstance(p, GenerateContentResponse) for p in partials) and len(partials) > 20
    assert "".join(p.text or "" for p in partials) == plain.text
    assert isinstance(final, GenerateContentResponse) and final._request_id == stream.request_id
    assert final.to_dict() == plain.to_dict()
    assert (final.text, final.thought_text, final.images()) == (plain.text, plain.thought_text, plain.images())


async def test_async_text_and_stream(aclient: tokenhot.AsyncTokenhot) -> None:
    plain = await aclient.gemini.generate_content(model=MODEL, contents="hi", generation_config=THINKING)
    assert plain.text == "chunk0 chunk1 chunk2" and plain.thought_text
    stream = await aclient.gemini.generate_content(model=MODEL, contents="hi", generation_config=THINKING, stream=True)
    assert isinstance(stream, tokenhot.AsyncStream)
    async with stream:
        texts = [p.text async for p in stream]
        final = await stream.final_response()
    assert "".join(t or "" for t in texts) == plain.text
    assert final.to_dict() == plain.to_dict()


async def test_async_google_429(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"status": 429, "json": {"error": {"code": 429, "message": "slow", "status": "RESOURCE_EXHAUSTED"}}})
    with pytest.raises(tokenhot.RateLimitError) as info:
        await aclient.gemini.generate_content(model=MODEL, contents="hi", max_retries=0)
    assert (info.value.code, info.value.type) == (429, "RESOURCE_EXHAUSTED")


def test_a_lone_surrogate_does_not_break_the_stream(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    # Half an emoji that a server split between chunks: each chunk's dict keeps it as
    # json.loads does; the helpers (computed by core) and the accumulated response
    # have U+FFFD for it; nothing fails.
    frames = [partial("a\ud83d"), partial("b")]
    mock.script({"sse": frames})
    with client.gemini.generate_content(model=MODEL, contents="hi", stream=True) as stream:
        chunks = list(stream)
        assert [c.to_dict() for c in chunks] == [json.loads(f["data"]) for f in frames]
        assert [c.text for c in chunks] == ["a\ufffd", "b"]
        assert chunks[0].images() == [] and chunks[0].image_urls() == []
        assert stream.final_response().text == "a\ufffdb"


def test_stream_cut_is_a_connection_error(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    frames = [partial("a"), partial("b")]
    raw = "".join(f"data: {f['data']}\n\n" for f in frames)
    mock.script({"headers": {"content-type": "text/event-stream"}, "text": raw, "drop": "after_bytes", "drop_after_bytes": len(raw) - 5})
    with client.gemini.generate_content(model=MODEL, contents="hi", stream=True) as stream:
        with pytest.raises(tokenhot.APIConnectionError):
            list(stream)
        with pytest.raises(tokenhot.StreamError):
            stream.final_response()


def test_close_mid_stream_closes_the_connection(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"sse": [partial("first"), {**partial("late"), "delay_ms": 10000}]})
    with client.gemini.generate_content(model=MODEL, contents="hi", stream=True) as stream:
        assert next(iter(stream)).text == "first"
    mock.wait_for_outcome("client_closed", 0)


async def test_cancelling_a_task_mid_stream_closes_the_connection(aclient: tokenhot.AsyncTokenhot, mock: MockSession) -> None:
    mock.script({"sse": [partial("first"), {**partial("late"), "delay_ms": 10000}]})
    first = asyncio.Event()

    async def read() -> None:
        stream = await aclient.gemini.generate_content(model=MODEL, contents="hi", stream=True)
        async for p in stream:
            assert p.text == "first"
            first.set()

    task = asyncio.create_task(read())
    await asyncio.wait_for(first.wait(), 5)
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.to_thread(mock.wait_for_outcome, "client_closed", 0)


def test_image_part_from_bytes_and_file(tmp_path: Path, client: tokenhot.Tokenhot, mock: MockSession) -> None:
    expected = {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(PNG).decode()}}
    assert tokenhot.image_part(PNG) == expected
    assert tokenhot.image_part(bytearray(PNG)) == expected
    assert tokenhot.image_part(memoryview(PNG)) == expected
    assert tokenhot.image_part(b"raw", mime_type="image/webp")["inlineData"]["mimeType"] == "image/webp"
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"not really a jpeg")
    assert tokenhot.image_part(path)["inlineData"] == {"mimeType": "image/jpeg", "data": base64.b64encode(b"not really a jpeg").decode()}
    assert tokenhot.image_part(str(path), "image/heic")["inlineData"]["mimeType"] == "image/heic"
    with pytest.raises(ValueError, match="mime_type"):
        tokenhot.image_part(b"plain bytes")
    with pytest.raises(ValueError, match="missing.png"):
        tokenhot.image_part(tmp_path / "missing.png")
    with pytest.raises(TypeError, match="image"):
        tokenhot.image_part(42)  # type: ignore[arg-type]

    client.gemini.generate_content(model=MODEL, contents=[{"role": "user", "parts": [{"text": "What is this?"}, tokenhot.image_part(PNG)]}])
    (request,) = mock.requests()
    assert request["body"]["contents"][0]["parts"][1] == expected


@pytest.fixture
def two_mocks():  # type: ignore[no-untyped-def]
    gateway, elsewhere = MockProcess(), MockProcess()
    try:
        yield gateway, elsewhere
    finally:
        gateway.stop()
        elsewhere.stop()


def test_fetch_image_sends_the_key_only_to_the_gateway(two_mocks) -> None:  # type: ignore[no-untyped-def]
    gateway, elsewhere = two_mocks
    # fetch_image sends no default headers, so the answers live in the session "".
    png = {"headers": {"content-type": "image/png"}, "raw_base64": base64.b64encode(PNG).decode()}
    at_gateway, at_elsewhere = MockSession(gateway.url), MockSession(elsewhere.url)
    at_gateway.id = at_elsewhere.id = ""
    at_gateway.script(png)
    at_elsewhere.script(png)
    with tokenhot.Tokenhot(api_key="sk-gemini-key", base_url=gateway.url) as client:
        assert client.gemini.fetch_image(f"{gateway.url}/files/a.png") == (PNG, "image/png")
        assert at_gateway.requests()[0]["headers"]["authorization"] == "Bearer sk-gemini-key"
        # The other host wants a key like any gateway, and gets none.
        with pytest.raises(tokenhot.AuthenticationError):
            client.gemini.fetch_image(f"{elsewhere.url}/b.png")
        assert "authorization" not in at_elsewhere.requests()[0]["headers"]
        at_gateway.script(png)
        with pytest.raises(tokenhot.APIError, match="larger than"):
            client.gemini.fetch_image(f"{gateway.url}/c.png", max_bytes=10)
        with pytest.raises(ValueError, match="http"):
            client.gemini.fetch_image("file:///etc/passwd")
        with pytest.raises(ValueError, match="max_bytes"):
            client.gemini.fetch_image(f"{gateway.url}/d.png", max_bytes=0)

    async def fetch() -> tuple[bytes, str]:
        async with tokenhot.AsyncTokenhot(api_key="sk-gemini-key", base_url=gateway.url) as aclient:
            return await aclient.gemini.fetch_image(f"{gateway.url}/e.png")

    at_gateway.script(png)
    assert asyncio.run(fetch()) == (PNG, "image/png")
