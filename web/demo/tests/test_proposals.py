"""The demo's proposal season: filed, merged, accepted and not, voted (one voted down), assigned,
answered and rated (one 不满意 answered again), the persona's answer waiting for their rating
and the handler's answer overdue; the same seed gives the same proposals."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from web.common import clock
from web.common.attention import Asking
from web.demo.generator import build_street
from web.demo.loader import load_plan
from web.proposals import attention
from web.proposals.models import Proposal


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from web.demo.cases import seed_cases
    from web.demo.congress import seed_congress
    from web.demo.proposals import seed_proposals

    with django_db_blocker.unblock(), transaction.atomic():
        load_plan(build_street(seed=2026, scale=0.05))
        seed_cases(seed=2026, scale=0.05)
        seed_congress(seed=2026)
        made = seed_proposals(seed=2026)
        rows = list(Proposal.objects.order_by("number").values_list("number", "state", "rating", "reopened"))
        yield made, rows
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded, db):  # type: ignore[no-untyped-def]
    return _seeded


def test_the_season_has_every_state_the_issue_names(seeded) -> None:
    made, rows = seeded
    states = [s for _n, s, _r, _o in rows]
    for state in ("merged", "declined", "voted_down", "adopted", "assigned", "answered", "closed", "submitted"):
        assert state in states, state
    assert ("closed", "basic", 1) in [(s, r, o) for _n, s, r, o in rows]  # 不满意, answered again, rated
    assert made["proposals"] == len(rows) == 11


def test_the_personas_homes_show_their_proposals(seeded) -> None:
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=("representative", "district", "handler"))
    }
    now = clock.now()
    rep = attention._representative(Asking(user=users["representative"], now=now))
    assert rep is not None and any("请评价" in i.text for i in rep.items)
    staff = attention._staff(Asking(user=users["district"], now=now))
    assert staff is not None and {"待立案审查", "大会通过，待交办"} <= {i.text.split("：")[-1] for i in staff.items}
    handler = attention._handler(Asking(user=users["handler"], now=now))
    assert handler is not None and handler.items[0].late
