"""Ballot casting over HTTP against the production server setup, with a reconciliation.

    .venv/bin/python bench/bench_voting.py [--voters 2000] [--clients 16] [--workers 3] [--server granian]

A fresh temporary PostgreSQL database (127.0.0.1:5432) is migrated; a members' meeting of
``--voters`` full members is opened, everyone checked in, a motion opened and one voting code
issued per voter. Jiceng is served as ``scripts/start`` serves it (``web/serve.py``: ``--workers``
processes; ``--server gunicorn`` for the fallback) on a free loopback port. ``--clients``
concurrent clients (threads with keep-alive connections) each fetch the ballot page once for the
CSRF cookie and send three casts with a made-up code (refused: every worker is warm), then, all at
once, cast ballots with their share of the codes; only that part is timed. Printed: ballots per
second, p50/p95/p99 latency of the cast request, the CPU time per ballot of the server, PostgreSQL
and the clients (from /proc), and beside them the raw insert rate of the same PostgreSQL measured
in the same run (one INSERT and COMMIT per row into a table of the same shape, one connection, the
same number of rows). At the end the ballots stored are reconciled with the receipts the clients
were shown: every acknowledged ballot must be stored, and nothing else. Targets (issue 4): ≥ 300
ballots/s, p99 < 200 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

from voting_setup import free_port, pct, prepare, start_server, wait_for_port

ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
RECEIPT = re.compile(r'id="receipt">([A-Z0-9-]+)<')


class Client(threading.Thread):
    def __init__(
        self,
        port: int,
        poll_id: int,
        codes: list[str],
        latencies: list[float],
        receipts: list[str],
        errors: list[str],
        start: threading.Barrier | None = None,
    ) -> None:
        super().__init__(daemon=True)
        self.start_line = start
        self.poll_id = poll_id
        self.port, self.codes, self.latencies, self.receipts, self.errors = port, codes, latencies, receipts, errors

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", "/vote/")
        response = conn.getresponse()
        body = response.read().decode()
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
        if self.start_line is not None:
            # warm up untimed: a made-up code goes the whole way to the database and is refused,
            # so every worker has its connection and templates before the clock starts
            for _ in range(3):
                conn.request(
                    "POST",
                    "/vote/cast",
                    body=urllib.parse.urlencode(
                        {"csrfmiddlewaretoken": token, "code": "2" * 16, "vote": "yes", "poll": self.poll_id}
                    ),
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                        "Referer": f"http://127.0.0.1:{self.port}/vote/",
                    },
                )
                conn.getresponse().read()
            self.start_line.wait()
        for code in self.codes:
            data = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "code": code, "vote": "yes", "poll": self.poll_id}
            )
            started = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    "/vote/cast",
                    body=data,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                        "Referer": f"http://127.0.0.1:{self.port}/vote/",
                    },
                )
                reply = conn.getresponse()
                text = reply.read().decode()
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(repr(exc))
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            self.latencies.append(time.perf_counter() - started)
            found = RECEIPT.search(text)
            if reply.status == 200 and found:
                self.receipts.append(found.group(1).replace("-", ""))
            else:
                self.errors.append(f"{reply.status}")


def raw_insert_rate(url: str, rows: int) -> float:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE TEMP TABLE raw_ballot (id uuid PRIMARY KEY, poll_id bigint, spent_hash varchar(64) "
            "UNIQUE, receipt varchar(16) UNIQUE, content jsonb)"
        )
        started = time.perf_counter()
        for i in range(rows):
            conn.execute(
                "INSERT INTO raw_ballot VALUES (%s, 1, %s, %s, %s)",
                [uuid.uuid4(), f"{i:064d}", f"{i:016d}", '{"vote": "yes"}'],
            )
        return rows / (time.perf_counter() - started)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def pids_of(names: tuple[str, ...], parent: int | None = None) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                head, rest = f.read().rsplit(")", 1)
        except OSError:
            continue
        comm, ppid = head.split("(", 1)[1], int(rest.split()[1])
        if any(n in comm for n in names) and (parent is None or ppid == parent or int(entry) == parent):
            found.append(int(entry))
    return found


def run_before(path: str, args: argparse.Namespace) -> tuple[float, float]:
    """The earlier checkout's own bench (its server, its way of issuing codes), run in a process
    of its own with the same voters, clients and workers; returns its ballots/s and server CPU
    per ballot (ms) as it printed them."""
    from pathlib import Path

    checkout = Path(path).resolve()
    command = [sys.executable, str(checkout / "bench" / "bench_voting.py"), "--voters", str(args.voters)]
    command += ["--clients", str(args.clients), "--workers", str(args.workers)]
    env = {**os.environ, "PYTHONPATH": f"{checkout}:{checkout / 'bench'}"}
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=False)
    print(f"before: {checkout}\n" + "\n".join("  " + line for line in done.stdout.splitlines()))
    rate = re.search(r"cast over HTTP\s+(\d+)", done.stdout)
    cpu = re.search(r"CPU per ballot: server ([\d.]+) ms", done.stdout)
    if done.returncode or not rate or not cpu:
        sys.exit(f"the bench in {checkout} failed:\n{done.stderr[-2000:]}")
    return float(rate.group(1)), float(cpu.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    from web.serve import SERVERS

    parser.add_argument("--server", choices=SERVERS, default=os.environ.get("JICENG_SERVER", "granian"))
    parser.add_argument(
        "--before",
        metavar="PATH",
        help="first run the same bench in this checkout of an earlier Jiceng (e.g. a worktree of the previous "
        "main), then this one, and print both figures side by side",
    )
    args = parser.parse_args()
    before = run_before(args.before, args) if args.before else None
    os.environ["JICENG_SERVER"] = args.server
    import psycopg

    name = f"jiceng_bench_{os.getpid()}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "web.settings", "JICENG_DEBUG": "0"})
    server = None
    try:
        started = time.perf_counter()
        poll_id, codes = prepare(args.voters)
        print(f"prepared {len(codes)} voters with codes in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = start_server(port, args.workers)
        wait_for_port(port)
        latencies: list[float] = []
        receipts: list[str] = []
        errors: list[str] = []
        share = [codes[i :: args.clients] for i in range(args.clients)]
        start_line = threading.Barrier(args.clients + 1)
        clients = [Client(port, poll_id, s, latencies, receipts, errors, start_line) for s in share]
        for c in clients:
            c.start()
        start_line.wait()  # every client has its page and a warm worker: the clock starts now
        server_pids = [server.pid, *pids_of(("gunicorn", "granian", "python"), parent=server.pid)]
        db_pids = pids_of(("postgres",))
        cpu_before = (cpu_seconds(server_pids), cpu_seconds(db_pids), time.process_time())
        started = time.perf_counter()
        for c in clients:
            c.join()
        elapsed = time.perf_counter() - started
        db_pids = sorted(set(db_pids) | set(pids_of(("postgres",))))
        cpu = (
            cpu_seconds(server_pids) - cpu_before[0],
            cpu_seconds(db_pids) - cpu_before[1],
            time.process_time() - cpu_before[2],
        )
        from web.meetings.testing import received

        stored = {b["receipt"] for b in received(poll_id)}  # sealed, or waiting to be sealed
        acknowledged = set(receipts)
        raw = raw_insert_rate(url, len(codes))
        print(f"\n{'':28}{'ballots/s':>12}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        print(
            f"{'cast over HTTP':28}{len(receipts) / elapsed:12.0f}{pct(latencies, 50):9.1f}"
            f"{pct(latencies, 95):9.1f}{pct(latencies, 99):9.1f}"
        )
        print(f"{'baseline: raw INSERT+COMMIT':28}{raw:12.0f}")
        per = 1000 / max(1, len(receipts))
        print(
            f"\nCPU per ballot: server {cpu[0] * per:.2f} ms, PostgreSQL {cpu[1] * per:.2f} ms, "
            f"clients {cpu[2] * per:.2f} ms (wall {elapsed:.1f} s on {os.cpu_count()} cores)"
        )
        if before:
            print(
                f"\nbefore ({args.before}): {before[0]:.0f} ballots/s, server CPU {before[1]:.2f} ms per ballot"
                f"\nafter  (this checkout): {len(receipts) / elapsed:.0f} ballots/s, server CPU "
                f"{cpu[0] * per:.2f} ms per ballot"
            )
        from web.serve import THREADS

        print(
            f"\nclients {args.clients}, {args.server}: {args.workers} workers × {THREADS} threads, "
            f"codes {len(codes)}, errors {len(errors)}"
        )
        print(
            f"reconciliation: acknowledged {len(acknowledged)}, stored {len(stored)}, "
            f"acknowledged but not stored {len(acknowledged - stored)}, stored but never acknowledged "
            f"{len(stored - acknowledged)}"
        )
        if acknowledged != stored:
            sys.exit("RECONCILIATION FAILED")
    finally:
        if server:
            server.terminate()
            server.wait()
        from django.db import connections

        connections.close_all()
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
