"""Residents' requests at a district's size: the pages people work from, a quarter's scorecard,
and intake over HTTP, each beside a baseline measured in the same run (issue 13, item 8).

    .venv/bin/python bench/bench_cases.py [--db FILE | --url DATABASE_URL] [--count 1000000]
                                          [--requests 200] [--rate 50] [--seconds 30] [--workers 3]
                                          [--only pages|scorecard|intake]

The database: ``--db FILE`` (SQLite) or ``--url`` (any ``DATABASE_URL``) is used as it is when it
already holds ``--count`` requests; otherwise the child seeds the demo street there
(``seed_demo --scale 0.1``, when empty) and adds the missing requests with
``manage.py generate_cases`` (three years of them), printing how long each took. Without either
option a temporary SQLite file is used (with ``--count 20000`` by default there, so a bare run
ends in minutes; a million takes about an hour on a busy two-core machine).

1. **Pages**, through Django's test client (the whole server path) signed in as the demo's
   personas, ``--requests`` times each: the handler's queue (``/staff/cases/queue/``), the
   dispatcher's desk (street staff, ``/staff/cases/desk/``), the resident following their own
   request (``/requests/follow/`` with its tracking code when the intake pages are installed,
   else the case page ``/staff/cases/<id>/`` the requester reads), and the public list
   (``/board/requests/``). Printed: p50 / p95 / max and the CPU time in milliseconds, the
   queries per request, and beside them the page's bare list query run alone (the same
   queryset's first page, no middleware, no template) and the sign-in page. Target: p95 < 50 ms.
2. **A quarter's scorecard** of the whole district (the last quarter that ended):
   ``web.cases.scorecards.build_record`` and the engine's ``jiceng.record.tally`` timed apart,
   three times, beside the bare count of the quarter's cases. Target: under 2 s.
3. **Intake over HTTP**: Jiceng served as ``scripts/start`` serves it (granian, ``--workers``),
   requests posted at ``--rate`` per second for ``--seconds`` from a pool of threads on a fixed
   schedule (a late answer delays no later request: each latency counts from when its request was
   due), to the public form ``/requests/new/`` when the intake pages are installed, else to
   Open311's ``POST /open311/v2/requests.json`` with a key issued by ``do_issue_open311_key``.
   Beside it the sign-in page asked on the same schedule. Target: the rate held, p99 < 200 ms.

The measuring runs in a child process, because Django settles its database settings once.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import child_env, ms, setup_django  # noqa: E402

TARGET_PAGE_MS = 50
TARGET_SCORECARD_S = 2
TARGET_INTAKE_P99_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an SQLite file (kept; seeded and filled when it holds fewer requests)")
    parser.add_argument("--url", help="a DATABASE_URL to measure on instead (PostgreSQL: a database you made)")
    parser.add_argument("--count", type=int, help="requests to hold (default 1000000; 20000 on a temporary file)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--only", choices=("pages", "scorecard", "intake"), help="measure only this part")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args)
        return
    count = args.count or (1_000_000 if args.db or args.url else 20_000)
    child = [sys.executable, __file__, "--child", "--count", str(count), "--requests", str(args.requests)]
    child += ["--rate", str(args.rate), "--seconds", str(args.seconds), "--workers", str(args.workers)]
    child += ["--only", args.only] if args.only else []
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(args.db).resolve() if args.db else Path(tmp) / 'bench.sqlite3'}"
        env = child_env(ROOT) | {"DATABASE_URL": url, "JICENG_VAR_DIR": tmp}
        subprocess.run(child, env=env, cwd=ROOT, check=True)


# ---- the child ------------------------------------------------------------------------------


def _measure(args: argparse.Namespace) -> None:
    setup_django()
    from django.db import connection

    from web.cases.models import Case, CaseEvent

    _fill(args.count)
    print(f"\n== {connection.vendor} ({connection.settings_dict['NAME']}) ==")
    print(f"requests: {Case.objects.count()}, their history: {CaseEvent.objects.count()} events")
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    if args.only in (None, "pages"):
        print(f"\nPages, {args.requests} GETs each, milliseconds (target p95 < {TARGET_PAGE_MS} ms)")
        header = (
            f"{'page':<34}{'p50':>7}{'p95':>7}{'max':>7}{'cpu p50/p95':>13}{'queries':>8}"
            f"   {'bare query p50/p95':>19}   {'sign-in p50/p95':>16}"
        )
        print(header)
        print("-" * len(header))
        worst = max(_page(page, args.requests) for page in _pages())
        print(f"worst p95: {worst:.1f} ms (target < {TARGET_PAGE_MS} ms)")
    if args.only in (None, "scorecard"):
        _scorecard()
    if args.only in (None, "intake"):
        _intake(args)


def _fill(count: int) -> None:
    """The demo street, then requests up to ``count`` (printing how long each part took)."""
    from django.core.management import call_command

    from web.cases.models import Case
    from web.org.models import Person

    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", scale=0.1, if_empty=True, stdout=open(os.devnull, "w"))
        print(f"seed_demo --scale 0.1: {time.perf_counter() - started:.0f} s")
    missing = count - Case.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("generate_cases", count=missing, years=3, stdout=open(os.devnull, "w"))
        print(f"generate_cases --count {missing} --years 3: {time.perf_counter() - started:.0f} s")


class Page:
    def __init__(
        self, name: str, username: str | None, url: str, bare: Callable[[], Any], post: dict[str, str] | None = None
    ) -> None:
        self.name, self.username, self.url, self.bare, self.post = name, username, url, bare, post


def _pages() -> list[Page]:
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch, reverse

    from web.cases import queries
    from web.cases.models import Case
    from web.cases.queries import open_only
    from web.common import clock

    users = {u.username: u for u in get_user_model().objects.filter(username__in=("handler", "street", "resident"))}
    handler, street, resident = users["handler"], users["street"], users["resident"]
    now = clock.now()

    def first(rows: Any) -> Callable[[], Any]:
        return lambda: list(rows()[:20])

    own = Case.objects.filter(requester_user=resident).order_by("-received_at").first()
    assert own is not None, "the resident persona has no request of their own (seed_demo makes three)"
    public = (
        Case.objects.exclude(state=Case.State.MERGED)
        .select_related("entry", "unit__parent")
        .order_by("-received_at", "-id")
    )
    pages = [
        Page(
            "handler: queue", "handler", "/staff/cases/queue/", first(lambda: queries.queue(handler, "reply", now=now))
        ),
        Page(
            "handler: queue, due soon",
            "handler",
            "/staff/cases/queue/?tab=soon",
            first(lambda: queries.queue(handler, "soon", now=now)),
        ),
        Page("dispatcher: desk", "street", "/staff/cases/desk/", first(lambda: queries.desk(street, "new"))),
        Page(
            "dispatcher: desk, escalated",
            "street",
            "/staff/cases/desk/?tab=escalated",
            first(lambda: queries.desk(street, "escalated")),
        ),
        Page(
            "dispatcher: desk, to close",
            "street",
            "/staff/cases/desk/?tab=close",
            first(lambda: queries.desk(street, "close")),
        ),
    ]
    try:
        reverse("case_intake:follow")
    except NoReverseMatch:  # the intake pages are not installed: the case page the requester reads
        pages.append(
            Page(
                "resident: own request (case page)",
                "resident",
                f"/staff/cases/{own.pk}/",
                first(lambda: Case.objects.filter(pk=own.pk)),
            )
        )
    else:
        from web.cases.codes import code_hash, new_code
        from web.cases.intake.follow import find

        code = new_code()  # only a code's hash is kept: the resident's request gets one we know
        Case.objects.filter(pk=own.pk).update(code_hash=code_hash(code))
        typed = {"number": str(own.pk), "code": code}
        pages.append(
            Page("requester: follow by code (POST)", None, "/requests/follow/", lambda: find(str(own.pk), code), typed)
        )
        pages.append(
            Page(
                "resident: my requests",
                "resident",
                "/requests/mine/",
                first(lambda: Case.objects.filter(requester_user=resident).order_by("-received_at", "-id")),
            )
        )
    pages += [
        Page("public list", None, "/board/requests/", first(lambda: public)),
        Page(
            "public list, open",
            None,
            "/board/requests/?state=open",
            first(lambda: open_only(public)),
        ),
    ]
    return pages


def _page(page: Page, requests: int) -> float:
    """Measure and print one page's row; its p95."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, anonymous = Client(), Client()
    if page.username:
        client.force_login(get_user_model().objects.get(username=page.username))

    def get() -> None:
        answer = client.post(page.url, page.post) if page.post else client.get(page.url)
        assert answer.status_code == 200, (page.url, answer.status_code)

    def login() -> None:
        assert anonymous.get("/accounts/login/").status_code == 200

    runs = {"page": get, "bare": page.bare, "login": login}
    for _ in range(5):  # warm up
        for run in runs.values():
            run()
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = len(captured.captured_queries)  # read now: the next request empties the log
    timings: dict[str, list[float]] = {name: [] for name in runs}
    cpu: list[float] = []
    for _ in range(requests):
        for name, run in runs.items():
            t, c = time.perf_counter(), time.process_time()
            run()
            timings[name].append(time.perf_counter() - t)
            if name == "page":
                cpu.append(time.process_time() - c)
    p50, p95, top = ms(timings["page"])
    c50, c95, _ = ms(cpu)
    b50, b95, _ = ms(timings["bare"])
    l50, l95, _ = ms(timings["login"])
    flag = f"  ← over {TARGET_PAGE_MS} ms" if p95 >= TARGET_PAGE_MS else ""
    print(
        f"{page.name:<34}{p50:>7.1f}{p95:>7.1f}{top:>7.1f}{c50:>7.1f}/{c95:<5.1f}{queries:>8}"
        f"   {b50:>9.1f}/{b95:<9.1f}   {l50:>7.1f}/{l95:<8.1f}{flag}"
    )
    return p95


