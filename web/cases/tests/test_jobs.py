"""The cases' periodic jobs on a frozen clock across working days, a weekend and a holiday
(``web.workdays`` overrides): reminders before the sign-for and reply deadlines, the overdue
notice the next working day, urgent cases in hours; each writes its history event once and
notifies once, however often it runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from web.cases import actions, escalation, jobs
from web.cases.models import Case
from web.common.testing import local_at as at
from web.notify.models import Notice
from web.workdays.models import Override


def holiday(cw, day: str) -> None:  # type: ignore[no-untyped-def]
    """A day off announced after the case was dispatched (its deadline stays as it was)."""
    Override.objects.create(
        day=dt.date.fromisoformat(day), kind="holiday", name="临时放假", created_by=cw.org.street_staff,
        created_at=at("2026-03-01"),
    )  # fmt: skip


def events(case: Case, kind: str) -> list[tuple[str, str, int | None]]:
    return list(case.events.filter(kind=kind).values_list("code", "reason", "office_id"))


def notices_of(user, kind: str) -> int:  # type: ignore[no-untyped-def]
    return Notice.objects.filter(user=user, kind=kind).count()


NOTHING = {"sign": 0, "reply": 0, "visit": 0}


def test_the_sign_for_reminder_comes_on_the_last_day_of_the_window_once(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)  # Monday; sign by Tuesday
    assert jobs.remind() == NOTHING
    clock.set("2026-03-03", 8)
    assert jobs.remind() == {"sign": 1, "reply": 0, "visit": 0}
    assert jobs.remind() == NOTHING  # run twice: nothing twice
    assert events(case, "reminded") == [("sign", "2026-03-03 23:59", cw.community_a.pk)]
    assert notices_of(cw.community_handler, "case.sign_soon") == 1
    clock.set("2026-03-03", 23)
    assert jobs.remind() == NOTHING


def test_a_new_office_has_its_own_window_and_its_own_reminder(cw, take, clock):
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    clock.set("2026-03-03")
    assert jobs.remind()["sign"] == 1
    case = actions.do_return_case(case=case, reason_code="other", reason="请社区办理", acting_user=cw.grid_handler)
    actions.do_dispatch_case(case=case, acting_user=cw.dispatcher, office=cw.community_a)  # sign by Wednesday
    clock.set("2026-03-04")
    assert jobs.remind()["sign"] == 1
    assert [code for code, _r, _o in events(case, "reminded") if code == "sign"] == ["sign", "sign"]


def test_a_signed_case_gets_no_sign_for_reminder(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    actions.do_sign_case(case=case, acting_user=cw.community_handler)
    clock.set("2026-03-03")
    assert jobs.remind()["sign"] == 0


@pytest.mark.parametrize(
    ("day", "off", "reminded"),
    [
        ("2026-03-05", None, 0),  # Thursday: due Monday, two working days ahead
        ("2026-03-06", None, 1),  # Friday: the next working day is Monday, the deadline's day
        ("2026-03-05", "2026-03-06", 1),  # Friday made a holiday: Thursday's next working day is Monday
    ],
)
def test_the_reply_reminder_comes_when_it_is_due_within_one_working_day(cw, take, clock, day, off, reminded):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)  # reply by Monday 03-09
    actions.do_sign_case(case=case, acting_user=cw.community_handler)
    if off:
        holiday(cw, off)
    clock.set(day)
    assert jobs.remind()["reply"] == reminded
    assert jobs.remind()["reply"] == 0
    assert len(events(case, "reminded")) == reminded
    assert notices_of(cw.community_handler, "case.reply_soon") == reminded


def test_an_extension_is_a_new_deadline_and_reminded_again(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    clock.set("2026-03-06")
    assert jobs.remind()["reply"] == 1
    case = actions.do_extend_case(case=case, days=2, reason="需协调物业", acting_user=cw.community_handler)
    assert jobs.remind()["reply"] == 0  # due Wednesday now
    clock.set("2026-03-10")
    assert jobs.remind()["reply"] == 1
    assert [r for _c, r, _o in events(case, "reminded")] == ["2026-03-09 23:59", "2026-03-11 23:59"]


@pytest.mark.parametrize(
    ("day", "hour", "off", "told"),
    [
        ("2026-03-06", 23, None, 0),  # Friday, the deadline's own day: not past it
        ("2026-03-07", 9, None, 0),  # Saturday: past it, but not a working day
        ("2026-03-08", 9, None, 0),  # Sunday
        ("2026-03-09", 0, None, 1),  # Monday, the next working day
        ("2026-03-09", 9, "2026-03-09", 0),  # Monday made a holiday
        ("2026-03-10", 9, "2026-03-09", 1),  # then Tuesday
    ],
)
def test_the_overdue_notice_comes_the_next_working_day(cw, take, clock, day, hour, off, told):
    clock.set("2026-03-03")
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)  # reply by Friday 03-06
    actions.do_sign_case(case=case, acting_user=cw.grid_handler)
    if off:
        holiday(cw, off)
    clock.set(day, hour)
    assert jobs.overdue() == told
    assert jobs.overdue() == 0  # run twice
    assert len(events(case, "overdue")) == told
    assert notices_of(cw.grid_handler, "case.overdue") == told
    assert notices_of(cw.dispatcher, "case.overdue") == told  # the dispatcher of the place too


def test_a_replied_case_is_not_overdue_and_a_redo_has_a_new_deadline(cw, take, clock):
    clock.set("2026-03-03")
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.grid_handler)
    case = actions.do_reply_case(case=case, text="已清理。", acting_user=cw.grid_handler)
    clock.set("2026-03-09")
    assert jobs.overdue() == 0
    actions.do_visit_case(case=case, method="phone", satisfaction=2, solved=False, acting_user=cw.dispatcher)
    case.refresh_from_db()
    assert case.state == Case.State.SIGNED and case.reply_by == at("2026-03-30", 23, 59).replace(second=59)
    clock.set("2026-03-31")
    assert jobs.overdue() == 1


def test_urgent_cases_count_hours(cw, take, clock):
    # sign for it by 11:00, reply by 09:00 the next day
    case = actions.do_dispatch_case(case=take("water_cut"), acting_user=cw.dispatcher)
    clock.set("2026-03-02", 9)
    clock.advance(minutes=30)
    assert jobs.remind() == NOTHING  # 1.5 hours left to sign: not yet the last hour
    clock.advance(minutes=35)
    assert jobs.remind() == {"sign": 1, "reply": 0, "visit": 0}
    case = actions.do_sign_case(case=case, acting_user=cw.street_handler)
    clock.set("2026-03-03", 2)
    assert jobs.remind()["reply"] == 0  # 7 hours left of 24: not yet the last quarter
    clock.set("2026-03-03", 4)
    assert jobs.remind()["reply"] == 1
    clock.set("2026-03-03", 9)
    clock.advance(minutes=1)
    assert jobs.overdue() == 1  # at once, in hours
    text = Notice.objects.get(user=cw.street_handler, kind="case.overdue").context
    assert text["due"] == "2026-03-03 09:00"


def test_overdue_escalates_once_by_the_sweep(cw, take, clock):
    clock.set("2026-03-03")
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    clock.set("2026-03-09")
    assert jobs.escalate() == 0  # nothing recorded overdue yet
    assert jobs.overdue() == 1
    assert jobs.escalate() == 1
    assert jobs.escalate() == 0 and jobs.overdue() == 0  # again: the same deadline, the same crossing
    case.refresh_from_db()
    assert case.office == cw.community_a and case.state == Case.State.DISPATCHED and case.escalated == 1
    assert events(case, "escalated") == [("overdue", events(case, "escalated")[0][1], cw.community_a.pk)]
    assert case.assists.filter(office=cw.grid_a1).exists()
    assert notices_of(cw.community_handler, "case.escalated") == 1


def test_the_jobs_read_few_rows_whatever_the_number_of_cases(cw, take, clock):
    for _ in range(3):
        actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    clock.set("2026-03-03")
    jobs.remind()
    clock.set("2026-03-10")
    jobs.overdue()
    jobs.escalate()
    # every case is reminded and told already: each job only reads, in a fixed number of queries
    for job, most in ((jobs.remind, 6), (jobs.overdue, 3), (jobs.escalate, 3)):
        with CaptureQueriesContext(connection) as queries:
            job()
        assert len(queries) <= most, [q["sql"] for q in queries]


def test_the_candidates_are_read_by_the_deadline_index(cw):
    if connection.vendor == "postgresql":  # a tiny table is read whole unless told otherwise
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = str(escalation.late(at("2026-03-10")).explain())
    assert "case_deadline" in plan, plan


def test_the_command_runs_every_job_once(cw, take, clock):
    from io import StringIO

    from django.core.management import call_command

    clock.set("2026-03-03")
    actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    clock.set("2026-03-09")
    out = StringIO()
    call_command("check_case_deadlines", stdout=out)
    assert "overdue 1, escalated 1" in out.getvalue()
    call_command("check_case_deadlines", stdout=out)
    assert "sign 0, reply 0, visit 0, overdue 0, escalated 0" in out.getvalue()
