"""Packaging smoke run: an installed `tokenhot` against a running mock gateway.

    python smoke.py http://127.0.0.1:PORT

Run from outside the source tree, so the installed package is the one imported."""

from __future__ import annotations

import asyncio
import sys

import tokenhot


def main(base_url: str) -> None:
    assert "site-packages" in (tokenhot.__file__ or ""), f"not the installed package: {tokenhot.__file__}"
    messages = [{"role": "user", "content": "hi"}]
    with tokenhot.Tokenhot(api_key="sk-smoke", base_url=base_url) as client:
        r = client.chat.completions.create(model="smoke", messages=messages)
        assert r.choices[0].message.content == "chunk0 chunk1 chunk2", r
        with client.chat.completions.create(model="smoke", messages=messages, stream=True) as stream:
            text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert text == "chunk0 chunk1 chunk2", text
        try:
            client.chat.completions.create(model="smoke", messages=messages, extra_body={"messages": None}, max_retries=0)
        except tokenhot.BadRequestError as e:
            assert e.status_code == 400
        else:
            raise AssertionError("expected BadRequestError")

    async def run_async() -> str:
        async with tokenhot.AsyncTokenhot(api_key="sk-smoke", base_url=base_url) as client:
            r = await client.chat.completions.create(model="smoke", messages=messages)
            return r.choices[0].message.content  # type: ignore[return-value]

    assert asyncio.run(run_async()) == "chunk0 chunk1 chunk2"
    print(f"smoke ok: tokenhot {tokenhot.__version__} from {tokenhot.__file__}")


if __name__ == "__main__":
    main(sys.argv[1])
