"""One way to show a long list: a page of it, a search box, filters, and page links that keep them.

A view narrows its rows to what the person may see (the boundary stays with the app's reads),
then calls :func:`listing`; the template includes ``common/_search.html`` for the search box
and the filters and ``common/_pager.html`` for the page links, around its own table in a
block whose id is ``listing.results_id``. The form is a plain GET form, so it works without
JavaScript; with HTMX it asks as one types and swaps only that block (``hx-select``), so a
page needs no separate partial template.

A list that may hold a million rows passes ``count_at_most``: the pager then counts at most that
many rows and one more (a bounded subquery), and the page says "more than N" past it.

Two lists on one page each take a ``prefix`` for their parameters (``wq``, ``wpage``…); the
page links keep every other parameter of the address, so paging one list leaves the other
where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGE = 50
#: the longest search or filter text read from the address; the rest is ignored
MAX_TEXT = 50

Rows = Any  # a QuerySet (or a list) of the rows shown
Narrow = Callable[[Rows, str], Rows]


@dataclass(frozen=True)
class Filter:
    """A narrowing of the list by one parameter: a select when it has ``choices``, else a text box.
    A value outside the choices is ignored, as if none was given."""

    name: str
    label: StrOrPromise
    apply: Narrow
    choices: Sequence[tuple[str, StrOrPromise]] = ()
    placeholder: StrOrPromise = ""


@dataclass(frozen=True)
class ShownFilter:
    """A filter as the search form shows it: its parameter, its label, what was chosen."""

    param: str
    label: StrOrPromise
    value: str
    choices: Sequence[tuple[str, StrOrPromise]]
    placeholder: StrOrPromise


class CappedPaginator(Paginator):
    """Counts at most ``at_most`` + 1 rows: ``SELECT COUNT(*) FROM (… LIMIT at_most + 1)``, so a
    page of a huge list costs what a page costs. Pages run up to that count."""

    def __init__(self, object_list: Rows, per_page: int, *, at_most: int) -> None:
        super().__init__(object_list, per_page)
        self.at_most = at_most

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):  # a count needs no order, and an ORDER BY may pick a slower index
            rows = rows.order_by()
        rows = rows[: self.at_most + 1]
        return int(rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows))

    @property
    def more_than(self) -> int | None:
        """``at_most`` when there are more rows than that (the page says "more than N"), else None."""
        return self.at_most if self.count > self.at_most else None


@dataclass(frozen=True)
class Listing:
    page: Page
    q: str
    q_param: str
    page_param: str
    filters: list[ShownFilter]
    #: the address's other parameters, urlencoded, for the page links
    query: str
    results_id: str
    placeholder: StrOrPromise
    searchable: bool

    @property
    def narrowed(self) -> bool:
        """Whether a search or a filter is in force (the page says so and offers to clear it)."""
        return bool(self.q or any(f.value for f in self.filters))


def by_state(rows: Rows, state: str) -> Rows:
    """The narrowing of a ``state`` filter, the most common one."""
    return rows.filter(state=state)


def listing(
    request: HttpRequest,
    rows: Rows,
    *,
    search: Narrow | None = None,
    filters: Sequence[Filter] = (),
    prefix: str = "",
    per_page: int = PER_PAGE,
    placeholder: StrOrPromise = "",
    count_at_most: int | None = None,
) -> Listing:
    """The page of ``rows`` the request asks for, narrowed by its search text (``search``) and
    its ``filters``. ``rows`` must already be only what the person may see, and ordered."""
    get = request.GET
    q = get.get(prefix + "q", "").strip()[:MAX_TEXT] if search else ""
    if q and search:
        rows = search(rows, q)
    shown = []
    for f in filters:
        param = prefix + f.name
        value = get.get(param, "").strip()[:MAX_TEXT]
        if f.choices and value not in {key for key, _label in f.choices}:
            value = ""
        if value:
            rows = f.apply(rows, value)
        shown.append(ShownFilter(param, f.label, value, f.choices, f.placeholder))
    page_param = prefix + "page"
    kept = [(k, v) for k, values in get.lists() if k != page_param for v in values if v]
    return Listing(
        page=(
            Paginator(rows, per_page)
            if count_at_most is None
            else CappedPaginator(rows, per_page, at_most=count_at_most)
        ).get_page(get.get(page_param)),
        q=q,
        q_param=prefix + "q",
        page_param=page_param,
        filters=shown,
        query=urlencode(kept),
        results_id=prefix + "results",
        placeholder=placeholder,
        searchable=search is not None,
    )


def titled(
    request: HttpRequest,
    rows: Rows,
    *,
    states: Sequence[tuple[str, StrOrPromise]],
    placeholder: StrOrPromise,
) -> Listing:
    """The list of things that have a title and a state (a body's meetings, its elections): a
    search in the title and a filter by state."""
    return listing(
        request,
        rows,
        search=lambda rows, q: rows.filter(title__contains=q),
        filters=[Filter("state", gettext_lazy("状态"), by_state, choices=states)],
        placeholder=placeholder,
    )
