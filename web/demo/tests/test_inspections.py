"""The demo's monthly random inspection: twelve months drawn with public seeds, one month drawn
again with its reason, every draw repeated by the engine from its records, findings for all
but the last month, and this month left on the district persona's home page; the same draws
whatever the hour of seeding."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jiceng import draw as engine
from jiceng.record import record_sha256
from web.demo.generator import build_street
from web.demo.inspections import seed_inspections
from web.demo.loader import load_plan
from web.inspections import records
from web.inspections.models import Draw, Pick


def _seed() -> list[tuple]:
    made = seed_inspections(seed=2026)
    assert made == {"draws": 12, "reruns": 1}
    return list(
        Draw.objects.order_by("month", "attempt").values_list("month", "attempt", "state", "seed", "pool_sha256")
    )


@pytest.fixture(scope="module")
def _made(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan(build_street(seed=2026, scale=0.05))
        yield _seed()
        transaction.set_rollback(True)


@pytest.fixture
def made(_made, db):  # type: ignore[no-untyped-def]
    return _made


def test_twelve_months_drawn_one_again_with_its_reason(made) -> None:
    drawn = Draw.objects.filter(state=Draw.State.DRAWN)
    assert drawn.count() == 12 and len({d.month for d in drawn}) == 12
    rerun = Draw.objects.get(attempt=2)
    assert rerun.replaces.state == Draw.State.SUPERSEDED and "调离" in rerun.rerun_reason
    assert rerun.seed != rerun.replaces.seed
    methods = set(drawn.values_list("method", flat=True))
    assert methods == {Draw.Method.SPOKEN, Draw.Method.COMMITMENT}
    spoken = drawn.filter(method=Draw.Method.SPOKEN).first()
    assert spoken.seed_first_by_id != spoken.seed_second_by_id


def test_every_draw_is_repeated_from_its_pool_and_seed(made) -> None:
    for draw in Draw.objects.exclude(state=Draw.State.OPEN):
        assert record_sha256(draw.pool) == draw.pool_sha256
        assert records.cadre_record(draw.pool, draw.seed) == draw.cadre_record
        again = engine.draw_record(draw.cadre_record)
        assert again["chosen"] == draw.cadre_result["chosen"]
        chosen = [p["id"] for p in again["chosen"]]
        assert records.inspector_record(draw.pool, draw.seed, chosen) == draw.inspector_record
        assert engine.draw_record(draw.inspector_record)["chosen"] == draw.inspector_result["chosen"]


def test_findings_for_all_but_the_last_month_and_this_month_to_hold(made) -> None:
    last = Draw.objects.filter(state=Draw.State.DRAWN).order_by("-month").first()
    assert not Pick.objects.filter(draw__state=Draw.State.DRAWN, finding="").exclude(draw=last).exists()
    assert set(last.picks.values_list("finding", flat=True)) == {""}
    this_month = timezone.localdate().replace(day=1)
    assert last.month < this_month and not Draw.objects.filter(month=this_month).exists()
    from web.common.attention import Asking
    from web.inspections.attention import _to_hold

    staff = get_user_model().objects.get(username="district")
    found = _to_hold(Asking(user=staff, now=timezone.now()))
    assert found is not None and found.total == 1 and "/staff/inspections/plans/" in found.items[0].url


def test_the_same_draws_whatever_the_hour(made, monkeypatch) -> None:
    later = timezone.now().replace(hour=3) + dt.timedelta(hours=18)
    if timezone.localdate(later).month != timezone.localdate().month:
        later -= dt.timedelta(hours=18)
    with transaction.atomic():
        Pick.objects.all().delete()
        Draw.objects.filter(attempt__gt=1).delete()  # a re-run first: it protects the draw it replaced
        Draw.objects.all().delete()
        from web.inspections.models import Plan

        Plan.objects.get().cadres.all().delete()
        Plan.objects.get().inspectors_pool.all().delete()
        Plan.objects.all().delete()
        monkeypatch.setattr("django.utils.timezone.now", lambda: later)
        again = _seed()
        transaction.set_rollback(True)
    assert [row[:4] for row in again] == [row[:4] for row in made]
