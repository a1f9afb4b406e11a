from __future__ import annotations

import pytest

from web.deliberation.tests.helpers import make_village
from web.elections.tests.helpers import Clock


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    c = Clock()
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def village(world):  # type: ignore[no-untyped-def]
    return make_village(world)


@pytest.fixture
def staff(world, client_for):  # type: ignore[no-untyped-def]
    return client_for(world.organiser)


@pytest.fixture
def phone(client_for):  # type: ignore[no-untyped-def]
    return client_for(None)
