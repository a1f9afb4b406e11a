from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.org import queries
from web.org.idnumbers import check_id_number
from web.org.models import Person


class PersonForm(forms.ModelForm):
    """Edit a person's record. Units offered are those the user manages."""

    class Meta:
        model = Person
        fields = ["name", "gender", "birth_date", "id_number", "phone", "kind", "unit", "relation"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        managed = queries.managed_paths(user)
        units = queries.visible_units(user).filter(kind__in=["community", "village", "grid", "building"])
        self.fields["unit"].queryset = units.filter(
            pk__in=[u.pk for u in units if any(u.path.startswith(p) for p in managed)]
        )

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip().upper()
        problem = check_id_number(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and not (value.isdigit() and len(value) == 11 and value.startswith("1")):
            raise forms.ValidationError(_("手机号应为以 1 开头的 11 位数字。"))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        birth, idn = data.get("birth_date"), data.get("id_number")
        if birth and idn and len(idn) == 18 and idn[6:14] != birth.strftime("%Y%m%d"):
            self.add_error("birth_date", _("出生日期与身份证号中的出生日期不一致。"))
        return data

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}
