"""The overdue job: an inquiry still without its written answer on the working day after its
deadline moves to overdue once, and the representative and the liaison office are told once;
an answer recorded later still ends it, marked late."""

from __future__ import annotations

import datetime as dt

import pytest

from web.congress import actions, jobs
from web.congress.testing import congress_meeting, representative
from web.notify.models import Notice


@pytest.fixture
def inquiry(world, monkeypatch):
    monkeypatch.setattr("web.common.clock.now", lambda: dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC))
    meeting = congress_meeting(world, starts_at=dt.datetime(2026, 11, 2, 1, tzinfo=dt.UTC))
    return actions.do_file_inquiry(
        meeting=meeting, to="department", to_name="区教育局", text="问", acting_user=representative(world)
    )


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(2), tzinfo=dt.UTC)  # 10:00 in Beijing


def test_nothing_is_overdue_on_the_deadline_day(inquiry):
    assert jobs.flag_overdue(now=at(inquiry.answer_by)) == 0
    inquiry.refresh_from_db()
    assert inquiry.state == "filed"


def test_the_next_working_day_flags_it_once_and_tells_once(world, inquiry):
    day = inquiry.answer_by + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    assert jobs.flag_overdue(now=at(day)) == 1
    assert jobs.flag_overdue(now=at(day)) == 0
    inquiry.refresh_from_db()
    assert inquiry.state == "overdue"
    assert list(inquiry.events.values_list("kind", flat=True)) == ["filed", "overdue"]
    told = set(Notice.objects.filter(kind="inquiry.overdue").values_list("user__username", flat=True))
    assert told == {"representative", "street_staff"}


def test_a_late_written_answer_still_ends_it_marked_late(world, inquiry, monkeypatch):
    day = inquiry.answer_by + dt.timedelta(days=3)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    jobs.flag_overdue(now=at(day))
    monkeypatch.setattr("web.common.clock.now", lambda: at(day))
    actions.do_answer_in_writing(inquiry=inquiry, answer="答复", answerer="", acting_user=world.street_staff)
    inquiry.refresh_from_db()
    assert inquiry.state == "written" and inquiry.late


def test_an_answer_in_time_is_never_flagged(world, inquiry):
    actions.do_answer_in_writing(inquiry=inquiry, answer="答复", answerer="", acting_user=world.street_staff)
    assert jobs.flag_overdue(now=at(inquiry.answer_by + dt.timedelta(days=10))) == 0
