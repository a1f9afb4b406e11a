"""The rules without the database: the two-year training flag, and a request's category matched to
fields of work."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from web.demo.case_catalogue import CATALOGUE
from web.reps.fields import fields_of
from web.reps.models import Field
from web.reps.queries import trained, years_after, years_before

TODAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("last", "flagged"),
    [
        (None, True),  # never trained
        (dt.date(2024, 12, 3), False),  # exactly two years ago: still within
        (dt.date(2024, 12, 2), True),  # a day more
        (dt.date(2026, 6, 1), False),
    ],
)
def test_flagged_when_never_or_over_two_years(last, flagged) -> None:
    assert trained(last, dt.date(2023, 11, 18), TODAY).flagged is flagged


def test_due_two_years_after_the_last_or_the_seat() -> None:
    assert trained(dt.date(2025, 3, 1), dt.date(2023, 1, 1), TODAY).due == dt.date(2027, 3, 1)
    assert trained(None, dt.date(2023, 11, 18), TODAY).due == dt.date(2025, 11, 18)
    assert trained(None, None, TODAY).due is None
    assert years_before(dt.date(2024, 2, 29), 2) == dt.date(2022, 2, 28)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)), st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)))
def test_flag_agrees_with_the_due_day(last, today) -> None:
    """Whoever has trained is flagged exactly when today is past the day two years after it."""
    state = trained(last, None, today)
    assert state.due == years_after(last, 2)
    assert state.flagged == (years_before(today, 2) > last)


def _entry(**kw: object) -> SimpleNamespace:
    return SimpleNamespace(**{"name": "", "keywords": "", "duty": "", "level": 2, **kw})


def test_every_category_of_the_demo_catalogue_has_a_field() -> None:
    for row in CATALOGUE:
        found = fields_of(_entry(**row))
        assert found, row["name"]
        assert all(f in Field.values for f in found)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (_entry(duty="education", name="入学和学位咨询"), ["education"]),
        (_entry(name="居家养老服务", level=1), ["elderly"]),
        (_entry(name="邻里纠纷调解", level=1), ["court"]),
        (_entry(name="楼道灯损坏", level=0), ["community"]),  # the grid's own matter, no word
        (_entry(name="某事", level=3), []),  # a department's matter of no known duty
        (_entry(duty="water", name="停水"), ["environment", "building"]),
    ],
)
def test_fields_by_duty_then_words(entry, expected) -> None:
    assert fields_of(entry) == expected
