"""Result objects without the network: attribute access, aliases, losslessness."""

from __future__ import annotations

import copy
import pickle

import pytest

from tokenhot.types import ChatCompletion, ChatCompletionChunk, ModelList


def wire() -> dict[str, object]:
    return {
        "id": "c1",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [{"id": "t1", "type": "function", "function": {"name": "f", "arguments": "{\"a\": 1}"}}],
                },
                "finish_reason": "tool_calls",
            }
        ],
        "usage": None,
        "vendorExtra": {"innerKey": {"camelCase": True}, "snake_key": 1},
    }


def test_attribute_and_item_access() -> None:
    r = ChatCompletion(wire(), "req-1")
    call = r.choices[0].message.tool_calls[0]
    assert call.function.name == "f" and call.function.arguments == '{"a": 1}'
    assert r["choices"][0]["message"]["role"] == "assistant"
    assert r.choices[0] is r.choices[0]  # wrapped once, then cached
    assert r.usage is None and "usage" in r
    assert r.model is None and "model" not in r  # named by the schema, absent
    assert r.get("model", "dflt") == "dflt"
    assert r.vendor_extra.inner_key.camel_case is True
    assert r.vendor_extra.snake_key == 1
    assert r._request_id == "req-1"
    with pytest.raises(KeyError):
        r["model"]
    with pytest.raises(AttributeError):
        r.nonexistent


def test_to_dict_is_the_wire_json_and_a_copy() -> None:
    data = wire()
    r = ChatCompletion(data)
    out = r.to_dict()
    assert out == data and out is not data
    out["choices"][0]["index"] = 99  # type: ignore[index]
    assert r.choices[0].index == 0
    assert "vendorExtra" in r.to_dict() and "vendor_extra" not in r.to_dict()


def test_repr_is_readable() -> None:
    text = repr(ChatCompletion(wire()))
    assert text.startswith("ChatCompletion(id='c1', choices=[Choice(index=0, message=ChatCompletionMessage(")
    assert "finish_reason='tool_calls'" in text


def test_equality_copy_and_pickle() -> None:
    r = ChatCompletion(wire(), "req-2")
    assert r == ChatCompletion(wire()) and r == wire()
    assert copy.deepcopy(r) == r and copy.copy(r) == r
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back._request_id == "req-2"


def test_chunk_and_model_list() -> None:
    c = ChatCompletionChunk({"choices": [{"index": 0, "delta": {"content": "x"}}]})
    assert c.choices[0].delta.content == "x" and c.choices[0].delta.role is None and c.usage is None
    m = ModelList({"object": "list", "data": [{"id": "a"}]})
    assert m.data[0].id == "a" and m.data[0].owned_by is None


def test_results_are_read_only_views() -> None:
    r = ChatCompletion(wire())
    with pytest.raises(AttributeError):
        r.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ChatCompletion("not a dict")  # type: ignore[arg-type]
