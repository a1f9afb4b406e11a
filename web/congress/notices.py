"""Who hears of an inquiry through the outbox (``web.notify``), in the transaction of the move:

- the representative who filed it, when the written answer is recorded (where to read it);
- when its written answer's deadline has passed (``web.congress.jobs``): the representative and
  the liaison office (staff who manage the congress's unit), once per deadline.

Keys name the occasion (the inquiry and its deadline), so a job run twice tells nobody twice; the
written answer resolves the overdue notices."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from web.congress.models import Inquiry
from web.notify.outbox import notify, resolve
from web.org.models import Role


def _representative(inquiry: Inquiry) -> Any:
    """The filer's account (their seat's person reaches the same inbox and phone)."""
    return inquiry.filed_by


def liaison_staff(inquiry: Inquiry) -> list[Any]:
    """The accounts of the staff who manage the congress's unit (the liaison office)."""
    roles = Role.objects.filter(unit_id=inquiry.meeting.body.unit_id, kind__in=sorted(Role.MANAGING))
    return [r.user for r in roles.select_related("user").order_by("user_id")]


def overdue_key(inquiry: Inquiry) -> str:
    return f"congress.inquiry.{inquiry.pk}.overdue.{inquiry.answer_by.isoformat()}"


def _context(inquiry: Inquiry) -> dict[str, Any]:
    return {"number": str(inquiry.pk), "to": inquiry.addressee, "due": inquiry.answer_by.isoformat()}


def answered(inquiry: Inquiry) -> None:
    link = reverse("congress:inquiry", args=[inquiry.pk])
    notify(
        _representative(inquiry),
        "inquiry.answered",
        _context(inquiry),
        key=f"congress.inquiry.{inquiry.pk}.answered",
        link=link,
    )
    resolve(overdue_key(inquiry))


def overdue(inquiry: Inquiry) -> int:
    """Tell the representative and the liaison office; returns how many were told."""
    link = reverse("congress:inquiry", args=[inquiry.pk])
    people = {u.pk: u for u in [_representative(inquiry), *liaison_staff(inquiry)]}
    for user in people.values():
        notify(user, "inquiry.overdue", _context(inquiry), key=overdue_key(inquiry), link=link)
    return len(people)
