from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from web.elections.procedures import TEMPLATE_CHOICES


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("选举名称"), max_length=200)
    template = forms.ChoiceField(label=_("程序模板"), choices=TEMPLATE_CHOICES)


class ReopenForm(forms.Form):
    """Why a finished stage is opened again (the action refuses an empty reason in its words)."""

    reason = forms.CharField(required=False, max_length=300)
