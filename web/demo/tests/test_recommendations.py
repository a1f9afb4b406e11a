"""The demo's democratic recommendation: a first round whose votes scatter, a second round among
the two leading names that one of them clears, both published, and the community's appointment
with its four recorded gates, the recommendation gate pointing at the second round. Whatever the
hour it is seeded, the result is the same (the story's clock, one random generator per seed)."""

from __future__ import annotations

import pytest
from django.db import transaction

from jiceng.record import tally
from web.demo.generator import build_street
from web.demo.loader import load_plan
from web.recommendations.models import Recommendation


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from web.demo.recommendations import seed_recommendations

    with django_db_blocker.unblock(), transaction.atomic():
        load_plan(build_street(seed=2026, scale=0.05))
        yield seed_recommendations(seed=2026)
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded, db):  # type: ignore[no-untyped-def]
    return _seeded


def test_a_scattered_first_round_a_second_round_and_the_appointment_gates(seeded) -> None:
    from web.deliberation.kinds.committee_decision import missing_gates
    from web.deliberation.models import Matter

    first = Recommendation.objects.get(pk=seeded["first"])
    second = Recommendation.objects.get(pk=seeded["second"])
    assert first.state == second.state == Recommendation.State.PUBLISHED
    assert first.result["status"] == "scattered" and second.result["status"] == "complete"
    assert second.follows == first and len(second.result["candidates"]) == 2
    assert [c.key for c in first.classes.all()] == ["A", "B"]
    assert tally(second.record) == second.result  # the open record recounts
    matter = Matter.objects.get(pk=seeded["matter"])
    assert matter.kind == Matter.Kind.APPOINTMENT and missing_gates(matter) == []
    assert matter.gates.get(gate="recommendation").recommendation == second
    chosen = next(c["name"] for c in second.result["candidates"] if c["reaches_bar"])
    assert chosen in matter.title


def test_class_a_goes_by_its_list_in_both_rounds(seeded) -> None:
    for rec in Recommendation.objects.filter(pk__in=[seeded["first"], seeded["second"]]):
        a, b = rec.classes.get(key="A"), rec.classes.get(key="B")
        listed = set(a.poll.electors.values_list("person_id", flat=True))
        handed = set(a.poll.issues.values_list("attendee__person_id", flat=True))
        assert len(listed) == a.expected > 0 and handed == listed
        assert not b.poll.electors.exists()
