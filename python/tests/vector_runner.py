"""Runs one conformance vector (tests/vectors/README.md) through the public Python API.

`run_case` returns None when the case passed, else a sentence saying why not. The
matching rules (subset, `$` matchers, error fields in canonical spelling) are the
README's; the sync client runs every case, `run_case_async` the async one.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import tempfile
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import tokenhot
from mockgw import REPO_ROOT, MockSession
from vector_videos import VIDEO_OPS, VideoCall, task_view

VECTORS_DIR = REPO_ROOT / "tests" / "vectors"

# CONTRACT.md's hierarchy, written out independently of the package so the runner
# checks it (a RateLimitError must also be an APIError and a TokenhotError).
PARENT = {
    "APIError": "TokenhotError",
    "BadRequestError": "APIError",
    "AuthenticationError": "APIError",
    "PermissionDeniedError": "APIError",
    "NotFoundError": "APIError",
    "ConflictError": "APIError",
    "RequestTooLargeError": "APIError",
    "UnprocessableEntityError": "APIError",
    "RateLimitError": "APIError",
    "InternalServerError": "APIError",
    "StreamError": "APIError",
    "APIConnectionError": "TokenhotError",
    "APITimeoutError": "APIConnectionError",
    "TaskFailedError": "TokenhotError",
}

ERROR_FIELDS = {"status": "status_code", "code": "code", "type": "type", "param": "param", "request_id": "request_id", "attempts": "attempts"}


class Mismatch(Exception):
    pass


def vector_files() -> list[Path]:
    return sorted(VECTORS_DIR.rglob("*.json"))


# The recorded streams `sse_fixture` names (tests/fixtures/README.md).
STREAMS_DIR = REPO_ROOT / "tests" / "fixtures" / "streams"


# ---------------------------------------------------------------- subset matching

def match(expected: Any, actual: Any, where: str = "$") -> None:
    if isinstance(expected, dict) and len(expected) == 1 and next(iter(expected)).startswith("$"):
        matcher, arg = next(iter(expected.items()))
        if matcher == "$any":
            return
        if matcher == "$prefix":
            if not (isinstance(actual, str) and actual.startswith(arg)):
                raise Mismatch(f"{where}: {actual!r} does not start with {arg!r}")
            return
        if matcher == "$contains":
            if not (isinstance(actual, str) and arg in actual):
                raise Mismatch(f"{where}: {actual!r} does not contain {arg!r}")
            return
        if matcher == "$user_agent":
            wanted = f"tokenhot-python/{tokenhot.__version__}"
            if actual != wanted:
                raise Mismatch(f"{where}: user agent {actual!r}, expected {wanted!r}")
            return
        if matcher == "$absent":
            raise Mismatch(f"{where}: present ({actual!r}) but expected absent")
        raise Mismatch(f"{where}: unknown matcher {matcher}")
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise Mismatch(f"{where}: expected an object, got {actual!r}")
        for key, value in expected.items():
            if isinstance(value, dict) and value.get("$absent") is True and len(value) == 1:
                if key in actual:
                    raise Mismatch(f"{where}.{key}: expected absent, got {actual[key]!r}")
                continue
            if key not in actual:
                raise Mismatch(f"{where}.{key}: missing (have {sorted(actual)})")
            match(value, actual[key], f"{where}.{key}")
        return
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            raise Mismatch(f"{where}: expected {len(expected)} items, got {actual!r}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            match(e, a, f"{where}[{i}]")
        return
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None or isinstance(expected, str):
        if type(expected) is not type(actual) or expected != actual:
            raise Mismatch(f"{where}: expected {expected!r}, got {actual!r}")
        return
    if isinstance(expected, (int, float)):
        if not isinstance(actual, (int, float)) or expected != actual:
            raise Mismatch(f"{where}: expected {expected!r}, got {actual!r}")
        return
    raise Mismatch(f"{where}: cannot match {expected!r}")


def match_headers(expected: dict[str, Any], actual: dict[str, Any], where: str) -> None:
    lowered = {k.lower(): v for k, v in actual.items()}
    match({k.lower(): v for k, v in expected.items()}, lowered, where)


def match_error(expected: dict[str, Any], error: BaseException, where: str) -> None:
    name = expected.get("class")
    if name == "InvalidArgumentError":
        if not isinstance(error, (TypeError, ValueError)) or isinstance(error, tokenhot.TokenhotError):
            raise Mismatch(f"{where}: expected TypeError/ValueError, got {error!r}")
        message = str(error)
    else:
        if not isinstance(error, tokenhot.TokenhotError):
            raise Mismatch(f"{where}: expected a tokenhot error, got {type(error).__name__}: {error}")
        if name is not None:
            if type(error).__name__ != name:
                raise Mismatch(f"{where}: expected {name}, got {type(error).__name__}: {error}")
            ancestor = PARENT.get(name)
            while ancestor:
                if not isinstance(error, getattr(tokenhot, ancestor)):
                    raise Mismatch(f"{where}: {name} is not a {ancestor}")
                ancestor = PARENT.get(ancestor)
        for field, attribute in ERROR_FIELDS.items():
            if field in expected:
                match(expected[field], getattr(error, attribute), f"{where}.{field}")
        if "body" in expected:
            match(expected["body"], error.body, f"{where}.body")
        if "task" in expected:
            match(expected["task"], task_view(error.task) if error.task is not None else None, f"{where}.task")
        message = error.message
    if "message_contains" in expected and expected["message_contains"] not in message:
        raise Mismatch(f"{where}: message {message!r} lacks {expected['message_contains']!r}")


# ---------------------------------------------------------------- building the call

IMAGE_FILES = VECTORS_DIR / "images" / "files"


def resolve_placeholders(value: Any, mock_url: str) -> Any:
    """`$MOCK_URL` and `$FILE_BASE64:NAME` in script strings (README, Images)."""
    if isinstance(value, str):
        if value.startswith("$FILE_BASE64:"):
            return base64.b64encode((IMAGE_FILES / value[len("$FILE_BASE64:"):]).read_bytes()).decode()
        return value.replace("$MOCK_URL", mock_url)
    if isinstance(value, list):
        return [resolve_placeholders(v, mock_url) for v in value]
    if isinstance(value, dict):
        return {k: resolve_placeholders(v, mock_url) for k, v in value.items()}
    return value


def resolve_script(script: list[dict[str, Any]], mock_url: str = "") -> list[dict[str, Any]]:
    script = resolve_placeholders(script, mock_url)
    resolved = []
    for answer in script:
        answer = dict(answer)
        fixture = answer.pop("sse_fixture", None)
        if fixture is not None:
            raw = (STREAMS_DIR / fixture).read_bytes()
            answer["raw_base64"] = base64.b64encode(raw).decode()
            headers = dict(answer.get("headers", {}))
            headers.setdefault("content-type", "text/event-stream")
            answer["headers"] = headers
        resolved.append(answer)
    return resolved


def client_settings(case: dict[str, Any], mock: MockSession) -> dict[str, Any]:
    spec = case.get("client", {})
    settings: dict[str, Any] = {
        "api_key": spec.get("api_key", "sk-vector-key"),
        "base_url": mock.url + spec.get("base_url_suffix", ""),
        "default_headers": {**mock.headers, **spec.get("default_headers", {})},
    }
    if "max_retries" in spec:
        settings["max_retries"] = spec["max_retries"]
    for name in ("timeout", "connect_timeout", "stream_idle_timeout"):
        if f"{name}_ms" in spec:
            settings[name] = spec[f"{name}_ms"] / 1000
    return settings


def call_options(call: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key, value in call.get("options", {}).items():
        if key.endswith("_ms"):
            options[key[: -len("_ms")]] = value / 1000
        else:
            options[key] = value
    return options


def request_view(logged: dict[str, Any]) -> dict[str, Any]:
    return {
        "method": logged["method"],
        "path": logged["path"],
        "query": dict(urllib.parse.parse_qsl(logged["query"], keep_blank_values=True)),
        "headers": logged["headers"],
        "body": logged["body"],
        **({"multipart": logged["multipart"]} if "multipart" in logged else {}),
    }


def check_requests(case: dict[str, Any], mock: MockSession) -> None:
    expected = case.get("expect", {}).get("requests")
    if expected is None:
        return
    seen = mock.requests()
    if len(seen) != len(expected):
        raise Mismatch(f"requests: expected {len(expected)}, the mock saw {len(seen)}: {[r['path'] for r in seen]}")
    for i, (want, got) in enumerate(zip(expected, seen)):
        view = request_view(got)
        want = dict(want)
        headers = want.pop("headers", None)
        match(want, view, f"requests[{i}]")
        if headers is not None:
            match_headers(headers, view["headers"], f"requests[{i}].headers")


def outcome_kind(expect: dict[str, Any]) -> str:
    kinds = [k for k in ("result", "stream", "error", "saved", "fetched") if k in expect]
    if any(k in expect for k in ("helpers", "task", "download")) and "result" not in kinds:
        kinds.append("result")
    if len(kinds) != 1:
        raise Mismatch(f"expect must have exactly one of result/stream/error, has {kinds}")
    return kinds[0]


# ---------------------------------------------------------------- dispatch

CHAT_OPS = {"chat.completions.create": False, "chat.completions.stream": True}
GEMINI_OPS = {"gemini.generate_content": False, "gemini.stream_generate_content": True}
MESSAGES_OPS = {"messages.create": False, "messages.stream": True}
RESPONSES_OPS = {"responses.create": False, "responses.stream": True}
RESPONSES_BY_ID = {"responses.retrieve": "retrieve", "responses.cancel": "cancel", "responses.delete": "delete"}


IMAGES_OPS = {
    "images.generate": ("generate", False),
    "images.generate_stream": ("generate", True),
    "images.edit": ("edit", False),
    "images.edit_stream": ("edit", True),
}


def file_spec(spec: Any) -> Any:
    """A vector's file spec as the Python API takes it (README, Images)."""
    if isinstance(spec, list):
        return [file_spec(item) for item in spec]
    if "$file" in spec:
        return IMAGE_FILES / spec["$file"]
    if "$bytes" in spec:
        return (IMAGE_FILES / spec["$bytes"]).read_bytes()
    if "$directory" in spec:
        return IMAGE_FILES
    if "$named" in spec:
        filename, data, *mime = spec["$named"]
        return (filename, file_spec(data), *mime)
    raise Mismatch(f"not a file spec: {spec!r}")


