"""`chat.completion.chunk`: one event of a streamed chat call."""

from __future__ import annotations

from .._models import BaseModel
from .chat_completion import ChoiceLogprobs, CompletionUsage

__all__ = [
    "ChatCompletionChunk",
    "ChunkChoice",
    "ChoiceDelta",
    "ChoiceDeltaToolCall",
    "ChoiceDeltaToolCallFunction",
    "ChoiceDeltaFunctionCall",
]


class ChoiceDeltaToolCallFunction(BaseModel):
    __slots__ = ()
    _fields = {"name": None, "arguments": None}


class ChoiceDeltaFunctionCall(BaseModel):
    __slots__ = ()
    _fields = {"name": None, "arguments": None}


class ChoiceDeltaToolCall(BaseModel):
    __slots__ = ()
    _fields = {"index": None, "id": None, "type": None, "function": ChoiceDeltaToolCallFunction}


class ChoiceDelta(BaseModel):
    __slots__ = ()
    _fields = {
        "role": None,
        "content": None,
        "refusal": None,
        "reasoning_content": None,
        "tool_calls": ChoiceDeltaToolCall,
        "function_call": ChoiceDeltaFunctionCall,
    }


class ChunkChoice(BaseModel):
    __slots__ = ()
    _fields = {"index": None, "delta": ChoiceDelta, "finish_reason": None, "logprobs": ChoiceLogprobs}


class ChatCompletionChunk(BaseModel):
    """A chunk has no request id of its own: see ``Stream.request_id``."""

    __slots__ = ()
    _fields = {
        "id": None,
        "object": None,
        "created": None,
        "model": None,
        "choices": ChunkChoice,
        "usage": CompletionUsage,
        "system_fingerprint": None,
        "service_tier": None,
    }
