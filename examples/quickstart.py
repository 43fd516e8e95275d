"""The README's Python quick start: a chat call, a streamed chat printed as it arrives,
an error being handled, Gemini (text, streamed, an image in) and a video task. The key and base URL
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

    # 5. A video task: create, wait with a progress print, download.
    video = client.videos.create(model=VIDEO_MODEL, prompt="a cat on a skateboard", seconds=4)
    done = client.videos.wait(video, poll_interval=POLL, on_progress=lambda t: print("video:", t.status, t.progress))
    with tempfile.TemporaryDirectory() as folder:
        path = client.videos.download(done, folder)
        print("video saved:", os.path.basename(path), os.path.getsize(path), "bytes")


async def main() -> None:
    # The same client, async.
    async with tokenhot.AsyncTokenhot() as client:
        r = await client.chat.completions.create(model=MODEL, messages=MESSAGES)
        print("async chat:", r.choices[0].message.content)


asyncio.run(main())
