"""A real worker killed (SIGKILL) in the middle of a roster export, then started again: the queue
delivers the job again and it ends with one file, no unfinished one, and one audit entry.

Everything runs in processes of their own on a SQLite file in a temporary JICENG_VAR_DIR: the
setup (migrate, a world, 100,000 people, the download asked for as the page asks), the worker
(``manage.py run_worker``), and the worker again. The test only reads the file's tables."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = 100_000

SETUP = f"""
import datetime as dt
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from web.org.idnumbers import check_digit
from web.org.models import Person
from web.org.testing import make_world
from web.downloads.actions import do_request_download
w = make_world()
unit = w.grid_a2
Person.objects.bulk_create(
    [
        Person(
            name=f"居民{{n}}", id_number=f"1{{n:016d}}" + check_digit(f"1{{n:016d}}"), gender="F",
            birth_date=dt.date(1980, 1, 1), unit=unit, unit_path=unit.path,
        )
        for n in range({PEOPLE})
    ],
    batch_size=2000,
)
download = do_request_download(
    kind="roster", parameters={{"unit": w.community_a.pk}}, subject="和平社区", acting_user=w.organiser
)
print(download.pk, download.token)
"""


def _env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        JICENG_VAR_DIR=str(var),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="web.settings",
        JICENG_JOB_WORKERS="1",
        JICENG_JOB_TIMEOUT="10",
        JICENG_JOB_RETRY="11",  # a job whose worker died is delivered again 11 s after it was taken
    )
    return env


def _row(db: Path, sql: str, *args: object) -> tuple[object, ...]:
    with sqlite3.connect(db, timeout=20) as conn:
        return conn.execute(sql, args).fetchone()


def _wait(what, seconds: float) -> object:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if got := what():
            return got
        time.sleep(0.05)
    raise AssertionError("gave up waiting")


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(worker: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the worker and every process it started (its group)."""
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    worker.wait(timeout=30)


def test_a_worker_killed_mid_export_leaves_one_file_and_one_entry_after_the_job_runs_again(tmp_path):
    env = _env(tmp_path)
    out = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    pk, token = out.stdout.split()[-2:]
    db = tmp_path / "jiceng.sqlite3"
    folder = tmp_path / "downloads"
    final, part = folder / f"{pk}-{token}.xlsx", folder / f"{pk}-{token}.xlsx.part"
    state = "SELECT state, done, total FROM downloads_download WHERE id = ?"
    entries = "SELECT count(*) FROM audit_auditentry WHERE action = 'download.made' AND object_id = ?"

    worker = _worker(env)
    try:
        # killed once the export has written rows to its unfinished file, before it ends
        _wait(lambda: part.exists() and part.stat().st_size > 100_000, 120)
    finally:
        _stop(worker)
    assert _row(db, state, pk)[0] == "running"
    assert part.exists() and not final.exists() and _row(db, entries, pk) == (0,)

    worker = _worker(env)
    try:
        _wait(lambda: _row(db, state, pk)[0] == "done", 180)
    finally:
        _stop(worker)
    assert sorted(p.name for p in folder.iterdir()) == [final.name]
    assert _row(db, entries, pk) == (1,)
    assert oct(final.stat().st_mode & 0o777) == "0o600"
    done, total = _row(db, state, pk)[1:]
    assert done == total >= PEOPLE
