from typing import Any

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

# Attributes are listed by their snake_case alias; the camelCase wire name answers
# too (``r.usageMetadata``): use ``r["usageMetadata"]`` for it in typed code.

class Blob(BaseModel):
    mime_type: str
    data: str
    """Base64 of the bytes: ``r.images()`` decodes them."""

class FileData(BaseModel):
    mime_type: str | None
    file_uri: str

class FunctionCall(BaseModel):
    id: str | None
    name: str
    args: dict[str, Any] | None
    """The arguments as the model wrote them (a plain dict)."""

class FunctionResponse(BaseModel):
    id: str | None
    name: str
    response: dict[str, Any]

class Part(BaseModel):
    text: str | None
    thought: bool | None
    thought_signature: str | None
    """Opaque: send the part back unchanged in a history."""
    inline_data: Blob | None
    file_data: FileData | None
    function_call: FunctionCall | None
    function_response: FunctionResponse | None

class Content(BaseModel):
    role: str | None
    parts: list[Part] | None

class SafetyRating(BaseModel):
    category: str
    probability: str | None
    blocked: bool | None

class Candidate(BaseModel):
    content: Content | None
    finish_reason: str | None
    """``STOP``, ``MAX_TOKENS``, ``SAFETY``, ... or a newer value."""
    finish_message: str | None
    safety_ratings: list[SafetyRating] | None
    index: int | None
    token_count: int | None

class PromptFeedback(BaseModel):
    block_reason: str | None
    block_reason_message: str | None
    safety_ratings: list[SafetyRating] | None

class ModalityTokenCount(BaseModel):
    modality: str
    token_count: int

class UsageMetadata(BaseModel):
    prompt_token_count: int | None
    candidates_token_count: int | None
    total_token_count: int | None
    thoughts_token_count: int | None
    cached_content_token_count: int | None
    tool_use_prompt_token_count: int | None
    prompt_tokens_details: list[ModalityTokenCount] | None
    candidates_tokens_details: list[ModalityTokenCount] | None

class GenerateContentResponse(APIResult):
    candidates: list[Candidate] | None
    """None (absent) when the prompt was blocked: see ``prompt_feedback``."""
    prompt_feedback: PromptFeedback | None
    usage_metadata: UsageMetadata | None
    model_version: str | None
    response_id: str | None
    @property
    def text(self) -> str | None:
        """The first candidate's text without thought parts; None without candidates."""
    @property
    def thought_text(self) -> str | None: ...
    @property
    def function_calls(self) -> list[FunctionCall]: ...
    def images(self) -> list[tuple[bytes, str]]:
        """Inline images of the first candidate as ``(bytes, mime_type)``."""
    def image_urls(self) -> list[str]: ...
