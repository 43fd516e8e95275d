"""`client.images`: generation and editing over the OpenAI-style routes, and getting
the pictures onto disk, on both clients (CONTRACT.md, Images).

Files given to `edit` (paths, bytes, `(filename, bytes[, mime_type])` tuples) are read,
typed and streamed into the multipart form by Rust; `save` decodes base64 and downloads
URLs in Rust too, writing each file through a temporary one. Keyword arguments that are
not options become body fields (form fields for `edit`).
"""

from __future__ import annotations

from . import _native
from ._models import BaseModel
from ._streaming import AsyncStream, Stream
from .types.images_response import ImagesResponse, ImageStreamEvent

__all__ = ["Images", "AsyncImages"]



def _wire(value):
    """A result or item as its wire dict (no copy), anything else as it is."""
    return value._data if isinstance(value, BaseModel) else value


def _paths(paths):
    from pathlib import Path  # only when saving: `import tokenhot` stays light

    return [Path(p) for p in paths]


class Images:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def generate(self, *, stream=False, timeout=None, connect_timeout=None, stream_idle_timeout=None,
                 max_retries=None, extra_headers=None, extra_query=None, extra_body=None, **body):
        """`POST /v1/images/generations`; `stream=True` returns a `Stream` of
        `ImageStreamEvent`s whose `final_response()` is the `ImagesResponse`."""
        answer = _native.images_generate(
            self._native, False, body, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body,
        )
        if stream:
            return Stream(answer, ImageStreamEvent, ImagesResponse)
        data, request_id = answer
        return ImagesResponse(data, request_id)

    def edit(self, *, image, mask=None, stream=False, timeout=None, connect_timeout=None, stream_idle_timeout=None,
             max_retries=None, extra_headers=None, extra_query=None, extra_body=None, **fields):
        """`POST /v1/images/edits` as `multipart/form-data`: one image goes as `image`,
        a list as `image[]`; each part is typed from its bytes."""
        answer = _native.images_edit(
            self._native, False, image, mask, fields, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body,
        )
        if stream:
            return Stream(answer, ImageStreamEvent, ImagesResponse)
        data, request_id = answer
        return ImagesResponse(data, request_id)

    def fetch(self, item, *, max_bytes=None, timeout=None):
        """One image's `(bytes, mime_type)`: a `b64_json` item is decoded without I/O; a
        `url` item (or a URL) is downloaded, with the key only for the gateway's host."""
        return _native.images_fetch(self._native, False, _wire(item), max_bytes, timeout)

    def save(self, result, path, *, timeout=None):
        """Writes every image of `result` (or one item) to `path` and returns the paths:
        a directory gives `image-<i>.<ext>`; a file path is used as is for one image and
        as `<stem>-<i><suffix>` for several. A failed download leaves no file."""
        return _paths(_native.images_save(self._native, False, _wire(result), path, timeout))


class AsyncImages:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    async def generate(self, *, stream=False, timeout=None, connect_timeout=None, stream_idle_timeout=None,
                       max_retries=None, extra_headers=None, extra_query=None, extra_body=None, **body):
        """`POST /v1/images/generations`; `stream=True` returns an `AsyncStream`."""
        answer = await _native.images_generate(
            self._native, True, body, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body,
        )
        if stream:
            return AsyncStream(answer, ImageStreamEvent, ImagesResponse)
        data, request_id = answer
        return ImagesResponse(data, request_id)

    async def edit(self, *, image, mask=None, stream=False, timeout=None, connect_timeout=None,
                   stream_idle_timeout=None, max_retries=None, extra_headers=None, extra_query=None,
                   extra_body=None, **fields):
        """`POST /v1/images/edits` as `multipart/form-data`."""
        answer = await _native.images_edit(
            self._native, True, image, mask, fields, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries, extra_headers, extra_query, extra_body,
        )
        if stream:
            return AsyncStream(answer, ImageStreamEvent, ImagesResponse)
        data, request_id = answer
        return ImagesResponse(data, request_id)

    async def fetch(self, item, *, max_bytes=None, timeout=None):
        """One image's `(bytes, mime_type)`."""
        return await _native.images_fetch(self._native, True, _wire(item), max_bytes, timeout)

    async def save(self, result, path, *, timeout=None):
        """Writes every image of `result` to `path`; returns the paths."""
        return _paths(await _native.images_save(self._native, True, _wire(result), path, timeout))
