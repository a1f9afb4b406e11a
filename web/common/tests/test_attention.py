"""The home page's registry: sources in order, exact counts beside the first items, a key
registered once."""

from __future__ import annotations

import datetime as dt

import pytest

from web.common import attention
from web.common.attention import Found, Item, Source


def _items(n: int) -> list[Item]:
    return [Item(text=f"事项 {i}", url=f"/x/{i}/") for i in range(n)]


@pytest.mark.parametrize(
    ("n", "shown", "more"), [(0, 0, ""), (3, 3, ""), (8, 8, ""), (9, 8, "/all/"), (500, 8, "/all/")]
)
def test_found_keeps_the_first_items_and_the_exact_count(n, shown, more):
    found = Found.of(_items(n), limit=8, more="/all/")
    assert (len(found.items), found.total, found.more) == (shown, n, more)


def test_a_key_is_registered_once(monkeypatch):
    monkeypatch.setattr(attention, "_SOURCES", {})
    one = Source("x", "甲", 1, lambda a: None)
    attention.register(one)
    attention.register(one)  # the same source again (a module imported twice) is harmless
    with pytest.raises(ValueError, match="registered already"):
        attention.register(Source("x", "乙", 2, lambda a: None))


def test_gather_asks_every_source_in_order_and_keeps_what_holds_something(monkeypatch):
    monkeypatch.setattr(attention, "_SOURCES", {})
    asked = []

    def finds(n):
        def find(asking):
            asked.append(n)
            return None if n == 0 else Found.of(_items(n - 1), limit=asking.limit)

        return find

    for key, order, n in [("late", 30, 3), ("none", 10, 0), ("empty", 20, 1), ("first", 5, 12)]:
        attention.register(Source(key, key, order, finds(n)))
    sections = attention.gather(object(), now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC), limit=4)
    assert asked == [12, 0, 1, 3]
    assert [(s.source.key, s.found.total, len(s.found.items)) for s in sections] == [("first", 11, 4), ("late", 2, 2)]


def test_every_registered_source_has_a_unique_key_and_a_title():
    keys = [s.key for s in attention.sources()]
    assert len(keys) == len(set(keys)) and {"meetings", "counting", "my_meetings"} <= set(keys)
    assert all(str(s.title) for s in attention.sources())


def test_only_tasks_are_counted_as_things_to_do(monkeypatch):
    monkeypatch.setattr(attention, "_SOURCES", {})
    attention.register(Source("todo", "事", 1, lambda a: Found.of(_items(2), limit=a.limit)))
    attention.register(Source("shown", "看", 2, lambda a: Found.of(_items(1), limit=a.limit), task=False))
    sections = attention.gather(object(), now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC))
    assert [s.source.key for s in sections] == ["todo", "shown"] and attention.tasks(sections) == 1
