"""The appraisals' periodic job (``web.jobs.queue.PERIODIC``): a survey by codes is counted at
the end of its window. Each session is counted under its lock by ``do_count_session`` in the
name of the staff who set it up (the audit entry says so); a session counted already is left
alone, so running the job twice counts nothing twice."""

from __future__ import annotations

from django.db import transaction

from web.appraisals import actions
from web.appraisals.models import Session
from web.common import clock
from web.common.errors import RefusedStep


def count_due() -> int:
    """Count every open survey whose window has closed; the number counted."""
    due = Session.objects.filter(
        mode=Session.Mode.SURVEY, state=Session.State.OPEN, closes_at__lte=clock.now()
    ).select_related("created_by")
    counted = 0
    for session in due.order_by("closes_at", "pk"):
        try:
            with transaction.atomic():
                actions.do_count_session(session=session, acting_user=session.created_by)
        except RefusedStep:  # counted meanwhile from the page, or its staff no longer manage it
            continue
        counted += 1
    return counted
