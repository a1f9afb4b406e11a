"""The registry of document kinds: what each is called, which function renders it and what
file it makes.

A renderer is named by its dotted path, never imported here: it lives in the app whose object
the document shows (org, meetings, overview), above this one. It is called as
``render(download, out, progress)``: it reads its object again from ``download.parameters``,
checks that ``download.requester`` may still have the document (as the page that asked did),
writes the file to the path ``out`` and reports ``progress(done, total)`` as it goes. It refuses
with ``web.downloads.errors.Refused`` (a sentence), ``Http404`` or ``PermissionDenied``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Kind:
    key: str
    #: what the document is; the title and the file's name begin with it
    name: StrOrPromise
    #: dotted path of ``render(download, out, progress)``
    render: str
    suffix: str
    content_type: str
    #: shown in the browser (a PDF to print) rather than saved
    inline: bool = False


ROSTER = Kind("roster", pgettext_lazy("document", "名册"), "web.org.transfer.downloads.roster", ".xlsx", XLSX)
BALLOTS = Kind("ballots", pgettext_lazy("document", "选票"), "web.meetings.downloads.ballots", ".pdf", PDF, inline=True)
MEMBER_CARDS = Kind(
    "member_cards", pgettext_lazy("document", "成员卡"), "web.meetings.downloads.member_cards", ".pdf", PDF, inline=True
)
MEETING_RECORD = Kind(
    "meeting_record",
    pgettext_lazy("document", "会议记录"),
    "web.meetings.downloads.meeting_record",
    ".pdf",
    PDF,
    inline=True,
)
ANNOUNCEMENT = Kind(
    "announcement",
    pgettext_lazy("document", "结果公告"),
    "web.meetings.downloads.announcement",
    ".pdf",
    PDF,
    inline=True,
)

#: the street and district overview of the villages and communities under a unit (web.overview)
OVERVIEW = Kind("overview", pgettext_lazy("document", "概览"), "web.overview.downloads.overview", ".xlsx", XLSX)

#: a representative's service cards and the blank 社情民意登记表 (web.cases.intake)
SERVICE_CARD = Kind(
    "service_card",
    pgettext_lazy("document", "服务卡"),
    "web.cases.intake.documents.service_card",
    ".pdf",
    PDF,
    inline=True,
)
REGISTER_FORM = Kind(
    "register_form",
    pgettext_lazy("document", "社情民意登记表"),
    "web.cases.intake.documents.register_form",
    ".pdf",
    PDF,
    inline=True,
)

KINDS: dict[str, Kind] = {
    k.key: k
    for k in (ROSTER, BALLOTS, MEMBER_CARDS, MEETING_RECORD, ANNOUNCEMENT, OVERVIEW, SERVICE_CARD, REGISTER_FORM)
}


def kind_choices() -> list[tuple[str, StrOrPromise]]:
    return [(k.key, k.name) for k in KINDS.values()]