def with_files(args: dict[str, Any]) -> dict[str, Any]:
    return {k: file_spec(v) if k in ("image", "mask") else v for k, v in args.items()}


class Output:
    """What `images.save` / `images.fetch` produced, in canonical spelling."""

    def __init__(self, saved: Any = None, fetched: Any = None, files: Any = None) -> None:
        self.saved, self.fetched, self.files = saved, fetched, files


def png_size(data: bytes) -> tuple[int | None, int | None]:
    if len(data) >= 24 and data[:4] == b"\x89PNG":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None, None


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def output_of(op: str, root: Path, got: Any) -> Output:
    if op == "images.fetch":
        data, mime = got
        width, height = png_size(data)
        return Output(fetched={"mime_type": mime, "size": len(data), "width": width, "height": height})
    saved = []
    for path in got:
        if not isinstance(path, Path):
            raise Mismatch(f"save returned {path!r}, not a pathlib.Path")
        width, height = png_size(path.read_bytes())
        saved.append({"path": path.relative_to(root).as_posix(), "width": width, "height": height})
    return Output(saved=saved, files=files_under(root))


def output_invoker(client: Any, op: str, args: dict[str, Any], options: dict[str, Any], spec: dict[str, Any], is_async: bool) -> Any:
    """Generate, then save or fetch (README, Images); a failed save's exception carries
    the files left behind as `_vector_files`."""
    root = Path(tempfile.mkdtemp(prefix="tokenhot-vector-"))

    def act(generated: Any) -> tuple[Any, Any]:
        target = generated if spec.get("item") is None else generated.data[spec["item"]]
        if op == "images.fetch":
            return client.images.fetch, (target,)
        return client.images.save, (target, root / spec["path"])

    def failed(error: BaseException) -> None:
        error._vector_files = files_under(root)  # type: ignore[attr-defined]
        shutil.rmtree(root, ignore_errors=True)

    if is_async:
        async def run_async() -> Output:
            method, positional = act(await client.images.generate(**args, **options))
            try:
                return output_of(op, root, await method(*positional))
            except Exception as error:
                failed(error)
                raise
        return run_async

    def run() -> Output:
        method, positional = act(client.images.generate(**args, **options))
        try:
            return output_of(op, root, method(*positional))
        except Exception as error:
            failed(error)
            raise
    return run


