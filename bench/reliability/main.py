"""On a private PostgreSQL cluster: the test groups (pytest), then the load and fault scenarios against
the server as scripts/start runs it; writes the report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import signal
import sys
import tempfile
import time
from pathlib import Path

from voting_setup import ROOT, free_port

from reliability.cluster import PrivateCluster
from reliability.groups import SCHEMATHESIS_EXAMPLES, GroupRow, run_groups
from reliability.scenarios import Row

SIZES = {
    # scenario: codes (quick, full)
    "load": (80, 2000),
    "sigkill": (90, 1500),
    "pg_restart": (90, 1500),
    "timeout": (24, 300),
    "close": (60, 1000),
    "slow_clients": (80, 1000),
    "document": (80, 1000),
}


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _command(argv: list[str]) -> str:
    python = Path(sys.executable)
    shown = ".venv/bin/python" if python.parent == ROOT / ".venv" / "bin" else str(python)
    return shlex.join([shown, "bench/reliability.py", *argv])


def _machine() -> str:
    memory = ""
    try:
        kib = int(
            next(
                line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
            ).split()[1]
        )
        memory = f", {kib / 1024 / 1024:.1f} GiB memory"
    except (OSError, StopIteration, ValueError, IndexError):
        pass
    model = ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores{f' ({model})' if model else ''}{memory}"


def _load() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        description="The reliability suite: test groups, then load and faults, reconciled."
    )
    parser.add_argument(
        "--quick", action="store_true", help="small load numbers and no test groups (they run in CI's normal suite)"
    )
    parser.add_argument("--only", choices=["tests", "load"], help="run one half: the test groups or load and faults")
    parser.add_argument("--workers", type=int, default=3, help="server worker processes (default 3)")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "reliability.md")
    parser.add_argument("--scenario", action="append", help="run only this load or fault scenario (repeatable)")
    parser.add_argument(
        "--examples",
        type=int,
        default=SCHEMATHESIS_EXAMPLES,
        help=f"schemathesis inputs per API operation (default {SCHEMATHESIS_EXAMPLES})",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    from reliability.cluster import PrivateCluster
    from reliability.report import render

    run_tests = args.only != "load" and not args.quick
    run_load = args.only != "tests"
    tests_note = ""
    if args.quick and args.only != "load":
        tests_note = "Not run: `--quick` skips the test groups (they run in CI with the rest of the suite, `.ci/run`)."
    elif args.only == "load":
        tests_note = "Not run: `--only load`."
    began = time.monotonic()
    load_before = _load()
    groups: list[GroupRow] = []
    rows: list[Row] = []
    setup = ""
    with PrivateCluster() as cluster:
        if run_tests:
            with tempfile.TemporaryDirectory(prefix="jiceng-reliability-tests-") as tmp:
                groups = run_groups(
                    cluster.create_database("jiceng_reliability_tests"), Path(tmp), examples=args.examples
                )
        if run_load:
            rows, setup = _load_and_faults(args, cluster)
        with __import__("psycopg").connect(cluster.url(), autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    header = (
        f"{'quick' if args.quick else 'full'} run of {dt.date.today():%Y-%m-%d}, {time.monotonic() - began:.0f} s "
        f"in all. Machine: {_machine()}; a private PostgreSQL {version} cluster (fsync on). Load average "
        f"(1 / 5 / 15 min) {load_before} at the start, {_load()} at the end — other work on the machine slows "
        "every figure; what held does not depend on it."
    )
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(
        render(
            rows,
            setup=setup,
            command=_command(argv),
            header=header,
            groups=groups,
            tests_note=tests_note,
            load_note="" if run_load else "Not run: `--only tests`.",
        )
    )
    print(f"report: {args.report}")
    ran = groups + rows
    return 0 if ran and all(r.held for r in ran) else 1


def _load_and_faults(args: argparse.Namespace, cluster: PrivateCluster) -> tuple[list[Row], str]:
    from reliability.scenarios import SCENARIOS, Context, serve_for
    from reliability.server import Server

    chosen = [(name, run) for name, run in SCENARIOS if not args.scenario or name in args.scenario]
    sizes = {name: SIZES[name][0 if args.quick else 1] for name, _run in chosen}
    rows: list[Row] = []
    began = time.monotonic()
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory(prefix="jiceng-reliability-var-") as var:
        os.environ.update(
            {
                "DATABASE_URL": cluster.create_database("jiceng_reliability"),
                "DJANGO_SETTINGS_MODULE": "web.settings",
                "JICENG_DEBUG": "0",
                # the secret key and the documents the worker makes, shared by this process and the server
                "JICENG_VAR_DIR": var,
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
        from reliability.scenarios import warm

        warm(server, world)
        ctx = Context(
            world=world,
            server=server,
            cluster=cluster,
            casters=6 if args.quick else 16,
            readers=3 if args.quick else 4,
            retry_for=60,
        )
        try:
            for name, run in chosen:
                serve_for(ctx, name)
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
                print("--- server log (end) ---\n" + log.read().decode(errors="replace")[-4000:], file=sys.stderr)
    from web.serve import THREADS

    server = os.environ.get("JICENG_SERVER", "granian")
    setup = (
        f"{server} ({args.workers} workers × {THREADS} threads, web/serve.py), clients on the same machine; "
        f"{time.monotonic() - began:.0f} s."
    )
    return rows, setup
