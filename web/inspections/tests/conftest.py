from __future__ import annotations

import pytest

from web.common.testing import FrozenClock


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    c = FrozenClock("2026-03-09")
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def iw(world, clock):  # type: ignore[no-untyped-def]
    from web.inspections.testing import make_inspection_world

    return make_inspection_world(world)
