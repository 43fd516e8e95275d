from typing import Any

from .._models import APIResult, BaseModel

__all__ = ["ImagesResponse", "Image", "ImagesUsage", "ImageStreamEvent"]

class Image(BaseModel):
    url: str | None
    b64_json: str | None
    revised_prompt: str | None

class ImagesUsage(BaseModel):
    input_tokens: int | None
    output_tokens: int | None
    total_tokens: int | None
    input_tokens_details: dict[str, Any] | None

class ImagesResponse(APIResult):
    created: int | None
    data: list[Image]
    usage: ImagesUsage | None

class ImageStreamEvent(BaseModel):
    type: str
    b64_json: str | None
    created_at: int | None
    size: str | None
    quality: str | None
    background: str | None
    output_format: str | None
    partial_image_index: int | None
    usage: ImagesUsage | None