def check_output(expect: dict[str, Any], answer: Any) -> None:
    if not isinstance(answer, Output):
        raise Mismatch(f"expected a save or fetch outcome, got {answer!r}")
    for key in ("saved", "fetched", "files"):
        if key in expect:
            match(expect[key], getattr(answer, key), key)


def check_files_after_error(expect: dict[str, Any], error: BaseException) -> None:
    if "files" in expect:
        match(expect["files"], getattr(error, "_vector_files", None), "files")


def invoker(client: Any, op: str | None, args: dict[str, Any], options: dict[str, Any], video: VideoCall, call: dict[str, Any] | None = None) -> Any:
    """A zero-argument callable making the case's call (a coroutine for the async
    client), and the name of the stream's accumulating method."""
    if op in VIDEO_OPS:
        return video.invoker(client, op, args, options)
    if op in ("images.save", "images.fetch"):
        return output_invoker(client, op, args, options, (call or {}).get("save", {}), isinstance(client, tokenhot.AsyncTokenhot))
    if op in IMAGES_OPS:
        family = client.images
        method, streamed = IMAGES_OPS[op]
        if method == "edit":
            args = with_files(args)
    elif op in CHAT_OPS:
        family = client.chat.completions
        method = "create"
        streamed = CHAT_OPS[op]
    elif op in GEMINI_OPS:
        family = getattr(client, "gemini", None)
        if family is None:
            raise Mismatch(f"op {op!r}: the Python API has no client.gemini yet")
        method = "generate_content"
        streamed = GEMINI_OPS[op]
    elif op in MESSAGES_OPS:
        family = client.messages
        method = "create"
        streamed = MESSAGES_OPS[op]
    elif op == "messages.count_tokens":
        return lambda: client.messages.count_tokens(**args, **options)
    elif op in RESPONSES_OPS:
        family = client.responses
        method = "create"
        streamed = RESPONSES_OPS[op]
    elif op in RESPONSES_BY_ID:
        by_id = getattr(client.responses, RESPONSES_BY_ID[op])
        return lambda: by_id(args["id"], **options)
    elif op == "models.list":
        return lambda: client.models.list(**options)
    else:
        raise Mismatch(f"op {op!r} is not supported by the Python runner")
    kwargs = {**args, **options}
    if streamed:
        kwargs["stream"] = True
    return lambda: getattr(family, method)(**kwargs)


