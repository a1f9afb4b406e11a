"""The ASGI entry point (web/asgi.py) caps request bodies before Django reads them: Django's ASGI
handler would otherwise read a whole body, however large, into a temporary file first."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings

from web.asgi import application

CHUNK = 64 * 1024


def _serve(headers: list[tuple[bytes, bytes]], chunks: int | None) -> tuple[int, int, bytes]:
    """One POST to /vote/cast; ``chunks`` body chunks available (None: reading any fails the test).
    Returns the status sent, the chunks read and the body sent."""
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if chunks is None:
            raise AssertionError("the body was read")
        if read < chunks:
            read += 1
            return {"type": "http.request", "body": b"x" * CHUNK, "more_body": read < chunks}
        await asyncio.sleep(3600)  # the client waits for its answer
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/vote/cast",
        "raw_path": b"/vote/cast",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    # In its own thread: a browser test's sync Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asyncio.wait_for(application(scope, receive, send), 60)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], read, body


def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body():
    over = str(settings.JICENG_MAX_UPLOAD_REQUEST_BYTES + 1).encode()
    status, _read, body = _serve(
        [(b"content-type", b"multipart/form-data; boundary=zz"), (b"content-length", over)], chunks=None
    )
    assert status == 413
    assert "提交的内容过大".encode() in body


def test_a_body_without_a_length_stops_being_read_at_the_limit():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    status, read, body = _serve([(b"content-type", b"application/x-www-form-urlencoded")], chunks=10 * limit // CHUNK)
    assert status == 413
    assert read * CHUNK <= limit + CHUNK  # not one chunk more than the limit
    assert "提交的内容过大".encode() in body
