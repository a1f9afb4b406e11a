"""The scenarios. Each returns a Row: what was tried, how much, the reconciliation, figures,
and any other check that failed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from voting_setup import pct

from reliability.clients import (
    FAILURES,
    SLOW_KINDS,
    Browser,
    Caster,
    DocumentWatcher,
    Reader,
    Shared,
    SlowConnections,
)
from reliability.cluster import PrivateCluster
from reliability.reconcile import CodeLog, Reconciliation, reconcile
from reliability.server import Server
from reliability.world import World, code_logs, download, job_window, poll_state, stored_ballots, stored_file


@dataclass
class Row:
    name: str
    tried: str
    amount: str
    result: Reconciliation
    figures: str
    problems: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.result.held and not self.problems


@dataclass
class Context:
    world: World
    server: Server
    cluster: PrivateCluster
    casters: int
    readers: int
    retry_for: float
    #: each scenario's cast latencies (seconds), for the others to show beside theirs
    cast_latencies: dict[str, list[float]] = field(default_factory=dict)


def _latency(values: list[float]) -> str:
    return f"p50 {pct(values, 50):.0f} / p95 {pct(values, 95):.0f} / p99 {pct(values, 99):.0f} ms"


def _run_casters(
    ctx: Context,
    poll_id: int,
    logs: list[CodeLog],
    shared: Shared,
    *,
    during: Callable[[], None] | None = None,
    abandon_first: Callable[[int], float] | None = None,
) -> tuple[float, list[str]]:
    """Cast every code with ``ctx.casters`` clients; ``during`` runs in this thread meanwhile.
    Returns the elapsed seconds and the clients' own failures."""
    casters = [
        Caster(
            ctx.server.port,
            poll_id,
            logs[i :: ctx.casters],
            shared,
            retry_for=ctx.retry_for,
            abandon_first=abandon_first,
        )
        for i in range(ctx.casters)
    ]
    started = time.monotonic()
    for c in casters:
        c.start()
    if during is not None:
        during()
    for c in casters:
        c.join()
    failures = [f"client failed: {c.failure!r}" for c in casters if c.failure is not None]
    return time.monotonic() - started, failures


