"""The public points table (``/board/points/``, a search and a later page) and a representative's
points page (``/staff/points/seats/N/``) on the demo street (SQLite).

    .venv/bin/python bench/bench_points.py [--requests 200] [--scale 1.0] [--db FILE]

Seeds the demo street into a temporary SQLite database (or keeps it in ``--db FILE``), then asks
each page ``--requests`` times through Django's test client (the whole server path) and prints
p50 / p95 / max in milliseconds, CPU p50, and the queries per request. Beside each, in the same
run: the bare query the page rests on (the publication's row with its result for the table; the
representative's ledger page of entries for the points page) and the sign-in page. Target: p95
< 50 ms. Figures are in docs/points.md.

The measuring runs in a child process, because Django settles its database settings once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import child_env, ms, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", help="an SQLite file to keep the seeded street in (seeded when empty)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.requests, args.scale)
        return
    child = [sys.executable, __file__, "--child", "--requests", str(args.requests), "--scale", str(args.scale)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db).resolve() if args.db else Path(tmp) / "bench.sqlite3"
        subprocess.run(child, env=child_env(ROOT) | {"DATABASE_URL": f"sqlite:///{db}"}, cwd=ROOT, check=True)


def _row(name: str, run: Callable[[], object], requests: int) -> float:
    from django.db import connection

    for _ in range(10):
        run()
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        run()
    wall, cpu = [], []
    for _ in range(requests):
        t, c = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    p50, p95, top = ms(wall)
    c50, _c95, _ = ms(cpu)
    flag = "  ← over 50 ms" if p95 >= 50 else ""
    print(f"{name:<44}{p50:>7.1f}{p95:>7.1f}{top:>8.1f}{c50:>8.1f}{len(executed):>8}{flag}")
    return p95


def _measure(requests: int, scale: float) -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from web.org.models import Person
    from web.points import queries
    from web.points.models import Entry, Publication

    call_command("migrate", verbosity=0)
    kept = Person.objects.exists()
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, if_empty=True, stdout=open(os.devnull, "w"))
    seeded = time.perf_counter() - started
    print(f"\n== {connection.vendor} ({connection.settings_dict['NAME']}) ==")
    how = "kept from an earlier run" if kept else f"seed_demo --scale {scale} in {seeded:.1f} s"
    print(f"the demo street: {Person.objects.count()} people, {Entry.objects.count()} points entries ({how})")
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    latest = queries.publications().filter(quarter__gt=0).first()
    assert latest is not None, "the demo published no quarter"
    persona = get_user_model().objects.get(username="representative")
    seat = queries.access.seats_of(persona)[0]
    anonymous, rep = Client(), Client()
    rep.force_login(persona)

    def ok(client: Client, url: str) -> Callable[[], None]:
        def run() -> None:
            assert client.get(url).status_code == 200, url

        return run

    def bare_table() -> None:
        Publication.objects.get(pk=latest.pk).result["representatives"]

    def bare_ledger() -> None:
        list(queries.ledger(seat)[:20])

    print(f"\nGET × {requests}, milliseconds")
    print(f"{'what':<44}{'p50':>7}{'p95':>7}{'max':>8}{'cpu p50':>8}{'queries':>8}")
    worst = max(
        _row("/board/points/ (the latest quarter)", ok(anonymous, "/board/points/"), requests),
        _row("/board/points/N/?q=王 (a search)", ok(anonymous, f"/board/points/{latest.pk}/?q=王"), requests),
        _row("/board/points/N/?page=3", ok(anonymous, f"/board/points/{latest.pk}/?page=3"), requests),
        _row("/staff/points/seats/N/ (the persona's points)", ok(rep, f"/staff/points/seats/{seat.pk}/"), requests),
    )
    _row("bare: the publication's result", bare_table, requests)
    _row("bare: a page of the representative's ledger", bare_ledger, requests)
    _row("the sign-in page", ok(anonymous, "/accounts/login/"), requests)
    print(f"\nworst p95: {worst:.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
