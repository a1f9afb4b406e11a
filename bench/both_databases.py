"""Run a benchmark's child process on SQLite, then on a scratch PostgreSQL database when
127.0.0.1:5432 answers (created for the run and dropped after it)."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def run_on_both(command: list[str], *, env: dict[str, str], tmp: str, cwd: Path, label: str) -> None:
    print("SQLite:")
    subprocess.run(command, check=True, cwd=cwd, env={**env, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"})
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        print("PostgreSQL: 127.0.0.1:5432 does not answer; not measured.")
        return
    import psycopg

    name = f"jiceng_bench_{label}_{os.getpid()}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        print("PostgreSQL:")
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
        subprocess.run(command, check=True, cwd=cwd, env={**env, "DATABASE_URL": url})
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
