"""When a case goes up a level by itself (提级督办): the escalation rules as data, and the checks.

A street or a district keeps its rules (``EscalationRule``: a trigger and a threshold). For each
trigger a case follows the rule of the nearest unit above its place that has one (its street's,
else its district's), else the issue's default (``DEFAULTS``: overdue once, returned 3 times,
redone 3 times, dissatisfied twice); the catalogue page shows each trigger's rule in force and
where it comes from. A stored threshold of 0 turns the trigger off.

**Once per crossing.** A case crosses a rule when its count reaches the threshold, and again at
each multiple of it (3 returns, then 6…). Each escalation by a rule writes the escalation event
with the rule's trigger as its code, so the number of crossings already acted on is the number
of those events: a check run twice, or by two workers at once (the case is locked and counted
again first), escalates once.

**When.** The counts (returned, redone, dissatisfied) change only in an action, so they are
checked at the end of that action, in its transaction (``after_action``): the escalation commits
with the return or the visit that caused it, or not at all, and nothing has to scan for them.
Overdue depends on the clock: the overdue job (``web.cases.jobs.overdue``) records each missed
deadline once (an ``overdue`` history event, the next working day), and ``sweep`` escalates the
cases whose count of those reached the threshold. It reads the candidates by the
``(state, reply_by)`` index (``case_deadline``): open cases whose deadline passed in the last
``LOOKBACK`` days, then their events in one query, whatever the size of the table.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from web.cases.errors import CaseError
from web.cases.flow import CASES
from web.cases.models import Case, CaseEvent, EscalationRule
from web.common import clock

log = logging.getLogger(__name__)

Trigger = EscalationRule.Trigger

#: the issue's rules, where a street or district has not set its own
DEFAULTS: dict[str, int] = {Trigger.OVERDUE: 1, Trigger.RETURNED: 3, Trigger.REDONE: 3, Trigger.DISSATISFIED: 2}
#: the case's own count of each trigger kept on the row (overdue is counted in its history)
COUNTS: dict[str, str] = {Trigger.RETURNED: "returns", Trigger.REDONE: "redos", Trigger.DISSATISFIED: "dissatisfied"}
#: how far back the sweep looks for missed deadlines (the overdue job records them the next working day)
LOOKBACK = dt.timedelta(days=60)
#: the states a case may be escalated from (the machine's ``escalate`` move)
ESCALATABLE = CASES.moves["escalate"].leaves


@dataclass(frozen=True)
class Rules:
    """Units' rules, read once: ``(unit path, trigger) → rule``."""

    by_path: dict[tuple[str, str], EscalationRule]

    @classmethod
    def of(cls, rows: Iterable[EscalationRule]) -> Rules:
        return cls({(r.unit.path, r.trigger): r for r in rows})

    @classmethod
    def load(cls) -> Rules:
        return cls.of(EscalationRule.objects.select_related("unit"))

    def for_place(self, unit_path: str, trigger: str) -> EscalationRule:
        """The rule for ``trigger`` of the nearest unit above (or at) the place that has one, else
        the default (unsaved)."""
        parts = [p for p in unit_path.strip("/").split("/") if p]
        for n in range(len(parts), 0, -1):  # the place itself, then each unit above it
            rule = self.by_path.get(("/" + "/".join(parts[:n]) + "/", trigger))
            if rule is not None:
                return rule
        return EscalationRule(trigger=trigger, threshold=DEFAULTS[trigger])

    def threshold(self, unit_path: str, trigger: str) -> int:
        return self.for_place(unit_path, trigger).threshold


def rules_for(case: Case) -> Rules:
    """The rules of the units above the case's place, in one query."""
    return Rules.of(EscalationRule.objects.filter(unit_id__in=case.unit.ancestor_ids()).select_related("unit"))


def crossed(count: int, threshold: int, done: int) -> bool:
    """Whether ``count`` has crossed the rule more often than the ``done`` escalations it caused."""
    return threshold > 0 and count // threshold > done


def reason_for(rule: EscalationRule) -> str:
    """The escalation's reason in its history, in words (the site's language: no one asked)."""
    return _("按提级规则自动提级：%(trigger)s达到 %(n)s 次。") % {
        "trigger": rule.get_trigger_display(),
        "n": rule.threshold,
    }


