"""`VideoTask`: one view of a video task, whatever shape the gateway answered in
(CONTRACT.md, Videos). Members are core's normalized view; `raw`, `to_dict()`,
`to_json()` and item access (`task["code"]`) read the wire JSON unchanged."""

from __future__ import annotations

import json

__all__ = ["VideoTask"]


class VideoTask:
    __slots__ = ("id", "status", "progress", "video_url", "error", "model", "route", "raw", "_request_id", "_native")

    def __init__(self, native: dict, request_id: str | None = None) -> None:
        self._native = native
        self.id = native["id"]
        self.status = native["status"]
        self.progress = native["progress"]
        self.video_url = native["video_url"]
        self.error = native["error"]
        self.model = native["model"]
        self.route = native["route"]
        self.raw = native["raw"]
        self._request_id = request_id

    @property
    def finished(self) -> bool:
        return self.status in ("completed", "failed")

    def __getitem__(self, key: str):
        return self.raw[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(self.raw, dict) and key in self.raw

    def to_dict(self) -> dict:
        return json.loads(json.dumps(self.raw))

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.raw, **kwargs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VideoTask) and other._native == self._native

    def __repr__(self) -> str:
        return f"VideoTask(id={self.id!r}, status={self.status!r}, progress={self.progress!r}, route={self.route!r})"
