"""Printable paper ballots as PDF (WeasyPrint; the Noto CJK fonts are embedded, subsetted).

Paper ballots are identical: they carry no number, because a number on a ballot is a number the
desk could write beside a voter's name. So the ballot is laid out once and the page is repeated
(pypdf): every copy shares the one page's content and fonts, which makes 2,000 ballots a matter of
the one layout plus a copy per page (bench/bench_documents.py), in little memory.

``Progress`` is a callable ``(done, total)``; documents made in the background report through it,
and what it raises stops the work."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from django.template.loader import render_to_string

from web.meetings.models import Poll

STYLESHEET = Path(__file__).with_name("ballot.css")
MAX_COPIES = 2000

Progress = Callable[[int, int], None]


def ballot_pdf(poll: Poll, *, copies: int, progress: Progress | None = None) -> bytes:
    """``copies`` identical ballots, one per page, candidates in the poll's (stroke) order. An
    appraisal form of many subjects may take more than one page: each copy repeats them all."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import CSS, HTML

    context = {"poll": poll, "candidates": list(poll.candidates.all()), "meeting": poll.meeting}
    if poll.kind == Poll.Kind.APPRAISAL:
        from web.meetings.appraisal import grades_of

        context["grades"] = grades_of(poll.rules)
    html = render_to_string("meetings/ballot_pdf.html", context)
    one = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    pages = list(PdfReader(io.BytesIO(one)).pages)
    writer = PdfWriter()
    writer.add_metadata({"/Title": poll.title})
    for n in range(copies):
        for page in pages:
            writer.add_page(page)
        if progress is not None and (n + 1) % 500 == 0:
            # adding pages is the lesser part: writing the file comes after, so the bar stops
            # short of the end until the file is written
            progress((n + 1) * 4 // 5, copies)
    out = io.BytesIO()
    writer.write(out)
    if progress is not None:
        progress(copies, copies)
    return out.getvalue()
