"""The roster import's background jobs: check an uploaded file (``check``), apply a confirmed one
(``apply``), and give up what was abandoned (``sweep``, periodic: web/jobs/queue.py).

Both are idempotent. ``check`` only reads and writes its row, so a second delivery writes the same
report. ``apply`` changes the roster and marks the row applied in one transaction: a worker killed
anywhere in it leaves nothing written, and the delivery that follows applies the file once; a
delivery that finds the row applied (or a concurrent one that gets there second) writes nothing.
Each re-reads the file and checks it again as the uploader, who must still manage the unit: the
roster may have changed, or their role, since the page asked.

A refusal ends in a sentence for the person, never a traceback.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Field, Model, Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext

from web.common import clock
from web.jobs.progress import Meter, given_up_after
from web.org import queries
from web.org.models import RosterImport
from web.org.transfer import apply as applying
from web.org.transfer import planner, stash
from web.org.transfer.imports import forget
from web.org.transfer.planner import Plan, make_plan
from web.org.transfer.reader import TransferError, read_upload

logger = logging.getLogger(__name__)

State = RosterImport.State
#: the first changes and problems the page shows; the rest are counted
SHOWN_CHANGES = 20
SHOWN_PROBLEMS = 500


class _AppliedAlready(Exception):
    """Another delivery applied the file first: this one's writes are rolled back."""


def _save(pk: int, done: int, total: int) -> None:
    RosterImport.objects.filter(pk=pk).update(done=min(done, total), total=total)


def report_of(plan: Plan) -> dict[str, Any]:
    """What the page shows of a plan, in words in the active language: plain values only."""
    return {
        "sheets": [[name, len(s.creates), len(s.updates), s.unchanged] for name, s in plan.sheets.items()],
        "changes": [
            [name, [_change_words(obj, changes) for obj, changes in s.updates[:SHOWN_CHANGES]]]
            for name, s in plan.sheets.items()
            if s.updates
        ],
        "problems": [[p.sheet, p.row, p.column, p.value, p.message] for p in plan.problems[:SHOWN_PROBLEMS]],
        "problem_count": len(plan.problems),
    }


def _change_words(obj: Model, changes: dict[str, list[Any]]) -> str:
    """``王芳: 性别 女 → 男 · 手机号 — → 138…``: each field by its name on the page, each coded value
    (a gender, a kind, a status, a yes or no) in words, never the stored code."""
    parts = []
    for name, (old, new) in changes.items():
        field = obj._meta.get_field(name)
        assert isinstance(field, Field)  # the planner names a model's own fields
        parts.append(f"{field.verbose_name} {_value_words(field, old)} → {_value_words(field, new)}")
    return f"{obj}: " + " · ".join(parts)


