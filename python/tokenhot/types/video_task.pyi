from typing import Any, Literal, TypedDict

__all__ = ["VideoTask"]

class VideoTaskError(TypedDict):
    code: Any
    message: str | None

class VideoTask:
    """A video task in one normalized view, whatever shape the gateway answered in.

    ``status`` is ``"queued"``, ``"in_progress"``, ``"completed"``, ``"failed"``, or the
    word the gateway sent when it is none of those (not finished). ``progress`` is
    0..100 or ``None``; ``video_url`` where the finished video is; ``error`` the
    ``{code, message}`` of a failed task; ``route`` ``"videos"`` or ``"generations"``.
    ``raw`` (and ``task["key"]``, ``to_dict()``, ``to_json()``) is the wire JSON.
    """

    id: str
    status: str
    progress: int | None
    video_url: str | None
    error: VideoTaskError | None
    model: str | None
    route: Literal["videos", "generations"]
    raw: dict[str, Any]
    _request_id: str | None
    def __init__(self, native: dict[str, Any], request_id: str | None = None) -> None: ...
    @property
    def finished(self) -> bool: ...
    def __getitem__(self, key: str) -> Any: ...
    def __contains__(self, key: object) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, **kwargs: Any) -> str: ...
