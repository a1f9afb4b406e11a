"""The demo's district party congress: 170 representatives from every community and village,
the persona seated with a role on the congress, the same congress for the same seed."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.audit.models import AuditEntry
from web.demo.cases import seed_cases
from web.demo.congress import REPRESENTATIVES, UNCOVERED_VILLAGE, _shares, choose, rng_of, seed_congress, term_start
from web.demo.generator import build_street
from web.demo.loader import load_plan
from web.org.models import Body, BodySeat, PartyMembership, Role, Unit
from web.reps.models import Answer, Link, Profile, SeatField, Training
from web.reps.queries import (
    congress_of,
    linked_units,
    representatives,
    seats_of_user,
    training_flagged,
    with_last_training,
)
from web.reps.queries import (
    uncovered as uncovered_units,
)


@pytest.fixture(scope="module")
def _congress(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The small street and its congress, made once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan(build_street(seed=2026, scale=0.05))
        seed_cases(seed=2026, scale=0.05)  # the catalogue the referrals need
        district = Unit.objects.get(kind=Unit.Kind.DISTRICT)
        persona = get_user_model().objects.get(username="representative").person
        drawn = [p.pk for p in choose(rng_of(2026), district, term_start(), persona)]
        yield {**seed_congress(seed=2026), "drawn": drawn}
        transaction.set_rollback(True)


@pytest.fixture
def made(_congress, db):  # type: ignore[no-untyped-def]
    return _congress


def test_the_congress_sits_on_the_district_with_170_representatives(made) -> None:
    congress = made["congress"]
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT)
    assert (congress.kind, congress.unit_id) == (Body.Kind.CONGRESS, district.pk)
    seats = list(representatives(congress))
    assert len(seats) == REPRESENTATIVES == made["representatives"]
    assert {s.post for s in seats} == {BodySeat.Post.REPRESENTATIVE}
    assert {s.since for s in seats} == {term_start()}
    assert AuditEntry.objects.filter(action="reps.generated", object_id=str(congress.pk)).count() == 1


def test_every_community_and_village_sends_representatives_by_its_members(made) -> None:
    seats = list(representatives(made["congress"]))
    areas = list(Unit.objects.filter(kind__in=(Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE)))
    per_area = Counter(next(a.pk for a in areas if s.person.unit_path.startswith(a.path)) for s in seats)
    assert set(per_area) == {a.pk for a in areas}
    persona = get_user_model().objects.get(username="representative")
    others = [s.person_id for s in seats if s.person_id != persona.person_id]
    full = PartyMembership.objects.filter(person_id__in=others, status=PartyMembership.Status.FULL)
    assert full.count() == len(others) == REPRESENTATIVES - 1


def test_the_persona_is_seated_with_a_role_on_the_congress(made) -> None:
    congress = made["congress"]
    persona = get_user_model().objects.get(username="representative")
    assert [s.body_id for s in seats_of_user(persona)] == [congress.pk]
    role = Role.objects.get(user=persona, body=congress)
    assert (role.kind, role.unit_id) == (Role.Kind.REPRESENTATIVE, congress.unit_id)
    # the resident representative's role of community 1 is kept beside it
    assert Role.objects.filter(user=persona, kind=Role.Kind.REPRESENTATIVE).count() == 2
    community = Unit.objects.filter(kind=Unit.Kind.COMMUNITY).order_by("path").first()
    assert congress_of(community) == congress
    assert seats_of_user(get_user_model().objects.get(username="street")).count() == 0


def test_every_representative_has_an_account_with_the_role(made) -> None:
    congress = made["congress"]
    users = get_user_model().objects.filter(person__seats__body=congress)
    assert users.count() == REPRESENTATIVES
    assert Role.objects.filter(body=congress, kind=Role.Kind.REPRESENTATIVE, user__in=users).count() == REPRESENTATIVES
    assert made["accounts"] == REPRESENTATIVES - 1
    assert not any(u.has_usable_password() for u in users.exclude(username="representative"))


def test_the_same_seed_chooses_the_same_people(made) -> None:
    """Drawn again before the seats were written, the same people in the same order."""
    assert [s.person_id for s in representatives(made["congress"])] == made["drawn"]


@pytest.mark.parametrize(
    ("counts", "total", "expected"),
    [
        ([10, 10], 4, [2, 2]),
        ([100, 1, 0], 10, [9, 1, 0]),
        ([3, 2], 170, [3, 2]),
        ([1, 1, 1], 2, [1, 1, 0]),
        ([], 5, []),
    ],
)
def test_shares_follow_the_members_with_at_least_one_each(counts, total, expected) -> None:
    assert _shares(counts, total) == expected


# ---- the representatives' work ---------------------------------------------------------------------


def test_every_representative_has_fields_and_most_a_link(made) -> None:
    congress = made["congress"]
    seats = list(representatives(congress))
    assert SeatField.objects.filter(seat__body=congress).values("seat").distinct().count() == len(seats)
    assert Profile.objects.filter(seat__body=congress).count() == len(seats)
    published = Profile.objects.filter(seat__body=congress).exclude(public_phone="").count()
    assert 0 < published < len(seats) / 3  # a phone only for those who chose to publish it
    linked = set(Link.objects.filter(seat__body=congress, until__isnull=True).values_list("seat_id", flat=True))
    assert 0.9 * len(seats) <= len(linked) < len(seats)  # a few left for the coverage page
    uncovered = {u.name for u in uncovered_units(linked_units(congress.unit.path))}
    assert UNCOVERED_VILLAGE in uncovered


def test_training_two_classes_a_year_most_within_two_years(made) -> None:
    congress = made["congress"]
    today = timezone.localdate()
    held = Training.objects.filter(body=congress, held_on__lte=today)
    assert held.count() >= 4 and Training.objects.filter(body=congress, held_on__gt=today).count() == 1
    seats = with_last_training(representatives(congress))
    flagged = training_flagged(seats, today).count()
    assert 0 < flagged < 0.2 * REPRESENTATIVES


def test_the_persona_has_a_full_home(made, client) -> None:
    persona = get_user_model().objects.get(username="representative")
    client.force_login(persona)
    home = client.get("/staff/").content.decode()
    for section in ("rep_referrals", "rep_training", "rep_links", "rep_pages"):
        assert f'id="home-{section}"' in home, section
    assert "已超过两年" in home and "即将举行的培训" in home
    answered = Answer.objects.filter(event__case__representative__isnull=False)
    assert answered.count() == 1  # the persona's own referral, answered by the education representative
