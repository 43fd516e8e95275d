"""The Python driver of the fault soak (tests/soak/README.md): N mixed calls through the
fault proxy with the sync client (threads) or the async one (tasks), then the checks every
driver makes. Prints one JSON summary line; exits 1 if a check failed.

    python soak.py --proxy http://127.0.0.1:PORT --calls 5000 --mode sync|async
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import tokenhot

# The same budget in every driver (see soak-rust.rs): per-attempt timeout, idle timeout,
# retries; a call may take every attempt's timeout plus two retry-after waits of 1.1 s,
# and the check allows one second more.
TIMEOUT, IDLE, MAX_RETRIES = 2.0, 1.0, 2
DEADLINE = 3 * 2.0 + 2 * 1.1 + 1.0
# RSS growth is judged only over a window long enough that warm-up is noise.
RSS_WINDOW = 2000
EXPECTED = "chunk0 chunk1 chunk2"
MESSAGES = [{"role": "user", "content": "Say hello"}]
# Chat, Gemini, Responses, Messages, each plain and streamed.
KINDS = 8
DOCUMENTED = {"InternalServerError", "RateLimitError", "APIConnectionError", "APITimeoutError", "APIError", "StreamError"}
KEY = os.environ.get("TOKENHOT_TEST_KEY", "sk-soak")
OPTIONS: dict[str, Any] = {"timeout": TIMEOUT, "connect_timeout": 1.0, "stream_idle_timeout": IDLE, "max_retries": MAX_RETRIES}


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def fd_targets() -> list[str]:
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            out.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    return sorted(out)


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def refused_url() -> str:
    """A port nobody listens on: 2 % of calls meet a refused connection."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def sync_call(client: tokenhot.Tokenhot, kind: int, call_id: str) -> str:
    headers = {"x-soak-call": call_id} if call_id else {}
    if kind == 0:
        return client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, extra_headers=headers).choices[0].message.content or ""
    if kind == 1:
        with client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, extra_headers=headers) as stream:
            return "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    if kind == 2:
        return client.gemini.generate_content(model="gemini-2.5-flash", contents="Say hello", extra_headers=headers).text or ""
    if kind == 3:
        return "".join(p.text or "" for p in client.gemini.generate_content(model="gemini-2.5-flash", contents="Say hello", stream=True, extra_headers=headers))
    if kind == 4:
        return client.responses.create(model="gpt-5.2", input="Say hello", extra_headers=headers).output_text
    if kind == 5:
        with client.responses.create(model="gpt-5.2", input="Say hello", stream=True, extra_headers=headers) as stream:
            return "".join(stream.text_stream)
    if kind == 6:
        return client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, extra_headers=headers).text
    with client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, stream=True, extra_headers=headers) as stream:
        return "".join(stream.text_stream)


async def async_call(client: tokenhot.AsyncTokenhot, kind: int, call_id: str) -> str:
    headers = {"x-soak-call": call_id} if call_id else {}
    if kind == 0:
        r = await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, extra_headers=headers)
        return r.choices[0].message.content or ""
    if kind == 1:
        async with await client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, stream=True, extra_headers=headers) as stream:
            return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    if kind == 2:
        g = await client.gemini.generate_content(model="gemini-2.5-flash", contents="Say hello", extra_headers=headers)
        return g.text or ""
    if kind == 3:
        parts = await client.gemini.generate_content(model="gemini-2.5-flash", contents="Say hello", stream=True, extra_headers=headers)
        return "".join([p.text or "" async for p in parts])
    if kind == 4:
        return (await client.responses.create(model="gpt-5.2", input="Say hello", extra_headers=headers)).output_text
    if kind == 5:
        async with await client.responses.create(model="gpt-5.2", input="Say hello", stream=True, extra_headers=headers) as stream:
            return "".join([t async for t in stream.text_stream])
    if kind == 6:
        return (await client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, extra_headers=headers)).text
    async with await client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, stream=True, extra_headers=headers) as stream:
        return "".join([t async for t in stream.text_stream])


class Tally:
    """Outcomes as they come in: the text checked, the error's class, the time taken."""

    def __init__(self) -> None:
        self.ok = self.wrong = self.late = 0
        self.slowest = 0.0
        self.errors: Counter[str] = Counter()
        self.crashes: Counter[str] = Counter()

    def run(self, started: float, text: str | None, error: BaseException | None) -> None:
        elapsed = time.monotonic() - started
        self.slowest = max(self.slowest, elapsed)
        self.late += elapsed > DEADLINE
        if error is None:
            if text == EXPECTED:
                self.ok += 1
            else:
                self.wrong += 1
        elif isinstance(error, tokenhot.TokenhotError) and "internal error" not in str(error):
            self.errors[type(error).__name__] += 1
        else:  # a panic surfaced, or an exception that is not the library's
            self.crashes[f"{type(error).__name__}: {error}"[:200]] += 1


