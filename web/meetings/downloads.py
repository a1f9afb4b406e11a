"""The meetings' printable documents made in the background (web.downloads.kinds): ballots,
member cards, the meeting record and the result announcement. Each reads its object again and
checks the requester's access to it as it is now, as the page that asked for it did; the PDFs
are made by web.meetings.pdf as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext

from web.downloads.errors import Refused
from web.downloads.models import Download
from web.meetings import queries
from web.meetings.models import Poll
from web.meetings.pdf import Progress


def _write(out: Path, total: int, progress: Progress, make: Callable[[], bytes]) -> None:
    """A PDF made in one piece (a record, an announcement): progress 0 of ``total`` before,
    ``total`` after. The ballots and the cards report as they go (web.meetings.pdf)."""
    progress(0, total)
    out.write_bytes(make())
    progress(total, total)


def ballots(download: Download, out: Path, progress: Progress) -> None:
    from web.meetings.pdf import MAX_COPIES, ballot_pdf

    poll = queries.access_poll(download.requester, download.id_parameter("poll"), manage=True)
    copies = download.id_parameter("copies")
    if copies > MAX_COPIES:
        raise Refused(gettext("份数应为 1 到 %(max)d 之间的整数。") % {"max": MAX_COPIES})
    progress(0, copies)
    out.write_bytes(ballot_pdf(poll, copies=copies, progress=progress))


def member_cards(download: Download, out: Path, progress: Progress) -> None:
    from web.meetings.pdf.documents import member_cards_pdf
    from web.org.queries import access_body

    body = access_body(download.requester, download.id_parameter("body"), manage=True)
    progress(0, body.seats.values("person").distinct().count())
    out.write_bytes(member_cards_pdf(body, progress=progress))


def meeting_record(download: Download, out: Path, progress: Progress) -> None:
    from web.meetings.pdf.documents import meeting_record_pdf

    meeting = queries.access_meeting(download.requester, download.id_parameter("meeting"))
    site = download.text_parameter("site")
    _write(out, 1, progress, lambda: meeting_record_pdf(meeting, site=site))


def announcement(download: Download, out: Path, progress: Progress) -> None:
    from web.meetings.pdf.documents import announcement_pdf

    poll = queries.access_poll(download.requester, download.id_parameter("poll"))
    if poll.state != Poll.State.CLOSED or not poll.result:
        raise Refused(gettext("投票结束计票后才能生成结果公告。"))
    site = download.text_parameter("site")
    _write(out, 1, progress, lambda: announcement_pdf(poll, site=site))
