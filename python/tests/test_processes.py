"""Threads, fork, Ctrl-C and import cost: the process-level promises of CONTRACT.md."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tokenhot
from conftest import MESSAGES
from mockgw import MockSession, completion

PYTHON_DIR = Path(__file__).resolve().parents[1]
# Children run from the tests folder: `python -c` puts its working directory first on
# sys.path, and from python/ that would import the source tree (which has no compiled
# extension in a clean checkout) instead of the installed package.
CHILD_CWD = Path(__file__).resolve().parent


def run_python(code: str, *, timeout: float = 30, **popen: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "NO_PROXY": "127.0.0.1"}, cwd=CHILD_CWD, **popen,  # type: ignore[arg-type]
    )


def test_sync_client_from_many_threads(client: tokenhot.Tokenhot) -> None:
    def work(i: int) -> list[str]:
        return [client.chat.completions.create(model=f"t{i}-{j}", messages=MESSAGES).model for j in range(5)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert results == [[f"t{i}-{j}" for j in range(5)] for i in range(8)]


def test_a_slow_sync_call_does_not_hold_up_other_threads(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    # Sync calls run on the waiting thread itself (python/src/runtime.rs): while one
    # thread waits for a slow answer, another thread's calls must still go through.
    mock.script({"delay_ms": 3000, "json": completion(model="slow")})
    with ThreadPoolExecutor(max_workers=1) as pool:
        slow = pool.submit(client.chat.completions.create, model="gpt-5.2", messages=MESSAGES)
        mock.wait_for_requests(1)
        quick = [client.chat.completions.create(model=f"quick-{i}", messages=MESSAGES).model for i in range(5)]
        assert not slow.done()
        assert quick == [f"quick-{i}" for i in range(5)]
        assert slow.result(timeout=10).model == "slow"


def test_sync_calls_and_streams_share_a_client(client: tokenhot.Tokenhot) -> None:
    # Plain sync calls and streams run on different runtimes, each with its own pool;
    # alternating them must reuse neither's connections on the other.
    for i in range(3):
        assert client.chat.completions.create(model=f"plain-{i}", messages=MESSAGES).model == f"plain-{i}"
        stream = client.chat.completions.create(model=f"streamed-{i}", messages=MESSAGES, stream=True)
        assert stream.final_completion().model == f"streamed-{i}"


def test_gil_is_released_while_waiting(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    mock.script({"delay_ms": 500, "json": completion()})
    ticks = 0
    done = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    finally:
        done.set()
        spinner.join()
    assert ticks > 50  # the other thread ran during the 500 ms wait


def _child_call(client: tokenhot.Tokenhot, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    try:
        r = client.chat.completions.create(model="in-child", messages=MESSAGES)
        stream = client.chat.completions.create(model="in-child", messages=MESSAGES, stream=True)
        text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        queue.put(("ok", r.model, text, os.getpid()))
    except BaseException as e:  # noqa: BLE001 - report anything to the parent
        queue.put(("error", repr(e), "", os.getpid()))


def test_client_works_in_a_forked_child(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    # Use the client first so the parent has a runtime and a pooled connection.
    assert client.chat.completions.create(model="parent-1", messages=MESSAGES).model == "parent-1"
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child_call, args=(client, queue))
    child.start()
    outcome = queue.get(timeout=20)
    child.join(timeout=20)
    assert outcome[0] == "ok", outcome
    assert outcome[1] == "in-child" and outcome[2] == "chunk0 chunk1 chunk2"
    assert child.exitcode == 0
    # The parent's runtime and pool are untouched by the child.
    assert client.chat.completions.create(model="parent-2", messages=MESSAGES).model == "parent-2"
    models = [r["body"]["model"] for r in mock.requests()]
    assert models == ["parent-1", "in-child", "in-child", "parent-2"]


def test_async_client_works_in_a_forked_child(mock: MockSession) -> None:
    code = f"""
        import asyncio, os, sys
        import tokenhot
        client = tokenhot.AsyncTokenhot(api_key="sk-x", base_url={mock.url!r}, default_headers={mock.headers!r})
        async def call(model):
            return (await client.chat.completions.create(model=model, messages=[{{"role": "user", "content": "x"}}])).model
        print(asyncio.run(call("parent")))
        pid = os.fork()
        if pid == 0:
            try:
                print(asyncio.run(call("child")), flush=True)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        print(asyncio.run(call("parent-again")))
    """
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["parent", "child", "parent-again"]


def test_ctrl_c_interrupts_a_blocking_call(mock: MockSession) -> None:
    mock.script({"delay_ms": 20000, "json": completion()})
    # The child stays alive after the interruption until told to exit, so the
    # connection must close because the call was dropped, not because the process
    # ended.
    code = f"""
        import sys, time
        import tokenhot
        client = tokenhot.Tokenhot(api_key="sk-x", base_url={mock.url!r}, default_headers={mock.headers!r})
        print("calling", flush=True)
        started = time.monotonic()
        try:
            client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "x"}}])
        except KeyboardInterrupt:
            print(f"interrupted after {{time.monotonic() - started:.2f}}", flush=True)
            sys.stdin.readline()
            sys.exit(3)
        print("not interrupted", flush=True)
    """
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, cwd=CHILD_CWD,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "calling"
        mock.wait_for_requests(1)
        sent_at = time.monotonic()
        child.send_signal(signal.SIGINT)
        line = child.stdout.readline()
        elapsed = time.monotonic() - sent_at
        assert line.startswith("interrupted"), (line, child.stderr.read() if child.poll() is not None else "")
        assert elapsed < 2, elapsed  # wakes every 100 ms to check for signals
        mock.wait_for_outcome("client_closed", 0)
        out, err = child.communicate("exit\n", timeout=10)
    finally:
        child.kill()
    assert child.returncode == 3, (out, err)


def test_first_import_in_a_thread(mock: MockSession) -> None:
    # The extension's allocator (mimalloc) starts on whichever thread loads it first.
    code = f"""
        import threading
        out = []
        def work():
            import tokenhot
            client = tokenhot.Tokenhot(api_key="sk-x", base_url={mock.url!r}, default_headers=dict({mock.headers!r}))
            out.append(client.chat.completions.create(model="in-thread", messages=[{{"role": "user", "content": "hi"}}]).model)
        t = threading.Thread(target=work)
        t.start()
        t.join()
        print(out)
    """
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['in-thread']"


def test_import_is_light() -> None:
    code = """
        import sys, json
        before = set(sys.modules)
        import tokenhot
        added = sorted(set(sys.modules) - before)
        print(json.dumps(added))
    """
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)
    assert "asyncio" not in added
    outside = [m for m in added if m.split(".")[0] not in sys.stdlib_module_names and m.split(".")[0] != "tokenhot"]
    assert outside == [], outside
    heavy = {"asyncio", "typing", "json", "concurrent", "ssl", "email", "http", "urllib", "inspect"}
    assert not heavy & {m.split(".")[0] for m in added}, added


def test_asyncio_imported_only_on_async_use() -> None:
    done = run_python(
        """
        import sys, tokenhot
        client = tokenhot.AsyncTokenhot(api_key="sk-x", base_url="http://127.0.0.1:9")
        print("asyncio" in sys.modules)
        """
    )
    assert done.stdout.split() == ["False"], done.stderr


def test_exit_right_after_async_calls_is_clean(mock: MockSession) -> None:
    """Tokio threads must not be inside Python while it finalizes (atexit guard)."""
    code = f"""
        import asyncio, tokenhot
        client = tokenhot.AsyncTokenhot(api_key="sk-x", base_url={mock.url!r}, default_headers={mock.headers!r})
        async def call():
            return (await client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "x"}}])).model
        asyncio.run(call())
        asyncio.run(call())
        print("done")
    """
    for _ in range(15):
        done = run_python(code)
        assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr
