"""SQLite's side of the append-only guard.

SQLite triggers cannot look at per-connection state, so the DELETE trigger asks a function
that Jiceng registers on each of its own connections: ``jiceng_audit_delete_allowed()``
returns 0 unless the test harness has asked to empty the database between tests
(``allow_flush``). No production path turns it on; a connection from any other program
does not have the function at all, so its DELETE fails too.
"""

from __future__ import annotations

import threading
from typing import Any

_state = threading.local()


def _delete_allowed() -> int:
    return 1 if getattr(_state, "flush", False) else 0


def register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("jiceng_audit_delete_allowed", 0, _delete_allowed)


class allow_flush:
    """Let the test harness empty the audit table (only on this thread)."""

    def __enter__(self) -> None:
        _state.flush = True

    def __exit__(self, *exc: object) -> None:
        _state.flush = False
