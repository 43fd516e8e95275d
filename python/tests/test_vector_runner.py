"""The vector runner itself: its matching rules fail when they should."""

from __future__ import annotations

import pytest

from mockgw import MockSession
from vector_runner import Mismatch, match, run_case, run_case_async


def test_subset_rules() -> None:
    match({"a": 1}, {"a": 1.0, "b": 2})
    match({"a": {"$absent": True}}, {"b": 1})
    match({"s": {"$prefix": "ab"}, "t": {"$contains": "x"}, "u": {"$any": True}}, {"s": "abc", "t": "-x-", "u": None})
    for expected, actual in [
        ({"a": 1}, {}),
        ({"a": {"$absent": True}}, {"a": None}),
        ([1, 2], [1, 2, 3]),
        (True, 1),
        (1, True),
        (None, 0),
        ("1", 1),
        ({"s": {"$prefix": "x"}}, {"s": "abc"}),
    ]:
        with pytest.raises(Mismatch):
            match(expected, actual)


CASE = {
    "name": "runner_self_check",
    "call": {"op": "chat.completions.create", "args": {"model": "m", "messages": [{"role": "user", "content": "x"}]}},
    "script": [{"json": {"id": "chatcmpl-1", "object": "chat.completion", "choices": []}}],
    "expect": {"requests": [{"method": "POST", "path": "/v1/chat/completions"}], "result": {"id": "chatcmpl-1"}},
}


@pytest.mark.parametrize("runner", [run_case, run_case_async])
def test_a_passing_case_passes(mock: MockSession, runner) -> None:  # type: ignore[no-untyped-def]
    assert runner(CASE, mock.url) is None


@pytest.mark.parametrize("runner", [run_case, run_case_async])
@pytest.mark.parametrize(
    "broken",
    [
        {"expect": {"requests": [], "result": {"id": "chatcmpl-1"}}},
        {"expect": {"result": {"id": "other"}}},
        {"expect": {"error": {"class": "RateLimitError"}}},
        {"call": {"op": "images.generate", "args": {}}},
    ],
    ids=["request-count", "result", "error-expected", "unknown-op"],
)
def test_a_broken_case_fails(mock: MockSession, runner, broken) -> None:  # type: ignore[no-untyped-def]
    case = {**CASE, **broken}
    assert runner(case, mock.url) is not None
