"""Checked by mypy (test_typing.py), never run: proves the stubs match the API,
in particular the `@overload` on `stream`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import assert_type  # typing has it only from 3.11

import tokenhot
from tokenhot import AsyncStream, AsyncTokenhot, Stream, Tokenhot
from tokenhot.types import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage, ModelList

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
    assert_type(streamed, Stream)
    with streamed as stream:
        for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
            delta: str | None = chunk.choices[0].delta.content if chunk.choices else None
        final = stream.final_completion()
        assert_type(final, ChatCompletion)

    flag: bool = bool(text)
    either = client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=flag)
    assert_type(either, ChatCompletion | Stream)

    history: list[Mapping[str, Any] | ChatCompletionMessage] = [*MESSAGES, plain.choices[0].message]
    client.chat.completions.create(model="gpt-5.2", messages=history, extra_body={"x": 1})

    models = client.models.list()
    assert_type(models, ModelList)
    print(text, tokens, request_id, wire, delta, models.data[0].id)


async def async_usage(client: AsyncTokenhot) -> None:
    plain = await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    assert_type(plain, ChatCompletion)
    streamed = await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True)
    assert_type(streamed, AsyncStream)
    async with streamed as stream:
        async for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
        final = await stream.final_completion()
        assert_type(final, ChatCompletion)
    await client.close()


def errors(client: Tokenhot) -> None:
    try:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=0)
    except tokenhot.RateLimitError as e:
        status: int | None = e.status_code
        retry: str | None = e.headers.get("retry-after")
        print(status, retry, e.request_id, e.code, e.attempts)
    except tokenhot.APIConnectionError as e:
        print(e.message)