def _scorecard() -> None:
    from django.utils import timezone

    from jiceng.record import tally
    from web.cases.models import Case
    from web.cases.scorecards import build_record, last_quarter, quarter_span
    from web.org.models import Unit

    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, parent=None)
    year, quarter = last_quarter(timezone.localdate())
    start, end = quarter_span(year, quarter)
    cohort = Case.objects.filter(unit_path__startswith=district.path, dispatched_at__gte=start, dispatched_at__lt=end)
    built, counted, bare = [], [], []
    for _ in range(3):
        t = time.perf_counter()
        n = cohort.count()
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        record = build_record(district, year, quarter)
        built.append(time.perf_counter() - t)
        t = time.perf_counter()
        tally(record)
        counted.append(time.perf_counter() - t)
    total = [b + c for b, c in zip(built, counted, strict=True)]
    print(f"\nA quarter's scorecard of {district.name}, {year} Q{quarter}: {n} requests, {len(record['counts'])} rows")
    print(f"(best and worst of 3, seconds; target < {TARGET_SCORECARD_S} s)")
    print(f"  the record (build_record):       {min(built):7.2f} {max(built):7.2f}")
    print(f"  the count (jiceng tally):        {min(counted):7.2f} {max(counted):7.2f}")
    flag = f"  ← over {TARGET_SCORECARD_S} s" if max(total) >= TARGET_SCORECARD_S else ""
    print(f"  together:                        {min(total):7.2f} {max(total):7.2f}{flag}")
    print(f"  baseline, the bare count:        {min(bare):7.2f} {max(bare):7.2f}")


