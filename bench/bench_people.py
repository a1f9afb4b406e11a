"""People list and name search on the full demo street, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_people.py [--requests 200] [--scale 1.0]

For each database (a temporary SQLite file; a temporary PostgreSQL database when
127.0.0.1:5432 answers) the script seeds the demo street (and prints how long that took),
then, signed in as the ``street`` persona, asks the people page
``/staff/units/<street>/people/`` with no query, a surname, a full name, an ID-number prefix
and a phone tail, ``--requests`` times each through Django's test client (the whole server
path: middleware, view, queries, template), and prints p50 / p95 / max in milliseconds and the
number of queries per request. Beside each it prints a baseline measured in the same run: the
bare ORM work of the same page (``search_people`` → count + the first page), no view, no
rendering. Target: p95 < 50 ms.

Each database runs in a child process, because Django settles its database settings once.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.requests, args.scale)
        return
    base_env = {**os.environ, "JICENG_DEBUG": "0", "PYTHONPATH": str(ROOT)}
    base_env.pop("JICENG_PRODUCTION", None)
    child = [sys.executable, __file__, "--child", "--requests", str(args.requests), "--scale", str(args.scale)]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**base_env, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        subprocess.run(child, env=env, cwd=ROOT, check=True)
    if not _postgres_answers():
        print("\nPostgreSQL: 127.0.0.1:5432 does not answer; skipped.")
        return
    import psycopg

    name = f"jc_bench_{os.getpid()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**base_env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}
        subprocess.run(child, env=env, cwd=ROOT, check=True)
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ms(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def _measure(requests: int, scale: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from web.org import queries
    from web.org.models import Person, Unit
    from web.org.views.browse import PAGE_SIZE

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, stdout=open(os.devnull, "w"))
    seeded = time.perf_counter() - started
    vendor = connection.vendor
    print(f"\n== {vendor} ({connection.settings_dict['NAME']}) ==")
    print(f"seed_demo --scale {scale}: {Person.objects.count()} people in {seeded:.1f} s (target < 60 s)")

    user = get_user_model().objects.get(username="street")
    street = Unit.objects.get(kind=Unit.Kind.STREET)
    sample = Person.objects.order_by("id")[Person.objects.count() // 2]
    cases = [
        ("list", ""),
        ("surname 王 (the commonest)", "王"),
        (f"surname {sample.name[0]}", sample.name[0]),
        (f"full name {sample.name}", sample.name),
        (f"ID prefix {sample.id_number[:10]}", sample.id_number[:10]),
        (f"phone tail {sample.phone[-4:]}", sample.phone[-4:]),
    ]
    url = reverse("org:people", kwargs={"unit_id": street.pk})
    client = Client()
    client.force_login(user)

    def page(q: str) -> None:
        response = client.get(url, {"q": q} if q else {})
        assert response.status_code == 200, response.status_code

    def bare(q: str) -> None:
        qs = queries.search_people(user, within=street, q=q)
        qs.count()
        list(qs[:PAGE_SIZE])  # the user's viewable paths stay cached on ``user``: the bare query only

    header = f"{'case':<28}{'hits':>6}  {'p50':>7}{'p95':>7}{'max':>7}{'queries':>9}   baseline ORM p50/p95/max"
    print(header)
    print("-" * len(header))
    for label, q in cases:
        hits = queries.search_people(user, within=street, q=q).count()
        for _ in range(10):  # warm up
            page(q)
            bare(q)
        with CaptureQueriesContext(connection) as captured:
            page(q)
        n_queries = len(captured.captured_queries)
        timings, baseline = [], []
        for _ in range(requests):
            t = time.perf_counter()
            page(q)
            timings.append(time.perf_counter() - t)
            t = time.perf_counter()
            bare(q)
            baseline.append(time.perf_counter() - t)
        p50, p95, worst = _ms(timings)
        b50, b95, bworst = _ms(baseline)
        flag = "" if p95 < 50 else "  ← over 50 ms"
        print(
            f"{label:<28}{hits:>6}  {p50:>7.1f}{p95:>7.1f}{worst:>7.1f}{n_queries:>9}   "
            f"{b50:.1f}/{b95:.1f}/{bworst:.1f}{flag}"
        )


if __name__ == "__main__":
    main()
