"""Forms of the deliberation pages. The forms of a step's work (hold, defer, conclude, minutes,
attachment, disclose) are listed by its kind (``web.deliberation.kinds``) with the action each
runs; a form the rules refuse is shown again with what was typed and the sentence on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.deliberation.chains import CHAIN_CHOICES
from web.deliberation.models import Matter


class MatterForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=200)
    kind = forms.ChoiceField(label=_("事项类型"), choices=Matter.Kind.choices)
    chain = forms.ChoiceField(label=_("议事程序"), choices=CHAIN_CHOICES)
    description = forms.CharField(
        label=_("事项说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class _Said(forms.Form):
    """A form that, when a field is wrong, also says in one sentence what it needs."""

    invalid: Any = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors and self.invalid:
            raise forms.ValidationError(self.invalid)
        return cleaned


class HoldForm(_Said):
    invalid = _("请选择机构并填写召开时间。")
    body = forms.IntegerField(label=_("召开会议的机构"))
    starts_at = forms.DateTimeField(label=_("召开时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)


class DeferForm(forms.Form):
    #: the action refuses an empty reason with its own sentence
    reason = forms.CharField(label=_("意见分歧较大时暂缓表决，理由"), required=False)

    def clean_reason(self) -> str:
        return str(self.cleaned_data["reason"])[:300]


class ConcludeForm(forms.Form):
    """Concluding reads the count: there is nothing to type."""


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议记录（文字）"), required=False, strip=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("会议记录附件（PDF、DOCX、JPG、PNG，10 MB 以内）"),
        allow_empty_file=True,
        error_messages={"required": _("请选择要上传的文件。")},
    )


class DiscloseForm(_Said):
    invalid = _("请填写公开的标题、内容和有效的截止日期。")
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("公开内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    until = forms.DateField(label=_("公开截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class GateForm(forms.Form):
    #: the action refuses an unknown gate and an empty note with its own sentences
    gate = forms.CharField(max_length=20, required=False)
    note = forms.CharField(label=_("依据"), required=False)

    def clean_note(self) -> str:
        return str(self.cleaned_data["note"])[:300]


class FinanceForm(_Said):
    invalid = _("请填写公开的标题和内容。")
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("公开内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
