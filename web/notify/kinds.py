"""Every kind of notice Jiceng sends, with its words, in one registry (as ``web.audit.names``
holds every action): a kind's key is written once, and an unknown key fails at once.

A notice's text is a short sentence in Chinese (English in the catalogue) filled from the
notice's context: plain values only (names, dates, a quarter), never a secret
(``web.notify.guard``). By SMS it must fit one message: 70 characters with the signature
(``【基层】``), so names are shortened at their end (``…``) until it fits; the test renders every
kind with long real-looking names in both languages (``tests/test_texts.py``: a kind
without its sample there fails).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: one SMS of Chinese (UCS-2) text, the signature included
SMS_LIMIT = 70
ELLIPSIS = "…"
#: a shortened name keeps at least this many characters (and the ellipsis)
MIN_NAME = 4


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内通知")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


#: the channels that leave Jiceng, each delivered and recorded by a ``Delivery`` row; in-app is
#: the notice itself, in the inbox at once
EXTERNAL: tuple[Channel, ...] = (Channel.SMS, Channel.EMAIL)


@dataclass(frozen=True)
class Kind:
    key: str
    #: what the settings page and an email's subject call it
    name: StrOrPromise
    #: the sentence, ``%(name)s`` placeholders filled from the context
    text: StrOrPromise
    #: the context's names that may be shortened to fit one SMS (the longest first)
    names: tuple[str, ...]
    #: the external channels on unless the person turns them off
    channels: frozenset[str] = field(default_factory=lambda: frozenset({Channel.SMS, Channel.EMAIL}))


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            key="commitment.progress_due",
            name=_("承诺事项季度进展待报送"),
            text=_("%(unit)s承诺“%(item)s”第%(quarter)s季度进展待报送，请于%(due)s前报送。"),
            names=("item", "unit"),
        ),
        Kind(
            key="commitment.overdue",
            name=_("承诺事项已逾期"),
            text=_("%(unit)s承诺“%(item)s”已过完成时限%(deadline)s，请尽快推进并报送进展。"),
            names=("item", "unit"),
        ),
    )
}


def kind_choices() -> list[tuple[str, StrOrPromise]]:
    """``Notice.kind``'s choices, read when asked: a new kind needs no migration."""
    return [(k.key, k.name) for k in KINDS.values()]


def render(
    key: str, context: dict[str, object], *, language: str, limit: int | None = None
) -> tuple[str, dict[str, str]]:
    """The kind's sentence in ``language`` and the values it was filled with. With ``limit``,
    the names are shortened, longest first, until the sentence has at most ``limit`` characters;
    a kind that cannot fit even so is a mistake in this registry (ValueError)."""
    kind = KINDS[key]
    params = {k: str(v) for k, v in context.items()}
    with translation.override(language):
        template = str(kind.text)
    text = template % params
    while limit is not None and len(text) > limit:
        for name in sorted(kind.names, key=lambda n: -len(params.get(n, ""))):
            shorter = _shortened(params.get(name, ""), by=len(text) - limit)
            if shorter is not None:
                params[name] = shorter
                break
        else:
            raise ValueError(f"notice kind {key!r} does not fit {limit} characters in {language}")
        text = template % params
    return text, params


def _shortened(value: str, *, by: int) -> str | None:
    """``value`` cut at its end by about ``by`` characters, with ``…``; None when it is already as
    short as a name may be."""
    keep = max(MIN_NAME, len(value) - by - 1)
    if keep + 1 >= len(value):
        return None
    return value.removesuffix(ELLIPSIS)[:keep] + ELLIPSIS