def _wait_for_acks(shared: Shared, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while shared.acks < n and time.monotonic() < deadline:
        time.sleep(0.002)


def _recovery(shared: Shared, since: float) -> float:
    """Seconds from a fault to the first receipt of a request sent after it."""
    after = [end for start, end, kind in list(shared.timeline) if kind == "ack" and start >= since]
    return (min(after) - since) if after else float("nan")


def _lost(shared: Shared) -> int:
    return sum(1 for _s, _e, kind in shared.timeline if kind == "error")


def burst(port: int, path: str, n: int) -> list[str]:
    """``n`` GETs at once (so every worker takes some); their statuses, or the error's name."""
    out: list[str] = []
    start = threading.Barrier(n)

    def get() -> None:
        start.wait()
        try:
            status, _text = Browser(port).request("GET", path)
            out.append(str(status))
        except FAILURES as exc:
            out.append(type(exc).__name__)

    threads = [threading.Thread(target=get) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def warm(server: Server, world: World) -> None:
    """Every worker loads Django (and the pages' code) before any clock starts."""
    for path in ("/vote/", f"/u/{world.unit_code}/"):
        burst(server.port, path, 3 * server.workers)


def load(ctx: Context) -> Row:
    poll_id, codes = ctx.world.polls["load"]
    logs = code_logs(poll_id, codes)
    shared = Shared()
    unit = ctx.world.unit_code
    pages = {
        "board": f"/u/{unit}/",
        "result": f"/u/{unit}/results/{ctx.world.published_poll_id}/",
        "live": f"/staff/meetings/{ctx.world.meeting_id}/live",
    }
    stop = threading.Event()
    readers = [
        Reader(ctx.server.port, pages, stop, {"sessionid": ctx.world.staff_session}, i) for i in range(ctx.readers)
    ]
    for r in readers:
        r.start()
    elapsed, problems = _run_casters(ctx, poll_id, logs, shared)
    ctx.cast_latencies["load"] = shared.cast_latencies
    stop.set()
    for r in readers:
        r.join()
    reads = {name: [v for r in readers for v in r.latencies[name]] for name in pages}
    all_reads = [v for values in reads.values() for v in values]
    problems += [f"read failed: {f}" for r in readers for f in r.failures][:20]
    if shared.timeline and _lost(shared):
        problems.append(f"{_lost(shared)} casts got no answer under load alone")
    result = reconcile(logs, stored_ballots(poll_id))
    figures = (
        f"casts: {result.acknowledged / elapsed:.0f} ballots/s, {_latency(shared.cast_latencies)}; "
        f"reads: {len(all_reads) / elapsed:.0f}/s, {_latency(all_reads)} "
        f"(board p95 {pct(reads['board'], 95):.0f}, result p95 {pct(reads['result'], 95):.0f}, "
        f"live p95 {pct(reads['live'], 95):.0f} ms)"
    )
    return Row(
        "load",
        f"{ctx.casters} clients cast over HTTP while {ctx.readers} others read the public board, "
        "a published result and the live page",
        f"{len(codes)} codes, {len(all_reads)} page reads",
        result,
        figures,
        problems,
    )


def sigkill(ctx: Context) -> Row:
    poll_id, codes = ctx.world.polls["sigkill"]
    logs = code_logs(poll_id, codes)
    shared = Shared()
    faults: list[tuple[str, float, int]] = []

    def during() -> None:
        _wait_for_acks(shared, len(codes) // 3)
        faults.append(("workers", time.monotonic(), ctx.server.kill_workers()))
        _wait_for_acks(shared, 2 * len(codes) // 3)
        faults.append(("master", time.monotonic(), ctx.server.kill_everything()))
        ctx.server.start()

    _elapsed, problems = _run_casters(ctx, poll_id, logs, shared, during=during)
    if len(faults) != 2:
        problems.append("the kills did not happen")
    result = reconcile(logs, stored_ballots(poll_id))
    figures = (
        "; ".join(
            f"{what}: {n} processes killed, first receipt {_recovery(shared, t):.1f} s later" for what, t, n in faults
        )
        + f"; {result.lost_answers} answers lost, all retried"
    )
    return Row(
        "SIGKILL",
        "SIGKILL every server worker at 1/3 of the run (the master starts new ones), "
        "then the master and its workers at 2/3 and start the server again; clients retry lost answers "
        "with the same code",
        f"{len(codes)} codes, {sum(n for _w, _t, n in faults)} processes killed",
        result,
        figures,
        problems,
    )


def pg_restart(ctx: Context) -> Row:
    poll_id, codes = ctx.world.polls["pg_restart"]
    logs = code_logs(poll_id, codes)
    shared = Shared()
    faults: list[tuple[float, float]] = []

    def during() -> None:
        _wait_for_acks(shared, len(codes) // 2)
        started = time.monotonic()
        ctx.cluster.restart()
        faults.append((started, time.monotonic()))

    _elapsed, problems = _run_casters(ctx, poll_id, logs, shared, during=during)
    if not faults:
        problems.append("the restart did not happen")
    result = reconcile(logs, stored_ballots(poll_id))
    # a quiet restart: workers idle with a persistent connection the database has dropped; the next
    # requests must not fail on it (CONN_HEALTH_CHECKS)
    ctx.cluster.restart()
    idle = burst(ctx.server.port, f"/u/{ctx.world.unit_code}/", 3 * ctx.server.workers)
    idle_failed = [s for s in idle if s != "200"]
    if idle_failed:
        problems.append(
            f"after a restart with idle workers, {len(idle_failed)} of {len(idle)} requests "
            f"failed ({', '.join(sorted(set(idle_failed)))})"
        )
    server_errors = sum(1 for log in logs for kind, value in log.events if kind == "error" and value.startswith("HTTP"))
    errors_after = sum(1 for start, _e, kind in shared.timeline if kind == "error" and faults and start >= faults[0][1])
    figures = ""
    if faults:
        began, back = faults[0]
        figures = (
            f"restart took {back - began:.1f} s; first receipt {_recovery(shared, began):.1f} s after it "
            f"began; {result.lost_answers} answers lost ({server_errors} of them 5xx), {errors_after} "
            f"after the database was back; all retried. A second restart with idle workers: "
            f"{len(idle) - len(idle_failed)} of {len(idle)} next requests answered"
        )
    return Row(
        "PostgreSQL restart",
        "`pg_ctl restart -m fast` of the private cluster halfway through; the app "
        "reconnects by itself, clients retry lost answers",
        f"{len(codes)} codes, 1 restart",
        result,
        figures,
        problems,
    )


def timeout_retry(ctx: Context) -> Row:
    poll_id, codes = ctx.world.polls["timeout"]
    logs = code_logs(poll_id, codes)
    shared = Shared()
    # close at once, or after 1-15 ms: sometimes before the server stored, sometimes after
    _elapsed, problems = _run_casters(ctx, poll_id, logs, shared, abandon_first=lambda i: (i % 4) * 0.005)
    stored = stored_ballots(poll_id)
    result = reconcile(logs, stored)
    if len(stored) != len(codes):
        problems.append(f"{len(codes)} codes, {len(stored)} ballots stored (one each expected)")
    retried_used = sum(1 for log in logs if log.used_after_error())
    return Row(
        "timeout retry",
        "each client sends a cast, closes the socket before reading the answer, then sends the same code again",
        f"{len(codes)} codes, each sent twice",
        result,
        f"retry told 'already used': {retried_used}, retry got the receipt: {result.acknowledged}; "
        f"ballots stored per code: exactly 1",
        problems,
    )


def close_while_casting(ctx: Context) -> Row:
    poll_id, codes = ctx.world.polls["close"]
    logs = code_logs(poll_id, codes)
    shared = Shared()
    closed: list[tuple[float, float, int]] = []

    def during() -> None:
        staff = Browser(ctx.server.port, {"sessionid": ctx.world.staff_session})
        staff.fetch_token(f"/staff/polls/{poll_id}/", time.monotonic() + ctx.retry_for)
        _wait_for_acks(shared, len(codes) * 2 // 5)
        started = time.monotonic()
        status, _text = staff.request("POST", f"/staff/polls/{poll_id}/close/", {"csrfmiddlewaretoken": staff.token})
        closed.append((started, time.monotonic(), status))

    _elapsed, problems = _run_casters(ctx, poll_id, logs, shared, during=during)
    stored = stored_ballots(poll_id)
    result = reconcile(logs, stored)
    poll = poll_state(poll_id)
    acknowledged = {r for log in logs for r in log.receipts}
    counted = {b["receipt"] for b in (poll.record or {}).get("ballots", [])}
    refused = sum(1 for log in logs if any(kind == "closed" for kind, _v in log.events))
    after_close = sum(1 for start, _e, kind in shared.timeline if kind == "ack" and closed and start >= closed[0][1])
    if poll.state != "closed":
        problems.append(f"the poll is {poll.state} after the close request (HTTP {closed[0][2] if closed else '-'})")
    else:
        if counted != acknowledged:
            problems.append(
                f"the record counts {len(counted)} ballots, {len(acknowledged)} were acknowledged "
                f"({len(counted ^ acknowledged)} differ)"
            )
        if poll.result["counts"]["yes"] != len(acknowledged):
            problems.append(f"the result counts {poll.result['counts']['yes']} yes, {len(acknowledged)} acknowledged")
        if {r for _h, r in stored} != counted:
            problems.append("ballots were stored after the record was made")
    if after_close:
        problems.append(f"{after_close} casts sent after the close were accepted")
    if refused + len(acknowledged) != len(codes):
        problems.append(f"{len(codes) - refused - len(acknowledged)} casts neither acknowledged nor refused")
    return Row(
        "close while casting",
        "the organiser closes the poll (staff page, HTTP) while clients cast",
        f"{len(codes)} codes, close after {len(codes) * 2 // 5} receipts",
        result,
        f"in the closed poll's record: {len(counted)}, acknowledged: {len(acknowledged)}, "
        f"refused as closed: {refused}, accepted after the close: {after_close}",
        problems,
    )


def slow_clients(ctx: Context) -> Row:
    """Issue 9: three slow connections stalled three sync workers for 30 s. Here more slow
    connections are held than the server has application threads (workers × threads × 2 of each
    kind), and the casting must go on as in the load scenario, every ballot reconciled."""
    poll_id, codes = ctx.world.polls["slow_clients"]
    logs = code_logs(poll_id, codes)
    shared = Shared()
    per_kind = ctx.server.workers * ctx.server.threads * 2
    slow = SlowConnections(ctx.server.port, per_kind)
    slow.start()
    time.sleep(2)  # every slow connection has been accepted and has sent a byte or two more
    elapsed, problems = _run_casters(ctx, poll_id, logs, shared)
    still_open = slow.stop()
    result = reconcile(logs, stored_ballots(poll_id))
    if _lost(shared):
        problems.append(f"{_lost(shared)} casts got no answer while slow clients were connected")
    closed = ", ".join(f"{n} {name}" for name, n in slow.closed_by_server.items())
    figures = (
        f"casts: {result.acknowledged / elapsed:.0f} ballots/s, {_latency(shared.cast_latencies)}; "
        f"slow connections still open at the end: {still_open} of {per_kind * len(SLOW_KINDS)} "
        f"(closed by the server meanwhile: {closed})"
    )
    kinds = " and ".join(SLOW_KINDS)
    return Row(
        "slow clients",
        f"{ctx.casters} clients cast while {per_kind} connections of each kind ({kinds}) send their request "
        "a byte a second: more than the server's application threads",
        f"{len(codes)} codes, {per_kind * len(SLOW_KINDS)} slow connections",
        result,
        figures,
        problems,
    )


#: how long the document may take to be made, from the asking (the worker starting included)
DOCUMENT_TIMEOUT = 180.0
#: what the asking may take at most: it writes a row and puts a job on the queue, nothing more
ASK_LIMIT = 2.0
SLOW_PER_KIND = 3


#: the scenarios run against the server with its background worker beside it; the others kill or
#: restart the web server, which would end the worker with it (web.serve.supervise)
WITH_WORKER = {"document"}


def serve_for(ctx: Context, name: str) -> None:
    """Start the server again if scenario ``name`` needs it run the other way (with or without
    its background worker); run last, the one scenario with the worker costs one restart."""
    wanted = name in WITH_WORKER
    if ctx.server.with_worker != wanted or ctx.server.proc is None:
        ctx.server.stop()
        ctx.server.start(with_worker=wanted)
        warm(ctx.server, ctx.world)


def _wait_until_made_or_making(download_id: int, timeout: float) -> str:
    """The download's state once the worker has taken it (running, or already done or failed),
    or what it still is after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    state = download(download_id).state
    while state == "queued" and time.monotonic() < deadline:
        time.sleep(0.05)
        state = download(download_id).state
    return str(state)


def document_in_progress(ctx: Context) -> Row:
    """Issue 11: "three slow clients and a 2,000-ballot PDF in progress, while ballots are cast at
    the usual rate". The server is started again as scripts/start starts it (``web.serve
    --with-worker``: the web server and a background worker beside it), on the same database.
    Three slow connections of each kind send their request a byte a second; the organiser asks
    for the most paper ballots of this scenario's poll the poll page's link allows (``?copies=``,
    ``MAX_COPIES``: 2,000, in the quick run too: the worker makes them in a few seconds), which
    must answer with the download's page at once (under ``ASK_LIMIT``) and leave the PDF to the
    worker. Once the worker is making it, the load scenario's casters
    cast every code, while the organiser's browser re-reads the download's progress every 2 s as
    the page does. Then the download must be made within ``DOCUMENT_TIMEOUT`` of the asking: its
    row done, its file on disk, and the file downloaded from the page a PDF of as many pages as
    copies asked. The casting reconciles as everywhere, and no cast may go unanswered; its
    latencies are shown beside the load scenario's of the same run."""
    poll_id, codes = ctx.world.polls["document"]
    logs = code_logs(poll_id, codes)
    shared = Shared()
    from web.meetings.pdf import MAX_COPIES

    copies = MAX_COPIES
    problems: list[str] = []
    assert ctx.server.with_worker, "serve_for() starts the server with its worker for this scenario"
    slow = SlowConnections(ctx.server.port, SLOW_PER_KIND)
    try:
        slow.start()
        watcher = DocumentWatcher(
            ctx.server.port,
            f"/staff/polls/{poll_id}/ballots.pdf?copies={copies}",
            {"sessionid": ctx.world.staff_session},
            timeout=DOCUMENT_TIMEOUT,
        )
        asked_at = time.monotonic()
        watcher.start()
        watcher.asked.wait(DOCUMENT_TIMEOUT)
        download_id = int(watcher.page.strip("/").split("/")[-1]) if watcher.page else 0
        state = _wait_until_made_or_making(download_id, DOCUMENT_TIMEOUT) if download_id else "never asked"
        if state != "running":
            problems.append(f"the document was {state}, not being made, when the casting began")
        cast_from = time.time()
        elapsed, problems_casting = _run_casters(ctx, poll_id, logs, shared)
        cast_to = time.time()
        problems += problems_casting
        still_open = slow.stop()
        watcher.join(max(0.0, DOCUMENT_TIMEOUT - (time.monotonic() - asked_at)))
    finally:
        slow.stop()
    result = reconcile(logs, stored_ballots(poll_id))
    if _lost(shared):
        problems.append(f"{_lost(shared)} casts got no answer while slow clients and the document were in progress")
    problems += _document_problems(watcher, download_id, copies)
    made = job_window("web.downloads.jobs.render", download_id) if download_id else None
    load = ctx.cast_latencies.get("load")
    shown = [what for _s, what in watcher.reads]
    figures = (
        f"casts: {result.acknowledged / elapsed:.0f} ballots/s, {_latency(shared.cast_latencies)}"
        + (f" (load, same run: {_latency(load)})" if load else "")
        + f"; asking for the document: {watcher.ask_seconds * 1000:.0f} ms (HTTP {watcher.ask_status})"
        + (
            f"; made by the worker in {made[1] - made[0]:.1f} s, from {made[0] - cast_from:+.1f} s to "
            f"{made[1] - cast_from:+.1f} s of the {cast_to - cast_from:.1f} s casting"
            if made
            else ""
        )
        + f"; its page re-read {len(shown)} times ({' → '.join(dict.fromkeys(shown))}, "
        f"p95 {pct([s for s, _w in watcher.reads], 95):.0f} ms); file {len(watcher.file) / 1024:.0f} KiB; "
        f"slow connections still open at the end: {still_open} of {SLOW_PER_KIND * len(SLOW_KINDS)}"
    )
    return Row(
        "slow clients and a document in progress",
        f"the server as scripts/start runs it (web.serve --with-worker); {ctx.casters} clients cast while "
        f"{SLOW_PER_KIND} connections of each kind ({' and '.join(SLOW_KINDS)}) send their request a byte a "
        f"second and the background worker makes the {copies}-ballot PDF the organiser asked for on the "
        "poll's page, which re-reads its progress every 2 s",
        f"{len(codes)} codes, {SLOW_PER_KIND * len(SLOW_KINDS)} slow connections, {copies} ballots",
        result,
        figures,
        problems,
    )


def _document_problems(watcher: DocumentWatcher, download_id: int, copies: int) -> list[str]:
    """What is wrong with the document's asking and making; nothing when it held."""
    from io import BytesIO

    from pypdf import PdfReader

    if watcher.failure is not None:
        return [f"the organiser's browser failed: {watcher.failure!r}"]
    if watcher.ask_status != 302 or not download_id:
        return [f"asking for the document answered HTTP {watcher.ask_status}, not the download's page"]
    problems = []
    if not watcher.ask_seconds < ASK_LIMIT:
        problems.append(f"asking for the document took {watcher.ask_seconds:.1f} s (limit {ASK_LIMIT:.0f} s)")
    row = download(download_id)
    if row.state != "done":
        return [*problems, f"the document is {row.state} {DOCUMENT_TIMEOUT:.0f} s after it was asked for"]
    if stored_file(row) is None:
        problems.append("the document is marked done but its file is not on disk")
    if not watcher.file.startswith(b"%PDF"):
        problems.append("the file downloaded from the document's page is not a PDF")
    elif (pages := len(PdfReader(BytesIO(watcher.file)).pages)) != copies:
        problems.append(f"the PDF has {pages} pages, {copies} ballots were asked for")
    return problems


SCENARIOS = [
    ("load", load),
    ("slow_clients", slow_clients),
    ("sigkill", sigkill),
    ("pg_restart", pg_restart),
    ("timeout", timeout_retry),
    ("close", close_while_casting),
    ("document", document_in_progress),  # last: the one restart, to run the worker beside the server
]
