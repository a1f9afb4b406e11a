"""My downloads: the list, one download's progress (HTMX re-reads it every 2 s), its file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from web.downloads import queries, storage
from web.downloads.models import Download

PAGE_SIZE = 20


@require_GET
@login_required
def my_downloads(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(queries.downloads_of(request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "downloads/list.html", {"page": page, "q": q})


@require_GET
@login_required
def detail(request: HttpRequest, download_id: int) -> HttpResponse:
    download = queries.access_download(request.user, download_id)
    template = "downloads/_progress.html" if request.htmx else "downloads/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"download": download})


@require_GET
@login_required
@cache_control(private=True, no_store=True)
def file(request: HttpRequest, download_id: int) -> HttpResponseBase:
    """The requester's file, under the name in the language it was asked in (RFC 5987
    ``filename*`` when it is not ASCII). Gone once expired (410, with a sentence)."""
    download = queries.access_download(request.user, download_id)
    path = storage.stored_path(download) if download.state == Download.State.DONE else None
    if path is None:
        if download.state in (Download.State.DONE, Download.State.EXPIRED):
            message = _("这个文件已过期并已删除，请回到原页面重新生成。")
            return render(request, "errors/error.html", {"status": 410, "message": message}, status=410)
        message = _("文件还没有生成好。")
        return render(request, "errors/error.html", {"status": 404, "message": message}, status=404)
    info = download.kind_info
    return FileResponse(
        path.open("rb"), as_attachment=not info.inline, filename=download.file_name, content_type=info.content_type
    )
