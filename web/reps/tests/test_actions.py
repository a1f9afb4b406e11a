"""The representatives' actions: who may do what (boundary tables), the refusals as sentences
with nothing written, and what each keeps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from web.audit.models import AuditEntry
from web.cases.actions import do_refer_case, do_take_case
from web.cases.models import CaseEvent
from web.cases.testing import make_case_world
from web.reps import actions
from web.reps.access import RepsError
from web.reps.models import Answer, Attendance, Field, Link, Profile, SeatField
from web.reps.testing import make_congress

TODAY = timezone.localdate()


@pytest.fixture
def congress(world):  # type: ignore[no-untyped-def]
    return make_congress(world)


def _who(world: Any, congress: Any, name: str) -> Any:
    return getattr(congress, name, None) or getattr(world, name)


def _refused(call: Any, code: str) -> RepsError:
    before = AuditEntry.objects.count()
    with pytest.raises(RepsError) as refused:
        call()
    assert refused.value.code == code, refused.value.message
    assert AuditEntry.objects.count() == before
    return refused.value


# ---- the profile -------------------------------------------------------------------------------

PROFILE_TABLE = [
    # (who, whose seat, allowed)
    ("rep_a", "seat_a", True),  # their own
    ("rep_a", "seat_b", False),  # another representative's
    ("rep_b", "seat_a2", False),
    ("organiser", "seat_a2", True),  # staff of community A, where 李强 lives
    ("organiser", "seat_b", False),  # 张伟 lives in community B
    ("outsider", "seat_b", True),  # staff of community B
    ("outsider", "seat_a", False),
    ("member", "seat_a2", False),  # reads community A, changes nothing
    ("observer", "seat_a2", False),
    ("street_staff", "seat_b", True),
    ("district_staff", "seat_a", True),  # the congress's own unit
]


@pytest.mark.parametrize(("who", "seat", "allowed"), PROFILE_TABLE)
def test_who_may_edit_a_profile(world, congress, who, seat, allowed) -> None:
    user, target = _who(world, congress, who), getattr(congress, seat)

    def call() -> Any:
        return actions.do_save_profile(seat=target, fields=["education"], intro="中学教师", acting_user=user)

    if allowed:
        profile = call()
        assert profile.intro == "中学教师"
        assert list(target.rep_fields.values_list("field", flat=True)) == ["education"]
        entry = AuditEntry.objects.get(action="reps.profile")
        assert entry.changes["fields"] == [[], ["education"]]
    else:
        _refused(call, "not_your_area")
        assert not Profile.objects.exists()


def test_staff_of_a_linked_village_manage_the_profile(world, congress) -> None:
    """张伟 lives in community B; linked to community A, A's staff look after him there."""
    actions.do_link(seat=congress.seat_b, unit=world.community_a, since=TODAY, acting_user=world.organiser)
    actions.do_save_profile(seat=congress.seat_b, fields=["court"], intro="", acting_user=world.organiser)
    assert [f.field for f in SeatField.objects.filter(seat=congress.seat_b)] == ["court"]


def test_only_the_representative_publishes_their_phone(world, congress) -> None:
    seat = congress.seat_a2
    _refused(
        lambda: actions.do_save_profile(
            seat=seat, fields=[], intro="", public_phone="13900001111", acting_user=world.organiser
        ),
        "not_own_phone",
    )
    _refused(
        lambda: actions.do_save_profile(
            seat=seat, fields=[], intro="", public_phone="12345", acting_user=congress.rep_a2
        ),
        "bad_phone",
    )
    profile = actions.do_save_profile(
        seat=seat, fields=[], intro="", public_phone="+86 139 0000 1111", acting_user=congress.rep_a2
    )
    assert profile.public_phone == "13900001111"
    entry = AuditEntry.objects.get(action="reps.profile")
    assert entry.changes == {"public_phone": [False, True]}  # whether one is published, never the number
    # staff edit the rest and leave the phone as it is
    actions.do_save_profile(seat=seat, fields=["health"], intro="医生", acting_user=world.organiser)
    profile.refresh_from_db()
    assert (profile.public_phone, profile.intro) == ("13900001111", "医生")
    # the representative withdraws it
    actions.do_save_profile(seat=seat, fields=["health"], intro="医生", public_phone="", acting_user=congress.rep_a2)
    profile.refresh_from_db()
    assert profile.public_phone == ""


