"""A unit's board page as sections: each a short page of its list, with an anchor the page's
table of contents links to and its own page links (``?rpage=2#results``), so a village with
years of records still gives a short page on a phone.

The apps' board modules read their parts in a fixed number of queries; the results are paged
in the database (a count and a slice), the rest after reading, so the query count stays the
same whatever page is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from web.common.listing import Listing, listing

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: rows per page of a section; a commitment year is long, so it is shown one at a time
PER_PAGE = 10
YEARS_PER_PAGE = 1


@dataclass(frozen=True)
class Section:
    """One part of the board: its anchor, its heading, and the page of its rows shown."""

    anchor: str
    title: StrOrPromise
    listing: Listing
    #: the heading the section sits under, if it is one part of a larger one
    group: StrOrPromise = ""

    @property
    def rows(self) -> Any:
        return self.listing.page.object_list

    @property
    def count(self) -> int:
        return self.listing.page.paginator.count


_DELIBERATION = _("村务议事与公开")

#: anchor, heading, where the rows come from in the view's parts, the page parameter's prefix,
#: the heading it sits under
_SECTIONS: tuple[tuple[str, StrOrPromise, str, str, StrOrPromise], ...] = (
    ("results", _("选举和表决结果"), "results", "r", ""),
    ("elections", _("选举公示"), "elections", "e", ""),
    ("matters", _("正在议事的事项"), "open", "m", _DELIBERATION),
    ("decisions", _("决议公开"), "decisions", "d", _DELIBERATION),
    ("implementation", _("实施结果公开"), "implementation", "i", _DELIBERATION),
    ("finances", _("财务公开"), "finances", "f", _DELIBERATION),
    ("commitments", _("年度承诺及进展"), "commitments", "c", ""),
)


def sections(request: HttpRequest, parts: dict[str, Any]) -> dict[str, Section]:
    """Each section of the board by its anchor, paged by its own parameter (``rpage``, ``epage``…);
    ``parts`` holds each section's rows, ordered newest first."""
    out = {}
    for anchor, title, part, prefix, group in _SECTIONS:
        per_page = YEARS_PER_PAGE if anchor == "commitments" else PER_PAGE
        out[anchor] = Section(anchor, title, listing(request, parts[part], prefix=prefix, per_page=per_page), group)
    return out
