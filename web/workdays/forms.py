"""The calendar page's forms: a run of days to enter, and the list's search."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.workdays.models import Override

#: the years a day may be entered for (a mistyped year fails here, not in a deadline)
YEARS = (2000, 2100)

_DATE_ERRORS = {
    "invalid": _("日期无法识别，请按“2027-01-01”的格式填写（年-月-日），并确认这一天存在。"),
    "required": _("请填写日期。"),
}


def _date_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%Y-%m-%d"],
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _check_year(day: dt.date | None) -> dt.date | None:
    if day is not None and not YEARS[0] <= day.year <= YEARS[1]:
        raise forms.ValidationError(
            _("日期须在 %(first)s 年至 %(last)s 年之间。"), params={"first": YEARS[0], "last": YEARS[1]}
        )
    return day


class OverrideForm(forms.Form):
    first = _date_field(_("开始日期"), required=True)
    last = _date_field(_("结束日期"), required=False, help_text=_("只调整一天时不填。"))
    kind = forms.ChoiceField(
        label=_("调整为"), choices=Override.Kind.choices, widget=forms.RadioSelect, initial=Override.Kind.HOLIDAY
    )
    name = forms.CharField(
        label=_("名称或事由"),
        max_length=60,
        help_text=_("例如“春节”“国庆节调休上班”，写明依据的通知更好。"),
        error_messages={"required": _("请填写名称或事由，例如“春节”。")},
    )

    def clean_first(self) -> dt.date | None:
        return _check_year(self.cleaned_data.get("first"))

    def clean_last(self) -> dt.date | None:
        return _check_year(self.cleaned_data.get("last"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", _("结束日期不能早于开始日期。"))
        elif first and not last:
            data["last"] = first
        return data


class SearchForm(forms.Form):
    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=YEARS[0],
        max_value=YEARS[1],
        error_messages={"invalid": _("年份请填写四位数字，例如 2027。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2027", "maxlength": 4}),
    )
    q = forms.CharField(label=_("名称"), required=False, max_length=30)
