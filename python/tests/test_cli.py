"""The installed ``tokenhot`` console script, run as a user runs it: a separate process
against the mock gateway, output piped (so plain), exit statuses checked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mockgw import MockSession, chunk

KEY = "sk-python-cli-key-0123456789"


def script_path() -> str:
    # Installed beside the interpreter by pip (`[project.scripts]`).
    path = Path(sys.executable).parent / "tokenhot"
    if not path.exists():
        pytest.skip(f"the console script is not installed at {path}")
    return str(path)


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("TOKENHOT_")}
    e["NO_PROXY"] = e["no_proxy"] = "127.0.0.1,localhost"
    return e


def tokenhot(mock: MockSession, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [script_path(), *args, "--base-url", mock.url, "--api-key", KEY, "-H", f"x-mock-session: {mock.id}"]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, env=env(), timeout=30)


def assert_plain(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream
        assert KEY not in stream


def test_chat_streams_the_text(mock: MockSession) -> None:
    result = tokenhot(mock, "chat", "-m", "gpt-5", "Say hello")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "chunk0 chunk1 chunk2\n"
    assert_plain(result)
    assert mock.requests()[0]["body"]["messages"] == [{"role": "user", "content": "Say hello"}]


def test_chat_prompt_from_stdin_and_json_events(mock: MockSession) -> None:
    result = tokenhot(mock, "chat", "-m", "gpt-5", "--json", stdin="piped prompt")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5  # role, three words, finish
    assert all(line.startswith('{"id":"chatcmpl-mock') for line in lines)
    assert mock.requests()[0]["body"]["messages"][0]["content"] == "piped prompt"


def test_chat_through_gemini(mock: MockSession) -> None:
    result = tokenhot(mock, "chat", "--api", "gemini", "-m", "gemini-2.5-flash", "hi")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "chunk0 chunk1 chunk2\n"


def test_models(mock: MockSession) -> None:
    result = tokenhot(mock, "models")
    assert result.returncode == 0, result.stderr
    assert "gpt-5" in result.stdout.splitlines()


def test_a_401_is_one_line_and_exit_1(mock: MockSession) -> None:
    body = {"error": {"message": "Invalid token", "type": "new_api_error", "code": "invalid_api_key"}}
    mock.script({"status": 401, "json": body, "headers": {"x-request-id": "req-py-401"}})
    result = tokenhot(mock, "chat", "-m", "gpt-5", "hi")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "tokenhot: AuthenticationError 401 (request id req-py-401): Invalid token\n"
    assert_plain(result)


def test_a_bad_flag_is_exit_2(mock: MockSession) -> None:
    result = tokenhot(mock, "chat", "--no-such-flag")
    assert result.returncode == 2
    assert "--no-such-flag" in result.stderr
    assert_plain(result)


def test_ctrl_c_while_streaming_is_130_and_closes_the_connection(mock: MockSession) -> None:
    held = {**chunk(" later"), "delay_ms": 10_000}
    mock.script({"sse": [chunk("first"), held, {"data": "[DONE]"}]})
    command = [script_path(), "chat", "-m", "gpt-5", "hi", "--base-url", mock.url, "--api-key", KEY, "-H", f"x-mock-session: {mock.id}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    try:
        assert process.stdout is not None
        assert process.stdout.read(5) == b"first"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 130
    finally:
        process.kill()
    mock.wait_for_outcome("client_closed", index=0)


def test_mock_subcommand_prints_its_url_and_serves() -> None:
    process = subprocess.Popen(
        [script_path(), "mock", "--api-key", KEY], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env()
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        result = tokenhot(MockSession(url), "models")
        assert result.returncode == 0, result.stderr
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 130
    finally:
        process.kill()


def test_import_tokenhot_does_not_load_the_cli(tmp_path: Path) -> None:
    code = "import sys, tokenhot; print('tokenhot._cli' in sys.modules)"
    # Away from the source tree, so the installed package is the one imported.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert result.stdout.strip() == "False"
