"""Progress of a long job, written where the page that polls it reads it (a row's ``done`` and
``total``), often enough to see it move and seldom enough not to slow the work."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections

logger = logging.getLogger(__name__)


class Meter:
    """``progress(done, total)`` for a job: ``save(done, total)`` is called at the first and the
    last report and at most once every ``seconds`` in between, so a page polling it sees it move
    and a 27,000-row export does not write 27 times a second. ``close()`` when the work ends.

    Saves run in a thread of their own, on a connection of their own, without the work waiting for
    them: inside the job's transaction a write would not be seen before it commits (an import is
    applied in one), and on SQLite the job's connection may be in the middle of a long read (the
    export streams its rows from one open statement) when SQLite refuses a write from it
    (``database is locked``); nor may the work wait for the write, since another connection closing
    truncates the log, which holds writers back until that read ends. A save still waiting when the
    next report comes is passed over; the last one is always written (``close()`` waits for it).

    On PostgreSQL the save is made in place unless ``apart`` is asked for inside a transaction; on
    SQLite it is made in place inside a transaction: no other connection may write while it is open
    (the figures then show when it commits)."""

    def __init__(self, save: Callable[[int, int], Any], *, seconds: float = 1.0, apart: bool = False) -> None:
        self.write = save
        self.seconds = seconds
        #: inside a transaction on PostgreSQL, save from a connection of its own, so the figures show
        #: before the work commits (the import's apply); the row saved must be committed already
        self.apart = apart
        self._last: float | None = None
        self._alone: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self._last is None or done >= total or now - self._last >= self.seconds:
            self._last = now
            self.save(done, total)

    def save(self, done: int, total: int) -> None:
        sqlite = connection.vendor == "sqlite"
        if (sqlite and connection.in_atomic_block) or (not sqlite and not (self.apart and connection.in_atomic_block)):
            self.write(done, total)
            return
        if self._alone is None:
            self._alone = ThreadPoolExecutor(max_workers=1, thread_name_prefix="job-progress")
        if self._pending is None or self._pending.done() or done >= total:
            self._pending = self._alone.submit(self._quietly, done, total)

    def _quietly(self, done: int, total: int) -> None:
        try:
            self.write(done, total)
        except DatabaseError:  # a report missed is no reason to stop the work; the next one may pass
            logger.warning("progress %s/%s not saved", done, total, exc_info=True)

    def close(self) -> None:
        """Wait for the last report, then let the thread's connection go."""
        if self._alone is not None:
            self._alone.submit(connections.close_all)
            self._alone.shutdown(wait=True)
            self._alone = self._pending = None


def given_up_after() -> dt.timedelta:
    """How long after it was put on the queue a job not yet finished never will be: the queue has
    tried every delivery it allows (each ``retry`` seconds after the last), the last one timed out."""
    q: dict[str, Any] = settings.Q_CLUSTER
    return dt.timedelta(seconds=int(q["retry"]) * int(q["max_attempts"]) + int(q["timeout"]))
