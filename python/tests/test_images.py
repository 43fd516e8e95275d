"""client.images through both clients against the mock gateway: the Python input
forms (str / PathLike / bytes / bytearray / memoryview / tuples), results as
`ImagesResponse`, `save` returning `pathlib.Path`s, `fetch` of an item object, bad
inputs as ValueError/TypeError before any request, and streams. The wire details
shared by every language are in tests/vectors/images/."""

from __future__ import annotations

import os
import pathlib

import pytest

import tokenhot
from conftest import TEST_KEY
from mockgw import MockSession
from tokenhot.types import Image, ImagesResponse, ImageStreamEvent

FILES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors" / "images" / "files"
PNG = (FILES / "tiny.png").read_bytes()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def parts(mock: MockSession, index: int = -1) -> list[tuple[str, str | None, str | None]]:
    return [(p["name"], p["filename"], p["content_type"]) for p in mock.requests()[index]["multipart"]]


def test_generate_and_save(client: tokenhot.Tokenhot, mock: MockSession, tmp_path: pathlib.Path) -> None:
    r = client.images.generate(model="gpt-image-1.5", prompt="a fox", size="10x6", n=2, moderation="low")
    assert isinstance(r, ImagesResponse) and isinstance(r.data[0], Image)
    assert r.data[0].url is None and r.data[0].b64_json and r.usage.total_tokens == r["usage"]["total_tokens"]
    assert r._request_id is not None
    assert mock.requests()[0]["body"] == {"model": "gpt-image-1.5", "prompt": "a fox", "size": "10x6", "n": 2, "moderation": "low"}
    # A str path, a PathLike, and one item alone.
    paths = client.images.save(r, str(tmp_path / "dir"))
    assert paths == [tmp_path / "dir" / "image-0.png", tmp_path / "dir" / "image-1.png"]
    assert all(isinstance(p, pathlib.Path) and png_size(p.read_bytes()) == (10, 6) for p in paths)
    [one] = client.images.save(r.data[1], tmp_path / "one.png")
    assert one == tmp_path / "one.png" and one.read_bytes() == paths[1].read_bytes()
    data, mime = client.images.fetch(r.data[0])
    assert mime == "image/png" and data == paths[0].read_bytes()
    assert len(mock.requests()) == 1, "base64 is decoded without any request"


def test_url_results_are_downloaded_with_the_key(client: tokenhot.Tokenhot, mock: MockSession, tmp_path: pathlib.Path) -> None:
    r = client.images.generate(model="dall-e-3", prompt="a lighthouse", size="4x9")
    assert r.data[0].url and r.data[0].revised_prompt == "A picture of a lighthouse"
    [path] = client.images.save(r, tmp_path)
    assert path == tmp_path / "image-0.png" and png_size(path.read_bytes()) == (4, 9)
    download = mock.requests()[1]
    assert download["method"] == "GET" and download["headers"]["authorization"] == f"Bearer {TEST_KEY}"


def test_edit_takes_every_python_file_form(client: tokenhot.Tokenhot, mock: MockSession, tmp_path: pathlib.Path) -> None:
    named = tmp_path / "holiday photo.jpeg"  # a PNG under a misleading name
    named.write_bytes(PNG)
    images = [named, str(FILES / "head.jpg"), bytearray(PNG), memoryview(PNG), ("mine.bin", PNG), ("w", b"RIFF....", "image/webp")]
    r = client.images.edit(model="gpt-image-1", prompt="merge", image=images, mask=PNG, n=1, quality="high")
    assert isinstance(r, ImagesResponse) and len(r.data) == 1
    assert parts(mock) == [
        ("model", None, None),
        ("prompt", None, None),
        ("n", None, None),
        ("quality", None, None),
        ("image[]", "holiday photo.png", "image/png"),
        ("image[]", "head.jpg", "image/jpeg"),
        ("image[]", "image-2.png", "image/png"),
        ("image[]", "image-3.png", "image/png"),
        ("image[]", "mine.png", "image/png"),
        ("image[]", "w.webp", "image/webp"),
        ("mask", "mask.png", "image/png"),
    ]


@pytest.mark.parametrize(
    ("image", "mask", "error", "named"),
    [
        (FILES / "nope.png", None, ValueError, "nope.png"),
        (FILES, None, ValueError, "directory"),
        (b"plain text", None, ValueError, "image"),
        ([PNG, b"??"], None, ValueError, "image[1]"),
        ([], None, ValueError, "image"),
        (PNG, [PNG, PNG], ValueError, "mask"),
        ([PNG, 42], None, TypeError, "image[1]"),
        (("name.png", "not bytes"), None, TypeError, "image[1]"),
        (PNG, {"data": PNG}, TypeError, "mask"),
    ],
)
def test_bad_inputs_raise_before_any_request(client: tokenhot.Tokenhot, mock: MockSession, image, mask, error, named) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as raised:
        client.images.edit(model="gpt-image-1", prompt="p", image=image, mask=mask)
    assert named in str(raised.value)
    assert not isinstance(raised.value, (FileNotFoundError, tokenhot.TokenhotError))
    assert mock.requests() == []


def test_save_errors_name_what_is_wrong(client: tokenhot.Tokenhot, mock: MockSession, tmp_path: pathlib.Path) -> None:
    with pytest.raises(TypeError, match="path"):
        client.images.save({"data": [{"b64_json": "iVBORw0KGgo="}]}, 42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no images"):
        client.images.save({"data": []}, tmp_path)
    missing = f"{mock.url}/mock-files/images/gone"
    with pytest.raises(tokenhot.NotFoundError):
        client.images.save({"data": [{"b64_json": "iVBORw0KGgo="}, {"url": missing}]}, tmp_path / "x.png")
    assert os.listdir(tmp_path) == [], "a failed download leaves no file"


def test_stream_of_partial_images(client: tokenhot.Tokenhot, mock: MockSession) -> None:
    with client.images.generate(model="gpt-image-1.5", prompt="p", partial_images=2, size="4x4", stream=True) as stream:
        events = list(stream)
        assert all(isinstance(e, ImageStreamEvent) for e in events)
        assert [e.type for e in events] == ["image_generation.partial_image"] * 2 + ["image_generation.completed"]
        final = stream.final_response()
    assert isinstance(final, ImagesResponse) and len(final.data) == 1 and final.usage.output_tokens == 272


async def test_async_client(aclient: tokenhot.AsyncTokenhot, mock: MockSession, tmp_path: pathlib.Path) -> None:
    r = await aclient.images.edit(model="gpt-image-1", prompt="p", image=[FILES / "tiny.png", FILES / "tiny.gif"], size="3x2")
    paths = await aclient.images.save(r, tmp_path / "a.png")
    assert paths == [tmp_path / "a.png"] and png_size(paths[0].read_bytes()) == (3, 2)
    assert parts(mock)[-2:] == [("image[]", "tiny.png", "image/png"), ("image[]", "tiny.gif", "image/gif")]
    data, mime = await aclient.images.fetch(r.data[0])
    assert mime == "image/png" and data == paths[0].read_bytes()
    stream = await aclient.images.edit(model="gpt-image-1", prompt="p", image=PNG, stream=True)
    async with stream:
        types = [e.type async for e in stream]
    assert types == ["image_edit.completed"]
    with pytest.raises(ValueError, match="nope.png"):
        await aclient.images.edit(model="gpt-image-1", prompt="p", image=FILES / "nope.png")
