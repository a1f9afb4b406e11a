from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from web.commitments import queries
from web.commitments.models import Commitment, Opinion, Survey
from web.common.forms import field
from web.org.models import Unit

if TYPE_CHECKING:
    from web.meetings.models import Meeting
    from web.org.models import Person

_COUNT_ERRORS = {
    "min_value": _("人数不能为负数。"),
    "invalid": _("请填写整数。"),
    "required": _("请填写人数（没有就填 0）。"),
}


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("请填写 2000 到 2100 之间的年份。"),
            "max_value": _("请填写 2000 到 2100 之间的年份。"),
            "invalid": _("请填写年份，例如 2026。"),
        },
    )


class OpinionForm(forms.Form):
    grid = forms.ModelChoiceField(
        label=_("网格"), queryset=Unit.objects.none(), required=False, empty_label=_("（不选，填写村民小组）")
    )
    group_name = forms.CharField(
        label=_("村民小组"), max_length=100, required=False, help_text=_("例如：第三村民小组。选了网格可以不填。")
    )
    category = forms.ChoiceField(label=_("类别"), choices=Opinion.Category.choices)
    member: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("班子成员（对成员的意见须填写）"), queryset=None, required=False
    )
    text = forms.CharField(label=_("意见内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field(self, "grid", forms.ModelChoiceField).queryset = queries.grids_of(unit)
        field(self, "member", forms.ModelChoiceField).queryset = queries.people_of(unit)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("grid") and not (data.get("group_name") or "").strip():
            raise forms.ValidationError(_("请选择网格或填写村民小组。"))
        if data.get("category") == Opinion.Category.MEMBER and not data.get("member"):
            self.add_error("member", _("对班子成员的意见须写明是哪一位成员。"))
        return data


class CommitmentForm(forms.Form):
    item = forms.CharField(label=_("承诺事项"), max_length=300)
    owner: forms.ModelChoiceField[Person] = forms.ModelChoiceField(label=_("责任人"), queryset=None)
    deadline = forms.DateField(
        label=_("完成时限"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("完成时限应写作 2026-06-30 这样的日期。")},
    )
    budget = forms.DecimalField(
        label=_("计划投入（元）"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "min_value": _("计划投入不能为负数。"),
            "invalid": _("计划投入请填写金额，例如 120000 或 3500.50。"),
            "max_decimal_places": _("金额最多保留两位小数（分）。"),
            "max_digits": _("金额过大。"),
        },
    )
    category = forms.ChoiceField(label=_("类别"), choices=Commitment.Category.choices)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field(self, "owner", forms.ModelChoiceField).queryset = queries.people_of(unit)


QUARTERS = [(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))]


class ProgressForm(forms.Form):
    """A progress report. The quarter starts at the current one; quarters already reported are
    marked, and after the deadline the form says the report will be marked late."""

    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, choices=QUARTERS)
    percent = forms.IntegerField(
        label=_("完成比例（%）"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("完成比例应在 0 到 100 之间。"),
            "max_value": _("完成比例应在 0 到 100 之间。"),
            "invalid": _("完成比例请填写 0 到 100 的整数。"),
        },
    )
    text = forms.CharField(label=_("进展情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, commitment: Commitment, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarter = field(self, "quarter", forms.TypedChoiceField)
        quarter.initial = queries.default_quarter(commitment.year, today)
        reported = queries.reported_quarters(commitment)
        quarter.choices = [
            (q, format_lazy("{}{}", label, _("（已报送，只能报送完成）")) if q in reported else label)
            for q, label in QUARTERS
        ]
        if commitment.deadline < today:
            quarter.help_text = _("已过完成时限（%(deadline)s）：本次报送将标为逾期报送。事项完成时请填 100%%。") % {
                "deadline": commitment.deadline.isoformat()
            }


class DropForm(forms.Form):
    """Why a commitment is dropped: published on the board with it."""

    reason = forms.CharField(
        label=_("撤销理由"),
        max_length=300,
        error_messages={
            "required": _("撤销承诺事项须写明理由。"),
            "max_length": _("撤销理由请写在 300 字以内。"),
        },
    )


class MeetingChoiceForm(forms.Form):
    """Adoption and the year-end review may name the meeting where they happened."""

    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label=_("会议"), queryset=None, required=False, empty_label=_("（不关联会议）")
    )
    note = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field(self, "meeting", forms.ModelChoiceField).queryset = queries.meetings_of(unit)


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, initial=0, error_messages=_COUNT_ERRORS)


class SurveyTotalsForm(forms.Form):
    """The forms returned, blank and spoiled, and the committees' counts."""

    returned = _count(_("收回测评表"))
    blank = _count(_("其中空白表"))
    spoiled = _count(_("其中废表"))
    satisfied = _count(_("“两委”班子：满意"))
    basic = _count(_("“两委”班子：基本满意"))
    unsatisfied = _count(_("“两委”班子：不满意"))


class CadreRowForm(forms.Form):
    """One cadre's counts; a row without a person is left out."""

    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(label=_("干部"), queryset=None, required=False)
    post = forms.ChoiceField(
        label=_("职务"), choices=[c for c in Survey.Post.choices if c[0] != "committees"], initial=Survey.Post.MEMBER
    )
    satisfied = forms.IntegerField(label=_("满意"), min_value=0, required=False, error_messages=_COUNT_ERRORS)
    basic = forms.IntegerField(label=_("基本满意"), min_value=0, required=False, error_messages=_COUNT_ERRORS)
    unsatisfied = forms.IntegerField(label=_("不满意"), min_value=0, required=False, error_messages=_COUNT_ERRORS)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field(self, "person", forms.ModelChoiceField).queryset = queries.people_of(unit)


class BaseCadreFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        posts: list[str] = []
        for form in self.forms:
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                raise forms.ValidationError(_("同一名干部填写了两次。"))
            seen.add(person.pk)
            posts.append(form.cleaned_data["post"])
        for post in (Survey.Post.SECRETARY, Survey.Post.DIRECTOR):
            if posts.count(post) > 1:
                raise forms.ValidationError(_("书记和主任各只能填写一名。"))


CadreFormSet = forms.formset_factory(CadreRowForm, formset=BaseCadreFormSet, extra=7, max_num=30)