def final_method(op: str | None) -> str:
    if op in MESSAGES_OPS:
        return "final_message"
    return "final_response" if op in GEMINI_OPS or op in IMAGES_OPS or op in RESPONSES_OPS else "final_completion"


def check_helpers(expected: dict[str, Any], answer: Any, where: str) -> None:
    actual: dict[str, Any] = {}
    for name in expected:
        if name == "images":
            actual[name] = [{"mime_type": mime, "size": len(data)} for data, mime in answer.images()]
        elif name == "function_calls":
            calls = answer.function_calls or []
            actual[name] = [c.to_dict() if hasattr(c, "to_dict") else c for c in calls]
        else:
            actual[name] = getattr(answer, name)
    match(expected, actual, where)


# ---------------------------------------------------------------- sync run

def run_case(case: dict[str, Any], mock_url: str) -> str | None:
    try:
        _run(case, mock_url)
    except Mismatch as why:
        return str(why)
    except Exception as why:  # a runner bug or an unexpected error: the case fails
        return f"unexpected {type(why).__name__}: {why}"
    return None


def _run(case: dict[str, Any], mock_url: str) -> None:
    mock = MockSession(mock_url, f"py-{case.get('name', 'case')}-{uuid.uuid4().hex[:8]}")
    script = resolve_script(case.get("script", []), mock_url)
    if script:
        mock.script(*script)
    expect = case.get("expect", {})
    kind = outcome_kind(expect)
    call = case["call"]
    op = call.get("op")
    args = dict(call.get("args", {}))
    options = call_options(call)
    video = VideoCall()
    try:
        _run_client(case, mock, expect, kind, op, args, options, video)
    finally:
        video.close()


