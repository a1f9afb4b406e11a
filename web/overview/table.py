"""The overview as a table: its columns, and the sorting, filtering, searching and year asked for
in the address (``?sort=-overdue&kind=village&problems=1&uncovered=1&q=和平&year=2025``), so it works without
JavaScript and an export made later reads the same choice."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from web.commitments.queries import COMMITTING_KINDS
from web.org.models import Unit
from web.overview.queries import Overview, Row

#: the longest search text read from the address
MAX_TEXT = 50
#: the years the address may ask for (a figure of another "year" is not a year's figure)
FIRST_YEAR, LAST_YEAR = 2000, 2999
SortKey = Callable[[Row], Any]


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    #: the row's value to sort by; None sorts last whichever the direction
    sort: SortKey


def _rate(attr: str) -> SortKey:
    def key(row: Row) -> Any:
        rate = getattr(row, attr)
        return None if rate.value is None else (rate.value, rate.n)

    return key


def _election(row: Row) -> Any:
    return None if row.election is None else row.election.order


def _satisfaction(row: Row) -> Any:
    return None if row.satisfaction is None else row.satisfaction.value


COLUMNS: list[Column] = [
    Column("name", _("单位"), lambda r: r.name),
    Column("kind", _("类型"), lambda r: r.kind_label),
    Column("election", _("选举阶段"), _election),
    Column("matters", _("议事中的事项"), lambda r: r.matters),
    Column("done", _("承诺已完成"), _rate("done_rate")),
    Column("on_track", _("承诺推进中"), _rate("on_track_rate")),
    Column("overdue", _("承诺已逾期"), _rate("overdue_rate")),
    Column("meetings", _("会议已召开"), _rate("held_rate")),
    Column("satisfaction", _("最近满意率"), _satisfaction),
    Column("reps", _("挂点党代表"), lambda r: r.reps),
]
STEP_PREFIX = "step:"


def step_column(kind: str, name: str) -> Column:
    """A column per kind of step some matter is in now: how many matters wait in it."""
    return Column(STEP_PREFIX + kind, name, lambda r: r.steps.get(kind, 0))


@dataclass(frozen=True)
class Choice:
    """What the address asks for; anything it cannot read is left at its default."""

    q: str = ""
    kind: str = ""
    problems: bool = False
    #: only the villages and communities no representative is linked to (seed 004)
    uncovered: bool = False
    sort: str = "name"
    descending: bool = False
    #: the year of the commitments and meetings counted, and the last survey up to it (None: this year)
    year: int | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.kind or self.problems or self.uncovered)

    def as_parameters(self) -> dict[str, str]:
        """The choice as address parameters (and as a download's parameters), defaults left out."""
        params = {
            "q": self.q,
            "kind": self.kind,
            "problems": "1" if self.problems else "",
            "uncovered": "1" if self.uncovered else "",
            "year": str(self.year or ""),
            "sort": self.sort_param,
        }
        return {k: v for k, v in params.items() if v and not (k == "sort" and v == "name")}

    @property
    def query(self) -> str:
        """The choice as an address's query string (for the page links and the export)."""
        return urlencode(self.as_parameters())

    @property
    def sort_param(self) -> str:
        return ("-" if self.descending else "") + self.sort


def kind_choices() -> list[tuple[str, Any]]:
    return [(str(k), Unit.Kind(k).label) for k in COMMITTING_KINDS]


def read_choice(get: Mapping[str, Any]) -> Choice:
    q = str(get.get("q", "")).strip()[:MAX_TEXT]
    kind = str(get.get("kind", ""))
    sort = str(get.get("sort", "")).strip()[:MAX_TEXT]
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    return Choice(
        q=q,
        kind=kind if kind in COMMITTING_KINDS else "",
        problems=str(get.get("problems", "")) in ("1", "on", "true"),
        uncovered=str(get.get("uncovered", "")) in ("1", "on", "true"),
        sort=sort or "name",
        descending=descending,
        year=_year(str(get.get("year", ""))),
    )


def _year(text: str) -> int | None:
    """A year from the address; anything else is read as this year."""
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return None
    return int(text) if FIRST_YEAR <= int(text) <= LAST_YEAR else None


def columns_of(data: Overview) -> list[Column]:
    """The table's columns in order: the matters' step columns follow their total."""
    at = next(i for i, c in enumerate(COLUMNS) if c.key == "matters") + 1
    return [*COLUMNS[:at], *(step_column(k, n) for k, n in data.step_kinds), *COLUMNS[at:]]


def rows_for(data: Overview, choice: Choice) -> list[Row]:
    """The rows the choice keeps, in its order (an unknown sort key sorts by name)."""
    rows = [
        r
        for r in data.rows
        if (not choice.q or choice.q in r.name)
        and (not choice.kind or r.kind == choice.kind)
        and (not choice.problems or r.problems)
        and (not choice.uncovered or r.reps == 0)
    ]
    column = next((c for c in columns_of(data) if c.key == choice.sort), COLUMNS[0])
    keyed = [(column.sort(r), r) for r in rows]
    known = sorted((kr for kr in keyed if kr[0] is not None), key=lambda kr: kr[0], reverse=choice.descending)
    return [r for _k, r in known] + [r for k, r in keyed if k is None]


@dataclass(frozen=True)
class Header:
    key: str
    label: Any
    #: the address that sorts by this column (the other way round when it sorts by it already)
    query: str
    #: ``ascending`` / ``descending`` when the table is sorted by it (aria-sort), else ""
    sorted: str


def headers(data: Overview, choice: Choice) -> list[Header]:
    out = []
    for column in columns_of(data):
        here = column.key == choice.sort
        flip = replace(choice, sort=column.key, descending=here and not choice.descending)
        state = ("descending" if choice.descending else "ascending") if here else ""
        out.append(Header(column.key, column.label, flip.query, state))
    return out


def sort_choices(data: Overview) -> list[tuple[str, str]]:
    """Every column in both directions, for the sort select a phone uses (its table has no header row)."""
    out = []
    for column in columns_of(data):
        out.append((column.key, f"{column.label} ↑"))
        out.append(("-" + column.key, f"{column.label} ↓"))
    return out
