from __future__ import annotations

import pytest

from web.commitments.tests.helpers import Clock


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The one clock, frozen and set by hand (quarters, deadlines)."""
    c = Clock()
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def meeting(world):  # type: ignore[no-untyped-def]
    """A meeting of community A where the year's commitments are adopted and reviewed."""
    from web.commitments.tests.helpers import at
    from web.meetings import actions

    return actions.do_create_meeting(
        body=world.body_a, title="党员和村民代表联席会议", starts_at=at("2026-01-15"), acting_user=world.organiser
    )


@pytest.fixture
def owner_user(world):  # type: ignore[no-untyped-def]
    """李强 (person_a2) signs in without any staff role: an owner of commitments, nothing more."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username="liqiang", password="x", display_name="李强", person=world.person_a2
    )
