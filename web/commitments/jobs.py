"""The commitments' background jobs (web/jobs/queue.py lists when they run)."""

from __future__ import annotations

from web.commitments import actions, queries


def record_reminders() -> int:
    """Record the reminders due today; run again the same day, it records nothing new."""
    return len(actions.run_reminders(today=queries.today()))
