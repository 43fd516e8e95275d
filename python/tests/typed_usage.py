"""Checked by mypy (test_typing.py), never run: proves the stubs match the API,
in particular the `@overload` on `stream`."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from typing import Any

from typing_extensions import assert_type  # typing has it only from 3.11

import tokenhot
from tokenhot import AsyncStream, AsyncTokenhot, Stream, Tokenhot
from tokenhot.types import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionMessage,
    GenerateContentResponse,
    ImagesResponse,
    ImageStreamEvent,
    Message,
    MessageStreamEvent,
    MessageTokensCount,
    ModelList,
    Response,
    ResponseStreamEvent,
    VideoTask,
)

MESSAGES = [{"role": "user", "content": "hi"}]


def sync_usage(client: Tokenhot) -> None:
    plain = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert_type(plain, ChatCompletion)
    text: str | None = plain.choices[0].message.content
    tokens: int | None = plain.usage.total_tokens if plain.usage else None
    request_id: str | None = plain._request_id
    wire: dict[str, object] = plain.to_dict()

    explicit = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=False, temperature=0.2)
    assert_type(explicit, ChatCompletion)

    streamed = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, timeout=30.0)
    assert_type(streamed, Stream[ChatCompletionChunk])
    with streamed as stream:
        for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
            delta: str | None = chunk.choices[0].delta.content if chunk.choices else None
        final = stream.final_completion()
        assert_type(final, ChatCompletion)

    flag: bool = bool(text)
    either = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=flag)
    assert_type(either, ChatCompletion | Stream[ChatCompletionChunk])

    history: list[Mapping[str, Any] | ChatCompletionMessage] = [*MESSAGES, plain.choices[0].message]
    client.chat.completions.create(model="gpt-5.2", messages=history, extra_body={"x": 1})

    models = client.models.list()
    assert_type(models, ModelList)
    print(text, tokens, request_id, wire, delta, models.data[0].id)


async def async_usage(client: AsyncTokenhot) -> None:
    plain = await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert_type(plain, ChatCompletion)
    streamed = await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    assert_type(streamed, AsyncStream[ChatCompletionChunk])
    async with streamed as stream:
        async for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
        final = await stream.final_completion()
        assert_type(final, ChatCompletion)
    await client.close()


def gemini_usage(client: Tokenhot) -> None:
    r = client.gemini.generate_content(model="gemini-3.1-pro-preview", contents="Say hello")
    assert_type(r, GenerateContentResponse)
    text: str | None = r.text
    thoughts: str | None = r.thought_text
    total: int | None = r.usage_metadata.total_token_count if r.usage_metadata else None
    reason: str | None = r.candidates[0].finish_reason if r.candidates else None
    for call in r.function_calls:
        print(call.name, call.args)
    for data, mime_type in r.images():
        assert_type(data, bytes)
        print(len(data), mime_type)
    urls: list[str] = r.image_urls()

    part = tokenhot.image_part(b"\x89PNG...", mime_type="image/png")
    from_file = tokenhot.image_part("photo.jpg")
    configured = client.gemini.generate_content(
        model="gemini-3.1-pro-preview",
        contents=[{"role": "user", "parts": [{"text": "What is this?"}, part, from_file]}],
        system_instruction="Be brief",
        generation_config={"temperature": 0.2, "thinkingConfig": {"thinkingLevel": "low"}},
        safety_settings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
        max_retries=1,
    )
    assert_type(configured, GenerateContentResponse)

    streamed = client.gemini.generate_content(model="gemini-3.1-pro-preview", contents="hi", stream=True)
    assert_type(streamed, Stream[GenerateContentResponse])
    with streamed as stream:
        for partial in stream:
            assert_type(partial, GenerateContentResponse)
        final = stream.final_response()
        assert_type(final, GenerateContentResponse)
    image = client.gemini.fetch_image("https://cdn.example/a.png", max_bytes=1 << 20)
    assert_type(image, tuple[bytes, str])
    print(text, thoughts, total, reason, urls, final.text)


async def async_gemini_usage(client: AsyncTokenhot) -> None:
    r = await client.gemini.generate_content(model="g", contents="hi")
    assert_type(r, GenerateContentResponse)
    streamed = await client.gemini.generate_content(model="g", contents="hi", stream=True)
    assert_type(streamed, AsyncStream[GenerateContentResponse])
    async with streamed as stream:
        async for partial in stream:
            print(partial.text)
        final = await stream.final_response()
        assert_type(final, GenerateContentResponse)
    data, mime_type = await client.gemini.fetch_image("https://cdn.example/a.png")
    print(len(data), mime_type)


def errors(client: Tokenhot) -> None:
    try:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    except tokenhot.RateLimitError as e:
        status: int | None = e.status_code
        retry: str | None = e.headers.get("retry-after")
        print(status, retry, e.request_id, e.code, e.attempts)
    except tokenhot.APIConnectionError as e:
        print(e.message)


def messages_usage(client: Tokenhot) -> None:
    plain = client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, system="s", thinking={"type": "adaptive"})
    assert_type(plain, Message)
    text: str = plain.text
    streamed = client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, stream=True)
    assert_type(streamed, Stream[MessageStreamEvent])
    with streamed as stream:
        for event in stream:
            assert_type(event, MessageStreamEvent)
        assert_type(stream.final_message(), Message)
    assert_type(client.messages.count_tokens(model="claude-sonnet-4-5", messages=MESSAGES), MessageTokensCount)
    print(text)


async def async_messages_usage(client: AsyncTokenhot) -> None:
    streamed = await client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, stream=True)
    assert_type(streamed, AsyncStream[MessageStreamEvent])
    assert_type(await streamed.final_message(), Message)
def images_usage(client: Tokenhot, photo: pathlib.Path) -> None:
    r = client.images.generate(model="gpt-image-1.5", prompt="a fox", size="1024x1024")
    assert_type(r, ImagesResponse)
    b64: str | None = r.data[0].b64_json
    saved = client.images.save(r, "out/")
    assert_type(saved, list[pathlib.Path])
    edited = client.images.edit(model="gpt-image-1.5", prompt="hat", image=[photo, b"...", ("a.png", b"...")], mask=photo)
    assert_type(edited, ImagesResponse)
    stream = client.images.generate(model="gpt-image-1.5", prompt="a fox", stream=True, partial_images=2)
    assert_type(stream, Stream[ImageStreamEvent])
    with stream as events:
        for event in events:
            print(event.type, event.partial_image_index)
        assert_type(events.final_response(), ImagesResponse)
    data, mime_type = client.images.fetch(r.data[0])
    print(b64, len(data), mime_type)


async def async_images_usage(client: AsyncTokenhot) -> None:
    r = await client.images.edit(model="gpt-image-1", prompt="p", image="photo.png")
    assert_type(r, ImagesResponse)
    assert_type(await client.images.save(r.data[0], "one.png"), list[pathlib.Path])
    stream = await client.images.edit(model="gpt-image-1", prompt="p", image=b"...", stream=True)
    assert_type(stream, AsyncStream[ImageStreamEvent])
    assert_type(await stream.final_response(), ImagesResponse)
def video_usage(client: Tokenhot) -> None:
    task = client.videos.create(model="sora-2", prompt="a cat", seconds=8, size="1280x720")
    assert_type(task, VideoTask)
    other = client.videos.create(model="doubao-seedance-2-0-260128", content=[{"type": "text", "text": "waves"}], camera_fixed=True)
    try:
        done = client.videos.wait(task, deadline=600, poll_interval=2, on_progress=lambda t: print(t.status, t.progress))
    except tokenhot.TaskFailedError as e:
        print(e.task, e.code)
        return
    url: str | None = done.video_url
    path: str = client.videos.download(done, "videos/", on_progress=lambda n, total: print(n, total))
    print(url, path, other.route, client.videos.retrieve(other.id, route="generations").status)


async def async_video_usage(client: AsyncTokenhot) -> None:
    task = await client.videos.create(model="sora-2", prompt="a cat")
    done = await client.videos.wait(task.id, poll_interval=1)
    assert_type(await client.videos.download(done, "out.mp4"), str)


def responses_usage(client: Tokenhot) -> None:
    r = client.responses.create(model="gpt-5.2", input="hi", reasoning={"effort": "low"})
    assert_type(r, Response)
    text: str = r.output_text
    streamed = client.responses.create(model="gpt-5.2", input="hi", stream=True)
    assert_type(streamed, Stream[ResponseStreamEvent])
    with streamed as stream:
        for piece in stream.text_stream:
            text += piece
        final = stream.final_response()
        assert_type(final, Response)
    client.responses.delete(client.responses.retrieve("resp_1").id or "")
    chat = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    print(text, "".join(chat.text_stream))


async def async_responses_usage(client: AsyncTokenhot) -> None:
    streamed = await client.responses.create(model="gpt-5.2", input="hi", stream=True)
    assert_type(streamed, AsyncStream[ResponseStreamEvent])
    async for piece in streamed.text_stream:
        print(piece)
    final = await streamed.final_response()
    assert_type(final, Response)
    print((await client.responses.cancel("resp_1")).status)
