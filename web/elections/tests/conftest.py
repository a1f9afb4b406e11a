from __future__ import annotations

import pytest

from web.elections.tests.helpers import Clock


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The one clock, frozen and moved by hand (notice periods, register deadlines)."""
    c = Clock()
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c
