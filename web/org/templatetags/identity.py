"""``{% load identity %}``: a person's identity as the viewer may see it (``web.org.idnumbers``)."""

from __future__ import annotations

from typing import Any

from django import template

from web.org.idnumbers import Identity, identity_for, masked

register = template.Library()


@register.filter(name="identity_for")
def identity_for_filter(person: Any, viewer: Any) -> Identity:
    return identity_for(viewer, person)


@register.filter(name="masked_id")
def masked_id(person: Any) -> str:
    return masked(person.id_number)