def test_fields_come_from_the_list_and_the_intro_is_short(world, congress) -> None:
    own = congress.rep_a
    _refused(
        lambda: actions.do_save_profile(seat=congress.seat_a, fields=["astrology"], intro="", acting_user=own),
        "bad_field",
    )
    _refused(
        lambda: actions.do_save_profile(seat=congress.seat_a, fields=[], intro="长" * 301, acting_user=own),
        "intro_too_long",
    )
    actions.do_save_profile(seat=congress.seat_a, fields=list(Field.values), intro="", acting_user=own)
    actions.do_save_profile(seat=congress.seat_a, fields=["elderly"], intro="", acting_user=own)
    assert list(SeatField.objects.filter(seat=congress.seat_a).values_list("field", flat=True)) == ["elderly"]


def test_a_seat_of_another_body_is_no_representative(world, congress) -> None:
    seat = world.body_a.seats.first()
    _refused(
        lambda: actions.do_save_profile(seat=seat, fields=[], intro="", acting_user=world.street_staff),
        "not_a_representative",
    )


# ---- links --------------------------------------------------------------------------------------

LINK_TABLE = [
    ("organiser", "community_a", None),
    ("street_staff", "community_b", None),
    ("district_staff", "community_a", None),
    ("organiser", "community_b", "not_your_area"),
    ("member", "community_a", "not_your_area"),
    ("rep_a", "community_a", "not_your_area"),  # a representative does not link themselves
    ("organiser", "grid_a1", "not_a_village"),
    ("street_staff", "street", "not_a_village"),
]


@pytest.mark.parametrize(("who", "unit", "refused"), LINK_TABLE)
def test_who_may_link_a_representative_where(world, congress, who, unit, refused) -> None:
    user, place = _who(world, congress, who), getattr(world, unit)

    def call() -> Any:
        return actions.do_link(seat=congress.seat_b, unit=place, since=TODAY, acting_user=user)

    if refused:
        _refused(call, refused)
        assert not Link.objects.exists()
    else:
        link = call()
        assert (link.unit_path, link.until) == (place.path, None)


def test_a_link_is_ended_with_a_reason_and_stays(world, congress) -> None:
    link = actions.do_link(seat=congress.seat_a, unit=world.community_a, since=TODAY, acting_user=world.organiser)
    _refused(
        lambda: actions.do_link(seat=congress.seat_a, unit=world.community_a, since=TODAY, acting_user=world.organiser),
        "linked",
    )
    _refused(
        lambda: actions.do_link(
            seat=congress.seat_a, unit=world.community_b, since=dt.date(2020, 1, 1), acting_user=world.street_staff
        ),
        "before_term",
    )
    end = lambda who, reason="工作调整", until=TODAY: actions.do_end_link(  # noqa: E731
        link=link, until=until, reason=reason, acting_user=who
    )
    _refused(lambda: end(world.outsider), "not_your_area")
    _refused(lambda: end(world.organiser, reason="  "), "reason_required")
    _refused(lambda: end(world.organiser, until=TODAY - dt.timedelta(days=1)), "ends_before")
    end(world.organiser)
    _refused(lambda: end(world.organiser), "ended")
    link.refresh_from_db()
    assert (link.until, link.ended_reason) == (TODAY, "工作调整")
    # linked again later: a new link beside the ended one
    actions.do_link(seat=congress.seat_a, unit=world.community_a, since=TODAY, acting_user=world.organiser)
    assert Link.objects.filter(seat=congress.seat_a).count() == 2


# ---- training -----------------------------------------------------------------------------------


def _training(world: Any, made: Any, **kw: Any) -> Any:
    fields = {
        "congress": made.body,
        "unit": world.street,
        "title": "党代表履职能力培训班",
        "held_on": TODAY - dt.timedelta(days=3),
        "place": "区委党校",
        "organiser": "区委组织部",
        "acting_user": world.street_staff,
        **kw,
    }
    return actions.do_add_training(**fields)


