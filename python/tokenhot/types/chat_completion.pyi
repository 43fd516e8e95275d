from typing import Any

from .._models import APIResult, BaseModel

__all__ = [
    "ChatCompletion",
    "Choice",
    "ChatCompletionMessage",
    "ChatCompletionMessageToolCall",
    "Function",
    "FunctionCall",
    "ChoiceLogprobs",
    "CompletionUsage",
    "PromptTokensDetails",
    "CompletionTokensDetails",
]

class Function(BaseModel):
    name: str
    arguments: str
    """JSON text as the model wrote it: parse it yourself (it may be invalid)."""

class FunctionCall(BaseModel):
    name: str
    arguments: str

class ChatCompletionMessageToolCall(BaseModel):
    id: str
    type: str
    function: Function

class ChatCompletionMessage(BaseModel):
    role: str
    content: str | None
    refusal: str | None
    reasoning_content: str | None
    tool_calls: list[ChatCompletionMessageToolCall] | None
    function_call: FunctionCall | None
    annotations: list[Any] | None
    audio: Any

class ChoiceLogprobs(BaseModel):
    content: list[Any] | None
    refusal: list[Any] | None

class Choice(BaseModel):
    index: int
    message: ChatCompletionMessage
    finish_reason: str | None
    """``stop``, ``length``, ``tool_calls``, ``content_filter``, or a newer value."""
    logprobs: ChoiceLogprobs | None

class PromptTokensDetails(BaseModel):
    cached_tokens: int | None
    audio_tokens: int | None

class CompletionTokensDetails(BaseModel):
    reasoning_tokens: int | None
    audio_tokens: int | None
    accepted_prediction_tokens: int | None
    rejected_prediction_tokens: int | None

class CompletionUsage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_tokens_details: PromptTokensDetails | None
    completion_tokens_details: CompletionTokensDetails | None

class ChatCompletion(APIResult):
    id: str
    object: str
    created: int
    model: str
    choices: list[Choice]
    usage: CompletionUsage | None
    system_fingerprint: str | None
    service_tier: str | None
