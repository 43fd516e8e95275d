"""`chat.completion`: the answer of a non-streamed chat call (and of
`Stream.final_completion()`)."""

from __future__ import annotations

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
    __slots__ = ()
    _fields = {"name": None, "arguments": None}


class FunctionCall(BaseModel):
    __slots__ = ()
    _fields = {"name": None, "arguments": None}


class ChatCompletionMessageToolCall(BaseModel):
    __slots__ = ()
    _fields = {"id": None, "type": None, "function": Function}


class ChatCompletionMessage(BaseModel):
    __slots__ = ()
    _fields = {
        "role": None,
        "content": None,
        "refusal": None,
        "reasoning_content": None,
        "tool_calls": ChatCompletionMessageToolCall,
        "function_call": FunctionCall,
        "annotations": None,
        "audio": None,
    }


class ChoiceLogprobs(BaseModel):
    __slots__ = ()
    _fields = {"content": None, "refusal": None}


class Choice(BaseModel):
    __slots__ = ()
    _fields = {
        "index": None,
        "message": ChatCompletionMessage,
        "finish_reason": None,
        "logprobs": ChoiceLogprobs,
    }


class PromptTokensDetails(BaseModel):
    __slots__ = ()
    _fields = {"cached_tokens": None, "audio_tokens": None}


class CompletionTokensDetails(BaseModel):
    __slots__ = ()
    _fields = {
        "reasoning_tokens": None,
        "audio_tokens": None,
        "accepted_prediction_tokens": None,
        "rejected_prediction_tokens": None,
    }


class CompletionUsage(BaseModel):
    __slots__ = ()
    _fields = {
        "prompt_tokens": None,
        "completion_tokens": None,
        "total_tokens": None,
        "prompt_tokens_details": PromptTokensDetails,
        "completion_tokens_details": CompletionTokensDetails,
    }


class ChatCompletion(APIResult):
    __slots__ = ()
    _fields = {
        "id": None,
        "object": None,
        "created": None,
        "model": None,
        "choices": Choice,
        "usage": CompletionUsage,
        "system_fingerprint": None,
        "service_tier": None,
    }
