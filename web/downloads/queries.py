"""Reads of downloads. A download is its requester's alone: anyone else, staff included, is
told it does not exist (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from web.downloads.models import Download


def access_download(user: Any, download_id: int) -> Download:
    download = Download.objects.filter(pk=download_id, requester_id=user.pk).first()
    if download is None:
        raise Http404
    return download


def downloads_of(user: Any, *, q: str = "") -> QuerySet[Download]:
    """``user``'s downloads, newest first; ``q`` finds a word of the title or the file name."""
    found = Download.objects.filter(requester_id=user.pk)
    if q:
        found = found.filter(Q(title__icontains=q) | Q(file_name__icontains=q))
    return found