def run_sync(proxy: str, calls: int, concurrency: int, tally: Tally, rss: list[int]) -> None:
    client = tokenhot.Tokenhot(api_key=KEY, base_url=proxy, **OPTIONS)
    dead = tokenhot.Tokenhot(api_key=KEY, base_url=refused_url(), **OPTIONS)

    def one(i: int) -> None:
        if i == calls // 2:
            rss.append(rss_kb())
        started = time.monotonic()
        try:
            text = sync_call(dead if i % 50 == 49 else client, i % KINDS, f"py-sync-{os.getpid()}-{i}")
        except BaseException as e:  # noqa: BLE001 - the soak counts everything
            tally.run(started, None, e)
        else:
            tally.run(started, text, None)

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(calls)))
    client.close()
    dead.close()


async def run_async(proxy: str, calls: int, concurrency: int, tally: Tally, rss: list[int]) -> None:
    gate = asyncio.Semaphore(concurrency)
    async with tokenhot.AsyncTokenhot(api_key=KEY, base_url=proxy, **OPTIONS) as client, tokenhot.AsyncTokenhot(
        api_key=KEY, base_url=refused_url(), **OPTIONS
    ) as dead:

        async def one(i: int) -> None:
            async with gate:
                if i == calls // 2:
                    rss.append(rss_kb())
                started = time.monotonic()
                try:
                    text = await async_call(dead if i % 50 == 49 else client, i % KINDS, f"py-async-{os.getpid()}-{i}")
                except BaseException as e:  # noqa: BLE001
                    tally.run(started, None, e)
                else:
                    tally.run(started, text, None)

        await asyncio.gather(*(one(i) for i in range(calls)))


def warm_up(proxy: str, mode: str) -> None:
    """Every path once, on clients of their own (the runtimes and their threads start on
    first use and stay), so the descriptor baseline counts only what the soak opens."""
    with tokenhot.Tokenhot(api_key=KEY, base_url=proxy) as warm:
        for kind in range(KINDS):
            sync_call(warm, kind, "")
    if mode == "async":

        async def warm_async() -> None:
            async with tokenhot.AsyncTokenhot(api_key=KEY, base_url=proxy) as warm:
                for kind in range(KINDS):
                    await async_call(warm, kind, "")

        asyncio.run(warm_async())


def proxy_stats(proxy: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{proxy}/__soak/stats") as r:  # noqa: S310 - loopback
        return json.load(r)  # type: ignore[no-any-return]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--proxy", required=True)
    p.add_argument("--calls", type=int, default=5000)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--mode", choices=["sync", "async"], required=True)
    args = p.parse_args()
    gc.disable()  # sockets must close without the collector's help
    warm_up(args.proxy, args.mode)
    fds_start = open_fds()
    targets_start = fd_targets()
    tally, rss = Tally(), []
    started = time.monotonic()
    if args.mode == "sync":
        run_sync(args.proxy, args.calls, args.concurrency, tally, rss)
    else:
        asyncio.run(run_async(args.proxy, args.calls, args.concurrency, tally, rss))
    rss_end = rss_kb()
    closing = time.monotonic()
    while open_fds() > fds_start and time.monotonic() - closing < 3:
        time.sleep(0.02)  # closing is asynchronous: wait for the count, with a deadline
    fds_end = open_fds()
    if fds_end > fds_start:
        left = list((Counter(fd_targets()) - Counter(targets_start)).elements())
        print(f"left open: {left}", file=sys.stderr)
    prefix = f"py-{args.mode}-{os.getpid()}-"
    mine = [n for k, n in proxy_stats(args.proxy)["per_call"].items() if k.startswith(prefix)]
    max_requests = max(mine, default=0)
    undocumented = sum(n for k, n in tally.errors.items() if k not in DOCUMENTED)
    rss_mid = rss[0] if rss else 0
    growth = (rss_end - rss_mid) / rss_mid * 100 if rss_mid else 0.0
    passed = (
        tally.wrong == 0 and tally.late == 0 and not tally.crashes and undocumented == 0 and fds_end <= fds_start
        and (args.calls < RSS_WINDOW or growth < 5.0) and max_requests <= MAX_RETRIES + 1 and tally.ok > 0
    )
    print(json.dumps({
        "language": f"python-{args.mode}", "calls": args.calls, "ok": tally.ok, "errors": dict(sorted(tally.errors.items())),
        "wrong_results": tally.wrong, "late": tally.late, "slowest_s": round(tally.slowest, 3), "crashes": dict(tally.crashes),
        "undocumented_errors": undocumented, "fds_start": fds_start, "fds_end": fds_end, "rss_mid_kb": rss_mid,
        "rss_end_kb": rss_end, "rss_growth_pct": round(growth, 2), "max_requests_per_call": max_requests,
        "seconds": round(time.monotonic() - started, 2), "passed": passed,
    }))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
