"""One benchmark measurement in a fresh process, printed as one JSON line.

    python workloads.py <tokenhot|openai> <sequential|concurrent|stream|inflight> BASE_URL

Both libraries are called the way their documentation shows, pointed at the same mock
through their base-URL option. Sizes come from the environment (BENCH_CALLS,
BENCH_CONCURRENCY, BENCH_STREAMS, BENCH_CHUNKS, BENCH_INFLIGHT, BENCH_DELAY_MS).
"""

import json
import os
import resource
import sys
import time

MESSAGES = [{"role": "user", "content": "Say hello"}]
MODEL = "gpt-5.2"


def number(name, default):
    return int(os.environ.get(name, default))


def sync_client(lib, base_url):
    if lib == "tokenhot":
        import tokenhot

        return tokenhot.Tokenhot(api_key="sk-bench", base_url=base_url)
    import openai

    return openai.OpenAI(api_key="sk-bench", base_url=base_url + "/v1")


def async_client(lib, base_url):
    if lib == "tokenhot":
        import tokenhot

        return tokenhot.AsyncTokenhot(api_key="sk-bench", base_url=base_url)
    import openai

    return openai.AsyncOpenAI(api_key="sk-bench", base_url=base_url + "/v1")


def sequential(lib, base_url):
    client = sync_client(lib, base_url)
    calls = number("BENCH_CALLS", 1000)
    client.chat.completions.create(model=MODEL, messages=MESSAGES)  # warm the pool
    started = time.perf_counter()
    for _ in range(calls):
        r = client.chat.completions.create(model=MODEL, messages=MESSAGES)
        assert r.choices[0].message.content
    return calls, "calls", time.perf_counter() - started


async def _workers(count, concurrency, job):
    import asyncio

    remaining = iter(range(count))

    async def worker():
        for _ in remaining:
            await job()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def concurrent(lib, base_url, concurrency=None, extra_headers=None):
    import asyncio

    calls = number("BENCH_CALLS", 2000)
    concurrency = concurrency or number("BENCH_CONCURRENCY", 64)

    async def main():
        client = async_client(lib, base_url)

        async def one():
            r = await client.chat.completions.create(model=MODEL, messages=MESSAGES, extra_headers=extra_headers)
            assert r.choices[0].message.content

        await one()
        started = time.perf_counter()
        await _workers(calls, concurrency, one)
        return time.perf_counter() - started

    return calls, "calls", asyncio.run(main())


def stream(lib, base_url):
    import asyncio

    streams, chunks = number("BENCH_STREAMS", 10), number("BENCH_CHUNKS", 1000)

    async def main():
        client = async_client(lib, base_url)
        total = 0
        started = time.perf_counter()
        for _ in range(streams):
            s = await client.chat.completions.create(
                model=MODEL, messages=MESSAGES, stream=True, extra_headers={"x-mock-chunks": str(chunks)}
            )
            async for chunk in s:
                total += 1
        return total, time.perf_counter() - started

    total, seconds = asyncio.run(main())
    return total, "chunks", seconds


def inflight(lib, base_url):
    """BENCH_INFLIGHT calls at once, each answered after BENCH_DELAY_MS: peak memory."""
    n = number("BENCH_INFLIGHT", 1000)
    os.environ["BENCH_CALLS"] = str(n)
    headers = {"x-mock-delay-ms": os.environ.get("BENCH_DELAY_MS", "2000")}
    return concurrent(lib, base_url, concurrency=n, extra_headers=headers)


def main():
    lib, workload, base_url = sys.argv[1:4]
    ops, unit, seconds = globals()[workload](lib, base_url)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"ops": ops, "unit": unit, "seconds": seconds, "per_second": ops / seconds, "peak_rss_mib": peak_kib / 1024}))


if __name__ == "__main__":
    main()
