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
    name: str | None
    arguments: str | None

class ChoiceDeltaFunctionCall(BaseModel):
    name: str | None
    arguments: str | None

class ChoiceDeltaToolCall(BaseModel):
    index: int
    id: str | None
    type: str | None
    function: ChoiceDeltaToolCallFunction | None

class ChoiceDelta(BaseModel):
    role: str | None
    content: str | None
    refusal: str | None
    reasoning_content: str | None
    tool_calls: list[ChoiceDeltaToolCall] | None
    function_call: ChoiceDeltaFunctionCall | None

class ChunkChoice(BaseModel):
    index: int
    delta: ChoiceDelta
    finish_reason: str | None
    logprobs: ChoiceLogprobs | None

class ChatCompletionChunk(BaseModel):
    id: str
    object: str
    created: int
    model: str
    choices: list[ChunkChoice]
    """Empty in the final usage chunk (``stream_options={"include_usage": True}``)."""
    usage: CompletionUsage | None
    system_fingerprint: str | None
    service_tier: str | None
