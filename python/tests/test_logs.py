"""Core's attempt lines reach Python's `logging` (logger `tokenhot`), and
`TOKENHOT_LOG` prints them on stderr once each; never the key, never a body."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

import tokenhot
from mockgw import MockSession, completion

KEY = "sk-canary-logs-4f1e9a"
MESSAGES = [{"role": "user", "content": "a secret prompt"}]


def test_attempts_are_records_of_the_tokenhot_logger(mock: MockSession, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="tokenhot")
    mock.script({"status": 500, "json": {"error": {"message": "x", "type": "server_error"}}}, {"json": completion("the answer")})
    with tokenhot.Tokenhot(api_key=KEY, base_url=mock.url, default_headers=mock.headers) as client:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES, max_retries=1)
    records = [r for r in caplog.records if r.name == "tokenhot"]
    assert len(records) == 2, [r.getMessage() for r in records]
    first, second = (r.getMessage() for r in records)
    assert "POST" in first and "/v1/chat/completions" in first and "attempt 1" in first and "500" in first
    assert "attempt 2" in second and "200" in second
    assert all(r.levelno == logging.DEBUG for r in records)
    for text in (first, second):
        assert KEY not in text and "a secret prompt" not in text and "the answer" not in text
        assert "authorization: <redacted>" in text


def test_info_level_gives_the_short_line(mock: MockSession, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tokenhot")
    mock.script({"json": completion()})
    with tokenhot.Tokenhot(api_key=KEY, base_url=mock.url, default_headers=mock.headers) as client:
        client.chat.completions.create(model="gpt-5.2", messages=MESSAGES)
    (record,) = [r for r in caplog.records if r.name == "tokenhot"]
    assert record.levelno == logging.INFO and "[sent" not in record.getMessage()


def test_tokenhot_log_prints_each_attempt_once_on_stderr(mock: MockSession) -> None:
    mock.script({"json": completion()})
    program = (
        "import sys, tokenhot\n"
        "c = tokenhot.Tokenhot(api_key=sys.argv[1], base_url=sys.argv[2], default_headers={'x-mock-session': sys.argv[3]})\n"
        "c.chat.completions.create(model='gpt-5.2', messages=[{'role': 'user', 'content': 'hi'}])\n"
    )
    env = dict(os.environ, TOKENHOT_LOG="debug")
    done = subprocess.run(
        [sys.executable, "-c", program, KEY, mock.url, mock.id], env=env, capture_output=True, text=True, timeout=60, cwd="/"
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("tokenhot: ")]
    assert len(lines) == 1, done.stderr
    assert "POST" in lines[0] and "attempt 1" in lines[0] and KEY not in done.stderr + done.stdout
