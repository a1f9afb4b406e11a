"""The schedule in code, written to the queue; a periodic job run twice records nothing twice;
and the start command's supervisor stops everything with Ctrl-C or when one part ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_q.models import Schedule

from web.jobs import queue

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_schedule_in_code_is_written_to_the_queue_and_old_entries_go():
    Schedule.objects.create(name="retired_job", func="web.nowhere.job", schedule_type=Schedule.HOURLY)
    Schedule.objects.create(func="web.someone.once", schedule_type=Schedule.ONCE)  # unnamed: not ours to drop
    assert queue.ensure_schedules() == [p.name for p in queue.PERIODIC]
    assert queue.ensure_schedules() == [p.name for p in queue.PERIODIC]  # twice: still one row each
    rows = {s.name: s for s in Schedule.objects.all()}
    assert set(rows) == {*(p.name for p in queue.PERIODIC), None}
    for job in queue.PERIODIC:
        assert (rows[job.name].func, rows[job.name].minutes, rows[job.name].repeats) == (job.func, job.minutes, -1)


def test_every_periodic_job_names_a_function_that_exists():
    from django.utils.module_loading import import_string

    for job in queue.PERIODIC:
        assert callable(import_string(job.func)), job.func


def _supervised(*children: str) -> subprocess.Popen[bytes]:
    """web.serve.supervise over ``children`` (Python one-liners), in a process of its own."""
    argvs = [[sys.executable, "-c", c] for c in children]
    code = f"import os, sys; from web.serve import supervise; sys.exit(supervise({argvs!r}, dict(os.environ)))"
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, start_new_session=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _children(parent: subprocess.Popen[bytes], n: int) -> list[int]:
    for _ in range(100):
        out = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True, text=True).stdout.split()
        if len(out) == n:
            return [int(p) for p in out]
        time.sleep(0.1)
    raise AssertionError("the supervised processes did not start")


def test_ctrl_c_stops_the_server_and_the_worker():
    sup = _supervised("import time; time.sleep(120)", "import time; time.sleep(120)")
    kids = _children(sup, 2)
    os.killpg(sup.pid, signal.SIGINT)  # Ctrl-C reaches the whole group, as in a terminal
    assert sup.wait(timeout=30) == 0
    assert not any(_alive(k) for k in kids)


def test_when_one_part_ends_the_others_are_stopped_and_its_status_returned():
    sup = _supervised("import time; time.sleep(120)", "import sys, time; time.sleep(1); sys.exit(3)")
    kids = _children(sup, 2)
    assert sup.wait(timeout=30) == 3
    assert not any(_alive(k) for k in kids)


def test_a_part_that_ignores_the_request_to_stop_is_killed():
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)"
    sup = _supervised(stubborn, "import sys, time; time.sleep(1); sys.exit(0)")
    kids = _children(sup, 2)
    assert sup.wait(timeout=40) == 0
    assert not any(_alive(k) for k in kids)
