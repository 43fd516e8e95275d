"""The README's Python quick start: a chat call, a streamed chat printed as it arrives,
an error being handled, Gemini (text, streamed, an image in) and Claude over Anthropic
Messages (plain, streamed text, a tool call, thinking), images and a video task. The key and base URL
come from TOKENHOT_API_KEY / TOKENHOT_BASE_URL (scripts/demo.sh runs it on the mock)."""

import asyncio
import base64
import os
import tempfile

import tokenhot

MODEL = os.environ.get("TOKENHOT_CHAT_MODEL", "gpt-5.2")
GEMINI = os.environ.get("TOKENHOT_GEMINI_MODEL", "gemini-3.1-pro-preview")
VIDEO_MODEL = os.environ.get("TOKENHOT_VIDEO_MODEL", "sora-2")
# The gateway polls its vendors every 15 s; the demo on the mock polls every second.
POLL = float(os.environ.get("TOKENHOT_VIDEO_POLL_SECONDS", "5"))
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

    # 5. Claude over Anthropic Messages: plain, streamed text, a tool call, thinking.
    CLAUDE = os.environ.get("TOKENHOT_CLAUDE_MODEL", "claude-sonnet-4-5")
    claude = client.messages.create(model=CLAUDE, max_tokens=256, messages=MESSAGES)
    print("claude:", claude.text)
    print("claude stream: ", end="")
    with client.messages.create(model=CLAUDE, max_tokens=256, messages=MESSAGES, stream=True) as events:
        for event in events:
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                print(event.delta.text, end="", flush=True)
        print(f" (stop_reason {events.final_message().stop_reason})")
    tools = [{"name": "get_weather", "description": "The weather in a city",
              "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
    call = client.messages.create(model=CLAUDE, max_tokens=256, messages=[{"role": "user", "content": "Weather in Paris?"}], tools=tools)
    print("claude tool call:", [(b.name, b.input) for b in call.content if b.type == "tool_use"])
    thought = client.messages.create(model=CLAUDE, max_tokens=2048, messages=MESSAGES, thinking={"type": "enabled", "budget_tokens": 1024})
    print("claude thinking:", [b.thinking for b in thought.content if b.type == "thinking"], "->", thought.text)
    # 6. Images: generate and save, then edit with two images and a mask.
    import tempfile
    from pathlib import Path

    out = Path(tempfile.mkdtemp(prefix="tokenhot-demo-"))
    r = client.images.generate(model="gpt-image-1.5", prompt="A red fox in snow", size="64x64")
    [saved] = client.images.save(r, out)
    print("image saved:", saved.name, saved.stat().st_size, "bytes")
    edited = client.images.edit(model="gpt-image-1.5", prompt="Two foxes", image=[saved, saved.read_bytes()], mask=saved)
    print("image edited:", [p.name for p in client.images.save(edited, out / "edited.png")])
    # 7. A video task: create, wait with a progress print, download.
    video = client.videos.create(model=VIDEO_MODEL, prompt="a cat on a skateboard", seconds=4)
    done = client.videos.wait(video, poll_interval=POLL, on_progress=lambda t: print("video:", t.status, t.progress))
    with tempfile.TemporaryDirectory() as folder:
        path = client.videos.download(done, folder)
        print("video saved:", os.path.basename(path), os.path.getsize(path), "bytes")
    # 8. Responses: plain, streamed text, a function call.
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
