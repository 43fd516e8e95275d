"""The mock gateway (tests/mock) as the Python tests see it: start the binary, script
answers and read the request log of one session, with the standard library only."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]


def mock_binary() -> Path:
    explicit = os.environ.get("TOKENHOT_MOCK_BIN")
    if explicit:
        return Path(explicit)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO_ROOT / "target"))
    return target / "release" / "tokenhot-mock"


class MockProcess:
    """The mock binary, started with --exit-on-stdin-eof so it dies with the tests."""

    def __init__(self) -> None:
        binary = mock_binary()
        if not binary.exists():
            raise RuntimeError(
                f"mock gateway binary not found at {binary}: build it with "
                "`cargo build --release -p tokenhot-mock` or set TOKENHOT_MOCK_BIN"
            )
        self.process = subprocess.Popen(
            [str(binary), "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            self.stop()
            raise RuntimeError(f"unexpected first line from the mock: {line!r}")
        self.url = line[len(prefix):]

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class MockSession:
    """One isolated session of the mock (its own script queue and request log)."""

    def __init__(self, url: str, name: str | None = None) -> None:
        self.url = url
        self.id = name or f"py-{uuid.uuid4().hex}"

    @property
    def headers(self) -> dict[str, str]:
        return {"x-mock-session": self.id}

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=self.headers)
        if data is not None:
            request.add_header("content-type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read().decode()
        return json.loads(text) if text.strip().startswith(("[", "{")) else text

    def script(self, *answers: dict[str, Any]) -> None:
        self._call("POST", "/__mock/script", list(answers))

    def requests(self) -> list[dict[str, Any]]:
        return self._call("GET", "/__mock/requests")  # type: ignore[no-any-return]

    def wait_for_outcome(self, outcome: str, index: int = -1, timeout: float = 5.0) -> dict[str, Any]:
        """Polls the log until request `index` has `outcome` (e.g. client_closed)."""
        deadline = time.monotonic() + timeout
        seen: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            seen = self.requests()
            if seen and len(seen) > (index if index >= 0 else -index - 1) and seen[index]["outcome"] == outcome:
                return seen[index]
            time.sleep(0.02)
        raise AssertionError(f"request {index} never reached outcome {outcome!r}: {[r['outcome'] for r in seen]}")

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        seen: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            seen = self.requests()
            if len(seen) >= count:
                return seen
            time.sleep(0.02)
        raise AssertionError(f"expected {count} requests, saw {len(seen)}")


def chunk(content: str | None = None, *, role: str | None = None, finish_reason: str | None = None, index: int = 0) -> dict[str, Any]:
    """One `data:` frame of a chat stream."""
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    payload = {
        "id": "chatcmpl-s",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "gpt-5.2",
        "choices": [{"index": index, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
    }
    return {"data": json.dumps(payload)}


def completion(content: str = "Hello!", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "gpt-5.2",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }
    body.update(extra)
    return body
