"""The forms of the proposal pages. Each only parses; the action decides
(``web.proposals.actions``) and its refusal comes back as the form's error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.cases.models import Office
from web.meetings.models import Meeting
from web.org.models import Body, BodySeat
from web.proposals.models import Delegation, Proposal, Theme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, *, rows: int = 4, max_length: int = 4000, help_text: Any = "", required: bool = True) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SeatChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.person.name


class SeasonForm(forms.Form):
    body = forms.ModelChoiceField(label=_("党代会"), queryset=Body.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=100)
    themes = _text(_("调研主题"), rows=4, max_length=2000, help_text=_("每行一个主题。"))
    opens_on = forms.DateField(label=_("调研开始日期"), widget=DATE)
    files_by = forms.DateField(label=_("提案截止日期"), widget=DATE)
    min_supporters = forms.IntegerField(
        label=_("最少附议人数"), min_value=0, max_value=50, initial=2, help_text=_("提案人以外，至少要有几位代表附议。")
    )
    answer_within = forms.IntegerField(label=_("答复时限（工作日）"), min_value=1, max_value=250, initial=40)
    rate_within = forms.IntegerField(label=_("评价时限（工作日）"), min_value=1, max_value=60, initial=10)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]

    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["themes"].splitlines() if line.strip()]


class ProposalForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("调研主题"), queryset=Theme.objects.none())
    title = forms.CharField(label=_("案由"), max_length=100, help_text=_("一句话说明提什么，如“关于……的建议”。"))
    situation = _text(_("情况和问题"), rows=5)
    request = _text(_("建议"), rows=5)

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]

    def text(self) -> str:
        d = self.cleaned_data
        return f"{d['title']}\n{d['situation']}\n{d['request']}"


class FileForm(ProposalForm):
    cosigners = SeatChoices(
        label=_("邀请附议的代表"),
        queryset=BodySeat.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    alone = forms.BooleanField(label=_("我已看过相似的提案，仍要单独提出"), required=False)

    def __init__(self, *args: Any, themes: Any, seats: Any, need: int, **kwargs: Any) -> None:
        super().__init__(*args, themes=themes, **kwargs)
        self.fields["cosigners"].queryset = seats  # type: ignore[attr-defined]
        self.fields["cosigners"].help_text = _("至少邀请 %(n)s 位，他们确认附议后，您才能提交立案审查。") % {"n": need}


class EmptyForm(forms.Form):
    pass


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审查意见"),
        choices=[("accept", _("立案")), ("decline", _("不予立案"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择立案或不予立案。")},
    )
    reason = _text(_("理由"), rows=2, max_length=300, required=False, help_text=_("不予立案必须写明理由，理由会公开。"))


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("并入第几号提案"), min_value=1, help_text=_("本调研季中保留的那件提案的编号。"))


class DiscussionForm(forms.Form):
    delegation = forms.ModelChoiceField(label=_("代表团"), queryset=Delegation.objects.none())
    held_on = forms.DateField(label=_("讨论日期"), widget=DATE)
    summary = _text(_("讨论情况"), rows=3, max_length=2000, help_text=_("谁发了言、主要意见，概括地写。"))

    def __init__(self, *args: Any, delegations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    office = forms.ModelChoiceField(label=_("主办单位"), queryset=Office.objects.none())
    assisting = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=Office.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["assisting"].queryset = offices  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    text = _text(_("答复内容"), rows=6, help_text=_("答复会公开，并请提案人评价。"))
    document = forms.FileField(label=_("答复文件（PDF 或 DOCX，可不附）"), required=False)


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您对答复的评价"),
        choices=Proposal.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意、基本满意或不满意。")},
    )
    note = _text(
        _("意见"), rows=2, max_length=300, required=False, help_text=_("第一次评价不满意，承办单位会重新办理一次。")
    )


class VoteForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("提交表决的提案"), queryset=Proposal.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    meeting = forms.ModelChoiceField(
        label=_("在哪次会议上表决"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("新建一次党代会会议"),
    )
    starts_at = forms.DateTimeField(
        label=_("召开时间（新建会议时）"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("地点（新建会议时）"), max_length=200, required=False)

    def __init__(self, *args: Any, proposals: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals  # type: ignore[attr-defined]
        self.fields["proposals"].label_from_instance = lambda p: f"{p.number} · {p.title}"  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("meeting") and not data.get("starts_at"):
            self.add_error("starts_at", _("新建会议要写明召开时间。"))
        return data
