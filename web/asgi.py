"""The ASGI application ``web/serve.py`` serves: Django's, behind a cap on request bodies.

Django's ASGI handler reads a request's whole body (into memory, then a temporary file) before
any middleware runs, so the limit that ``RequestSizeMiddleware`` enforces is applied here first:

- a declared ``Content-Length`` over the limit: Django gets the request with no body at all, and
  its middleware answers 413 with Jiceng's page from the header alone;
- a body that runs past its declared length or the limit (chunked, or a lying client): reading
  stops there, the client gets 413, and Django is told the client went away.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
django_application = get_asgi_application()

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def _limit(headers: dict[bytes, bytes]) -> int:
    from django.conf import settings

    kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    if kind == b"multipart/form-data":
        return int(settings.JICENG_MAX_UPLOAD_REQUEST_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


async def _refuse(send: Send) -> None:
    from web.common.views import error_page, message_for

    html = error_page(413, message_for(413)).encode()  # outside a request: the default language
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(html)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": html})


async def application(scope: Message, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return await django_application(scope, receive, send)
    headers = {name.lower(): value for name, value in scope.get("headers", [])}
    limit = _limit(headers)
    try:
        declared = int(headers.get(b"content-length") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        given = False

        async def nothing() -> Message:
            nonlocal given
            if not given:
                given = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # Django's wait for a disconnect, cancelled once it has answered
            raise AssertionError("unreachable")

        return await django_application(scope, nothing, send)
    cap = min(declared, limit) if b"content-length" in headers else limit
    received = 0

    async def capped() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > cap:
                await _refuse(send)
                return {"type": "http.disconnect"}
        return message

    return await django_application(scope, capped, send)
