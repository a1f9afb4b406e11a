"""Writes of downloads: asking for one (from a page) and recording it made (from its job)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.downloads.kinds import KINDS
from web.downloads.models import Download

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RENDER_JOB = "web.downloads.jobs.render"
#: what a file name may not hold on any common system, and control characters
#: how long asking again for a document still being made gives the same download
SAME_REQUEST = dt.timedelta(minutes=10)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def keep_for() -> dt.timedelta:
    return dt.timedelta(days=settings.DOWNLOADS_KEEP_DAYS)


def file_name(name: str, subject: str, day: dt.date, suffix: str) -> str:
    """``选票_书记选举_2026-12-03.pdf``: what it is, of what, the day asked; no character a
    system refuses in a file name, and short enough for any."""
    stem = "_".join(part for part in (name, subject, day.isoformat()) if part)
    stem = " ".join(_UNSAFE.sub("_", stem).split()).strip(" ._") or "download"
    return stem[:150] + suffix


def do_request_download(
    *,
    kind: str,
    parameters: dict[str, Any],
    subject: str,
    acting_user: Actor,
    unit_id: int | None = None,
    name: StrOrPromise | None = None,
) -> Download:
    """Ask for a document of ``kind`` (its renderer reads ``parameters`` again) and put its job on
    the queue once this commits; the caller has checked access as the page does, and the job
    checks it again. ``subject`` names the object (a poll's title); ``name`` replaces the kind's
    name where one object has a more precise one (当选公告). Title and file name are made in the
    active language, the page's.

    The same document asked again by the same person while it is still waiting or being made, in
    the ``SAME_REQUEST`` after it was asked, is that one (a double click, a reload, a HEAD): no
    second job. (Later, a new one: the first may be stuck behind a worker that died.) No audit entry: asking changes
    nothing; the document made is audited once, by :func:`do_record_download`."""
    info = KINDS[kind]
    now = clock.now()
    label = str(name or info.name)
    with transaction.atomic():
        waiting = Download.objects.filter(
            requester=acting_user,
            kind=kind,
            state__in=(Download.State.QUEUED, Download.State.RUNNING),
            created_at__gt=now - SAME_REQUEST,
        )
        for download in waiting:
            if download.parameters == parameters:
                return download
        download = Download.objects.create(
            requester=acting_user,
            kind=kind,
            parameters=parameters,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            title=(gettext("%(name)s：%(subject)s") % {"name": label, "subject": subject})[:200],
            file_name=file_name(label, subject, timezone.localdate(now), info.suffix),
            unit_id=unit_id,
            created_at=now,
            expires_at=now + keep_for(),
        )
        transaction.on_commit(lambda: _enqueue(download.pk))
    return download


def _enqueue(download_id: int) -> None:
    from web.jobs.queue import enqueue

    enqueue(RENDER_JOB, download_id)


def do_record_download(*, download: Download, acting_user: Actor) -> Download:
    """The file is in place (``web.downloads.storage.final_path``): mark the download done and
    write its one audit entry, together. A delivery that finds it done already writes nothing,
    so a job delivered twice leaves one entry. ``acting_user`` is the requester: the job makes
    the document for them."""
    from web.downloads import storage

    now = clock.now()
    with transaction.atomic():
        row = Download.objects.select_for_update().get(pk=download.pk)
        if row.state == Download.State.DONE:
            return row
        row.state = Download.State.DONE
        row.stored = storage.relative(row)
        row.finished_at = now
        row.expires_at = now + keep_for()
        row.done = row.total = max(row.total, row.done)
        row.error = ""
        row.save()
        record(
            actor=acting_user,
            action=Action.DOWNLOAD_MADE,
            obj=row,
            changes={"kind": row.kind, "parameters": row.parameters, "file_name": row.file_name},
        )
    return row
