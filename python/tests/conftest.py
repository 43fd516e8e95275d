"""Shared fixtures: one mock gateway per test run, one mock session per test."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

import tokenhot
from mockgw import MockProcess, MockSession

# Loopback must never go through a proxy (CONTRACT.md, Client).
os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ["no_proxy"] = "127.0.0.1,localhost"

MESSAGES = [{"role": "user", "content": "Say hello"}]

# CI runs with a random canary key (scripts/test.sh) and fails if it shows anywhere in the output.
TEST_KEY = os.environ.get("TOKENHOT_TEST_KEY", "sk-test-key")


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    mock = MockProcess()
    try:
        yield mock.url
    finally:
        mock.stop()


@pytest.fixture
def mock(mock_url: str) -> MockSession:
    return MockSession(mock_url)


@pytest.fixture
def client(mock: MockSession) -> Iterator[tokenhot.Tokenhot]:
    with tokenhot.Tokenhot(api_key=TEST_KEY, base_url=mock.url, default_headers=mock.headers) as c:
        yield c


@pytest.fixture
async def aclient(mock: MockSession) -> AsyncIterator[tokenhot.AsyncTokenhot]:
    async with tokenhot.AsyncTokenhot(api_key=TEST_KEY, base_url=mock.url, default_headers=mock.headers) as c:
        yield c


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    from test_vectors import RESULTS

    if RESULTS:
        # One count per vector file: it passes when every flavour (sync, async) did.
        per_vector: dict[str, bool] = {}
        for key, ok in RESULTS.items():
            stem = key.split("/", 1)[1]
            per_vector[stem] = per_vector.get(stem, True) and ok
        passed = sum(1 for ok in per_vector.values() if ok)
        failed = len(per_vector) - passed
        terminalreporter.write_line(f"vectors: {passed} passed, {failed} failed")
