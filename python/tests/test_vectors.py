"""The conformance vectors (tests/vectors/**/*.json), each through the sync and the
async client. All cases run concurrently once (they sleep on retries and timeouts),
then each is reported as its own test; the closing line
`vectors: N passed, N failed` is printed by conftest.py. A case the Python API
cannot run fails; nothing is skipped."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from vector_runner import run_case, run_case_async, vector_files

# Filled by the run below: "<flavour>/<file stem>" -> passed.
RESULTS: dict[str, bool] = {}

FLAVOURS = {"sync": run_case, "async": run_case_async}
CASES = [(flavour, path) for path in vector_files() for flavour in FLAVOURS]


@pytest.fixture(scope="module")
def outcomes(mock_url: str) -> dict[str, str | None]:
    # "No key at all" cases must not find one in the environment.
    saved = {k: os.environ.pop(k) for k in ("TOKENHOT_API_KEY", "TOKENHOT_BASE_URL") if k in os.environ}
    try:
        def one(item):  # type: ignore[no-untyped-def]
            flavour, path = item
            case = json.loads(path.read_text())
            return f"{flavour}/{path.stem}", FLAVOURS[flavour](case, mock_url)

        with ThreadPoolExecutor(max_workers=24) as pool:
            return dict(pool.map(one, CASES))
    finally:
        os.environ.update(saved)


def test_vectors_exist() -> None:
    assert vector_files(), "no vectors found under tests/vectors"


@pytest.mark.parametrize(("flavour", "path"), CASES, ids=[f"{f}-{p.stem}" for f, p in CASES])
def test_vector(flavour, path, outcomes) -> None:  # type: ignore[no-untyped-def]
    why = outcomes[f"{flavour}/{path.stem}"]
    RESULTS[f"{flavour}/{path.stem}"] = why is None
    assert why is None, f"{path.name} ({flavour}): {why}"
