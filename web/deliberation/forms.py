"""Forms of the deliberation pages outside a step: proposing a matter, recording a gate, posting
finances. The forms of a step's work are its kind's (``web.deliberation.kinds``). A form the
rules refuse is shown again with what was typed and the sentence on it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from web.deliberation.chains import CHAIN_CHOICES
from web.deliberation.kinds.base import SaidForm
from web.deliberation.models import Matter


class MatterForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=200)
    kind = forms.ChoiceField(label=_("事项类型"), choices=Matter.Kind.choices)
    chain = forms.ChoiceField(label=_("议事程序"), choices=CHAIN_CHOICES)
    description = forms.CharField(
        label=_("事项说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class GateForm(forms.Form):
    #: the action refuses an unknown gate and an empty note with its own sentences
    gate = forms.CharField(max_length=20, required=False)
    note = forms.CharField(label=_("依据"), required=False)
    #: the published recommendation the gate "recommendation" points at (the action checks it)
    recommendation = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def clean_note(self) -> str:
        return str(self.cleaned_data["note"])[:300]


class FinanceForm(SaidForm):
    invalid = _("请填写公开的标题和内容。")
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("公开内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
