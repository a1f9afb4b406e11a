"""Printable paper ballots as PDF (WeasyPrint; the Noto CJK fonts are embedded, subsetted)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from web.meetings.models import Poll

STYLESHEET = Path(__file__).with_name("ballot.css")
MAX_COPIES = 2000


def ballot_pdf(poll: Poll, *, copies: int) -> bytes:
    """``copies`` identical ballots, one per page, candidates in the poll's (stroke) order."""
    from weasyprint import CSS, HTML

    html = render_to_string(
        "meetings/ballot_pdf.html",
        {
            "poll": poll,
            "candidates": list(poll.candidates.all()),
            "copies": range(1, copies + 1),
            "meeting": poll.meeting,
        },
    )
    return bytes(HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))
