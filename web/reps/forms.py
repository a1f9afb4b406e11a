"""The forms of the representatives' pages; each only reads what was typed, the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.org.models import Unit
from web.reps.models import Field


def _required(message: Any) -> dict[str, Any]:
    return {"required": message, "invalid_choice": message, "invalid": message}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("履职领域"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("有诉求超出联系代表的领域时，工作室按领域转交给您。"),
    )
    intro = forms.CharField(
        label=_("简介"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("工作单位、职务和能为群众做什么，300 字以内。"),
    )
    public_phone = forms.CharField(
        label=_("公开的联系电话"),
        required=False,
        max_length=30,
        help_text=_("留空则不公开任何电话，群众通过工作室给您留言。只有您本人可以填写或撤下。"),
    )

    def __init__(self, *args: Any, own: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not own:  # a private number is published by its owner alone
            del self.fields["public_phone"]


class LinkForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("挂点村（社区）"), queryset=Unit.objects.none(), error_messages=_required(_("请选择村或社区。"))
    )
    since = forms.DateField(
        label=_("开始日期"), widget=DateInput(), error_messages=_required(_("请填写开始日期，如 2026-03-01。"))
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units if units is not None else Unit.objects.none()


class EndLinkForm(forms.Form):
    until = forms.DateField(
        label=_("结束日期"), widget=DateInput(), error_messages=_required(_("请填写结束日期，如 2026-03-01。"))
    )
    reason = forms.CharField(label=_("结束原因"), max_length=200, error_messages=_required(_("结束挂点要写明原因。")))


class TrainingForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("组织单位"), queryset=Unit.objects.none(), error_messages=_required(_("请选择组织单位。"))
    )
    title = forms.CharField(label=_("培训名称"), max_length=100, error_messages=_required(_("请填写培训名称。")))
    held_on = forms.DateField(
        label=_("培训日期"), widget=DateInput(), error_messages=_required(_("请填写培训日期，如 2026-03-01。"))
    )
    place = forms.CharField(label=_("地点"), max_length=100, error_messages=_required(_("请填写培训地点。")))
    organiser = forms.CharField(label=_("主办"), max_length=100, error_messages=_required(_("请填写主办单位。")))

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units if units is not None else Unit.objects.none()
        field.empty_label = None


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("您的回复"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("请写下回复。")),
        help_text=_("您打算怎么跟进：联系诉求人、协调部门、上门走访……500 字以内。"),
    )
