"""公示 — notice: the list is posted for ``days`` days; objections are answered before the
election moves on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.common import clock
from web.elections import stages as st
from web.elections.kinds.common import OBJECTIONS
from web.elections.models import Stage
from web.procedures.kinds import Kind
from web.procedures.settings import SettingsForm


def notice_ends(stage: Stage) -> dt.datetime | None:
    if stage.started_at is None:
        return None
    return stage.started_at + dt.timedelta(days=int(stage.settings.get("days", 0)))


def blockers(stage: Stage) -> list[str]:
    problems = []
    ends = notice_ends(stage)
    if ends is not None and clock.now() < ends:
        problems.append(
            _("公示期至 %(end)s 结束，公示期内不能进入下一阶段。") % {"end": ends.strftime("%Y-%m-%d %H:%M")}
        )
    return problems + st.unanswered(stage)


def context(stage: Stage) -> dict[str, Any]:
    return {"notice_ends": notice_ends(stage)}


class Settings(SettingsForm):
    days = forms.IntegerField(label=gettext_lazy("公示天数"), min_value=1, max_value=60)


KIND: Kind[Stage] = Kind(
    key="notice",
    name=gettext_lazy("公示"),
    settings_form=Settings,
    blockers=blockers,
    forms=OBJECTIONS,
    panel="elections/kinds/notice.html",
    context=context,
)
