"""The video ops of the conformance vectors (tests/vectors/README.md, Videos): how
each op is called through the Python API, and what it is checked against: the task's
normalized view (`task`), the tasks `on_progress` saw (`progress`) and the file a
download wrote (`download`)."""

from __future__ import annotations

import base64
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

VIDEO_OPS = {"videos.create", "videos.retrieve", "videos.wait", "videos.download"}


def task_view(task: Any) -> dict[str, Any]:
    """The normalized members, in the vectors' spelling."""
    return {name: getattr(task, name) for name in ("id", "status", "progress", "video_url", "error", "model", "route")}


class VideoCall:
    """One video op: makes the call and keeps what the checks need afterwards."""

    def __init__(self) -> None:
        self.seen: list[dict[str, Any]] = []
        self.folder = Path(tempfile.mkdtemp(prefix="tokenhot-vector-"))

    def invoker(self, client: Any, op: str, args: dict[str, Any], options: dict[str, Any]) -> Callable[[], Any]:
        videos = client.videos
        args = dict(args)
        if op == "videos.create":
            return lambda: videos.create(**args, **options)
        task = args.pop("task_id")
        if op == "videos.retrieve":
            return lambda: videos.retrieve(task, route=args.get("route"), **options)
        if op == "videos.wait":
            wait: dict[str, Any] = {"on_progress": lambda t: self.seen.append(task_view(t))}
            if "deadline_ms" in args:
                wait["deadline"] = args["deadline_ms"] / 1000
            if "poll_interval_ms" in args:
                wait["poll_interval"] = args["poll_interval_ms"] / 1000
            return lambda: videos.wait(task, **wait, **options)
        return lambda: videos.download(task, self.folder, **options)

    def written(self, path: str) -> dict[str, Any]:
        data = Path(path).read_bytes()
        return {"file_name": Path(path).name, "size": len(data), "base64": base64.b64encode(data).decode()}

    def files_left(self) -> int:
        return len(list(self.folder.iterdir()))

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