def _escalations(cases: QuerySet[Case] | list[int]) -> Counter[tuple[int, str]]:
    """``(case id, trigger) → escalations by that trigger``, and ``(case id, "overdue-events")``,
    for ``cases`` (ids, or a query read as a subquery: no list of ids however many)."""
    tally: Counter[tuple[int, str]] = Counter()
    within: Any = cases if isinstance(cases, list) else cases.values("pk")
    rows = CaseEvent.objects.filter(
        case_id__in=within, kind__in=[CaseEvent.Kind.ESCALATED, CaseEvent.Kind.OVERDUE]
    ).values_list("case_id", "kind", "code")
    for case_id, kind, code in rows:
        tally[(case_id, code if kind == CaseEvent.Kind.ESCALATED else OVERDUE_EVENTS)] += 1
    return tally


OVERDUE_EVENTS = "overdue-events"


def due_rule(case: Case, rules: Rules, triggers: Iterable[str]) -> EscalationRule | None:
    """The first of ``triggers`` whose rule the case has crossed and not yet acted on (the case
    as it is now: call with it locked)."""
    if case.state not in ESCALATABLE:
        return None
    tally = _escalations([case.pk])
    for trigger in triggers:
        rule = rules.for_place(case.unit_path, trigger)
        count = tally[(case.pk, OVERDUE_EVENTS)] if trigger == Trigger.OVERDUE else getattr(case, COUNTS[trigger])
        if crossed(count, rule.threshold, tally[(case.pk, trigger)]):
            return rule
    return None


def escalate_by(case: Case, rule: EscalationRule) -> Case | None:
    """Escalate by ``rule``; None when there is no office above (logged, left where it is)."""
    from web.cases.actions import do_escalate_case

    try:
        return do_escalate_case(case=case, acting_user=None, reason=reason_for(rule), rule=rule)
    except CaseError as error:
        log.info("case %s not escalated by %s: %s", case.pk, rule.trigger, error.code)
        return None


def after_action(case: Case) -> Case:
    """At the end of an action that counts a return, a redo or a dissatisfied visit, in its
    transaction (the case is locked): escalate once if a rule is crossed. Returns the case as it
    is now (escalated or not)."""
    if case.state not in ESCALATABLE:
        return case
    rule = due_rule(case, rules_for(case), (Trigger.RETURNED, Trigger.DISSATISFIED, Trigger.REDONE))
    if rule is None:
        return case
    return escalate_by(case, rule) or case


def late(moment: dt.datetime) -> QuerySet[Case]:
    """The cases being handled whose reply deadline passed within ``LOOKBACK`` of ``moment``: a
    range of the ``case_deadline`` index (state, reply_by) per state."""
    return Case.objects.filter(
        state__in=sorted(Case.HANDLING), reply_by__lt=moment, reply_by__gte=moment - LOOKBACK
    ).order_by()


def sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Escalate every case whose missed deadlines reached its overdue rule; returns their ids.

    Two queries find them, whatever the number of cases: the open cases being handled whose
    deadline passed within ``LOOKBACK`` (the ``case_deadline`` index), and those cases' overdue
    and escalation events. Each due case is then locked, counted again and escalated in a
    transaction of its own, so a second run (or a second worker) finds nothing left to do."""
    moment = now or clock.now()
    tally = _escalations(late(moment))
    if not tally:
        return []
    ids = [(pk, path) for pk, path in late(moment).values_list("pk", "unit_path") if (pk, OVERDUE_EVENTS) in tally]
    rules = Rules.load()
    due = [
        pk
        for pk, path in ids
        if crossed(
            tally[(pk, OVERDUE_EVENTS)],
            rules.threshold(path, Trigger.OVERDUE),
            tally[(pk, Trigger.OVERDUE)],
        )
    ]
    done = []
    for pk in due:
        with transaction.atomic():
            case = CASES.locked(Case(pk=pk), "entry", "unit", "office")
            rule = due_rule(case, rules, (Trigger.OVERDUE,))
            if rule is not None and escalate_by(case, rule) is not None:
                done.append(pk)
    return done
