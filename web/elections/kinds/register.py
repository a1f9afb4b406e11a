"""选民登记公布 — register: the voters' list published at least ``min_days`` days before the
election day; objections answered."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.kinds.common import OBJECTIONS, StageForm, stage_only
from web.elections.models import Stage
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def blockers(stage: Stage) -> list[str]:
    problems = []
    day = stage.settings.get("election_day")
    published = stage.data.get("published_on")
    if not day:
        problems.append(_("尚未确定选举日（在本阶段的设置中填写）。"))
    if not published:
        problems.append(_("选民名单尚未公布。"))
    if day and published:
        gap = (dt.date.fromisoformat(day) - dt.date.fromisoformat(published)).days
        need = int(stage.settings.get("min_days", 20))
        if gap < need:
            problems.append(
                _("选民名单于 %(p)s 公布，距选举日 %(d)s 只有 %(gap)d 天，法律要求至少 %(need)d 天。")
                % {"p": published, "d": day, "gap": gap, "need": need}
            )
    return problems + st.unanswered(stage)


PUBLISH = StepForm(StageForm, "do_publish_register", stage_only, gettext_lazy("选民名单已公布。"))


class Settings(SettingsForm):
    min_days = forms.IntegerField(label=gettext_lazy("名单公布至少提前（天）"), min_value=1, max_value=90)
    election_day = forms.DateField(
        label=gettext_lazy("选举日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


KIND: Kind[Stage] = Kind(
    key="register",
    name=gettext_lazy("选民登记公布"),
    settings_form=Settings,
    blockers=blockers,
    forms={"register": PUBLISH, **OBJECTIONS},
    panel="elections/kinds/register.html",
)
