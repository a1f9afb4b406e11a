"""The studios' actions: sessions made once, duty in turn, check-in by oneself or the staff,
requests taken at a session linked to it in the same transaction, and the boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from web.audit.models import AuditEntry
from web.cases.models import Case
from web.studios import actions
from web.studios.errors import StudioError
from web.studios.models import Duty, Rule, Session, SessionCase, Staff, Studio

pytestmark = pytest.mark.django_db


def _first(sw):  # type: ignore[no-untyped-def]
    return Session.objects.filter(studio=sw.studio_a).order_by("starts_at").first()


def test_rule_makes_the_coming_sessions_with_the_roster_in_turn(sw) -> None:  # type: ignore[no-untyped-def]
    sessions = list(Session.objects.filter(studio=sw.studio_a).order_by("day"))
    assert [s.day for s in sessions][:3] == [dt.date(2026, 3, 3), dt.date(2026, 3, 10), dt.date(2026, 3, 17)]
    assert len(sessions) == 8  # eight weeks ahead (to Monday 27 April)
    on_duty = [list(s.duties.values_list("seat_id", flat=True)) for s in sessions]
    assert on_duty[:4] == [[sw.seat_a.pk], [sw.seat_b.pk], [sw.seat_a.pk], [sw.seat_b.pk]]
    assert timezone.localtime(sessions[0].starts_at).hour == 9 and sessions[0].ends_at.minute == 30


def test_generating_again_makes_nothing_and_writes_no_entry(sw, clock) -> None:  # type: ignore[no-untyped-def]
    before = (Session.objects.count(), Duty.objects.count(), AuditEntry.objects.count())
    assert actions.do_generate_sessions(studio=sw.studio_a, acting_user=None) == 0
    assert actions.do_generate_sessions(studio=sw.studio_a, acting_user=sw.director_a) == 0
    assert (Session.objects.count(), Duty.objects.count(), AuditEntry.objects.count()) == before
    clock.set("2026-03-10")  # eight days later: 28 April and 5 May come within the horizon
    assert actions.do_generate_sessions(studio=sw.studio_a, acting_user=None) == 2


def test_a_changed_rule_remakes_only_untouched_coming_sessions(sw, clock) -> None:  # type: ignore[no-untyped-def]
    first = _first(sw)
    clock.set("2026-03-03", 9)
    actions.do_check_in(duty=first.duties.get(), acting_user=sw.rep_a)
    actions.do_save_rule(
        studio=sw.studio_a,
        rule=sw.rule_a,
        acting_user=sw.secretary_a,
        kind=Rule.Kind.RECEPTION,
        week=Rule.Week.SECOND,
        weekday=Rule.Weekday.TUESDAY,
        starts=dt.time(9),
        ends=dt.time(11, 30),
        valid_from=dt.date(2026, 3, 2),
        roster=[sw.seat_a, sw.seat_b],
        per_session=0,
    )
    days = list(Session.objects.filter(rule=sw.rule_a).order_by("day").values_list("day", flat=True))
    assert days == [dt.date(2026, 3, 3), dt.date(2026, 3, 10), dt.date(2026, 4, 14)]  # the checked-in one kept
    assert Session.objects.get(day=dt.date(2026, 4, 14)).duties.count() == 2


def test_a_representative_checks_in_only_themself(sw, clock) -> None:  # type: ignore[no-untyped-def]
    session = _first(sw)  # Tuesday 3 March, rep_a on duty
    duty = session.duties.get()
    clock.set("2026-03-03", 7)
    with pytest.raises(StudioError) as early:
        actions.do_check_in(duty=duty, acting_user=sw.rep_a)
    assert early.value.code == "too_early"
    clock.set("2026-03-03", 9)
    with pytest.raises(StudioError) as other:
        actions.do_check_in(duty=duty, acting_user=sw.rep_b)
    assert other.value.code == "not_yours" and other.value.status == 403
    done = actions.do_check_in(duty=duty, acting_user=sw.rep_a)
    assert done.check_in_by == Duty.By.SELF and done.checked_in_by == sw.rep_a
    with pytest.raises(StudioError) as twice:
        actions.do_check_in(duty=duty, acting_user=sw.volunteer_a)
    assert twice.value.code == "already_checked_in"


def test_staff_record_a_check_in_up_to_a_week_after(sw, clock) -> None:  # type: ignore[no-untyped-def]
    duty = _first(sw).duties.get()
    clock.set("2026-03-03", 14)  # the session ended at 11:30
    with pytest.raises(StudioError) as late:
        actions.do_check_in(duty=duty, acting_user=sw.rep_a)
    assert late.value.code == "too_late"
    clock.set("2026-03-10", 11)
    with pytest.raises(StudioError):
        actions.do_check_in(duty=duty, acting_user=sw.director_b)  # another studio's director
    done = actions.do_check_in(duty=duty, acting_user=sw.volunteer_a)
    assert done.check_in_by == Duty.By.STAFF
    clock.set("2026-03-11", 12)
    other = Session.objects.get(studio=sw.studio_a, day=dt.date(2026, 3, 3)).duties.get()
    assert other.pk == duty.pk


def test_staff_of_one_studio_cannot_change_another(sw, clock) -> None:  # type: ignore[no-untyped-def]
    session = _first(sw)
    for user in (sw.director_b, sw.rep_a, sw.volunteer_a):
        with pytest.raises(StudioError) as refused:
            actions.do_cancel_session(session=session, reason="场地维修", acting_user=user)
        assert refused.value.status == 403
    with pytest.raises(StudioError):
        actions.do_set_staff(studio=sw.studio_a, person=sw.org.person_a2, post="volunteer", acting_user=sw.director_b)
    with pytest.raises(StudioError) as director:
        actions.do_set_staff(studio=sw.studio_a, person=sw.org.person_a2, post="director", acting_user=sw.secretary_a)
    assert director.value.code == "director_by_liaison"
    actions.do_set_staff(studio=sw.studio_a, person=sw.org.person_a2, post="volunteer", acting_user=sw.secretary_a)
    assert Staff.objects.filter(studio=sw.studio_a, person=sw.org.person_a2, post="volunteer").exists()
    with pytest.raises(StudioError) as outsider:
        actions.do_save_studio(acting_user=sw.org.outsider, studio=sw.studio_a, name="改名")
    assert outsider.value.status == 403
    assert Studio.objects.get(pk=sw.studio_a.pk).name == "和平社区党代表工作室"


def _taking(sw, **extra):  # type: ignore[no-untyped-def]
    return {
        "entry": sw.cw.entry("noise"),
        "unit": sw.org.building_a1,
        "description": "楼上每晚十一点后装修，噪音很大。",
        "requester_name": "王芳",
        "requester_phone": "13800000001",
        "consent": True,
        **extra,
    }


def test_a_request_taken_at_a_session_is_linked_in_one_go(sw, clock) -> None:  # type: ignore[no-untyped-def]
    session = _first(sw)
    clock.set("2026-03-03", 10)
    case, code = actions.do_take_at_session(session=session, seat=sw.seat_a, acting_user=sw.rep_a, **_taking(sw))
    assert case.channel == Case.Channel.REPRESENTATIVE and case.representative == sw.rep_a and code
    link = SessionCase.objects.get(case=case)
    assert link.session == session and link.seat == sw.seat_a
    actions_written = list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:2])
    assert actions_written == ["studio.take", "case.take"]


def test_a_refused_request_leaves_nothing(sw, clock) -> None:  # type: ignore[no-untyped-def]
    session = _first(sw)
    clock.set("2026-03-03", 10)
    before = (Case.objects.count(), SessionCase.objects.count())
    with pytest.raises(StudioError) as not_on_duty:  # rep_b is not on duty on the 3rd
        actions.do_take_at_session(session=session, seat=sw.seat_b, acting_user=sw.rep_b, **_taking(sw))
    assert not_on_duty.value.code == "not_on_duty"
    with pytest.raises(StudioError) as others:  # a representative enters only their own
        actions.do_take_at_session(session=session, seat=sw.seat_a, acting_user=sw.rep_b, **_taking(sw))
    assert others.value.status == 403
    from web.cases.errors import CaseError

    with pytest.raises(CaseError):  # the intake's own refusal: no consent noted
        actions.do_take_at_session(session=session, seat=sw.seat_a, acting_user=sw.rep_a, **_taking(sw, consent=False))
    with pytest.raises(CaseError):  # a secretary without a desk or role there cannot enter it
        actions.do_take_at_session(session=session, seat=sw.seat_a, acting_user=sw.secretary_a, **_taking(sw))
    assert (Case.objects.count(), SessionCase.objects.count()) == before
    case, _code = actions.do_take_at_session(session=session, seat=sw.seat_a, acting_user=sw.director_a, **_taking(sw))
    assert case.taken_by == sw.director_a and case.representative == sw.rep_a


def test_cancel_and_duty_changes(sw, clock) -> None:  # type: ignore[no-untyped-def]
    session = _first(sw)
    actions.do_set_duty(session=session, seat=sw.seat_b, on=True, acting_user=sw.director_a)
    with pytest.raises(StudioError) as not_member:
        actions.do_set_duty(session=session, seat=sw.seat_c, on=True, acting_user=sw.director_a)
    assert not_member.value.code == "not_a_member"
    with pytest.raises(StudioError) as no_reason:
        actions.do_cancel_session(session=session, reason=" ", acting_user=sw.director_a)
    assert no_reason.value.code == "reason_required"
    actions.do_cancel_session(session=session, reason="社区停电", acting_user=sw.director_a)
    clock.set("2026-03-03", 9)
    with pytest.raises(StudioError) as cancelled:
        actions.do_check_in(duty=session.duties.first(), acting_user=sw.rep_a)
    assert cancelled.value.code == "cancelled"


def test_studio_kinds_and_units(sw) -> None:  # type: ignore[no-untyped-def]
    liaison = sw.org.street_staff
    with pytest.raises(StudioError) as sector:
        actions.do_save_studio(acting_user=liaison, name="x", kind="industry", unit=sw.org.street)
    assert sector.value.code == "sector_required"
    with pytest.raises(StudioError) as place:
        actions.do_save_studio(acting_user=liaison, name="x", kind="community", unit=sw.org.street)
    assert place.value.code == "bad_unit"
    with pytest.raises(StudioError) as not_liaison:
        actions.do_save_studio(acting_user=sw.director_a, name="x", kind="community", unit=sw.org.community_a)
    assert not_liaison.value.status == 403
    assert sw.industry.kind_words == "行业党代表工作室（卫生健康）"


def test_detaching_a_representative_takes_them_off_coming_duty(sw) -> None:  # type: ignore[no-untyped-def]
    member = sw.studio_a.members.get(seat=sw.seat_b)
    actions.do_detach_representative(member=member, acting_user=sw.director_a)
    assert not Duty.objects.filter(session__studio=sw.studio_a, seat=sw.seat_b).exists()
    assert not sw.rule_a.roster.filter(seat=sw.seat_b).exists()


#: (minutes from the session's start, the representative may check in, the staff may): Tuesday's
#: reception runs 09:00–11:30; an hour early, an hour's grace for oneself, a week for the staff
WINDOWS = [
    (-61, False, False),
    (-60, True, True),
    (0, True, True),
    (150 + 60, True, True),
    (150 + 61, False, True),
    (150 + 7 * 24 * 60, False, True),
    (150 + 7 * 24 * 60 + 1, False, False),
]


def test_the_check_in_windows_at_their_edges(sw, clock) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    session = _first(sw)
    duty = session.duties.get()
    for minutes, own_ok, staff_ok in WINDOWS:
        for user, ok in ((sw.rep_a, own_ok), (sw.secretary_a, staff_ok)):
            clock.set("2026-03-03", 9)
            clock.advance(minutes=minutes)
            with transaction.atomic():
                try:
                    actions.do_check_in(duty=duty, acting_user=user)
                    done = True
                except StudioError as refused:
                    assert refused.code in ("too_early", "too_late"), (minutes, user, refused.code)
                    done = False
                assert done == ok, (minutes, user.username)
                transaction.set_rollback(True)


def test_closing_a_studio_ends_its_days_and_keeps_what_it_did(sw, clock) -> None:  # type: ignore[no-untyped-def]
    first = _first(sw)
    clock.set("2026-03-03", 9)
    actions.do_check_in(duty=first.duties.get(), acting_user=sw.rep_a)
    clock.set("2026-03-05", 10)
    before = AuditEntry.objects.count()
    for user, code in ((sw.director_a, "not_liaison"), (sw.director_b, "not_liaison"), (sw.rep_a, "not_liaison")):
        with pytest.raises(StudioError) as refused:
            actions.do_close_studio(studio=sw.studio_a, reason="合并", acting_user=user)
        assert refused.value.code == code
    with pytest.raises(StudioError) as no_reason:
        actions.do_close_studio(studio=sw.studio_a, reason="   ", acting_user=sw.org.street_staff)
    assert no_reason.value.code == "reason_required"
    assert AuditEntry.objects.count() == before and Studio.objects.get(pk=sw.studio_a.pk).closed_at is None
    closed = actions.do_close_studio(studio=sw.studio_a, reason="并入街道党群服务中心", acting_user=sw.org.street_staff)
    assert closed.closed_at is not None and closed.close_reason == "并入街道党群服务中心"
    coming = Session.objects.filter(studio=sw.studio_a, day__gt=dt.date(2026, 3, 5))
    assert coming.exists() and not coming.filter(cancelled_at__isnull=True).exists()
    assert set(coming.values_list("cancel_reason", flat=True)) == {"并入街道党群服务中心"}
    held = Session.objects.get(pk=first.pk)
    assert held.cancelled_at is None and held.duties.get().checked_in_at is not None  # kept as it was
    assert Rule.objects.get(pk=sw.rule_a.pk).valid_until == dt.date(2026, 3, 5)
    entry = AuditEntry.objects.get(action="studio.close")
    assert entry.changes["sessions_cancelled"] == [None, coming.count()]
    with pytest.raises(StudioError) as again:
        actions.do_close_studio(studio=sw.studio_a, reason="再撤销", acting_user=sw.org.street_staff)
    assert again.value.code == "studio_closed"
    assert actions.do_generate_sessions(studio=sw.studio_a, acting_user=sw.org.street_staff) == 0
