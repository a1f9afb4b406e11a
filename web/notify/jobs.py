"""The delivery jobs (web/jobs/queue.py): ``deliver`` for one notice, enqueued when its action
commits, and ``sweep``, every minute, for whatever is due (a lost job, a retry after backoff,
the end of quiet hours). Both are idempotent: a delivery is claimed before it is sent."""

from __future__ import annotations

from collections import Counter

from web.common import clock
from web.notify.delivery import attempt, due
from web.notify.models import Delivery

#: deliveries one sweep tries at most (the next sweep takes the rest)
SWEEP_BATCH = 500


def deliver(notice_id: int) -> dict[str, int]:
    """Send the notice's deliveries that are due; returns how many of each outcome."""
    now = clock.now()
    ids = Delivery.objects.filter(notice_id=notice_id, state=Delivery.State.PENDING).values_list("pk", flat=True)
    return dict(Counter(attempt(pk, now=now) for pk in list(ids)))


def sweep() -> dict[str, int]:
    """Send every delivery that is due now, oldest first."""
    now = clock.now()
    ids = list(due(now).values_list("pk", flat=True)[:SWEEP_BATCH])
    return dict(Counter(attempt(pk, now=now) for pk in ids))
