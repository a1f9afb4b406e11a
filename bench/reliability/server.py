"""The server (as ``scripts/start`` runs it, ``web/serve.py``) under the suite's control: started,
its workers or itself killed with SIGKILL, restarted."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

from voting_setup import start_server, wait_for_port


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


class Server:
    def __init__(self, port: int, workers: int, log: IO[bytes]) -> None:
        from web.serve import THREADS

        self.port, self.workers, self.threads, self.log = port, workers, THREADS, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = start_server(self.port, self.workers, log=self.log)
        wait_for_port(self.port)
        deadline = time.monotonic() + 30
        while len(children(self.proc.pid)) < self.workers and time.monotonic() < deadline:
            time.sleep(0.05)

    @property
    def master(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill_workers(self) -> int:
        """SIGKILL every worker; the master notices and starts new ones."""
        pids = children(self.master)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return len(pids)

    def kill_everything(self) -> int:
        """SIGKILL the master first (so it cannot start new workers), then its workers."""
        assert self.proc is not None
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
        self.proc = None
