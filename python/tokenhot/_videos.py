"""`client.videos`: create, retrieve, wait, download, sync and async (CONTRACT.md,
Videos). Polling, routes, the status map and downloading all live in core; `wait`
only steps core's poller and calls `on_progress` between steps."""

from __future__ import annotations

import os

from . import _native
from .types.video_task import VideoTask

__all__ = ["Videos", "AsyncVideos"]

_OPTIONS = ("timeout", "connect_timeout", "stream_idle_timeout", "max_retries", "extra_headers", "extra_query", "extra_body")


def _split(kwargs: dict) -> tuple[dict, dict]:
    opts = {k: kwargs.pop(k) for k in _OPTIONS if k in kwargs}
    return kwargs, opts


def _body(model, prompt, seconds, size, input_reference, image, metadata, body: dict) -> dict:
    known = {"model": model, "prompt": prompt, "seconds": seconds, "size": size,
             "input_reference": input_reference, "image": image, "metadata": metadata}
    out = {k: v for k, v in known.items() if v is not None}
    out.update(body)
    return out


def _options(kwargs: dict, method: str) -> dict:
    """The per-call options of a call that has no body: any other keyword is a mistake."""
    rest, opts = _split(kwargs)
    if rest:
        raise TypeError(f"videos.{method}() got unexpected keyword arguments: {', '.join(sorted(rest))}")
    return opts


def _task(task):
    return task._native if isinstance(task, VideoTask) else task


def _path(path) -> str:
    return os.fspath(path)


class Videos:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    def create(self, *, model, prompt=None, seconds=None, size=None, input_reference=None, image=None, metadata=None, **kwargs) -> VideoTask:
        body, opts = _split(kwargs)
        data, request_id = _native.videos_create(self._native, False, _body(model, prompt, seconds, size, input_reference, image, metadata, body), opts)
        return VideoTask(data, request_id)

    def retrieve(self, task, *, route=None, **kwargs) -> VideoTask:
        opts = _options(kwargs, "retrieve")
        data, request_id = _native.videos_retrieve(self._native, False, _task(task), route, opts)
        return VideoTask(data, request_id)

    def wait(self, task, *, deadline=1800, poll_interval=5, on_progress=None, **kwargs) -> VideoTask:
        opts = _options(kwargs, "wait")
        waiter = _native.videos_waiter(self._native, False, _task(task), deadline, poll_interval, opts)
        while True:
            data, changed, finished = waiter.next()
            current = VideoTask(data)
            if changed and on_progress is not None:
                on_progress(current)
            if finished:
                return current

    def download(self, task, path, *, on_progress=None, **kwargs) -> str:
        opts = _options(kwargs, "download")
        return _native.videos_download(self._native, False, _task(task), _path(path), on_progress, opts)


class AsyncVideos:
    __slots__ = ("_native",)

    def __init__(self, native) -> None:
        self._native = native

    async def create(self, *, model, prompt=None, seconds=None, size=None, input_reference=None, image=None, metadata=None, **kwargs) -> VideoTask:
        body, opts = _split(kwargs)
        data, request_id = await _native.videos_create(self._native, True, _body(model, prompt, seconds, size, input_reference, image, metadata, body), opts)
        return VideoTask(data, request_id)

    async def retrieve(self, task, *, route=None, **kwargs) -> VideoTask:
        opts = _options(kwargs, "retrieve")
        data, request_id = await _native.videos_retrieve(self._native, True, _task(task), route, opts)
        return VideoTask(data, request_id)

    async def wait(self, task, *, deadline=1800, poll_interval=5, on_progress=None, **kwargs) -> VideoTask:
        opts = _options(kwargs, "wait")
        waiter = _native.videos_waiter(self._native, True, _task(task), deadline, poll_interval, opts)
        while True:
            data, changed, finished = await waiter.next()
            current = VideoTask(data)
            if changed and on_progress is not None:
                on_progress(current)
            if finished:
                return current

    async def download(self, task, path, *, on_progress=None, **kwargs) -> str:
        opts = _options(kwargs, "download")
        return await _native.videos_download(self._native, True, _task(task), _path(path), on_progress, opts)