# ---- intake over HTTP -----------------------------------------------------------------------


def _intake(args: argparse.Namespace) -> None:
    from voting_setup import free_port, start_server, wait_for_port

    post, how = _poster()
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = start_server(port, args.workers, log=log)
        try:
            wait_for_port(port, 60)
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for _ in range(20):  # warm up every worker
                _login_get(warm, 0)
            warm.close()
            print(f"\nIntake over HTTP: {how}, {args.rate:.0f}/s for {args.seconds:.0f} s, granian × {args.workers}")
            print(f"milliseconds from when each request was due (target p99 < {TARGET_INTAKE_P99_MS} ms)")
            header = f"{'what':<34}{'sent':>6}{'ok':>6}{'rate/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8}"
            print(header)
            print("-" * len(header))
            _row("intake: " + how.split(" ")[0], _schedule(port, args.rate, args.seconds, post), args.seconds)
            _row("baseline: GET /accounts/login/", _schedule(port, args.rate, args.seconds, _login_get), args.seconds)
        finally:
            server.terminate()
            server.wait(10)
            log.seek(0)
            errors = log.read().decode(errors="replace").strip()
            if errors:
                print("server said:\n" + errors[-2000:])


def _row(name: str, results: list[tuple[float, int]], seconds: float) -> None:
    latencies = sorted(r[0] for r in results)
    ok = sum(1 for _lat, status in results if 200 <= status < 400)
    p = [latencies[min(len(latencies) - 1, round(q * (len(latencies) - 1)))] * 1000 for q in (0.5, 0.95, 0.99)]
    flag = f"  ← p99 over {TARGET_INTAKE_P99_MS} ms" if p[2] >= TARGET_INTAKE_P99_MS else ""
    print(
        f"{name:<34}{len(results):>6}{ok:>6}{ok / seconds:>8.1f}{p[0]:>7.1f}{p[1]:>7.1f}{p[2]:>7.1f}"
        f"{latencies[-1] * 1000:>8.1f}{flag}"
    )


