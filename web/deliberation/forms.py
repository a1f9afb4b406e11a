"""Forms of the deliberation pages."""

from __future__ import annotations

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


class HoldForm(forms.Form):
    body = forms.IntegerField(label=_("召开会议的机构"))
    starts_at = forms.DateTimeField(label=_("召开时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)


class DiscloseForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("公开内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    until = forms.DateField(label=_("公开截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FinanceForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("公开内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
