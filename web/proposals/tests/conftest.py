from __future__ import annotations

import pytest

from web.common.testing import FrozenClock


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    c = FrozenClock("2026-10-12")  # a Monday in the season
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def pw(world, clock):  # type: ignore[no-untyped-def]
    from web.proposals.testing import make_proposal_world

    return make_proposal_world(world)
