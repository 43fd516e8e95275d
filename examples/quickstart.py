"""The README's Python quick start: a chat call, a streamed chat printed as it arrives,
an error being handled, and Gemini (text, streamed, an image in). The key and base URL
come from TOKENHOT_API_KEY / TOKENHOT_BASE_URL (scripts/demo.sh runs it on the mock)."""

import asyncio
import base64
import os

import tokenhot

MODEL = os.environ.get("TOKENHOT_CHAT_MODEL", "gpt-5.2")
GEMINI = os.environ.get("TOKENHOT_GEMINI_MODEL", "gemini-3.1-pro-preview")
MESSAGES = [{"role": "user", "content": "Say hello in five words."}]
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

with tokenhot.Tokenhot() as client:
    # 1. A chat call.
    r = client.chat.completions.create(model=MODEL, messages=MESSAGES)
    print("chat:", r.choices[0].message.content)

    # 2. A streamed chat, printed as it arrives.
    print("stream: ", end="")
    with client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True) as stream:
        for chunk in stream:
            if chunk.choices:
                print(chunk.choices[0].delta.content or "", end="", flush=True)
    print()

    # 3. An error, handled: a wrong key is an AuthenticationError.
    try:
        tokenhot.Tokenhot(api_key="sk-wrong-key").chat.completions.create(model=MODEL, messages=MESSAGES)
    except tokenhot.AuthenticationError as e:
        print(f"error handled: {type(e).__name__} (status {e.status_code}, request id {e.request_id})")

    # 4. Gemini: text, streamed, and an image in.
    answer = client.gemini.generate_content(model=GEMINI, contents="Write a haiku about Python.")
    print("gemini:", answer.text)
    print("gemini stream: ", end="")
    for part in client.gemini.generate_content(model=GEMINI, contents="Count to five.", stream=True):
        print(part.text or "", end="", flush=True)
    print()
    seen = client.gemini.generate_content(
        model=GEMINI,
        contents=[{"role": "user", "parts": [{"text": "What is in this picture?"}, tokenhot.image_part(PIXEL)]}],
    )
    print("gemini image in:", seen.text)

    # Responses: plain, streamed text, a function call.
    r = client.responses.create(model=MODEL, input="Say hello")
    print("responses:", r.output_text)
    with client.responses.create(model=MODEL, input="Count to five.", stream=True) as stream:
        print("responses stream: ", end="")
        for text in stream.text_stream:
            print(text, end="", flush=True)
        print(f" ({stream.final_response().status})")
    weather = {"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}
    r = client.responses.create(model=MODEL, input="Weather in Paris?", tools=[weather])
    for item in r.output:
        if item.type == "function_call":
            print(f"function call: {item.name}({item.arguments})")


async def main() -> None:
    # The same client, async.
    async with tokenhot.AsyncTokenhot() as client:
        r = await client.chat.completions.create(model=MODEL, messages=MESSAGES)
        print("async chat:", r.choices[0].message.content)


asyncio.run(main())
