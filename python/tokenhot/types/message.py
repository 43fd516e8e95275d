"""Anthropic Messages results: `Message` (a plain call, and the accumulated
`Stream.final_message()`), its content blocks, and `MessageStreamEvent` (one event of
a streamed call, as sent: `message_start`, `content_block_delta`, ..., unknown ones).

Blocks are one open class: `type` says which kind (`text`, `thinking`,
`redacted_thinking`, `tool_use`, `server_tool_use`, or one this version does not
know), and every key the block has answers as an attribute. `tool_use.input` is the
model's argument object: user data, kept a plain dict.
"""

from __future__ import annotations

from .. import _native
from .._models import APIResult, BaseModel

__all__ = ["Message", "ContentBlock", "Usage", "MessageStreamEvent", "MessageTokensCount"]


class ContentBlock(BaseModel):
    __slots__ = ()
    _fields = {
        "type": None,
        "text": None,
        "citations": None,
        "thinking": None,
        "signature": None,
        "data": None,
        "id": None,
        "name": None,
        "input": None,
    }


class Usage(BaseModel):
    __slots__ = ()
    _fields = {
        "input_tokens": None,
        "output_tokens": None,
        "cache_creation_input_tokens": None,
        "cache_read_input_tokens": None,
        "service_tier": None,
    }


class Message(APIResult):
    __slots__ = ()
    _fields = {
        "id": None,
        "type": None,
        "role": None,
        "model": None,
        "content": ContentBlock,
        "stop_reason": None,
        "stop_sequence": None,
        "usage": Usage,
    }

    @property
    def text(self) -> str:
        """The `text` of every `text` block joined with "" ("" when there is none)."""
        return _native.messages_text(self._data)


class MessageStreamEvent(BaseModel):
    """One stream event; `type` names it. `message` (on `message_start`),
    `content_block` and `delta` are wrapped like the blocks of a `Message`."""

    __slots__ = ()
    _fields = {
        "type": None,
        "index": None,
        "message": Message,
        "content_block": ContentBlock,
        "delta": ContentBlock,
        "usage": Usage,
        "error": None,
    }


class MessageTokensCount(APIResult):
    __slots__ = ()
    _fields = {"input_tokens": None}
