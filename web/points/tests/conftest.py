from __future__ import annotations

import pytest

from web.common.testing import FrozenClock


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    c = FrozenClock("2026-05-12")  # the second quarter
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def pw(world, clock):  # type: ignore[no-untyped-def]
    from web.points.testing import make_points_world

    return make_points_world(world)