def _run_client(case: dict[str, Any], mock: MockSession, expect: dict[str, Any], kind: str, op: str | None,
                args: dict[str, Any], options: dict[str, Any], video: VideoCall) -> None:
    try:
        client = tokenhot.Tokenhot(**client_settings(case, mock))
    except Exception as error:
        if kind != "error":
            raise
        match_error(expect["error"], error, "error")
        check_requests(case, mock)
        return
    with client:
        invoke = invoker(client, op, args, options, video, case["call"])
        try:
            answer = invoke()
        except Exception as error:
            if kind != "error":
                raise Mismatch(f"the call raised {type(error).__name__}: {error}") from error
            match_error(expect["error"], error, "error")
            check_files_after_error(expect, error)
        else:
            if kind == "error":
                raise Mismatch(f"expected {expect['error'].get('class')}, the call succeeded")
            if kind in ("saved", "fetched"):
                check_output(expect, answer)
            elif kind == "result":
                check_result(expect, answer, video)
            else:
                check_stream(expect["stream"], answer, final_method(op))
    check_video_log(expect, video)
    check_requests(case, mock)


def check_video_log(expect: dict[str, Any], video: VideoCall) -> None:
    if "progress" in expect:
        match(expect["progress"], video.seen, "progress")
    if "files_left" in expect:
        match(expect["files_left"], video.files_left(), "files_left")


def check_result(expect: dict[str, Any], answer: Any, video: VideoCall) -> None:
    if answer is None:  # an operation that returns nothing (responses.delete)
        match(expect.get("result"), None, "result")
        return
    if "download" in expect:
        match(expect["download"], video.written(answer), "download")
        return
    if "task" in expect:
        match(expect["task"], task_view(answer), "task")
    if "result" in expect:
        match(expect["result"], answer.to_dict(), "result")
    if json.loads(answer.to_json()) != answer.to_dict():
        raise Mismatch("result: to_json() and to_dict() disagree")
    if "helpers" in expect:
        check_helpers(expect["helpers"], answer, "helpers")
    if "request_id" in expect:
        match(expect["request_id"], answer._request_id, "request_id")


def check_stream(expect: dict[str, Any], stream: Any, final: str) -> None:
    chunks: list[dict[str, Any]] = []
    raised: BaseException | None = None
    with stream:
        try:
            for chunk in stream:
                chunks.append(chunk.to_dict())
        except Exception as error:
            raised = error
        compare_stream(expect, chunks, raised)
        check_final(expect, getattr(stream, final))


