"""For tests: ask for a document the way a page does, run its job here and now, and download the
file as the requester does."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import resolve

from web.downloads import jobs
from web.downloads.models import Download


def made(client: Any, url: str, data: dict[str, Any] | None = None, **extra: Any) -> HttpResponse:
    """GET ``url``; when it answers with a download's page, run the job synchronously and return
    the file's response (its content read, like a plain response). Any other answer (a refusal,
    a redirect elsewhere) is returned as it is. ``extra`` goes with both requests (a language)."""
    response = client.get(url, data or {}, **extra)
    if response.status_code != 302:
        return response
    match = resolve(response["Location"])
    if match.view_name != "downloads:detail":
        return response
    download_id = match.kwargs["download_id"]
    jobs.render(download_id)
    got = client.get(f"/staff/downloads/{download_id}/file", **extra)
    if not got.streaming:
        return got
    plain = HttpResponse(b"".join(got.streaming_content), status=got.status_code)
    for header, value in got.items():
        plain[header] = value
    plain.download = Download.objects.get(pk=download_id)  # type: ignore[attr-defined]
    return plain
