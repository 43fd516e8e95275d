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


def test_gemini_fields_by_either_spelling() -> None:
    from tokenhot.types import GenerateContentResponse

    wire_json = {"candidates": [{"content": {"parts": [{"text": "hi", "thoughtSignature": "s"}]}, "finishReason": "STOP"}],
                 "usageMetadata": {"totalTokenCount": 7}}
    r = GenerateContentResponse(wire_json)
    assert r.usage_metadata is r.usageMetadata and r.usage_metadata.total_token_count == 7
    part = r.candidates[0].content.parts[0]
    assert part.thought_signature == "s" and part.text == "hi" and part.inline_data is None
    assert r.text == "hi" and r.prompt_feedback is None  # the helper, not a field
    # A proxy that answers in snake_case is still read by the name asked for.
    snake = GenerateContentResponse({"usage_metadata": {"total_token_count": 3}})
    assert snake.usage_metadata.total_token_count == 3 and snake.usageMetadata is None
    assert r.to_dict() == wire_json
