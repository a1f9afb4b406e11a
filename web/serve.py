"""How Jiceng is served: one command for ``scripts/start``, the benchmarks and the reliability suite.

    python -m web.serve [--bind 127.0.0.1] [--port 8000] [--workers 3] [--access-log] [--with-worker]

``--with-worker`` runs a background worker and its scheduler beside the server (web/jobs), and
stops both on Ctrl-C.

``JICENG_SERVER`` chooses (docs/architecture.md, "Serving", has the measurements behind it):

- ``granian`` (the default): granian worker processes (``web/asgi.py``). Connections are read and
  written by an event loop in Rust; each request is received whole there, then Django runs it in
  the process's one application thread, and the answer is sent from the loop. A client that sends
  its request or reads its answer slowly costs a socket, never the thread or the worker.
- ``granian-wsgi``: the same server running the WSGI application in ``THREADS`` threads per
  worker; a client that sends its body slowly holds a thread.
- ``gunicorn``: gunicorn's threaded workers (``THREADS`` each, 30 s timeout), as before granian;
  like ``granian-wsgi`` it holds as many slow clients as it has threads, no more.

``JICENG_DB_POOL=N`` (PostgreSQL) gives each process a pool of N connections instead of one per
thread, for a server run with many threads."""

from __future__ import annotations

import argparse
import os
import sys

SERVERS = ("granian", "granian-wsgi", "gunicorn")
#: application threads per worker process (granian-wsgi, gunicorn)
THREADS = 4


def server() -> str:
    chosen = os.environ.get("JICENG_SERVER", "granian")
    if chosen not in SERVERS:
        raise SystemExit(f"JICENG_SERVER must be one of {', '.join(SERVERS)}, not {chosen!r}")
    return chosen


def command(*, port: int, workers: int, bind: str = "127.0.0.1", access_log: bool = False) -> list[str]:
    """The argv that serves Jiceng with the server ``JICENG_SERVER`` names."""
    chosen = server()
    if chosen == "granian":
        # asginl: ASGI without the lifespan protocol, which Django does not speak
        argv = ["-m", "granian", "--interface", "asginl", "--workers", str(workers)]
    elif chosen == "granian-wsgi":
        argv = ["-m", "granian", "--interface", "wsgi", "--workers", str(workers), "--blocking-threads", str(THREADS)]
    if chosen.startswith("granian"):
        app = "web.asgi:application" if chosen == "granian" else "web.wsgi:application"
        argv += ["--host", bind, "--port", str(port), "--respawn-failed-workers", "--log-level", "warning"]
        argv += [*(["--access-log"] if access_log else []), app]
    else:
        argv = ["-m", "gunicorn", "web.wsgi:application", "--bind", f"{bind}:{port}", "--workers", str(workers)]
        argv += ["--worker-class", "gthread", "--threads", str(THREADS), "--timeout", "30"]
        argv += ["--log-level", "warning", *(["--access-logfile", "-"] if access_log else [])]
    return [sys.executable, *argv]


def environment() -> dict[str, str]:
    """The server's environment: this one, with each thread keeping its database connection for a
    minute (checked before reuse) unless ``JICENG_DB_CONN_MAX_AGE`` says otherwise."""
    return {"JICENG_DB_CONN_MAX_AGE": "60", **os.environ}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--access-log", action="store_true")
    parser.add_argument(
        "--with-worker", action="store_true", help="also run a background worker and its scheduler (scripts/start)"
    )
    args = parser.parse_args()
    argv = command(port=args.port, workers=args.workers, bind=args.bind, access_log=args.access_log)
    if not args.with_worker:
        os.execve(argv[0], argv, environment())
    raise SystemExit(supervise([argv, worker_command()], environment()))


def worker_command() -> list[str]:
    """The argv of one background worker with its scheduler (web/jobs)."""
    return [sys.executable, "manage.py", "run_worker"]


def supervise(argvs: list[list[str]], env: dict[str, str]) -> int:
    """Run the processes side by side until one ends or Ctrl-C (or SIGTERM) stops them: then
    stop the others too, asking first (SIGTERM; SIGINT for a worker finishing its job) and
    insisting after 10 s. Returns the first exit status."""
    import signal
    import subprocess
    import time

    children = [subprocess.Popen(argv, env=env) for argv in argvs]
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    status = 0
    while not stopping:
        ended = [c for c in children if c.poll() is not None]
        if ended:
            status = ended[0].returncode or 0
            break
        time.sleep(0.2)
    for c in children:
        if c.poll() is None:
            c.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for c in children:
        try:
            c.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            c.kill()
            c.wait()
    return status


if __name__ == "__main__":
    main()
