"""The demo's duty points: the standard's two versions, a year of entries with their evidence,
every quarter over published and recountable, the persona's year (a confirmed talk, a
self-created project, an objection upheld and the quarter published again, a claim waiting)."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from jiceng.record import tally
from web.demo.congress import seed_congress
from web.demo.generator import build_street
from web.demo.loader import load_plan
from web.demo.points import _plan, seed_points
from web.org.models import BodySeat
from web.points.models import Claim, Entry, Objection, Publication, SelfProject, Standard


@pytest.fixture(scope="module")
def _points(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan(build_street(seed=2026, scale=0.05))
        seed_congress(seed=2026)
        yield seed_points(seed=2026)
        transaction.set_rollback(True)


@pytest.fixture
def made(_points, db):  # type: ignore[no-untyped-def]
    return _points


def test_a_year_of_entries_with_evidence_and_two_versions(made) -> None:
    assert made["entries"] > 500 and Entry.objects.count() == made["entries"]
    assert list(Standard.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert not Entry.objects.filter(evidence="").exists()
    assert {1, 2} == set(Entry.objects.values_list("standard__version", flat=True).distinct())


def test_every_published_quarter_recounts(made) -> None:
    publications = list(Publication.objects.order_by("id"))
    assert made["publications"] == len(publications) >= 1
    for p in publications:
        assert tally(p.record) == p.result and p.result["status"] == "published"


def test_the_personas_year(made) -> None:
    persona = get_user_model().objects.get(username="representative")
    seat = BodySeat.objects.get(person=persona.person, body__kind="congress")
    assert Objection.objects.filter(entry__seat=seat, state="upheld").count() == 1
    assert Publication.objects.filter(quarter=1, revision=2).exists()
    assert SelfProject.objects.filter(seat=seat, state="approved").count() == 1
    assert Claim.objects.filter(seat=seat, state="pending").count() == 1
    assert Entry.objects.filter(seat=seat, evidence="talk", claim__isnull=False).exists()


def test_the_same_seed_draws_the_same_year(made) -> None:
    seats = list(BodySeat.objects.filter(body__kind="congress").order_by("id")[:20])
    import datetime as dt

    first = _plan(seats, 2026, dt.date(2026, 12, 1), random.Random("points-1"))
    again = _plan(seats, 2026, dt.date(2026, 12, 1), random.Random("points-1"))
    assert {q: [(d, s.pk, c, p) for d, s, c, _d, p, _x in rows] for q, rows in first.items()} == {
        q: [(d, s.pk, c, p) for d, s, c, _d, p, _x in rows] for q, rows in again.items()
    }
