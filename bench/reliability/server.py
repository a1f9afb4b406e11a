"""The server (as ``scripts/start`` runs it, ``web/serve.py``) under the suite's control: started,
its workers or itself killed with SIGKILL, restarted.

``with_worker``: the whole of what ``scripts/start`` runs, ``python -m web.serve --with-worker``:
the web server and a background worker with its scheduler beside it (web/jobs), supervised by
that one process (``web.serve.supervise``). It runs in a process group of its own, so that
stopping it can end every process it started. The fault scenarios use the web server alone, whose
master they kill: a worker beside it would end with it (supervise stops the others when one ends)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from voting_setup import ROOT, start_server, wait_for_port


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def descendants(pid: int) -> list[int]:
    return [p for child in children(pid) for p in (child, *descendants(child))]


def _is_job_worker(pid: int) -> bool:
    try:
        return b"run_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


class Server:
    def __init__(self, port: int, workers: int, log: IO[bytes]) -> None:
        from web.serve import THREADS

        self.port, self.workers, self.threads, self.log = port, workers, THREADS, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.with_worker = False

    def start(self, *, with_worker: bool = False) -> None:
        self.with_worker = with_worker
        if with_worker:
            argv = [sys.executable, "-m", "web.serve", "--port", str(self.port), "--workers", str(self.workers)]
            self.proc = subprocess.Popen(
                [*argv, "--with-worker"],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=self.log,
                stderr=self.log,
                start_new_session=True,
            )
        else:
            self.proc = start_server(self.port, self.workers, log=self.log)
        wait_for_port(self.port)
        deadline = time.monotonic() + 30
        while len(children(self.master)) < self.workers and time.monotonic() < deadline:
            time.sleep(0.05)

    @property
    def master(self) -> int:
        """The web server's master process (under ``web.serve --with-worker``, its child)."""
        assert self.proc is not None
        if not self.with_worker:
            return self.proc.pid
        web = [pid for pid in children(self.proc.pid) if not _is_job_worker(pid)]
        return web[0] if web else self.proc.pid

    def kill_workers(self) -> int:
        """SIGKILL every worker; the master notices and starts new ones."""
        pids = children(self.master)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return len(pids)

    def kill_everything(self) -> int:
        """SIGKILL the master first (so it cannot start new workers), then its workers. With the
        background worker: every process of the group."""
        assert self.proc is not None
        if self.with_worker:
            group = 1 + len(descendants(self.proc.pid))
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None
            return group
        pids = children(self.master)
        os.kill(self.master, signal.SIGKILL)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        self.proc = None
        return len(pids) + 1

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.kill_everything()
            return
        if self.with_worker:  # anything of the group that outlived its supervisor
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc = None
