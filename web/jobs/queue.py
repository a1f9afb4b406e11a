"""Background work: what runs outside a web request, and what runs on a schedule.

The queue is Django-Q2's, on the database Jiceng already has (its ORM broker: SQLite on one
machine, PostgreSQL when several share it; docs/background.md says why this library). A job is
a function named by its dotted path, given only ids and plain values (never a secret: the
queue's rows are operator files like any other). Every job is idempotent by design: a worker
killed mid-job leaves the job to be delivered again after ``retry`` seconds, so running a job
twice must leave what running it once leaves (a unique key, a file written then renamed).

``PERIODIC`` is the schedule, in code: ``ensure_schedules`` writes it to the queue's schedule
table when a worker starts (``manage.py run_worker``), so nobody has to remember a cron line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Periodic:
    """A job run every ``minutes`` minutes by whichever worker's scheduler sees it due first."""

    name: str
    func: str
    minutes: int


PERIODIC: tuple[Periodic, ...] = (
    # quarterly progress due and items overdue (web/commitments/actions.py run_reminders): the
    # reminders are unique per item, reason and period, so running it again adds nothing
    Periodic("commitment_reminders", "web.commitments.jobs.record_reminders", minutes=60),
    # downloads past their time: files deleted, rows marked expired (run again, it finds none)
    Periodic("expire_downloads", "web.downloads.jobs.expire", minutes=60),
    # roster imports abandoned after their check or given up by the queue: stashed files deleted,
    # the report's names dropped (web/org/transfer/jobs.py sweep; run again, it finds none)
    Periodic("sweep_roster_imports", "web.org.transfer.jobs.sweep", minutes=60),
    # SMS and email deliveries that are due: a lost delivery job, a retry after its backoff, the end
    # of quiet hours (web/notify/jobs.py); each delivery is claimed before it is sent, so never twice
    Periodic("notifications", "web.notify.jobs.sweep", minutes=1),
    # residents' requests (web/cases/jobs.py): reminders before the sign-for and reply deadlines and
    # the return visit asked of the requester; the overdue notice the next working day; escalation
    # of the cases whose missed deadlines reached their rule. Each writes its history event once
    # per deadline under the case's lock, and notifies with keys named by it: run again, nothing
    Periodic("case_reminders", "web.cases.jobs.remind", minutes=15),
    Periodic("case_overdue", "web.cases.jobs.overdue", minutes=15),
    Periodic("case_escalation", "web.cases.jobs.escalate", minutes=15),
    # the intake's rate-limit rows past their window (web/cases/jobs.py prune_intake_attempts): no
    # limit counts them any more; run again, it deletes none
    Periodic("prune_intake_attempts", "web.cases.jobs.prune_intake_attempts", minutes=60),
    # congress inquiries whose written answer is late (web/congress/jobs.py): moved to overdue under
    # the inquiry's lock, the representative and the liaison office told once per deadline
    Periodic("inquiry_overdue", "web.congress.jobs.flag_overdue", minutes=60),
    # representatives' proposals (web/proposals/jobs.py): the main unit reminded before the answer
    # is due and told the working day after it is overdue, once per deadline (run again: nothing)
    Periodic("proposal_reminders", "web.proposals.jobs.remind", minutes=60),
    # last quarter's scorecards of requests, once the quarter is over (web/cases/scorecards.py
    # publish_due; one per unit and quarter, held by a unique constraint: run again, it adds none)
    Periodic("publish_scorecards", "web.cases.scorecards.publish_due", minutes=360),
    # representatives' studios: the sessions of the coming eight weeks made from the reception and
    # visiting days (web/studios/jobs.py; one per rule and day: run again, it makes none)
    Periodic("studio_sessions", "web.studios.jobs.generate", minutes=360),
    # appraisal surveys by codes past their window: counted under the session's lock in the name
    # of whoever set them up (web/appraisals/jobs.py; a counted session is left alone)
    Periodic("appraisal_surveys", "web.appraisals.jobs.count_due", minutes=15),
)


def enqueue(func: str, *args: Any, name: str | None = None) -> str:
    """Put a job on the queue; returns its id. ``func`` is the job's dotted path."""
    from django_q.tasks import async_task

    return str(async_task(func, *args, task_name=name) if name else async_task(func, *args))


def ensure_schedules() -> list[str]:
    """Make the queue's schedule say what ``PERIODIC`` says; schedules it no longer lists go.
    Returns the names written. Safe to run from every worker at once (one row per name)."""
    from django.db import transaction
    from django_q.models import Schedule

    names = []
    with transaction.atomic():
        for job in PERIODIC:
            Schedule.objects.update_or_create(
                name=job.name,
                defaults={"func": job.func, "schedule_type": Schedule.MINUTES, "minutes": job.minutes, "repeats": -1},
            )
            names.append(job.name)
        Schedule.objects.exclude(name__in=names).filter(name__isnull=False).delete()
    return names
