"""Writes of a roster import from its pages: upload a file to be checked, confirm a checked one,
give one up. The checking and the applying are jobs (``web.org.transfer.jobs``): the page only
keeps the file, writes the row and puts the job on the queue once this commits.

None of these writes an audit entry: until the roster changes nothing has happened that the trail
must show, and the apply writes its entries, with the file's digest, in the transaction that
changes the roster (``web.org.transfer.apply``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from web.accounts.actors import Actor
from web.common import clock
from web.org import queries
from web.org.models import RosterImport, Unit
from web.org.transfer import stash
from web.org.transfer.reader import TransferError

CHECK_JOB = "web.org.transfer.jobs.check"
APPLY_JOB = "web.org.transfer.jobs.apply"


def do_upload_roster(*, unit: Unit, file_name: str, data: bytes, acting_user: Actor) -> RosterImport:
    """Keep the uploaded file for ``acting_user``, who must manage ``unit``, and have it checked in
    the background."""
    queries.access_unit(acting_user, unit.pk, manage=True)
    now = clock.now()
    name = " ".join(file_name.split())[-200:] or "roster.xlsx"
    token = stash.put(acting_user.pk, name, data)
    with transaction.atomic():
        run = RosterImport.objects.create(
            requester=acting_user,
            unit=unit,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            file_name=name,
            file_sha256=hashlib.sha256(data).hexdigest(),
            token=token,
            created_at=now,
            queued_at=now,
        )
        transaction.on_commit(lambda: _enqueue(CHECK_JOB, run.pk))
    return run


def do_confirm_roster_import(*, run: RosterImport, acting_user: Actor) -> RosterImport:
    """Have a checked file applied. Only its uploader may, while they still manage its unit, only
    once, and only while it waits: a second click finds it applying and changes nothing."""
    with transaction.atomic():
        row = RosterImport.objects.select_for_update().get(pk=run.pk)
        if row.requester_id != acting_user.pk:
            raise TransferError(gettext("只有上传这个文件的人可以确认导入。"))
        queries.access_unit(acting_user, row.unit_id, manage=True)
        if row.state in (RosterImport.State.APPLYING, RosterImport.State.APPLIED):
            return row
        if row.state != RosterImport.State.READY:
            raise TransferError(gettext("这个文件现在不能导入：%(state)s。") % {"state": row.get_state_display()})
        row.state = RosterImport.State.APPLYING
        row.queued_at = clock.now()
        row.done = row.total = 0
        row.save(update_fields=["state", "queued_at", "done", "total"])
        transaction.on_commit(lambda: _enqueue(APPLY_JOB, row.pk))
    return row


def do_discard_roster_import(*, run: RosterImport, acting_user: Actor) -> RosterImport:
    """Give up a checked file that is not to be imported: its stashed copy is deleted at once."""
    with transaction.atomic():
        row = RosterImport.objects.select_for_update().get(pk=run.pk)
        if row.requester_id != acting_user.pk or row.state != RosterImport.State.READY:
            raise TransferError(gettext("这个文件现在不能放弃。"))
        queries.access_unit(acting_user, row.unit_id, manage=True)
        forget(row, state=RosterImport.State.EXPIRED)
    return row


#: what stays of a report once the file is gone: counts, no names
KEPT = ("sheets", "counts", "problem_count")


def forget(run: RosterImport, *, state: str, error: str = "", keep_report: bool = False) -> None:
    """End ``run`` in ``state``: delete its stashed file and, unless ``keep_report`` (the problems a
    refused file's uploader is to fix), the part of the report that names people."""
    stash.drop(run.requester_id, run.token)
    run.state = state
    run.token = ""
    run.error = error[:300]
    if not keep_report:
        run.report = {k: v for k, v in (run.report or {}).items() if k in KEPT}
    run.finished_at = run.finished_at or clock.now()
    run.save(update_fields=["state", "token", "error", "report", "finished_at"])


def _enqueue(func: str, run_id: int) -> None:
    from web.jobs.queue import enqueue

    enqueue(func, run_id)
