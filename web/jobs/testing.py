"""Jobs for the worker tests (web/jobs/tests/test_worker_processes.py): they leave their traces in
files, so a test can see from outside which worker ran what, and how often."""

from __future__ import annotations

import os
import time
from pathlib import Path


def take(folder: str, label: str) -> None:
    """Claim ``label`` in ``folder`` by creating its file exclusively; a second run of the same job,
    by any worker, leaves a ``.twice`` file beside it."""
    path = Path(folder) / label
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        (path.parent / f"{label}.twice").touch()
        return
    with os.fdopen(fd, "w") as f:
        f.write(str(os.getpid()))


def slow_result(folder: str, seconds: float) -> None:
    """Write a result the idempotent way: note the attempt, work, write under a temporary name,
    rename into place. Killed in the middle, the next delivery writes the one result."""
    out = Path(folder)
    with open(out / "attempts", "a") as f:
        f.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    tmp = out / f"result.{os.getpid()}.tmp"
    tmp.write_text("done")
    os.replace(tmp, out / "result")
