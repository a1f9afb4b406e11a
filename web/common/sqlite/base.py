"""Django's SQLite engine, leaving no write-ahead log behind a closed connection.

SQLite's ``-wal`` file keeps every committed page image, in commit order, until a checkpoint
overwrites it, and a checkpoint that is not truncating leaves old frames past the write point.
Those frames tell the order rows arrived in (ballots among them), so each connection truncates
the log when it closes (``wal_checkpoint(TRUNCATE)``); ``web.meetings.secrecy`` also does it
when a poll closes. ``PRAGMA secure_delete`` (settings) zeroes what deletes free."""

from __future__ import annotations

import sqlite3

from django.db.backends.sqlite3 import base


def truncate_wal(connection: object) -> None:
    """Copy the log into the database and cut it to zero bytes. Readers in the middle of a
    transaction make it give up (busy): the next close or poll close tries again."""
    with connection.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self) -> None:
        if self.connection is not None and not self.is_in_memory_db():
            try:
                self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:  # busy or closing: the next close truncates it
                pass
        super()._close()  # type: ignore[misc]  # django-stubs leave out the private _close this wraps
