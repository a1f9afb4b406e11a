"""The job that deletes the intake's rate-limit rows once no limit counts them: at the boundary
of each window, idempotent, and never changing what a limit says."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.test import RequestFactory

from web.cases import jobs
from web.cases.intake import limits
from web.cases.models import IntakeAttempt
from web.common import clock
from web.jobs.queue import PERIODIC

TAKE, FOLLOW = IntakeAttempt.Kind.TAKE, IntakeAttempt.Kind.FOLLOW


def _attempt(kind: str, seconds_ago: float, *, key: str = "13800000001") -> IntakeAttempt:
    at = clock.now() - dt.timedelta(seconds=seconds_ago)
    return IntakeAttempt.objects.create(kind=kind, key=key, address="10.0.0.1", at=at)


def test_rows_past_their_window_go_and_the_rest_stay(db, clock):
    take_window, follow_window = settings.INTAKE_WINDOW, settings.LOGIN_ATTEMPTS_WINDOW
    kept = [
        _attempt(TAKE, take_window),  # exactly at the window's start: a limit still counts it
        _attempt(TAKE, take_window - 1),
        _attempt(FOLLOW, follow_window),
        _attempt(FOLLOW, 0),
    ]
    _attempt(TAKE, take_window + 1)
    _attempt(TAKE, 86_400 * 30)
    _attempt(FOLLOW, follow_window + 1)
    _attempt(FOLLOW, take_window)  # a wrong code's window is the shorter one
    assert jobs.prune_intake_attempts() == 4
    assert set(IntakeAttempt.objects.values_list("pk", flat=True)) == {a.pk for a in kept}
    assert jobs.prune_intake_attempts() == 0  # run again: nothing more
    clock.advance(seconds=1)  # the boundary rows now lie past it
    assert jobs.prune_intake_attempts() == 2


def test_pruning_never_changes_what_a_limit_says(db, clock, settings):
    settings.INTAKE_PER_PHONE = 2
    request = RequestFactory().post("/requests/new/", REMOTE_ADDR="10.0.0.1")
    for seconds_ago in (settings.INTAKE_WINDOW, settings.INTAKE_WINDOW + 1, 10):
        _attempt(TAKE, seconds_ago)
    before = limits.take_blocked(request, phone="13800000001")
    jobs.prune_intake_attempts()
    assert limits.take_blocked(request, phone="13800000001") == before is True


def test_the_job_is_on_the_schedule():
    assert "web.cases.jobs.prune_intake_attempts" in {p.func for p in PERIODIC}