def compare_stream(expect: dict[str, Any], chunks: list[dict[str, Any]], raised: BaseException | None) -> None:
    if "chunks" in expect:
        match(expect["chunks"], chunks, "stream.chunks")
    if "chunk_count" in expect and len(chunks) != expect["chunk_count"]:
        raise Mismatch(f"stream: expected {expect['chunk_count']} chunks, got {len(chunks)}")
    if "error" in expect:
        if raised is None:
            raise Mismatch(f"stream: expected {expect['error'].get('class')} during iteration, it ended normally")
        match_error(expect["error"], raised, "stream.error")
    elif raised is not None:
        raise Mismatch(f"stream: iteration raised {type(raised).__name__}: {raised}")


def check_final(expect: dict[str, Any], final_completion: Any) -> None:
    if "final" in expect or "helpers" in expect:
        accumulated = final_completion()
        if "final" in expect:
            match(expect["final"], accumulated.to_dict(), "stream.final")
        if "helpers" in expect:
            check_helpers(expect["helpers"], accumulated, "stream.helpers")
    if "final_error" in expect:
        try:
            final_completion()
        except Exception as error:
            match_error(expect["final_error"], error, "stream.final_error")
        else:
            raise Mismatch("stream: final_completion() succeeded, expected an error")


# ---------------------------------------------------------------- async run

def run_case_async(case: dict[str, Any], mock_url: str) -> str | None:
    try:
        asyncio.run(_run_async(case, mock_url))
    except Mismatch as why:
        return str(why)
    except Exception as why:
        return f"unexpected {type(why).__name__}: {why}"
    return None


async def _run_async(case: dict[str, Any], mock_url: str) -> None:
    mock = MockSession(mock_url, f"pya-{case.get('name', 'case')}-{uuid.uuid4().hex[:8]}")
    script = resolve_script(case.get("script", []), mock_url)
    if script:
        mock.script(*script)
    expect = case.get("expect", {})
    kind = outcome_kind(expect)
    call = case["call"]
    op = call.get("op")
    args = dict(call.get("args", {}))
    options = call_options(call)
    video = VideoCall()
    try:
        await _run_async_client(case, mock, expect, kind, op, args, options, video)
    finally:
        video.close()


async def _run_async_client(case: dict[str, Any], mock: MockSession, expect: dict[str, Any], kind: str, op: str | None,
                            args: dict[str, Any], options: dict[str, Any], video: VideoCall) -> None:
    try:
        client = tokenhot.AsyncTokenhot(**client_settings(case, mock))
    except Exception as error:
        if kind != "error":
            raise
        match_error(expect["error"], error, "error")
        check_requests(case, mock)
        return
    async with client:
        invoke = invoker(client, op, args, options, video, case["call"])
        try:
            answer = await invoke()
        except Exception as error:
            if kind != "error":
                raise Mismatch(f"the call raised {type(error).__name__}: {error}") from error
            match_error(expect["error"], error, "error")
            check_files_after_error(expect, error)
        else:
            if kind == "error":
                raise Mismatch(f"expected {expect['error'].get('class')}, the call succeeded")
            if kind in ("saved", "fetched"):
                check_output(expect, answer)
            elif kind == "result":
                check_result(expect, answer, video)
            else:
                stream_expect = expect["stream"]
                chunks: list[dict[str, Any]] = []
                raised: BaseException | None = None
                async with answer:
                    try:
                        async for chunk in answer:
                            chunks.append(chunk.to_dict())
                    except Exception as error:
                        raised = error
                    compare_stream(stream_expect, chunks, raised)
                    final = getattr(answer, final_method(op))
                    if "final" in stream_expect or "helpers" in stream_expect:
                        accumulated = await final()
                        if "final" in stream_expect:
                            match(stream_expect["final"], accumulated.to_dict(), "stream.final")
                        if "helpers" in stream_expect:
                            check_helpers(stream_expect["helpers"], accumulated, "stream.helpers")
                    if "final_error" in stream_expect:
                        try:
                            await final()
                        except Exception as error:
                            match_error(stream_expect["final_error"], error, "stream.final_error")
                        else:
                            raise Mismatch("stream: final_completion() succeeded, expected an error")
    check_video_log(expect, video)
    check_requests(case, mock)
