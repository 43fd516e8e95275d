"""`GenerateContentResponse`: the answer of a Gemini `generateContent` call, one
partial answer of a streamed one, and the accumulated `Stream.final_response()`.

Fields keep their camelCase wire names and answer to snake_case too
(`r.usage_metadata.total_token_count`). The helpers (`r.text`, `r.images()`, ...)
are computed by core's Gemini helpers, so they mean the same in every language.
"""

from __future__ import annotations

from .. import _native
from .._models import APIResult, BaseModel

__all__ = [
    "GenerateContentResponse",
    "Candidate",
    "Content",
    "Part",
    "Blob",
    "FileData",
    "FunctionCall",
    "FunctionResponse",
    "SafetyRating",
    "PromptFeedback",
    "UsageMetadata",
    "ModalityTokenCount",
]


class Blob(BaseModel):
    __slots__ = ()
    _fields = {"mimeType": None, "data": None}


class FileData(BaseModel):
    __slots__ = ()
    _fields = {"mimeType": None, "fileUri": None}


class FunctionCall(BaseModel):
    # `args` is the model's argument object: user data, kept a plain dict.
    __slots__ = ()
    _fields = {"id": None, "name": None, "args": None}


class FunctionResponse(BaseModel):
    __slots__ = ()
    _fields = {"id": None, "name": None, "response": None}


class Part(BaseModel):
    __slots__ = ()
    _fields = {
        "text": None,
        "thought": None,
        "thoughtSignature": None,
        "inlineData": Blob,
        "fileData": FileData,
        "functionCall": FunctionCall,
        "functionResponse": FunctionResponse,
    }


class Content(BaseModel):
    __slots__ = ()
    _fields = {"role": None, "parts": Part}


class SafetyRating(BaseModel):
    __slots__ = ()
    _fields = {"category": None, "probability": None, "blocked": None}


class Candidate(BaseModel):
    __slots__ = ()
    _fields = {
        "content": Content,
        "finishReason": None,
        "finishMessage": None,
        "safetyRatings": SafetyRating,
        "index": None,
        "tokenCount": None,
    }


class PromptFeedback(BaseModel):
    __slots__ = ()
    _fields = {"blockReason": None, "blockReasonMessage": None, "safetyRatings": SafetyRating}


class ModalityTokenCount(BaseModel):
    __slots__ = ()
    _fields = {"modality": None, "tokenCount": None}


class UsageMetadata(BaseModel):
    __slots__ = ()
    _fields = {
        "promptTokenCount": None,
        "candidatesTokenCount": None,
        "totalTokenCount": None,
        "thoughtsTokenCount": None,
        "cachedContentTokenCount": None,
        "toolUsePromptTokenCount": None,
        "promptTokensDetails": ModalityTokenCount,
        "candidatesTokensDetails": ModalityTokenCount,
    }


class GenerateContentResponse(APIResult):
    __slots__ = ()
    _fields = {
        "candidates": Candidate,
        "promptFeedback": PromptFeedback,
        "usageMetadata": UsageMetadata,
        "modelVersion": None,
        "responseId": None,
    }

    @property
    def text(self) -> str | None:
        """The first candidate's text, thought parts left out; None without
        candidates (e.g. a prompt blocked for safety)."""
        return _native.gemini_text(self._data)

    @property
    def thought_text(self) -> str | None:
        """The first candidate's thought summary; None when it has no thought parts."""
        return _native.gemini_thought_text(self._data)

    @property
    def function_calls(self) -> list[FunctionCall]:
        """The first candidate's `functionCall` objects, in order (`name`, `args`, `id`)."""
        return [FunctionCall(call) for call in _native.gemini_function_calls(self._data)]

    def images(self) -> list[tuple[bytes, str]]:
        """The first candidate's inline images as `(bytes, mime_type)`, decoded."""
        return _native.gemini_images(self._data)

    def image_urls(self) -> list[str]:
        """URLs in the first candidate's text (an image model may answer with a link):
        download one with `client.gemini.fetch_image(url)`."""
        return _native.gemini_image_urls(self._data)
