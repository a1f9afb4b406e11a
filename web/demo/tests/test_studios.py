"""The demo's studios: all three kinds, staff and representatives, a year of sessions with
check-ins, the persona's requests linked to the sessions they were taken at, the persona on duty
this week and the organiser directing community 1's studio."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.audit.models import AuditEntry
from web.demo.generator import build_street
from web.demo.loader import load_plan
from web.studios.models import Duty, Session, SessionCase, Staff, Studio


@pytest.fixture(scope="module")
def _studios(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The small street with its requests, congress and studios, made once and rolled back."""
    from web.demo.cases import seed_cases
    from web.demo.congress import seed_congress
    from web.demo.studios import seed_studios

    with django_db_blocker.unblock(), transaction.atomic():
        load_plan(build_street(seed=2026, scale=0.05))
        seed_cases(seed=2026, scale=0.05)
        seed_congress(seed=2026)
        yield seed_studios(seed=2026)
        transaction.set_rollback(True)


@pytest.fixture
def made(_studios, db):  # type: ignore[no-untyped-def]
    return _studios


def test_every_kind_with_its_staff_and_representatives(made) -> None:
    kinds = {k: Studio.objects.filter(kind=k).count() for k in Studio.Kind.values}
    assert kinds["industry"] == 6 and kinds["online"] == 1 and kinds["community"] >= 2
    assert set(Studio.objects.filter(kind="industry").values_list("sector", flat=True)) == set(Studio.Sector.values)
    for studio in Studio.objects.filter(kind="community"):
        posts = sorted(studio.staff.values_list("post", flat=True))
        assert posts == ["director", "secretary", "volunteer", "volunteer"], studio
    online = Studio.objects.get(kind="online")
    assert online.members.count() == 170
    organiser = get_user_model().objects.get(username="organiser")
    assert Staff.objects.filter(person=organiser.person, post="director", studio__kind="community").exists()
    assert AuditEntry.objects.filter(action="studios.generated").count() == 1


def test_a_year_of_sessions_mostly_checked_in(made) -> None:
    now = timezone.now()
    past = Duty.objects.filter(session__ends_at__lt=now, session__cancelled_at__isnull=True)
    share = past.filter(checked_in_at__isnull=False).count() / past.count()
    assert 0.8 < share < 0.97
    first = Session.objects.order_by("day").first()
    assert first is not None and first.day <= timezone.localdate(now) - dt.timedelta(days=350)
    assert Session.objects.filter(cancelled_at__isnull=False).exclude(cancel_reason="").exists()
    assert Session.objects.filter(starts_at__gt=now + dt.timedelta(weeks=7)).exists()  # the coming weeks


def test_the_personas_requests_are_linked_to_their_sessions(made) -> None:
    persona = get_user_model().objects.get(username="representative")
    links = list(SessionCase.objects.select_related("session", "case"))
    assert made["linked"] == len(links) > 0
    for link in links:
        assert link.case.representative_id == persona.pk and link.case.channel == "representative"
        assert link.session.starts_at <= link.case.received_at <= link.session.ends_at
        start, end = timezone.localtime(link.session.starts_at), timezone.localtime(link.session.ends_at)
        assert start.date() == end.date() == link.session.day and 6 <= start.hour and end.hour <= 22
        assert link.session.duties.filter(seat=link.seat, checked_in_at__isnull=False).exists()
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    assert Duty.objects.filter(seat__person=persona.person, session__day__gte=monday).exists()


def test_the_audit_chain_still_verifies(made) -> None:
    from web.audit.verify import verify_chain

    assert verify_chain().ok
