"""What needs a person: the registry the home page (工作台) is made from.

Each app contributes ``Source``s: a source looks at one kind of work (open meetings, steps waiting,
overdue commitments, a teller's counting…) and says what of it needs this person now. The home page
only asks every registered source, in order, and shows what they found; an app adds its kind of
work by registering a source from its ``AppConfig.ready()``, without touching the home page (the
requests, representatives and appraisals apps plug in the same way).

A source answers in a few queries whatever the number of items (the home page must answer in
under 50 ms at demo scale: bench/bench_home.py), gives the exact count, and at most ``limit``
items, each one sentence with the one link to the thing, plus where to see them all when there
are more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: how many items of each kind the home page lists; the count is always exact
LIMIT = 8


@dataclass(frozen=True)
class Item:
    """One thing that needs the person: a sentence, the link to it, and where it is."""

    text: str
    url: str
    where: str = ""
    #: the day it is due or happens, when it has one
    when: dt.date | dt.datetime | None = None
    #: past its time (an overdue commitment, a step waiting longer than its rule allows)
    late: bool = False
    #: what to do there, when the sentence alone does not say (录入选票, 报送进展)
    action: str = ""


@dataclass(frozen=True)
class Found:
    items: list[Item]
    #: how many there are in all (the items are the first ``LIMIT``)
    total: int
    #: a page listing all of them, when there are more than the items shown
    more: str = ""

    @classmethod
    def of(cls, items: list[Item], *, limit: int, more: str = "") -> Found:
        """From every item (the source found them in few queries): the first ``limit``."""
        return cls(items=items[:limit], total=len(items), more=more if len(items) > limit else "")


@dataclass
class Asking:
    """Who is asking and when, with what several sources need read once (the person's roles,
    shared with the paths they manage that ``web.org.queries.managed_paths`` gives)."""

    user: Any
    now: dt.datetime
    limit: int = LIMIT
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def roles(self) -> list[Any]:
        """The person's roles, each with its unit and body: one read for every source, and the
        same read ``web.org.queries.held_roles`` makes for the paths they see and manage and the
        page's list of roles (kept on the user as ``_jiceng_roles``, whichever reads first)."""
        known = getattr(self.user, "_jiceng_roles", None)
        if known is None:
            known = list(self.user.roles.select_related("unit", "body"))
            self.user._jiceng_roles = known
        return list(known)

    def roles_of(self, *kinds: str) -> list[Any]:
        return [r for r in self.roles if r.kind in kinds]

    @property
    def today(self) -> dt.date:
        from django.utils import timezone

        return timezone.localdate(self.now)


@dataclass(frozen=True)
class Source:
    #: unique, stable: names the section on the page (``id="home-<key>"``) and in tests
    key: str
    title: StrOrPromise
    #: sections are shown in this order (lower first)
    order: int
    #: ``find(asking)``: what of this kind needs the person, or None when it is not their kind of work
    find: Callable[[Asking], Found | None]
    #: a sentence shown under the title (what the section is for)
    help: StrOrPromise = ""
    #: something to do (counted, with a badge); False for what is only shown (one's household)
    task: bool = True


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add ``source`` to the home page. Registering the same key twice is a mistake in the code."""
    if source.key in _SOURCES and _SOURCES[source.key] != source:
        raise ValueError(f"a home page source named {source.key!r} is registered already")
    _SOURCES[source.key] = source
    return source


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class Section:
    source: Source
    found: Found


def tasks(sections: list[Section]) -> int:
    """How many of ``sections`` are things to do (not only shown)."""
    return sum(1 for s in sections if s.source.task)


def gather(user: Any, *, now: dt.datetime, limit: int = LIMIT) -> list[Section]:
    """Every source's findings for ``user`` that hold something, in the sources' order."""
    asking = Asking(user=user, now=now, limit=limit)
    sections = []
    for source in sources():
        found = source.find(asking)
        if found is not None and found.total:
            sections.append(Section(source, found))
    return sections
