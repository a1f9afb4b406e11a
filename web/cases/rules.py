"""The escalation rules (提级规则) a street or district keeps as data: when a case goes up a
level. Street staff change them on the catalogue page; ``web.cases.escalation`` applies them (a
unit without its own rule for a trigger follows the nearest unit above, else the issue's
defaults; a threshold of 0 turns the trigger off there)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases.access import refuse
from web.cases.catalogue import CATALOGUE_KINDS
from web.cases.models import EscalationRule
from web.org.models import Unit
from web.org.queries import can_manage_path

#: the most a threshold may be (a rule that never fires is no rule: 0 removes it)
MOST = 20


@transaction.atomic
def do_set_escalation_rule(*, unit: Unit, trigger: str, threshold: int, acting_user: Actor) -> EscalationRule:
    """Set ``unit``'s own rule for ``trigger`` to ``threshold`` (0: never escalate for it);
    audited with the old and the new threshold (None: it had no rule of its own)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.kind not in CATALOGUE_KINDS:
        raise refuse(_("提级规则由街道、乡镇或区制定。"), "wrong_unit", 422)
    if not can_manage_path(acting_user, unit.path):
        raise refuse(_("只有本单位的工作人员可以修改提级规则。"), "not_staff", 403)
    if trigger not in EscalationRule.Trigger.values:
        raise refuse(_("请选择触发条件。"), "bad_trigger", 422)
    if not 0 <= threshold <= MOST:
        raise refuse(_("次数应在 0 到 %(max)s 之间。") % {"max": MOST}, "bad_threshold", 422)
    rule = EscalationRule.objects.filter(unit=unit, trigger=trigger).first()
    before = rule.threshold if rule is not None else None
    if before == threshold:
        raise refuse(_("这条规则没有变化。"), "unchanged", 409)
    if rule is None:
        rule = EscalationRule.objects.create(unit=unit, trigger=trigger, threshold=threshold)
    else:
        rule.threshold = threshold
        rule.save(update_fields=["threshold"])
    record(
        actor=acting_user,
        action=Action.ESCALATION_RULE_SET,
        obj=unit,
        unit_id=unit.pk,
        changes={trigger: [before, threshold]},
    )
    return rule
