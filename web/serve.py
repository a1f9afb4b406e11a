"""How Jiceng is served: one command for ``scripts/start``, the benchmarks and the reliability suite.

    python -m web.serve [--bind 127.0.0.1] [--port 8000] [--workers 3] [--access-log]

``JICENG_SERVER`` chooses (docs/architecture.md, "Serving", has the measurements behind it):

- ``granian`` (the default): granian worker processes running Django's ASGI application
  (``web/asgi.py``). Connections are read and written by an event loop in Rust, and Django reads
  a request's body asynchronously before the view runs in a thread, so a client that sends its
  request or reads its answer slowly costs a socket, never a thread or a worker.
- ``granian-wsgi``: the same server running the WSGI application in ``THREADS`` threads per
  worker; a little less CPU per request, but a client that sends its body slowly holds a thread.
- ``gunicorn``: gunicorn's threaded workers (``THREADS`` each, 30 s timeout), as before granian;
  like ``granian-wsgi`` it holds as many slow clients as it has threads, no more.

On PostgreSQL each worker process keeps a pool of database connections (``JICENG_DB_POOL``, set
here unless given): a request borrows one, so the connections are bounded by the pool, not by the
threads requests run in."""

from __future__ import annotations

import argparse
import os
import sys

SERVERS = ("granian", "granian-wsgi", "gunicorn")
#: application threads per worker process (granian-wsgi, gunicorn)
THREADS = 4
#: database connections per worker process on PostgreSQL
POOL = 8


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
    """The server's environment: this one, with the database connections' lifetime and pool.

    Under ASGI each request's code runs in a thread of its own, so a connection kept in a thread
    would outlive it unused: connections are not kept (``JICENG_DB_CONN_MAX_AGE=0``), and on
    PostgreSQL the pool keeps them instead. Under WSGI threads live on and keep theirs a minute."""
    env = {"JICENG_DB_CONN_MAX_AGE": "60", "JICENG_DB_POOL": str(POOL), **os.environ}
    if server() == "granian":
        env["JICENG_DB_CONN_MAX_AGE"] = "0"
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--access-log", action="store_true")
    args = parser.parse_args()
    argv = command(port=args.port, workers=args.workers, bind=args.bind, access_log=args.access_log)
    os.execve(argv[0], argv, environment())


if __name__ == "__main__":
    main()
