"""Entering and removing overrides: who may, all or nothing, and what the audit log keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from web.audit.models import AuditEntry
from web.audit.names import Action
from web.org.models import Role
from web.workdays import actions
from web.workdays.errors import WorkdayError
from web.workdays.models import Override

D = dt.date.fromisoformat


def _add(world, first="2027-02-06", last="2027-02-13", kind="holiday", name="春节", user=None):
    return actions.do_add_overrides(
        first=D(first), last=D(last), kind=kind, name=name, acting_user=user or world.street_staff
    )


def test_a_run_of_days_is_entered_at_once_with_an_entry_each(world):
    made = _add(world)
    assert [o.day for o in made] == [D("2027-02-06") + dt.timedelta(days=i) for i in range(8)]
    assert {o.name for o in made} == {"春节"}
    entries = AuditEntry.objects.filter(action=Action.WORKDAY_OVERRIDE_ADD)
    assert entries.count() == 8
    assert {e.actor_id for e in entries} == {world.street_staff.pk}
    assert entries.get(object_id=str(made[0].pk)).changes["day"] == [None, "2027-02-06"]


@pytest.mark.parametrize("persona", ["organiser", "member", "observer", "outsider"])
def test_only_street_staff_may_write(world, persona):
    with pytest.raises(PermissionDenied, match="街道"):
        _add(world, user=getattr(world, persona))
    o = _add(world)[0]
    with pytest.raises(PermissionDenied):
        actions.do_remove_override(override=o, acting_user=getattr(world, persona))
    assert Override.objects.count() == 8


def test_a_secretary_of_a_township_or_staff_of_the_district_may_write(world):
    Role.objects.create(user=world.member, unit=world.district, kind=Role.Kind.SECRETARY)
    assert _add(world, user=world.member)


def test_a_committee_member_of_the_street_may_not(world):
    Role.objects.create(user=world.observer, unit=world.street, kind=Role.Kind.COMMITTEE_MEMBER)
    with pytest.raises(PermissionDenied):
        _add(world, user=world.observer)


def test_a_day_already_adjusted_refuses_the_whole_run(world):
    _add(world, "2027-02-10", "2027-02-10", name="另行调整")
    with pytest.raises(WorkdayError, match="2027-02-10") as refused:
        _add(world)
    assert refused.value.code == "taken"
    assert Override.objects.count() == 1


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [("2027-02-13", "2027-02-06", "bad_range"), ("2027-01-01", "2027-02-01", "too_long")],
)
def test_a_bad_run_is_refused(world, first, last, code):
    with pytest.raises(WorkdayError) as refused:
        _add(world, first, last)
    assert refused.value.code == code
    assert not Override.objects.exists()


def test_a_blank_name_or_unknown_kind_is_refused(world):
    with pytest.raises(WorkdayError, match="名称"):
        _add(world, name="  ")
    with pytest.raises(WorkdayError):
        _add(world, kind="sometimes")


def test_removing_keeps_what_it_was_in_the_log(world):
    o = _add(world, "2027-01-01", "2027-01-01", name="元旦")[0]
    actions.do_remove_override(override=o, acting_user=world.street_staff, reason="录错")
    assert not Override.objects.exists()
    entry = AuditEntry.objects.get(action=Action.WORKDAY_OVERRIDE_REMOVE)
    assert entry.changes == {"day": ["2027-01-01", None], "kind": ["holiday", None], "name": ["元旦", None]}
    assert entry.reason == "录错"
    with pytest.raises(WorkdayError) as again:
        actions.do_remove_override(override=o, acting_user=world.street_staff)
    assert again.value.code == "gone"


def test_a_long_run_already_taken_names_five_days_and_the_count(world):
    _add(world, "2027-02-01", "2027-02-10", name="另行调整")
    with pytest.raises(WorkdayError) as refused:
        _add(world, "2027-02-01", "2027-02-10")
    assert "2027-02-05 等 10 天" in str(refused.value.message)
    assert "2027-02-06" not in str(refused.value.message)
