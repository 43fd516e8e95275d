"""The stubs match the runtime: mypy --strict accepts typed_usage.py (including the
`@overload` on `stream`) and flags every mistake in typed_misuse.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def mypy(path: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("mypy") is None and subprocess.run([sys.executable, "-m", "mypy", "--version"], capture_output=True).returncode:
        pytest.fail("mypy is not installed in this environment")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--hide-error-context", "--no-color-output", str(path)],
        capture_output=True, text=True, cwd=HERE, timeout=300,
    )


def test_typed_usage_passes_mypy_strict() -> None:
    done = mypy(HERE / "typed_usage.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_typed_misuse_is_flagged() -> None:
    done = mypy(HERE / "typed_misuse.py")
    lines = {int(m.group(1)) for m in re.finditer(r"typed_misuse\.py:(\d+): error", done.stdout)}
    source = (HERE / "typed_misuse.py").read_text().splitlines()
    expected = {i for i, line in enumerate(source, 1) if line.startswith(("client.", "r.choices", "s.choices", "g.candidates"))}
    assert lines == expected, done.stdout
