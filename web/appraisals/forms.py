"""The form that sets up an appraisal session."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.appraisals.models import Session, Subject
from web.common.forms import show_only_when
from web.meetings.appraisal import SCALE_LABELS, SCALE_NAMES
from web.meetings.models import Meeting
from web.org.models import Body

MAX_NAMES_TEXT = 6000


class SessionForm(forms.Form):
    title = forms.CharField(label=_("测评名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    mode = forms.ChoiceField(label=_("方式"), choices=Session.Mode.choices, widget=forms.RadioSelect)
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label=_("会议"),
        queryset=None,
        required=False,
        help_text=_("会议现场测评（手机或纸质）时选择：测评人是这次会议名册上的人员。"),
    )
    raters = forms.ChoiceField(label=_("测评人"), choices=Session.Raters.choices)
    body: forms.ModelChoiceField[Body] = forms.ModelChoiceField(
        label=_("组织问卷的机构"),
        queryset=None,
        required=False,
        help_text=_("如村民会议。测评码按户（或按人）发放，在填写期内用手机填写。"),
    )
    opens_at = forms.DateTimeField(
        label=_("开始填写时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("截止时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    scale = forms.ChoiceField(label=_("等级标准"), choices=[(s, SCALE_LABELS[s]) for s in SCALE_NAMES])
    subject_kind = forms.ChoiceField(label=_("测评对象类别"), choices=Subject.Kind.choices)
    subjects_body: forms.ModelChoiceField[Body] = forms.ModelChoiceField(
        label=_("测评对象取自机构名册"),
        queryset=None,
        required=False,
        help_text=_("如村“两委”成员：名册上的每个人都是测评对象，按姓氏笔画排列。"),
    )
    subject_names = forms.CharField(
        label=_("测评对象（每行一个）"),
        required=False,
        max_length=MAX_NAMES_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("领导班子、部门或未在名册中的人员，每行一个。"),
    )
    visibility = forms.ChoiceField(
        label=_("公开范围"), choices=Session.Visibility.choices, widget=forms.RadioSelect, initial="public"
    )
    abstentions_in_base = forms.BooleanField(
        label=_("未评定的对象计为弃权，计入计算比例的基数"), required=False, initial=True
    )
    two_years_end_term = forms.BooleanField(
        label=_("村（居）委会成员连续两年被评议为不称职的，其职务终止（提请组织依法办理）"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, meetings: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["subjects_body"].queryset = bodies  # type: ignore[attr-defined]
        for name in ("body", "opens_at", "closes_at"):
            show_only_when(self.fields[name], "mode", Session.Mode.SURVEY)
        show_only_when(self.fields["two_years_end_term"], "scale", "village_member")

    def names(self) -> list[str]:
        return [n for line in (self.cleaned_data.get("subject_names") or "").splitlines() for n in [line.strip()] if n]

    def roster_body(self) -> Body | None:
        return self.cleaned_data.get("subjects_body")


class ReviewForm(forms.Form):
    decision = forms.CharField(
        label=_("组织研究意见"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}), required=True
    )