def _value_words(field: Any, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _run(run_id: int, state: str) -> RosterImport | None:
    return RosterImport.objects.select_related("requester", "unit").filter(pk=run_id, state=state).first()


def check(run_id: int) -> str:
    """Check the file of import ``run_id``; returns the state it ends in (the queue keeps it)."""
    run = _run(run_id, State.CHECKING)
    if run is None:
        return "nothing to do"
    with translation.override(run.language):
        meter = Meter(functools.partial(_save, run.pk))
        try:
            plan = _plan(run, meter, steps=1 + planner.STEPS)
        except _Stop as stop:
            forget(run, state=stop.state, error=stop.sentence)
            return str(run.state)
        finally:
            meter.close()
        run.report = report_of(plan)
        run.finished_at = clock.now()
        run.state = State.READY if plan.ok and plan.changes else State.UNCHANGED if plan.ok else State.REFUSED
        run.save(update_fields=["report", "finished_at", "state"])
        if run.state != State.READY:
            forget(run, state=run.state, keep_report=True)
    return str(run.state)


def apply(run_id: int) -> str:
    """Apply the confirmed file of import ``run_id``; returns the state it ends in."""
    run = _run(run_id, State.APPLYING)
    if run is None:
        return "nothing to do"
    steps = 1 + planner.STEPS + applying.STEPS
    with translation.override(run.language):
        meter = Meter(functools.partial(_save, run.pk), apart=True)  # the apply is one transaction
        try:
            plan = _plan(run, meter, steps=steps)
            if not plan.ok:  # the roster changed since the check: the new report says how
                run.report = report_of(plan)
                forget(
                    run,
                    state=State.REFUSED,
                    error=gettext("检查之后系统中的名册有了变化，文件现在有错误，没有导入。"),
                    keep_report=True,
                )
                return str(run.state)
            with transaction.atomic():
                counts = applying.apply_plan(
                    plan,
                    acting_user=run.requester,
                    file_sha256=run.file_sha256,
                    file_name=run.file_name,
                    unit=run.unit,
                    progress=lambda done, total: meter(1 + planner.STEPS + done, steps),
                )
                report = {**report_of(plan), "counts": counts}
                marked = RosterImport.objects.filter(pk=run.pk, state=State.APPLYING).update(
                    state=State.APPLIED, report=report, finished_at=clock.now(), done=steps, total=steps
                )
                if marked != 1:
                    raise _AppliedAlready
        except _Stop as stop:
            forget(run, state=stop.state, error=stop.sentence)
            return str(run.state)
        except _AppliedAlready:
            return str(State.APPLIED)
        finally:
            meter.close()
        run.refresh_from_db()
        forget(run, state=State.APPLIED)
    return str(run.state)


class _Stop(Exception):
    def __init__(self, state: str, sentence: str) -> None:
        super().__init__(sentence)
        self.state = state
        self.sentence = sentence


def _plan(run: RosterImport, meter: Meter, *, steps: int) -> Plan:
    """Read the stashed file again and check it as its uploader, reporting progress to ``meter``;
    a refusal is a ``_Stop`` with its sentence."""
    try:
        queries.access_unit(run.requester, run.unit_id, manage=True)
        stashed = stash.get(run.requester_id, run.token, now=clock.now())
        if stashed is None:
            raise _Stop(State.EXPIRED, gettext("上传的文件已失效，请重新上传。"))
        meter(0, steps)
        found = read_upload(*stashed)
        meter(1, steps)
        return make_plan(user=run.requester, found=found, progress=lambda done, total: meter(1 + done, steps))
    except TransferError as exc:
        raise _Stop(State.REFUSED, str(exc)) from exc
    except (Http404, PermissionDenied) as exc:
        raise _Stop(State.FAILED, gettext("您已无权向这个单位导入名册。")) from exc
    except _Stop:
        raise
    except Exception as exc:
        logger.exception("roster import %s failed", run.pk)
        raise _Stop(State.FAILED, gettext("处理文件时出错。请稍后重新上传；如仍不成功，请联系管理员。")) from exc


def sweep() -> int:
    """Give up what will never finish or was abandoned; returns how many imports it ended.

    A checked file nobody confirmed within the stash's time is deleted (the import expires); a job
    the queue has given up on (its worker died on every delivery) ends failed, with a sentence, so
    its page stops waiting; the problems and changes a finished import's report names people with
    are dropped after that time too (its counts stay); any stashed file older than that goes. Run
    again, it finds none."""
    now = clock.now()
    ended = 0
    for run in RosterImport.objects.filter(state=State.READY, finished_at__lt=now - stash.MAX_AGE):
        with translation.override(run.language):
            forget(run, state=State.EXPIRED, error=gettext("检查后超过 24 小时没有确认，文件已删除。"))
        ended += 1
    stuck = RosterImport.objects.filter(state__in=RosterImport.ACTIVE, queued_at__lt=now - given_up_after())
    for run in stuck:
        with translation.override(run.language):
            forget(run, state=State.FAILED, error=gettext("没有在规定时间内处理完，请重新上传。"))
        ended += 1
    finished = RosterImport.objects.filter(finished_at__lt=now - stash.MAX_AGE).exclude(state=State.READY)
    for run in finished.filter(Q(report__has_key="problems") | Q(report__has_key="changes")):
        forget(run, state=run.state, error=run.error)
    stash.sweep(now=now)
    return ended
