from __future__ import annotations

import pytest

from web.overview.tests.helpers import TODAY, at


@pytest.fixture(autouse=True)
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The one clock, frozen on the helpers' day."""
    monkeypatch.setattr("web.common.clock.now", lambda: at(TODAY))
