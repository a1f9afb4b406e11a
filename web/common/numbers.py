"""Numbers typed by people: ASCII digits 0–9 only.

Python's ``str.isdigit`` is true for ``²``, ``２`` and ``٣``; ``int("²")`` then raises, which
was a 500 for an anonymous caster and for tellers. Full-width digits (``２``) parse, but a number
that reads differently on the screen than in the record is a number nobody checked. So every
field that takes a number — forms, hand-parsed request fields, roster cells — accepts ASCII
digits only and refuses anything else with a sentence.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _


def is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def ascii_int(text: str | None) -> int | None:
    """The integer ``text`` spells in ASCII digits, else None (never raises)."""
    text = (text or "").strip()
    return int(text) if is_ascii_digits(text) else None


def has_other_digits(text: str) -> bool:
    """Whether ``text`` holds a digit that is not ASCII (superscript, full-width, Arabic-Indic…)."""
    return any(not ch.isascii() and (ch.isdigit() or ch.isnumeric()) for ch in text)


def unicode_digits_message() -> str:
    return _("数字只能用半角 0–9 填写（不能用全角、上标或其他文字的数字）。")


#: the form fields whose text is read as a number or a date
NUMERIC_FIELDS: tuple[type[forms.Field], ...] = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
)


def _ascii_to_python(original: Any) -> Any:
    def to_python(self: forms.Field, value: Any) -> Any:
        if isinstance(value, str) and has_other_digits(value):
            raise forms.ValidationError(unicode_digits_message(), code="unicode_digits")
        return original(self, value)

    to_python.jiceng_ascii_digits = True  # type: ignore[attr-defined]
    return to_python


def refuse_unicode_digits_in_forms() -> None:
    """Every numeric form field of every form (pages, ModelForms, the API's form checks) refuses
    non-ASCII digits. Done once, at start-up, on Django's field classes: a field added later
    cannot forget it (``web/common/tests/test_numbers.py`` walks every form to prove it)."""
    for cls in NUMERIC_FIELDS:
        if not getattr(cls.to_python, "jiceng_ascii_digits", False):
            cls.to_python = _ascii_to_python(cls.to_python)  # type: ignore[method-assign]
