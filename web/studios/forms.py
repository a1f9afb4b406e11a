"""The studios' forms: what a person types, checked for shape; the rules are the actions'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.studios.models import Rule, Staff, Studio


def _required(message: Any) -> dict[str, Any]:
    return {"required": message, "invalid_choice": message}


class DetailsForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, error_messages=_required(_("请填写工作室名称。")))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("工作室电话"),
        max_length=24,
        required=False,
        help_text=_("公开栏上显示的联系电话：工作室的座机或办公电话，不要填代表本人的手机。"),
    )
    hours = forms.CharField(label=_("开放时间"), max_length=200, required=False)
    about = forms.CharField(label=_("简介"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NewStudioForm(DetailsForm):
    kind = forms.ChoiceField(
        label=_("类型"), choices=Studio.Kind.choices, error_messages=_required(_("请选择工作室类型。"))
    )
    sector = forms.ChoiceField(
        label=_("行业"),
        required=False,
        choices=[("", _("（不是行业工作室）")), *Studio.Sector.choices],
        help_text=_("行业工作室才选：教育、卫生健康、公安、法院、检察院、拖车协会。"),
    )
    unit = forms.ChoiceField(label=_("所在单位"), error_messages=_required(_("请选择工作室所在的单位。")))

    field_order = ["name", "kind", "sector", "unit", "address", "phone", "hours", "about"]

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["unit"].choices = [("", _("请选择")), *units]  # type: ignore[attr-defined]


class StaffForm(forms.Form):
    person = forms.ChoiceField(label=_("人员"), error_messages=_required(_("请先查找并选择人员。")))
    post = forms.ChoiceField(label=_("职务"), choices=Staff.Post.choices, error_messages=_required(_("请选择职务。")))

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["person"].choices = [("", _("请选择")), *people]  # type: ignore[attr-defined]


class SeatForm(forms.Form):
    seat = forms.ChoiceField(label=_("代表"), error_messages=_required(_("请先查找并选择代表。")))

    def __init__(self, *args: Any, seats: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["seat"].choices = [("", _("请选择")), *seats]  # type: ignore[attr-defined]


class RuleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=Rule.Kind.choices, error_messages=_required(_("请选择走访日或接访日。"))
    )
    week = forms.TypedChoiceField(label=_("周次"), choices=Rule.Week.choices, coerce=int, initial=Rule.Week.EVERY)
    weekday = forms.TypedChoiceField(label=_("星期"), choices=Rule.Weekday.choices, coerce=int)
    starts = forms.TimeField(
        label=_("开始时间"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages=_required(_("请填写开始时间，如 09:00。")) | {"invalid": _("请填写开始时间，如 09:00。")},
    )
    ends = forms.TimeField(
        label=_("结束时间"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages=_required(_("请填写结束时间，如 11:30。")) | {"invalid": _("请填写结束时间，如 11:30。")},
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False, help_text=_("不填则为工作室地址。"))
    seat = forms.ChoiceField(
        label=_("代表本人的安排"),
        required=False,
        help_text=_("某位代表固定的走访日或接访日选这里；工作室的接待日在下面排值班名单。"),
    )
    roster = forms.MultipleChoiceField(
        label=_("值班名单"), required=False, widget=forms.CheckboxSelectMultiple, help_text=_("按名单顺序轮流值班。")
    )
    per_session = forms.IntegerField(
        label=_("每次值班人数"), min_value=0, max_value=20, initial=1, help_text=_("0 表示名单上的代表每次都值班。")
    )
    valid_from = forms.DateField(
        label=_("起始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_required(_("请填写起始日期。")) | {"invalid": _("日期格式如 2026-03-01。")},
    )
    valid_until = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式如 2026-03-01。")},
        help_text=_("不填则一直有效；填了就是结束这项安排。"),
    )

    def __init__(self, *args: Any, seats: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["seat"].choices = [("", _("（不是，排值班名单）")), *seats]  # type: ignore[attr-defined]
        self.fields["roster"].choices = seats  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=Rule.Kind.choices, error_messages=_required(_("请选择走访日或接访日。"))
    )
    day = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_required(_("请填写日期。")) | {"invalid": _("日期格式如 2026-03-01。")},
    )
    starts = RuleForm.base_fields["starts"]
    ends = RuleForm.base_fields["ends"]
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    seats = forms.MultipleChoiceField(
        label=_("值班代表"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("请至少选择一位值班代表。")),
    )

    def __init__(self, *args: Any, seats: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["seats"].choices = seats  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"), max_length=200, error_messages=_required(_("取消接待活动要写明原因，公开栏上会显示。"))
    )
