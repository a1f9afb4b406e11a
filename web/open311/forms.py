from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.cases.catalogue import CATALOGUE_KINDS
from web.org.models import Unit
from web.org.queries import managed_units


class KeyForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label=_("辖区"), queryset=Unit.objects.none(), empty_label=None)
    name = forms.CharField(label=_("名称"), max_length=50, help_text=_("使用这个密钥的程序，例如“街道微信小程序”。"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = managed_units(user).filter(kind__in=CATALOGUE_KINDS).order_by("path")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写名称。"))
        return name
