"""Runs the scenarios against gunicorn on a private PostgreSQL cluster and writes the report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from voting_setup import ROOT, free_port

SIZES = {
    # scenario: codes (quick, full)
    "load": (80, 2000),
    "sigkill": (90, 1500),
    "pg_restart": (90, 1500),
    "timeout": (24, 300),
    "close": (60, 1000),
}


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ballot casting under load and faults, reconciled.")
    parser.add_argument("--quick", action="store_true", help="small numbers (well under two minutes)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "reliability.md")
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    from reliability.cluster import PrivateCluster
    from reliability.report import render
    from reliability.scenarios import SCENARIOS, Context, Row
    from reliability.server import Server

    chosen = [(name, run) for name, run in SCENARIOS if not args.only or name in args.only]
    sizes = {name: SIZES[name][0 if args.quick else 1] for name, _run in chosen}
    rows: list[Row] = []
    began = time.monotonic()
    load_before = os.getloadavg()[0]
    with PrivateCluster() as cluster, tempfile.TemporaryFile() as log:
        os.environ.update(
            {
                "DATABASE_URL": cluster.create_database("jiceng_reliability"),
                "DJANGO_SETTINGS_MODULE": "web.settings",
                "JICENG_DEBUG": "0",
            }
        )
        from reliability.world import prepare

        started = time.monotonic()
        world = prepare(sizes)
        print(
            f"prepared {sum(sizes.values())} voting codes in {len(sizes)} polls in {time.monotonic() - started:.1f} s",
            flush=True,
        )
        server = Server(free_port(), args.workers, log)
        server.start()
        from reliability.scenarios import burst

        for path in ("/vote/", f"/u/{world.unit_code}/"):  # every worker loads Django before the clock starts
            burst(server.port, path, 3 * args.workers)
        ctx = Context(
            world=world,
            server=server,
            cluster=cluster,
            casters=6 if args.quick else 16,
            readers=3 if args.quick else 4,
            retry_for=60,
        )
        try:
            for _name, run in chosen:
                started = time.monotonic()
                row = run(ctx)
                rows.append(row)
                print(
                    f"{row.name}: {'held' if row.held else 'DID NOT HOLD'} in {time.monotonic() - started:.1f} s "
                    f"— acknowledged {row.result.acknowledged}, stored {row.result.stored}, stored with "
                    f"answer lost {row.result.stored_unacknowledged}, differences "
                    f"{len(row.result.differences) + len(row.problems)}; {row.figures}",
                    flush=True,
                )
        finally:
            server.stop()
            from django.db import connections

            connections.close_all()
            if not all(r.held for r in rows):
                log.seek(0)
                print("--- gunicorn log (end) ---\n" + log.read().decode(errors="replace")[-4000:], file=sys.stderr)
        with __import__("psycopg").connect(cluster.url(), autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    setup = (
        f"{'quick' if args.quick else 'full'} run of {dt.date.today():%Y-%m-%d} on {os.cpu_count()} cores, "
        f"gunicorn {args.workers} sync workers, a private PostgreSQL {version} cluster (fsync on), "
        f"clients on the same machine; {time.monotonic() - began:.0f} s in all. Load average (1 min) "
        f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (other work on the machine "
        "slows every figure; the reconciliation does not depend on it)."
    )
    command = ".venv/bin/python bench/reliability.py" + (" --quick" if args.quick else "")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(render(rows, setup=setup, command=command))
    print(f"report: {args.report}")
    return 0 if rows and all(r.held for r in rows) else 1
