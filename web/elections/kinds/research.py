"""实地调研 — research: a report uploaded for everyone in the pool."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.errors import ElectionError
from web.elections.kinds.common import StageForm, nomination, optional
from web.elections.models import Stage
from web.procedures.kinds import Kind, StepForm
from web.procedures.settings import SettingsForm


def blockers(stage: Stage) -> list[str]:
    missing = [n for n in st.pool(stage) if not hasattr(n, "report")]
    if missing:
        return [_("尚未上传调研报告：%(names)s。") % {"names": st.names(missing)}]
    return []


class ReportForm(StageForm):
    nomination = optional()
    #: opened by its parser in the action (``web.common.uploads``)
    file = forms.FileField(required=False)


def upload(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    nom = nomination(stage, data["nomination"])
    if data["file"] is None:
        raise ElectionError(_("请选择要上传的文件。"), code="no_file", status=422)
    return {"stage": stage, "nomination": nom, "upload": data["file"]}


class Settings(SettingsForm):
    max_mb = forms.IntegerField(label=gettext_lazy("调研报告大小上限（MB）"), min_value=1, max_value=50)


KIND: Kind[Stage] = Kind(
    key="research",
    name=gettext_lazy("实地调研"),
    settings_form=Settings,
    blockers=blockers,
    forms={"report": StepForm(ReportForm, "do_upload_report", upload, gettext_lazy("调研报告已上传。"))},
    panel="elections/kinds/research.html",
)
