"""Printable documents of a meeting: the announcement of a poll's result (当选公告 /
表决结果公告) and the record of the meeting (会议记录), as PDF (WeasyPrint, fonts embedded).

Both are built only from what the result sheet and the roster already show. The meeting record
names who was expected and who checked in, never who received which ballot or how anyone voted:
it joins no ``BallotIssue`` to a person, so the printed record keeps the ballot secret too."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import pgettext

from web.meetings.models import Attendee, Meeting, Poll
from web.meetings.pdf import Progress
from web.meetings.queries import attendance
from web.org.queries import PUBLIC_KINDS

STYLESHEET = Path(__file__).with_name("documents.css")


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)  # autoescaped: typed names and titles stay text
    return bytes(HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))


def record_address(poll: Poll, *, site: str) -> str | None:
    """Where anyone can download the poll's open record on the public board (live once the
    result is published), or None when the body's unit has no public board."""
    unit = poll.meeting.body.unit
    if unit.kind not in PUBLIC_KINDS:
        return None
    path = reverse("portal:result_record", kwargs={"code": unit.code, "poll_id": poll.pk})
    return site.rstrip("/") + path


def _chain_head() -> dict[str, Any]:
    """The audit chain's head as it stands when the document is printed: a copy kept outside the
    database (``verify_audit --checkpoint N:HASH``), which an insider cannot follow."""
    from web.audit.queries import chain_head
    from web.common import clock

    return {"chain_head": chain_head(), "printed_at": clock.now()}


def _names(result: dict[str, Any], ids: list[str]) -> list[dict[str, Any]]:
    by_id = {row["id"]: row for row in result.get("tally") or []}
    return [by_id[i] for i in ids if i in by_id]


def announcement_context(poll: Poll, *, site: str) -> dict[str, Any]:
    """What the announcement says. ``poll`` is closed (the view refuses otherwise)."""
    result = poll.result or {}
    runoff = result.get("runoff") or {}
    elected = _names(result, list(result.get("elected") or []))
    return {
        "poll": poll,
        "meeting": poll.meeting,
        "result": result,
        "electorate": result.get("electorate") or {},
        "ballots": result.get("ballots") or {},
        "elected": elected,
        "runoff_names": pgettext("list separator", "、").join(
            row["name"] for row in _names(result, list(runoff.get("candidates") or []))
        ),
        "runoff_seats": runoff.get("seats"),
        "unfilled": result.get("unfilled_seats") or 0,
        "counted": result.get("status") not in ("not_quorate", "void"),
        "not_final": poll.needs_approval and poll.approval != Poll.Approval.APPROVED,
        "address": record_address(poll, site=site),
        **_chain_head(),
    }


def announcement_pdf(poll: Poll, *, site: str) -> bytes:
    return _pdf("meetings/announcement_pdf.html", announcement_context(poll, site=site))


def _by_strokes(attendees: list[Attendee]) -> list[Attendee]:
    from jiceng.strokes import name_key

    return sorted(attendees, key=lambda a: name_key(a.person.name))


def meeting_record_context(meeting: Meeting, *, site: str) -> dict[str, Any]:
    attendees = list(meeting.attendees.select_related("person"))
    voters = [a for a in attendees if a.kind == Attendee.Kind.VOTER]
    polls = list(meeting.polls.prefetch_related("candidates"))
    return {
        "meeting": meeting,
        "counts": attendance(meeting),
        "expected": _by_strokes([a for a in voters if not a.excluded]),
        "excluded": _by_strokes([a for a in voters if a.excluded]),
        "present": sorted(
            (a for a in voters if not a.excluded and a.checked_in_at), key=lambda a: (a.checked_in_at, a.pk)
        ),
        "observers": _by_strokes([a for a in attendees if a.kind == Attendee.Kind.OBSERVER]),
        "officers": list(meeting.officers.select_related("person")),
        "polls": [
            {
                "poll": p,
                "result": p.result or {},
                "issued": p.issues.count(),
                "address": record_address(p, site=site) if p.published_at else None,
                "elected": _names(p.result or {}, list((p.result or {}).get("elected") or [])),
            }
            for p in polls
        ],
        **_chain_head(),
    }


def meeting_record_pdf(meeting: Meeting, *, site: str) -> bytes:
    return _pdf("meetings/meeting_record_pdf.html", meeting_record_context(meeting, site=site))


def member_cards_context(body: Any) -> dict[str, Any]:
    """The cards of everyone seated in ``body``, in surname stroke order, each with its code and
    QR picture (``web.meetings.cards``; a PNG, which WeasyPrint lays out in about half the time of
    the SVG). A party body's card is a 党员卡, any other a 成员卡."""
    import segno

    from jiceng.strokes import name_key
    from web.meetings import cards

    people = sorted({s.person for s in body.seats.select_related("person")}, key=lambda p: (name_key(p.name), p.pk))
    entries = []
    for person in people:
        code = cards.card_code(person)
        entries.append({"person": person, "code": code, "qr": segno.make(code, error="m").png_data_uri(scale=8)})
    return {"body": body, "cards": entries, "party": bool(body.party_org_id)}


#: cards laid out per WeasyPrint run: a multiple of the eight on a page, so chunks join without a
#: half-empty page, and small enough that a roster of any size is laid out in bounded memory
CARDS_PER_RUN = 400


def member_cards_pdf(body: Any, *, progress: Progress | None = None) -> bytes:
    """Everyone's card, laid out ``CARDS_PER_RUN`` at a time and joined into one PDF."""
    from pypdf import PdfWriter

    context = member_cards_context(body)
    cards = context["cards"]
    if len(cards) <= CARDS_PER_RUN:
        pdf = _pdf("meetings/member_cards_pdf.html", context)
        if progress is not None:
            progress(len(cards), len(cards))
        return pdf
    writer = PdfWriter()
    for start in range(0, len(cards), CARDS_PER_RUN):
        part = _pdf("meetings/member_cards_pdf.html", {**context, "cards": cards[start : start + CARDS_PER_RUN]})
        writer.append(io.BytesIO(part))
        if progress is not None:
            progress(min(start + CARDS_PER_RUN, len(cards)), len(cards))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
