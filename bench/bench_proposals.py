"""The public list of proposals (``/board/proposals/``) on the demo street (SQLite).

    .venv/bin/python bench/bench_proposals.py [--requests 200] [--scale 1.0] [--more 0] [--db FILE]

The script seeds the demo street into a temporary SQLite database (with ``--db FILE`` it keeps
it there and seeds only when empty), optionally adds ``--more`` proposals to the demo's season
(written in bulk, in every public state, half of them answered and rated: a congress's seasons
over years), then asks, ``--requests`` times each and without signing in, through Django's test
client (the whole server path: middleware, view, listing, template):

- the list's first page, a search by title, a filter by state and theme, and page 2;
- one proposal's public page;

and, in the same run, the bare query behind the first page (the count and the page's rows with
their answers, as the view reads them, without Django's request, view or template), and the
sign-in page. It prints p50 / p95 / max in milliseconds and the queries per request. Target:
p95 < 50 ms.

The measuring runs in a child process, because Django settles its database settings once.

Figures of 2026-12-03 (load average 11 on 2 cores): docs/proposals.md. At the demo's scale the
first page's p95 is 63 ms of wall clock and 14.8 ms of CPU (the bare query 6.9 ms CPU, the
sign-in page 3.4); with 600 proposals more, 23 ms of CPU for every board page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import child_env, ms, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--more", type=int, default=0, help="proposals added to the demo's season")
    parser.add_argument("--db", help="an SQLite file to keep the seeded street in (seeded when empty)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.requests, args.scale, args.more)
        return
    child = [sys.executable, __file__, "--child", "--requests", str(args.requests), "--scale", str(args.scale)]
    child += ["--more", str(args.more)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db).resolve() if args.db else Path(tmp) / "bench.sqlite3"
        subprocess.run(child, env=child_env(ROOT) | {"DATABASE_URL": f"sqlite:///{db}"}, cwd=ROOT, check=True)


def _more(n: int) -> None:
    """``n`` proposals more in the demo's season, in bulk: copies of its proposals' texts, in
    every public state, half of them answered (and rated), numbered after the season's last."""
    from django.db import transaction

    from web.common import clock
    from web.proposals.models import Answer, Proposal

    if n <= 0:
        return
    models = list(Proposal.objects.exclude(state="merged").order_by("number"))
    season = models[0].season
    top = max(p.number for p in Proposal.objects.filter(season=season))
    states = sorted(Proposal.PUBLIC - {Proposal.State.MERGED})
    now = clock.now()
    with transaction.atomic():
        made = Proposal.objects.bulk_create(
            [
                Proposal(
                    season=season,
                    number=top + i + 1,
                    theme_id=m.theme_id,
                    title=m.title,
                    situation=m.situation,
                    request=m.request,
                    proposer_id=m.proposer_id,
                    delegation_id=m.delegation_id,
                    unit_path=m.unit_path,
                    filed_at=now,
                    state=states[i % len(states)],
                    review_reason=m.review_reason,
                    office_id=models[i % len(models)].office_id,
                    rating=Proposal.Rating.SATISFIED if states[i % len(states)] == "closed" else "",
                )
                for i, m in ((i, models[i % len(models)]) for i in range(n))
            ],
            batch_size=500,
        )
        office = next(p.office for p in models if p.office_id)
        user = next(a.answered_by for a in Answer.objects.select_related("answered_by")[:1])
        Answer.objects.bulk_create(
            [
                Answer(
                    proposal=p,
                    round=1,
                    office=office,
                    text="已按建议办理，详见答复文件。" * 4,
                    answered_at=now,
                    answered_by=user,
                    rate_by=now.date(),
                    rating="satisfied" if p.state == "closed" else "",
                )
                for p in made
                if p.state in ("answered", "closed")
            ],
            batch_size=500,
        )


def _measure(requests: int, scale: float, more: int) -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from web.org.models import Person
    from web.proposals import public
    from web.proposals.models import Proposal

    call_command("migrate", verbosity=0)
    kept = Person.objects.exists()
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, if_empty=True, stdout=open(os.devnull, "w"))
    seeded = time.perf_counter() - started
    _more(more - Proposal.objects.count() + 11 if kept else more)
    print(f"\n== {connection.vendor} ({connection.settings_dict['NAME']}) ==")
    how = "kept from an earlier run" if kept else f"seed_demo --scale {scale} in {seeded:.1f} s"
    print(f"the demo street: {Person.objects.count()} people ({how}); {Proposal.objects.count()} proposals")
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    anonymous = Client()
    one = Proposal.objects.exclude(state__in=("signing",)).order_by("number").first()
    assert one is not None
    theme = one.theme.name
    pages = {
        "list": "/board/proposals/",
        "search": "/board/proposals/?q=%E5%81%9C%E8%BD%A6",  # 停车
        "filter": f"/board/proposals/?state=closed&theme={theme}",
        "page 2": "/board/proposals/?page=2",
        "proposal": f"/board/proposals/{one.pk}/",
        "sign-in": "/accounts/login/",
    }

    def bare() -> None:
        """The first page's reads as the view makes them: the count and the rows with their answers."""
        request = RequestFactory().get("/board/proposals/")
        rows = public.public_rows().select_related("theme", "proposer__person", "office", "season")
        rows = rows.prefetch_related("answers").order_by("-season__year", "-season_id", "number")
        rows.count()
        list(rows[:20])
        assert request is not None

    runs = {name: (lambda url=url: _get(anonymous, url)) for name, url in pages.items()}
    runs["bare query"] = bare
    for _ in range(10):
        for run in runs.values():
            run()
    queries = {}
    for name, run in runs.items():
        with CaptureQueriesContext(connection) as captured:
            run()
        queries[name] = len(captured.captured_queries)
    timings: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(requests):
        for name, run in runs.items():
            t, c = time.perf_counter(), time.process_time()
            run()
            timings[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    print(f"each × {requests}, milliseconds (wall clock; and this process's CPU time, less inflated by a busy machine)")
    print(f"{'what':<14}{'p50':>7}{'p95':>7}{'max':>7}{'cpu p50/p95':>14}{'queries':>9}")
    worst = 0.0
    for name in runs:
        p50, p95, top = ms(timings[name])
        c50, c95, _ = ms(cpu[name])
        if name not in ("sign-in", "bare query"):
            worst = max(worst, p95)
        print(f"{name:<14}{p50:>7.1f}{p95:>7.1f}{top:>7.1f}{c50:>8.1f}/{c95:<5.1f}{queries[name]:>9}")
    print(f"\nworst p95 of the board's pages: {worst:.1f} ms (target < 50 ms)")


def _get(client: object, url: str) -> None:
    assert client.get(url).status_code == 200  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
