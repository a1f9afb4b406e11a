"""选民登记公布 — register: the voters' list published at least ``min_days`` days before the
election day; objections answered."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.kinds.common import OBJECTIONS, StageForm, stage_only
from web.elections.models import Stage
from web.procedures.kinds import Kind, StepForm


def blockers(stage: Stage) -> list[str]:
    problems = []
    day = stage.settings.get("election_day")
    published = stage.data.get("published_on")
    if not day:
        problems.append(_("尚未确定选举日（在设置中填写 election_day）。"))
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

KIND: Kind[Stage] = Kind(
    key="register",
    name=gettext_lazy("选民登记公布"),
    blockers=blockers,
    forms={"register": PUBLISH, **OBJECTIONS},
    panel="elections/kinds/register.html",
)
