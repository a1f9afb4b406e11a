"""报名推荐 — nomination: people register by self-nomination, joint nomination or an
organisation's recommendation (the channels the template allows)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections.kinds.common import StageForm, optional, person
from web.elections.models import Nomination, Stage
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def blockers(stage: Stage) -> list[str]:
    if not stage.election.nominations.exists():
        return [_("尚无人报名。")]
    return []


class NominateForm(StageForm):
    id_number = optional()
    channel = optional()
    cosigners = optional(widget=forms.Textarea)
    organisation = optional()
    statement = optional()


def nominate(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    nominee = person(stage, data["id_number"], _("被推荐人"))
    cosigners = [person(stage, line, _("联名人")) for line in data["cosigners"].split()[:200]]
    return {
        "stage": stage,
        "person": nominee,
        "channel": data["channel"],
        "cosigners": cosigners,
        "organisation": data["organisation"][:100],
        "statement": data["statement"][:500],
    }


def recommended(stage: Stage) -> dict[str, Any]:
    """The published democratic recommendations of the election's unit or a unit above it
    (``web.recommendations``), each with the names that reached the bar as the engine found
    them and, for a name on the body's roster, the person: the panel offers to register them
    as an organisation's nomination (the same form, the same action, nothing else)."""
    from web.recommendations.queries import published_for_unit

    election = stage.election
    if Nomination.Channel.ORGANISATION not in stage.settings.get("channels", []):
        return {}
    rows = []
    for rec in published_for_unit(election.body.unit.path).only("pk", "title", "result")[:5]:
        reaching = [c for c in (rec.result or {}).get("candidates", []) if c.get("reaches_bar")]
        seats = election.body.seats.filter(person__name__in=[c["name"] for c in reaching]).select_related("person")
        people = {s.person.name: s.person for s in seats}
        names = [(c["name"], (c["rate"] or {}).get("percent"), people.get(c["name"])) for c in reaching]
        rows.append({"rec": rec, "names": names})
    return {"recommended": rows}


class Settings(SettingsForm):
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("推荐方式"), choices=Nomination.Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    joint_min = forms.IntegerField(label=gettext_lazy("联名推荐至少人数"), min_value=0, max_value=100)


KIND: Kind[Stage] = Kind(
    key="nomination",
    name=gettext_lazy("报名推荐"),
    settings_form=Settings,
    blockers=blockers,
    forms={"nominate": StepForm(NominateForm, "do_nominate", nominate, gettext_lazy("报名已登记。"))},
    panel="elections/kinds/nomination.html",
    context=recommended,
)
