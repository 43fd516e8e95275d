"""`ImagesResponse`: the answer of `client.images.generate(...)` / `.edit(...)`, and
the accumulated `Stream.final_response()` of a streamed one; `ImageStreamEvent`: one
event of such a stream (`image_generation.partial_image`, `*.completed`, ...)."""

from __future__ import annotations

from .._models import APIResult, BaseModel

__all__ = ["ImagesResponse", "Image", "ImagesUsage", "ImageStreamEvent"]


class Image(BaseModel):
    """One image: a `url` (DALL-E's expire after about an hour) or `b64_json`."""

    __slots__ = ()
    _fields = {"url": None, "b64_json": None, "revised_prompt": None}


class ImagesUsage(BaseModel):
    __slots__ = ()
    _fields = {"input_tokens": None, "output_tokens": None, "total_tokens": None, "input_tokens_details": None}


class ImagesResponse(APIResult):
    __slots__ = ()
    _fields = {"created": None, "data": Image, "usage": ImagesUsage}


class ImageStreamEvent(BaseModel):
    __slots__ = ()
    _fields = {
        "type": None,
        "b64_json": None,
        "created_at": None,
        "size": None,
        "quality": None,
        "background": None,
        "output_format": None,
        "partial_image_index": None,
        "usage": ImagesUsage,
    }
