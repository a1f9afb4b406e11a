"""The ASGI application ``web/serve.py`` serves: Django's WSGI application behind an adapter that
reads each request whole before Django sees it, and a cap on request bodies.

The adapter (asgiref's ``WsgiToAsgi``, from Django's own dependencies) receives the request
asynchronously, in the server's event loop, then runs Django in the process's one application
thread, and keeps the answer until Django is done, then sends it from the loop. A client that sends
or reads slowly therefore costs a socket and its answer's memory, never the thread; and Django runs
as under a sync worker (one thread, its connection kept), without the cost of Django's own ASGI
handler (a thread per request).

The adapter reads a request's whole body (into memory, then a temporary file) before Django runs,
so the limit that ``RequestSizeMiddleware`` enforces is applied here first:

- a declared ``Content-Length`` over the limit: Django gets the request with no body at all, and
  its middleware answers 413 with Jiceng's page from the header alone;
- a body that runs past its declared length or the limit (chunked, or a lying client): reading
  stops there, the client gets 413, and Django is never called.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.wsgi import WsgiToAsgi
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
django_application = WsgiToAsgi(get_wsgi_application())

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def _limit(headers: dict[bytes, bytes]) -> int:
    from django.conf import settings

    kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    if kind == b"multipart/form-data":
        return int(settings.JICENG_MAX_UPLOAD_REQUEST_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class _Refused(Exception):
    """The body ran past its limit: 413 has been sent, Django is not called."""


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
        return None  # no websockets, and no lifespan (the server runs the asginl interface)
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
            await asyncio.Event().wait()  # nothing more comes: the body is not read
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
                raise _Refused
        return message

    # The answer is kept until Django is done, then sent from the loop: a client reading slowly
    # waits on the loop, not on the application thread (memory: the answer, a few MB at most).
    answer: list[Message] = []

    async def keep(message: Message) -> None:
        answer.append(message)

    try:
        await django_application(scope, capped, keep)
    except _Refused:
        return None
    for message in answer:
        await send(message)
    return None
