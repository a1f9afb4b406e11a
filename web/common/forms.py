"""A form's field by name, as the kind it was declared.

``form.fields`` maps names to plain ``Field``s for the type checker; a form that narrows a
field for its user (a ``ModelChoiceField``'s queryset, a ``ChoiceField``'s choices) takes it
through :func:`field`, which checks the kind instead of assuming it.
"""

from __future__ import annotations

from typing import TypeVar

from django import forms

_F = TypeVar("_F", bound=forms.Field)


def field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """The field ``name`` of ``form``, which must be a ``kind`` (a TypeError names the mistake)."""
    found = form.fields[name]
    if not isinstance(found, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(found).__name__}, not a {kind.__name__}")
    return found


#: the attribute a form template reads to show a field only for one value of another
SHOWN_WHEN = "shown_when"


def show_only_when(fld: forms.Field, other: str, value: str) -> None:
    """Mark ``fld`` as mattering only while the field ``other`` holds ``value`` (an election's
    seats and candidates): the form template wraps it with ``data-shown-when`` and the page's
    script hides it otherwise; without script it shows. ``PresetField`` takes it as an argument."""
    setattr(fld, SHOWN_WHEN, (other, value))
