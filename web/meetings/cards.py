"""Member cards (成员卡 / 党员卡): a printed card per person with a QR code that a scanner at the
check-in desk reads (seed 004: the member card is the token for exercising member rights).

The QR code holds ``JC1-<person id>:<signature>``, signed with the site's secret key
(``django.core.signing``, its own salt), so a card cannot be made up for someone else and a
scanned code names exactly one person. It holds no ID number or name: a lost card tells the
finder nothing. A hand-held scanner types the code and Enter into the check-in page."""

from __future__ import annotations

from django.core import signing

from web.common.numbers import is_ascii_digits
from web.org.models import Person

PREFIX = "JC1-"
_signer = signing.Signer(salt="jiceng.member-card")


def card_code(person: Person) -> str:
    return PREFIX + _signer.sign(str(person.pk))


def person_id_from_code(text: str) -> int | None:
    """The person a scanned code names, or None when it is not a genuine Jiceng card."""
    text = (text or "").strip()
    if not text.upper().startswith(PREFIX) or len(text) > 120:
        return None
    try:
        value = _signer.unsign(text[len(PREFIX) :])
    except signing.BadSignature:
        return None
    return int(value) if is_ascii_digits(value) else None
