"""The shapes of a Gemini request, as TypedDicts for type checkers (camelCase wire
names; the snake_case spelling of a known key is accepted at runtime too). Plain
dicts work everywhere these are named. Not imported by `import tokenhot`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict

__all__ = [
    "BlobDict",
    "FileDataDict",
    "PartDict",
    "ContentDict",
    "ThinkingConfigDict",
    "ImageConfigDict",
    "GenerationConfigDict",
    "SafetySettingDict",
]


class BlobDict(TypedDict):
    mimeType: str
    data: str
    """Base64; `tokenhot.image_part(...)` builds the whole part from bytes or a file."""


class FileDataDict(TypedDict, total=False):
    mimeType: str
    fileUri: str


class PartDict(TypedDict, total=False):
    text: str
    inlineData: BlobDict
    fileData: FileDataDict
    functionCall: Mapping[str, Any]
    functionResponse: Mapping[str, Any]
    thought: bool
    thoughtSignature: str


class ContentDict(TypedDict, total=False):
    role: Literal["user", "model"] | str
    parts: Sequence[PartDict | Mapping[str, Any]]


class ThinkingConfigDict(TypedDict, total=False):
    thinkingLevel: Literal["low", "medium", "high"] | str
    thinkingBudget: int
    includeThoughts: bool


class ImageConfigDict(TypedDict, total=False):
    aspectRatio: str
    """``"16:9"``, ``"1:1"``, ..."""
    imageSize: str
    """``"1K"``, ``"2K"``, ``"4K"``."""


class GenerationConfigDict(TypedDict, total=False):
    temperature: float
    topP: float
    topK: int
    maxOutputTokens: int
    stopSequences: Sequence[str]
    responseMimeType: str
    responseSchema: Mapping[str, Any]
    thinkingConfig: ThinkingConfigDict
    responseModalities: Sequence[str]
    """``["TEXT", "IMAGE"]`` for image models."""
    imageConfig: ImageConfigDict


class SafetySettingDict(TypedDict):
    category: str
    threshold: str
