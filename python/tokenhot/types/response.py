"""`Response`: the answer of `client.responses.create(...)`, `retrieve`, `cancel`, and the
accumulated `Stream.final_response()` of a streamed call; `ResponseStreamEvent`: one
event of such a stream (`type`, `sequence_number`, and the rest as the wire has it).

`output_text` is computed by core (CONTRACT.md, Responses), the same in every language.
"""

from __future__ import annotations

from .. import _native
from .._models import APIResult, BaseModel

__all__ = [
    "Response",
    "ResponseOutputItem",
    "ResponseContentPart",
    "ResponseUsage",
    "ResponseError",
    "ResponseStreamEvent",
]


class ResponseContentPart(BaseModel):
    """`output_text` (`text`, `annotations`), `refusal` (`refusal`), `summary_text`,
    `reasoning_text`, or another kind."""

    __slots__ = ()
    _fields = {"type": None, "text": None, "refusal": None, "annotations": None, "logprobs": None}


class ResponseOutputItem(BaseModel):
    """One output item: `message`, `reasoning`, `function_call`, `custom_tool_call`, or
    another kind (kept whole)."""

    __slots__ = ()
    _fields = {
        "type": None,
        "id": None,
        "status": None,
        "role": None,
        "content": ResponseContentPart,
        "summary": ResponseContentPart,
        "call_id": None,
        "name": None,
        # Function arguments (JSON text as written) and custom tool input stay strings.
        "arguments": None,
        "input": None,
        "encrypted_content": None,
    }


class ResponseUsage(BaseModel):
    __slots__ = ()
    _fields = {
        "input_tokens": None,
        "input_tokens_details": None,
        "output_tokens": None,
        "output_tokens_details": None,
        "total_tokens": None,
    }


class ResponseError(BaseModel):
    __slots__ = ()
    _fields = {"code": None, "message": None}


class Response(APIResult):
    __slots__ = ()
    _fields = {
        "id": None,
        "object": None,
        "created_at": None,
        "status": None,
        "model": None,
        "output": ResponseOutputItem,
        "usage": ResponseUsage,
        "error": ResponseError,
        "incomplete_details": None,
        "instructions": None,
        "metadata": None,
        "previous_response_id": None,
        "reasoning": None,
        "text": None,
        "tools": None,
        "tool_choice": None,
    }

    @property
    def output_text(self) -> str:
        """The `text` of every `output_text` part of every `message` item, joined;
        `""` when there is none."""
        return _native.responses_output_text(self._data)


class ResponseStreamEvent(BaseModel):
    """An event has no request id of its own: see ``Stream.request_id``."""

    __slots__ = ()
    _fields = {
        "type": None,
        "sequence_number": None,
        "response": Response,
        "item": ResponseOutputItem,
        "part": ResponseContentPart,
        "output_index": None,
        "content_index": None,
        "summary_index": None,
        "item_id": None,
        "delta": None,
        "text": None,
        "arguments": None,
        "code": None,
        "message": None,
        "param": None,
        "error": None,
    }
