from __future__ import annotations

import pytest

from web.common.testing import FrozenClock


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    c = FrozenClock("2026-03-02")  # a Monday
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def cw(world, clock):  # type: ignore[no-untyped-def]
    from web.cases.testing import make_case_world

    return make_case_world(world)


@pytest.fixture
def take(cw):  # type: ignore[no-untyped-def]
    """Take a case by phone at grid A1's building (staff entering it with consent)."""
    from web.cases.actions import do_take_case

    def _take(code: str = "noise", *, unit=None, by=None, **extra):  # type: ignore[no-untyped-def]
        case, _code = do_take_case(
            channel=extra.pop("channel", "phone"),
            entry=cw.entry(code),
            unit=unit or cw.org.building_a1,
            description=extra.pop("description", "楼上每晚十一点后装修，噪音很大。"),
            acting_user=by or cw.dispatcher,
            requester_name="王芳",
            requester_phone="13800000001",
            consent=True,
            **extra,
        )
        return case

    return _take
