"""Filters that put back what a person typed into a stage's form after a refusal (the panel's
forms are repeated per person, per objection, per layer or per post: only the one that was
sent gets its values back)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def kept_for(form: Any, key: Any) -> Any:
    """The refused form if it was the one sent for ``key`` (its ``row`` field), else None."""
    row = getattr(form, "row", "")
    if not row or str(form[row].value()) != str(key):
        return None
    return form


@register.filter
def posted(form: Any, key: Any) -> str:
    """What was sent for ``votes<key>`` (the weighted stage's per-person fields)."""
    return str(form.data.get(f"votes{key}", "")) if form else ""