Send = Callable[[http.client.HTTPConnection, int], int]


def _schedule(port: int, rate: float, seconds: float, send: Send) -> list[tuple[float, int]]:
    """Send request ``i`` at ``start + i / rate`` from a pool of threads (each with its own
    connection); (latency from when it was due, status) of each."""
    total = int(rate * seconds)
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    counter = iter(range(total))
    start = time.monotonic() + 0.5

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            due = start + i / rate
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                status = send(conn, i)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            with lock:
                results.append((time.monotonic() - due, status))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _login_get(conn: http.client.HTTPConnection, _i: int) -> int:
    conn.request("GET", "/accounts/login/")
    answer = conn.getresponse()
    answer.read()
    return answer.status


def _poster() -> tuple[Callable[[http.client.HTTPConnection, int], int], str]:
    """How one request is posted: Open311 with a key for the first street (the public form needs a
    session, a CSRF token and passes rate limits per phone, so it is asked through Open311's path
    with the same ``do_take_case`` behind it)."""
    from django.contrib.auth import get_user_model

    from web.cases.access import catalogue_for
    from web.open311.actions import do_issue_open311_key
    from web.org.models import Unit

    street = Unit.objects.filter(kind=Unit.Kind.STREET).order_by("path").first()
    assert street is not None
    staff = get_user_model().objects.get(username="street")
    _key, secret = do_issue_open311_key(jurisdiction=street, name="bench_cases", acting_user=staff)
    catalogue = catalogue_for(street)
    assert catalogue is not None
    codes = list(catalogue.entries.order_by("id").values_list("service_code", flat=True))
    places = list(
        Unit.objects.filter(path__startswith=street.path, kind=Unit.Kind.BUILDING).values_list("code", flat=True)
    )

    def post(conn: http.client.HTTPConnection, i: int) -> int:
        body = urllib.parse.urlencode(
            {
                "api_key": secret,
                "service_code": codes[i % len(codes)],
                "address_id": places[i % len(places)],
                "description": f"基准测试提交的第 {i} 件诉求：楼道灯不亮，晚上看不清台阶。",
                "phone": f"139{i:08d}",
                "last_name": "测",
                "first_name": "试",
            }
        )
        conn.request(
            "POST",
            "/open311/v2/requests.json",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        answer = conn.getresponse()
        answer.read()
        return answer.status

    return post, "Open311 POST /open311/v2/requests.json"


if __name__ == "__main__":
    main()
