"""The proposals' periodic job (``web.jobs.queue.PERIODIC``): reminders to the main unit before
an answer is due, and the overdue notice after it, counted in working days (``web.workdays``).

- **Answer reminder** (催办答复): when the answer is due within ``SOON`` working days;
- **Overdue** (逾期): on the first working day after the deadline.

Each writes its history event once per deadline (``reminded`` / ``overdue`` with the deadline as
its reason), under the proposal's lock, and notifies with keys named by the deadline: run twice,
it writes and sends nothing twice; a new deadline (a reopening) is reminded of again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from web.common import clock
from web.proposals import notices
from web.proposals.flow import PROPOSALS
from web.proposals.models import Proposal, ProposalEvent
from web.workdays.calendar import load

#: remind this many working days before the deadline
SOON = 5
#: how far back the overdue notice looks (a worker down for a while catches up)
LOOKBACK = dt.timedelta(days=60)


def _once(pk: int, kind: str, deadline: dt.date) -> bool:
    with transaction.atomic():
        proposal = PROPOSALS.locked(Proposal(pk=pk), "office")
        if proposal.state not in Proposal.HANDLING or proposal.answer_by != deadline:
            return False
        if proposal.events.filter(kind=kind, reason=deadline.isoformat()).exists():
            return False
        PROPOSALS.event(proposal, kind, None, reason=deadline.isoformat())
        (notices.answer_soon if kind == ProposalEvent.Kind.REMINDED else notices.overdue)(proposal)
        return True


def remind(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Reminders and overdue notices of the answers due; returns how many of each were made."""
    moment = now or clock.now()
    today = timezone.localtime(moment).date()
    calendar = load(since=today - LOOKBACK)
    soon_until = calendar.add_working_days(today, SOON)
    rows = Proposal.objects.filter(
        state__in=sorted(Proposal.HANDLING), answer_by__gte=today - LOOKBACK, answer_by__lte=soon_until
    ).order_by()
    made = {"soon": 0, "overdue": 0}
    done = set(
        ProposalEvent.objects.filter(
            proposal_id__in=rows.values("pk"), kind__in=[ProposalEvent.Kind.REMINDED, ProposalEvent.Kind.OVERDUE]
        ).values_list("proposal_id", "kind", "reason")
    )
    for pk, due in rows.values_list("pk", "answer_by"):
        if due is None:
            continue
        if due >= today:
            kind, key = ProposalEvent.Kind.REMINDED, "soon"
        elif calendar.add_working_days(due, 1) <= today:
            kind, key = ProposalEvent.Kind.OVERDUE, "overdue"
        else:
            continue
        if (pk, kind, due.isoformat()) not in done:
            made[key] += _once(pk, kind, due)
    return made
