"""Real worker processes (``manage.py run_worker``) on a database of their own: a worker killed
with SIGKILL in the middle of a job loses nothing (the job is delivered again and its result is
written once), and on PostgreSQL two workers share one queue without taking a job twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PG = "postgres://postgres@127.0.0.1:5432"


def _env(var: Path, database_url: str | None = None, *, timeout: int = 8, retry: int = 10) -> dict[str, str]:
    """A worker's environment; ``retry`` short, so that a killed worker's job comes back soon."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"JICENG_VAR_DIR": str(var), "JICENG_JOB_TIMEOUT": str(timeout), "JICENG_JOB_RETRY": str(retry)}
    env |= {"PYTHONPATH": str(ROOT)}
    env |= {"JICENG_JOB_WORKERS": "2", "DJANGO_SETTINGS_MODULE": "web.settings"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _enqueue(env: dict[str, str], func: str, *args: object) -> None:
    code = f"from web.jobs.queue import enqueue\nfor a in {list(args)!r}: enqueue({func!r}, *a)"
    _manage(env, "shell", "-c", code)


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = open(log, "ab")
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
    )


def _stop(worker: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def _until(check, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("the workers did not finish in time")


def test_a_worker_killed_in_the_middle_of_a_job_loses_nothing_and_writes_once(tmp_path):
    env = _env(tmp_path / "var")
    out = tmp_path / "out"
    out.mkdir()
    _manage(env, "migrate", "-v0")
    _enqueue(env, "web.jobs.testing.slow_result", [str(out), 6])
    first = _worker(env, tmp_path / "worker.log")
    _until(lambda: (out / "attempts").exists())
    _stop(first, signal.SIGKILL)  # the whole worker, mid-job
    assert not (out / "result").exists()
    second = _worker(env, tmp_path / "worker.log")
    try:
        _until(lambda: (out / "result").exists())
    finally:
        _stop(second)
    attempts = (out / "attempts").read_text().split()
    assert len(attempts) == 2 and attempts[0] != attempts[1]
    assert (out / "result").read_text() == "done"
    assert sorted(p.name for p in out.iterdir()) == ["attempts", "result"]  # no half-written file left


@pytest.fixture
def pg_database():
    name = f"jobs_{uuid.uuid4().hex[:10]}"
    try:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is needed for this test: {exc}")
    yield f"{PG}/{name}"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name], capture_output=True)


def test_two_workers_share_one_postgresql_queue_and_take_no_job_twice(tmp_path, pg_database):
    # a worker takes jobs ahead into its own processes; on a loaded machine the last of 60 may wait
    # longer than a 10 s retry and be delivered again, as the queue promises (at least once). This
    # test is about two workers sharing the queue, so its retry is long enough that only a lost
    # worker would bring a job back.
    env = _env(tmp_path / "var", pg_database, timeout=100, retry=120)
    out = tmp_path / "out"
    out.mkdir()
    _manage(env, "migrate", "-v0")
    jobs = 60
    _enqueue(env, "web.jobs.testing.take", *[[str(out), f"job{i:03d}"] for i in range(jobs)])
    workers = [_worker(env, tmp_path / f"worker{n}.log") for n in range(2)]
    try:
        _until(lambda: len([p for p in out.iterdir() if p.name.startswith("job")]) >= jobs)
        time.sleep(1)  # a job taken twice would show its second run now
    finally:
        for w in workers:
            _stop(w)
    taken = [p for p in out.iterdir() if not p.name.endswith(".twice")]
    assert len(taken) == jobs and not [p for p in out.iterdir() if p.name.endswith(".twice")]
    pids = {p.read_text() for p in taken}
    assert len(pids) >= 2, "one worker process took every job"