def test_trainings_are_kept_by_the_street_or_district_staff(world, congress) -> None:
    _refused(
        lambda: _training(world, congress, unit=world.community_a, acting_user=world.organiser), "not_liaison_unit"
    )
    _refused(lambda: _training(world, congress, acting_user=world.organiser), "not_your_area")
    _refused(lambda: _training(world, congress, place=" "), "incomplete")
    _refused(lambda: _training(world, congress, congress=world.body_a), "not_a_congress")
    training = _training(world, congress)
    assert training.unit == world.street
    assert _training(world, congress, unit=world.district, acting_user=congress.district_staff).pk


def test_attendance_is_recorded_after_the_session_by_its_staff(world, congress) -> None:
    held = _training(world, congress)
    coming = _training(world, congress, held_on=TODAY + dt.timedelta(days=10))
    seats = [congress.seat_a, congress.seat_b]
    _refused(
        lambda: actions.do_record_attendance(training=coming, seats=seats, acting_user=world.street_staff), "not_held"
    )
    _refused(
        lambda: actions.do_record_attendance(training=held, seats=seats, acting_user=world.organiser), "not_your_area"
    )
    _refused(
        lambda: actions.do_record_attendance(training=held, seats=[], acting_user=world.street_staff), "none_chosen"
    )
    other = world.body_a.seats.first()
    _refused(
        lambda: actions.do_record_attendance(training=held, seats=[other], acting_user=world.street_staff),
        "not_a_representative",
    )
    made = actions.do_record_attendance(training=held, seats=seats, acting_user=world.street_staff)
    assert len(made) == 2
    _refused(
        lambda: actions.do_record_attendance(training=held, seats=seats, acting_user=world.street_staff), "recorded"
    )
    # one more later: only the new one is written
    assert (
        len(
            actions.do_record_attendance(
                training=held, seats=[*seats, congress.seat_a2], acting_user=world.street_staff
            )
        )
        == 1
    )
    assert Attendance.objects.filter(training=held).count() == 3
    assert AuditEntry.objects.filter(action="reps.attendance").count() == 2


# ---- referrals -----------------------------------------------------------------------------------


def _referred(world: Any, congress: Any) -> Any:
    cw = make_case_world(world)
    case, _code = do_take_case(
        channel="representative",
        entry=cw.entry("noise"),
        unit=world.grid_a2,
        description="楼上深夜噪音",
        acting_user=congress.rep_a,
        representative=congress.rep_a,
        requester_name="赵敏",
        requester_phone="13800000009",
        consent=True,
    )
    do_refer_case(case=case, to=congress.rep_b, reason="需要法律方面的代表", acting_user=congress.rep_a)
    case.refresh_from_db()
    return case


def test_the_representative_a_request_went_to_answers_it_once(world, congress) -> None:
    case = _referred(world, congress)
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REFERRED)
    assert actions.referral_to(case) == event
    answer = lambda who, text="已联系双方，周三上门调解": actions.do_answer_referral(  # noqa: E731
        event=event, text=text, acting_user=who
    )
    _refused(lambda: answer(congress.rep_a), "not_yours")  # who referred it
    _refused(lambda: answer(congress.rep_a2), "not_yours")
    _refused(lambda: answer(congress.rep_b, text=" "), "text_required")
    _refused(lambda: answer(congress.rep_b, text="长" * 501), "text_too_long")
    made = answer(congress.rep_b)
    assert (made.by, made.event) == (congress.rep_b, event)
    _refused(lambda: answer(congress.rep_b), "answered")
    assert AuditEntry.objects.filter(action="reps.answer", object_id=str(case.pk)).count() == 1


def test_a_request_passed_on_again_is_no_longer_the_first_ones_to_answer(world, congress) -> None:
    case = _referred(world, congress)
    first = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REFERRED)
    do_refer_case(case=case, to=congress.rep_a2, reason="社区服务方面", acting_user=congress.rep_b)
    _refused(lambda: actions.do_answer_referral(event=first, text="好", acting_user=congress.rep_b), "not_yours")
    last = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REFERRED).order_by("-id").first()
    actions.do_answer_referral(event=last, text="已接手", acting_user=congress.rep_a2)
    assert Answer.objects.count() == 1
