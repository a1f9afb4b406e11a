"""The home page (工作台, ``/staff/``) for every demo persona, on the demo street (SQLite).

    .venv/bin/python bench/bench_home.py [--requests 200] [--scale 1.0] [--db FILE]

The script seeds the demo street into a temporary SQLite database (and prints how long that
took), then, signed in as each persona of ``web/demo/personas.py``, asks ``/staff/``
``--requests`` times through Django's test client (the whole server path: middleware, view,
every registered source of ``web.common.attention``, the template), and prints p50 / p95 / max
in milliseconds, the number of queries per request, and how many sections and items the page
showed. Beside each it prints a baseline measured in the same run for the same person: the
sign-in page (``/accounts/login/``, no database work beyond the session), and the old home
that showed only the unit tree and the roles (the same template with no sources asked).
Target: p95 < 50 ms.

The measuring runs in a child process, because Django settles its database settings once.
With ``--db FILE`` the demo street is kept in that SQLite file and seeded only when it is empty,
so a second run measures at once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
    env = {**os.environ, "JICENG_DEBUG": "0", "PYTHONPATH": str(ROOT)}
    env.pop("JICENG_PRODUCTION", None)
    child = [sys.executable, __file__, "--child", "--requests", str(args.requests), "--scale", str(args.scale)]
    if args.db:
        env["DATABASE_URL"] = f"sqlite:///{Path(args.db).resolve()}"
        subprocess.run(child, env=env, cwd=ROOT, check=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        subprocess.run(child, env=env, cwd=ROOT, check=True)


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
    from django.shortcuts import render
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from web.common import attention, clock
    from web.demo.personas import PERSONAS
    from web.org import queries
    from web.org.models import Person

    call_command("migrate", verbosity=0)
    kept = Person.objects.exists()
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, if_empty=True, stdout=open(os.devnull, "w"))
    seeded = time.perf_counter() - started
    print(f"\n== {connection.vendor} ({connection.settings_dict['NAME']}) ==")
    how = "kept from an earlier run" if kept else f"seed_demo --scale {scale} in {seeded:.1f} s"
    print(f"the demo street: {Person.objects.count()} people ({how})")
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

    factory = RequestFactory()

    def tree_only(user: object) -> None:
        """The home as it was before the sources: the unit tree and the roles, rendered."""
        request = factory.get("/staff/")
        request.user = user  # type: ignore[attr-defined]
        context = {
            "sections": [],
            "roots": list(queries.root_units(user)),
            "roles": user.roles.select_related("unit", "body"),  # type: ignore[attr-defined]
            "street_staff": queries.is_street_staff(user),
        }
        render(request, "org/home.html", context)

    header = (
        f"{'persona':<16}{'sections':>9}{'items':>6}  {'p50':>6}{'p95':>7}{'max':>7}{'queries':>8}"
        f"   {'login p50/p95':>14}   {'tree only p50/p95 (queries)':>28}"
    )
    print(f"GET /staff/ × {requests} per persona, milliseconds")
    print(header)
    print("-" * len(header))
    worst = 0.0
    for persona in PERSONAS:
        user = get_user_model().objects.get(username=persona.username)
        client, anonymous = Client(), Client()
        client.force_login(user)

        def home() -> None:
            assert client.get("/staff/").status_code == 200

        def login() -> None:
            assert anonymous.get("/accounts/login/").status_code == 200

        def old_home() -> None:
            fresh = get_user_model().objects.get(pk=user.pk)  # no paths cached from an earlier round
            tree_only(fresh)

        for _ in range(10):  # warm up
            home()
            login()
            old_home()
        with CaptureQueriesContext(connection) as captured:
            home()
        n_queries = len(captured.captured_queries)
        with CaptureQueriesContext(connection) as captured:
            old_home()
        n_old = len(captured.captured_queries)
        sections = attention.gather(user, now=clock.now())
        items = sum(len(s.found.items) for s in sections)
        timings: dict[str, list[float]] = {"home": [], "login": [], "old": []}
        for _ in range(requests):
            for name, run in (("home", home), ("login", login), ("old", old_home)):
                t = time.perf_counter()
                run()
                timings[name].append(time.perf_counter() - t)
        p50, p95, top = _ms(timings["home"])
        l50, l95, _ = _ms(timings["login"])
        o50, o95, _ = _ms(timings["old"])
        worst = max(worst, p95)
        flag = "  ← over 50 ms" if p95 >= 50 else ""
        print(
            f"{persona.username:<16}{len(sections):>9}{items:>6}  {p50:>6.1f}{p95:>7.1f}{top:>7.1f}{n_queries:>8}"
            f"   {l50:>6.1f}/{l95:<7.1f}   {o50:>15.1f}/{o95:<5.1f} ({n_old}){flag}"
        )
    print(f"\nworst p95: {worst:.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
