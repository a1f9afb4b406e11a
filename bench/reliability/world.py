"""The data the scenarios vote in, made in this process through Jiceng's own actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voting_setup import make_meeting, open_poll_with_codes

from reliability.reconcile import CodeLog


@dataclass
class World:
    meeting_id: int
    unit_code: str
    published_poll_id: int
    staff_session: str
    polls: dict[str, tuple[int, list[str]]]


def prepare(codes_per_scenario: dict[str, int]) -> World:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from web.meetings import actions, results

    meeting, staff = make_meeting(max(codes_per_scenario.values()))
    polls = {name: open_poll_with_codes(meeting, staff, f"可靠性：{name}", n) for name, n in codes_per_scenario.items()}
    # a result already on the public board, for the readers
    poll_id, codes = open_poll_with_codes(meeting, staff, "已公布的表决", 12)
    for code in codes:
        actions.cast_ballot(poll_id=poll_id, code=code, content={"vote": "yes"})
    poll = actions.do_close_poll(poll=meeting.polls.get(pk=poll_id), acting_user=staff)
    results.do_publish(poll=poll, acting_user=staff)
    session = SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return World(
        meeting_id=meeting.pk,
        unit_code=meeting.body.unit.code,
        published_poll_id=poll_id,
        staff_session=session.session_key,
        polls=polls,
    )


def code_logs(poll_id: int, codes: list[str]) -> list[CodeLog]:
    from web.meetings import secrecy

    return [CodeLog(code=c, spent_hash=secrecy.spent_hash(poll_id, c)) for c in codes]


def stored_ballots(poll_id: int) -> list[tuple[str, str]]:
    from django.db import connections

    from web.meetings.testing import received

    connections.close_all()  # the database may have restarted under this process's connection
    return [(b["spent_hash"], b["receipt"]) for b in received(poll_id)]  # sealed or waiting


def poll_state(poll_id: int) -> Any:
    from web.meetings.models import Poll

    return Poll.objects.get(pk=poll_id)


def download(download_id: int) -> Any:
    """The download's row as it is now (read on a fresh connection: the worker writes it)."""
    from django.db import connections

    from web.downloads.models import Download

    connections.close_all()
    return Download.objects.get(pk=download_id)


def stored_file(row: Any) -> Any:
    """The finished file of a download's row, if it is on disk."""
    from web.downloads import storage

    return storage.stored_path(row)


def job_window(func: str, *args: Any) -> tuple[float, float] | None:
    """When the background worker started and finished the job ``func(*args)`` (Unix seconds),
    from the queue's record of it."""
    from django_q.models import Task

    for task in Task.objects.filter(func=func).order_by("-started"):
        if tuple(task.args or ()) == args:
            return task.started.timestamp(), task.stopped.timestamp()
    return None
