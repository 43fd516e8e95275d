"""client.videos against the mock's video routes: both routes, wait (progress,
failure, deadline, flaky polls, cancellation, Ctrl-C) and download (streamed, vendor
fallback without the key, refusal of an unfinished task), sync and async."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import threading
import time
from pathlib import Path

import pytest

import tokenhot
from tokenhot.types import VideoTask


def pattern_ok(data: bytes) -> bool:
    return data == bytes(i % 251 for i in range(len(data)))


def test_sora_create_wait_download(client: tokenhot.Tokenhot, mock, tmp_path: Path) -> None:
    task = client.videos.create(model="sora-2", prompt="a cat", seconds=8, size="1280x720")
    assert isinstance(task, VideoTask)
    assert (task.route, task.status, task.progress) == ("videos", "queued", 0)
    assert task._request_id is not None
    sent = mock.requests()[0]
    assert (sent["path"], sent["body"]["seconds"]) == ("/v1/videos", "8")
    seen: list[tuple[str, int | None]] = []
    done = client.videos.wait(task, poll_interval=0.001, on_progress=lambda t: seen.append((t.status, t.progress)))
    assert seen == [("unknown", 0), ("queued", 0), ("in_progress", 30), ("in_progress", 60), ("completed", 100)]
    assert done.status == "completed" and "/vendor/" in done.video_url
    assert done["metadata"]["url"] == done.video_url and done.to_dict() == done.raw
    progress: list[tuple[int, int | None]] = []
    path = client.videos.download(done, tmp_path, on_progress=lambda n, total: progress.append((n, total)))
    assert Path(path) == tmp_path / f"{done.id}.mp4"
    assert pattern_ok(Path(path).read_bytes()) and progress[-1] == (4096, 4096)
    assert os.listdir(tmp_path) == [f"{done.id}.mp4"]


def test_seedance_envelope_and_retrieve_by_id(client: tokenhot.Tokenhot, mock) -> None:
    task = client.videos.create(model="doubao-seedance-2-0-260128", content=[{"type": "text", "text": "waves"}], ratio="16:9", duration=5)
    assert task.route == "generations"
    assert mock.requests()[0]["body"] == {"model": "doubao-seedance-2-0-260128", "content": [{"type": "text", "text": "waves"}], "ratio": "16:9", "duration": 5}
    first = client.videos.retrieve(task.id)
    assert (first.status, first["code"], first.raw["data"]["status"]) == ("queued", "success", "NOT_START")
    client.videos.retrieve(task.id)
    third = client.videos.retrieve(task.id)
    assert (third.status, third.progress, third.raw["data"]["progress"]) == ("in_progress", 30, "30%")
    via_openai_view = client.videos.retrieve(task.id, route="videos")
    assert via_openai_view.route == "videos" and via_openai_view.progress == 60


def test_missing_task_is_not_found(client: tokenhot.Tokenhot) -> None:
    with pytest.raises(tokenhot.NotFoundError) as caught:
        client.videos.retrieve("task_nope")
    assert caught.value.status_code == 400 and caught.value.code == "task_not_exist"


def test_failed_task_raises_with_the_task(client: tokenhot.Tokenhot) -> None:
    task = client.videos.create(model="sora-2", prompt="x", extra_headers={"x-mock-video-fail": "1"})
    with pytest.raises(tokenhot.TaskFailedError) as caught:
        client.videos.wait(task, poll_interval=0.001)
    error = caught.value
    assert error.code == "content_policy_violation" and error.task.status == "failed"
    assert error.task.error["message"] == "the prompt was refused by the vendor"
    again = pickle.loads(pickle.dumps(error))
    assert again.task.id == task.id


def test_deadline_gives_the_last_task_and_the_hint_wins(client: tokenhot.Tokenhot, mock) -> None:
    task = client.videos.create(model="sora-2", prompt="x", extra_headers={"x-mock-video-poll-after-ms": "1500"})
    with pytest.raises(tokenhot.APITimeoutError) as caught:
        client.videos.wait(task.id, deadline=0.8, poll_interval=0.001)
    assert caught.value.task.status == "queued"
    assert len(mock.requests()) == 2


def test_a_flaky_poll_is_ridden_out_and_a_callback_exception_ends_the_wait(client: tokenhot.Tokenhot, mock) -> None:
    task = client.videos.create(model="sora-2", prompt="x")
    mock.script({"status": 503, "json": {"error": {"message": "busy"}}})
    assert client.videos.wait(task, poll_interval=0.001, max_retries=0).status == "completed"
    task = client.videos.create(model="sora-2", prompt="x")

    def stop(_: VideoTask) -> None:
        raise KeyError("mine")

    with pytest.raises(KeyError, match="mine"):
        client.videos.wait(task, poll_interval=0.001, on_progress=stop)


def test_download_falls_back_to_the_vendor_without_the_key(client: tokenhot.Tokenhot, tmp_path: Path) -> None:
    headers = {"x-mock-video-content-status": "502", "x-mock-video-bytes": "300000"}
    task = client.videos.wait(client.videos.create(model="sora-2", prompt="x", extra_headers=headers), poll_interval=0.001)
    path = client.videos.download(task, tmp_path / "out.mp4", max_retries=0)
    assert pattern_ok(Path(path).read_bytes()) and len(Path(path).read_bytes()) == 300_000


def test_an_unfinished_task_is_refused(client: tokenhot.Tokenhot, mock, tmp_path: Path) -> None:
    task = client.videos.create(model="sora-2", prompt="x")
    with pytest.raises(ValueError, match="not completed"):
        client.videos.download(task, tmp_path)
    assert len(mock.requests()) == 1


def test_ctrl_c_stops_a_sync_wait(client: tokenhot.Tokenhot) -> None:
    task = client.videos.create(model="sora-2", prompt="x")
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        client.videos.wait(task, poll_interval=30)
    assert time.monotonic() - started < 5


async def test_async_wait_download_and_cancel(aclient: tokenhot.AsyncTokenhot, tmp_path: Path) -> None:
    task = await aclient.videos.create(model="doubao-seedance-1-5-pro", content=[{"type": "text", "text": "x"}])
    statuses: list[str] = []
    done = await aclient.videos.wait(task, poll_interval=0.001, on_progress=lambda t: statuses.append(t.status))
    assert statuses[-1] == "completed" and done.route == "generations"
    path = await aclient.videos.download(done, tmp_path / "a.mp4")
    assert pattern_ok(Path(path).read_bytes())
    slow = asyncio.ensure_future(aclient.videos.wait(await aclient.videos.create(model="sora-2", prompt="x"), poll_interval=30))
    await asyncio.sleep(0.2)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow


def test_a_misspelled_keyword_is_refused_before_any_request(client: tokenhot.Tokenhot, mock) -> None:
    for call in (lambda: client.videos.retrieve("t", rout="videos"),
                 lambda: client.videos.wait("t", pollinterval=1),
                 lambda: client.videos.download("t", ".", on_progres=print)):
        with pytest.raises(TypeError, match="unexpected keyword"):
            call()
    assert mock.requests() == []
