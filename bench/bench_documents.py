"""Heavy documents: a 2,000-ballot PDF and 5,000 member cards, beside the way they were made before,
measured in the same run.

    .venv/bin/python bench/bench_documents.py [--ballots 2000] [--cards 5000] [--baseline 200]

In a temporary SQLite database it builds a body of ``--cards`` seated people and an election poll
of five candidates, then times

- ballots, baseline: WeasyPrint laying out the one ballot page ``--baseline`` times in one
  document (how ``ballot_pdf`` made copies before: the work and the memory grow with every copy);
- ballots now: ``web.meetings.pdf.ballot_pdf`` (the page laid out once and repeated) at
  ``--baseline`` and ``--ballots`` copies;
- cards, baseline: WeasyPrint laying out ``CARDS_PER_RUN`` (400) cards in one run, the whole
  roster in one run before; pages per second at that size;
- cards now: ``web.meetings.pdf.documents.member_cards_pdf`` over the whole roster, laid out 400
  at a time and joined.

It prints seconds, pages per second and the process's peak memory after each step (peak memory only
grows, so the order is the baseline's small runs first). Targets (issue "Background work"): the
2,000-ballot PDF and the 5,000 cards complete; both run in the background worker with progress.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(label: str, make) -> bytes:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    pdf = make()
    seconds = time.perf_counter() - start
    n = pages(pdf)
    print(f"{label:<58} {seconds:8.2f} s {n:6d} pages {n / seconds:9.1f} pages/s  peak {peak_mib():5d} MiB")
    return pdf


def seat_many(world, n: int) -> None:  # type: ignore[no-untyped-def]
    """``n`` more members seated in the world's body, in bulk."""
    import datetime as dt

    from web.org.idnumbers import check_digit
    from web.org.models import BodySeat, Person

    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    people = []
    for i in range(n):
        first17 = f"5101041970{i:07d}"
        people.append(
            Person(
                name=surnames[i % 20] + given[(i // 20) % 20] + given[(i // 400) % 20],
                id_number=first17 + check_digit(first17),
                gender="F" if i % 2 else "M",
                birth_date=dt.date(1970, 1, 1),
                unit=world.grid_a2,
                unit_path=world.grid_a2.path,
            )
        )
    Person.objects.bulk_create(people, batch_size=500)
    BodySeat.objects.bulk_create([BodySeat(body=world.body_a, person=p) for p in people], batch_size=500)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=2000)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=200)
    args = parser.parse_args()

    os.environ["JICENG_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-documents-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    from web.meetings import actions
    from web.meetings.pdf import STYLESHEET, ballot_pdf
    from web.meetings.pdf.documents import CARDS_PER_RUN, _pdf, member_cards_context, member_cards_pdf
    from web.meetings.testing import make_meeting
    from web.org.testing import make_world

    call_command("migrate", verbosity=0)
    world = make_world()
    meeting = make_meeting(world, voters=2, probationary=0)
    seat_many(world, args.cards - world.body_a.seats.count())
    poll = actions.do_create_poll(
        meeting=meeting,
        title="社区党委委员选举",
        kind="election",
        seats=3,
        rules={"elected": "for > 1/2 of expected"},
        candidates=[(n, None) for n in ("丁一", "王芳", "张伟", "李娜", "赵强")],
        acting_user=world.organiser,
    )
    print(f"Jiceng documents benchmark: {args.cards} people seated, one election poll of 5 candidates, SQLite")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")

    def old_ballots(copies: int) -> bytes:
        html = render_to_string(
            "meetings/ballot_pdf.html",
            {"poll": poll, "candidates": list(poll.candidates.all()), "meeting": poll.meeting},
        )
        body = html.split("<body>", 1)[1].split("</body>", 1)[0]
        many = html.replace(body, body * copies)
        return bytes(HTML(string=many).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))

    base = timed(f"baseline: WeasyPrint lays out the ballot {args.baseline} times", lambda: old_ballots(args.baseline))
    small = timed(f"now: ballot_pdf, {args.baseline} copies", lambda: ballot_pdf(poll, copies=args.baseline))
    big = timed(f"now: ballot_pdf, {args.ballots} copies", lambda: ballot_pdf(poll, copies=args.ballots))
    print(f"{'':58} sizes: {len(base) // 1024} KiB, {len(small) // 1024} KiB, {len(big) // 1024} KiB\n")

    context = member_cards_context(world.body_a)
    first = {**context, "cards": context["cards"][:CARDS_PER_RUN]}
    timed(
        f"baseline: WeasyPrint lays out {CARDS_PER_RUN} cards in one run",
        lambda: _pdf("meetings/member_cards_pdf.html", first),
    )
    timed(f"now: member_cards_pdf, {args.cards} cards", lambda: member_cards_pdf(world.body_a))


if __name__ == "__main__":
    main()
