"""`client.gemini`: Gemini's native generateContent, on both clients, and
`tokenhot.image_part`.

Keyword arguments that are not options become body fields in either spelling
(`system_instruction=` or `systemInstruction=`); core sends camelCase, accepts plain
strings for `contents` and `system_instruction`, and checks the model id.
"""

from __future__ import annotations

from . import _native
from ._streaming import AsyncStream, Stream
from .types.generate_content_response import GenerateContentResponse

__all__ = ["Gemini", "AsyncGemini", "image_part"]


def image_part(image, mime_type=None) -> dict:
    """An `inlineData` part for `contents`: `{"inlineData": {"mimeType", "data"}}`.
    `image` is the bytes themselves, or a path (`str` / `os.PathLike`) to read; the
    MIME type, when not given, comes from the file extension or the bytes' signature.
    Base64 is done in Rust."""
    return _native.image_part(image, mime_type)


class Gemini:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def generate_content(
        self,
        *,
        model,
        contents,
        stream=False,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
        **config,
    ):
        """Sends `POST /v1beta/models/{model}:generateContent`; `stream=True` returns
        a `Stream` of partial responses (`:streamGenerateContent?alt=sse`)."""
        answer = _native.gemini_generate(
            self._native, False, model, contents, config, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return Stream(answer, GenerateContentResponse, GenerateContentResponse)
        data, request_id = answer
        return GenerateContentResponse(data, request_id)

    def fetch_image(self, url, max_bytes=None, timeout=None):
        """Downloads an image the gateway answered with as a URL: `(bytes, mime_type)`.
        The API key goes only to the base URL's host; size and time are bounded."""
        return _native.gemini_fetch_image(self._native, False, url, max_bytes, timeout)


class AsyncGemini:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    async def generate_content(
        self,
        *,
        model,
        contents,
        stream=False,
        timeout=None,
        connect_timeout=None,
        stream_idle_timeout=None,
        max_retries=None,
        extra_headers=None,
        extra_query=None,
        extra_body=None,
        **config,
    ):
        """Sends a generateContent call; `stream=True` returns an `AsyncStream`."""
        answer = await _native.gemini_generate(
            self._native, True, model, contents, config, stream,
            timeout, connect_timeout, stream_idle_timeout, max_retries,
            extra_headers, extra_query, extra_body,
        )
        if stream:
            return AsyncStream(answer, GenerateContentResponse, GenerateContentResponse)
        data, request_id = answer
        return GenerateContentResponse(data, request_id)

    async def fetch_image(self, url, max_bytes=None, timeout=None):
        """Downloads an image by URL: `(bytes, mime_type)`."""
        return await _native.gemini_fetch_image(self._native, True, url, max_bytes, timeout)
