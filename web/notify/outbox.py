"""``notify()``: a notice into the outbox, in the transaction of the action that causes it.

The action and its notices commit together or not at all; the delivery job is put on the
queue only after the commit (``transaction.on_commit``), and the periodic sweep finds any
delivery whose job was lost, so nothing is sent for an action that was rolled back and nothing
is lost when a job is. The key names the occasion: the same key for the same person notifies
once, so a job run again (after a worker died) sends nothing twice.

A notice goes to an account, a roster person, or (``Phone``) a bare mobile number: someone who
asked without an account and is on no roster, such as a resident following a request by its
tracking code. A bare number gets the notice by SMS only (no inbox, no email), under the same
rules: written in the action's transaction, once per key, held in quiet hours, within the
hourly limit (which counts the messages sent to the number, whoever they were for).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.http import url_has_allowed_host_and_scheme

from web.accounts.models import User
from web.common import clock
from web.notify.guard import clean_context, secrets_in
from web.notify.kinds import EXTERNAL, KINDS, Channel
from web.notify.models import Delivery, Notice
from web.notify.queries import preferences_for

log = logging.getLogger(__name__)

#: why a delivery was not made (its ``last_error``)
NO_ADDRESS = {Channel.SMS: "no mobile phone number", Channel.EMAIL: "no email address"}
#: a mainland mobile number, as the roster's form takes it (an imported landline gets no SMS)
MOBILE = re.compile(r"1[0-9]{10}")
TURNED_OFF = "turned off by the person"
RESOLVED = "its cause was done before it was sent"


@dataclass(frozen=True)
class Phone:
    """A bare mobile number as a recipient: ``notify(Phone("13800000001"), …)``."""

    number: str

    def __post_init__(self) -> None:
        if not MOBILE.fullmatch(self.number.strip()):
            raise ValueError("a notice goes by SMS only to a mainland mobile number (11 digits, starting with 1)")

    @classmethod
    def of(cls, number: str) -> Phone | None:
        """The number as a recipient, or None when it is no mobile number (a landline, nothing)."""
        number = (number or "").strip()
        return cls(number) if MOBILE.fullmatch(number) else None


def recipient_of(who: Any) -> tuple[User | None, Any, str]:
    """(account, roster person, bare number) of a ``User``, a ``Person`` or a ``Phone``: for a user
    or a person, whichever of the two is missing is looked up."""
    if isinstance(who, Phone):
        return None, None, who.number.strip()
    if isinstance(who, User):
        return who, who.person, ""
    if getattr(who, "_meta", None) is None or who._meta.label_lower != "org.person":
        raise TypeError(f"notify() takes a person, a user or a Phone, not {type(who).__name__}")
    return User.objects.filter(person_id=who.pk).first(), who, ""


def address_of(channel: str, user: User | None, person: Any, phone: str = "") -> str:
    """Where ``channel`` reaches the recipient: the roster's phone number (or the bare number),
    the account's email."""
    if channel == Channel.SMS:
        number = (phone or getattr(person, "phone", "") or "").strip()
        return number if MOBILE.fullmatch(number) else ""
    if channel == Channel.EMAIL:
        return (user.email if user is not None else "").strip()
    return ""


def _suffix(user: User | None, person: Any, phone: str) -> str:
    """The recipient's part of a notice's key: one person is one recipient, by account or roster."""
    if person is not None:
        return f"p{person.pk}"
    return f"u{user.pk}" if user is not None else f"m{phone}"


def notify(who: Any, kind: str, context: dict[str, Any], *, key: str, link: str = "") -> Notice:
    """Write a notice of ``kind`` to ``who`` (a ``Person``, a ``User`` or a ``Phone``) and its deliveries.

    Call it inside the action's ``transaction.atomic``. ``context`` holds the kind's plain values
    (never a secret: ``web.notify.guard``); ``link`` is a path of Jiceng the inbox opens. Returns
    the notice, the one written before if ``key`` was used for this person already."""
    if kind not in KINDS:
        raise KeyError(f"unknown notice kind {kind!r}: add it to web.notify.kinds.KINDS")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() belongs inside the transaction of the action that causes it")
    if link and (not url_has_allowed_host_and_scheme(link, allowed_hosts=None) or secrets_in(link) or "?" in link):
        raise ValueError(f"a notice links to a page of Jiceng, without a token: {link!r}")
    user, person, phone = recipient_of(who)
    key = f"{key}@{_suffix(user, person, phone)}"
    existing = Notice.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = clock.now()
    try:
        with transaction.atomic():  # a savepoint: a twin that won the race leaves the caller's transaction whole
            notice = Notice.objects.create(
                key=key,
                kind=kind,
                user=user,
                person=person,
                phone=phone,
                context=clean_context(context),
                link=link,
                created_at=now,
            )
    except IntegrityError:
        return Notice.objects.get(key=key)
    prefs = preferences_for(user)
    deliveries = []
    for channel in EXTERNAL:
        reason = "" if prefs.wants(kind, channel) else TURNED_OFF
        reason = reason or ("" if address_of(channel, user, person, phone) else NO_ADDRESS[channel])
        deliveries.append(
            Delivery(
                notice=notice,
                channel=channel,
                state=Delivery.State.SKIPPED if reason else Delivery.State.PENDING,
                next_attempt_at=None if reason else now,
                last_error=reason,
                created_at=now,
            )
        )
    Delivery.objects.bulk_create(deliveries)
    if any(d.state == Delivery.State.PENDING for d in deliveries):
        transaction.on_commit(lambda: _enqueue(notice.pk))
    return notice


def resolve(key: str) -> list[int]:
    """The notices of occasion ``key`` (the key given to ``notify``, whoever received them) are
    resolved: their cause was done. Each is marked read and resolved, so the inbox stops
    asking; an SMS or email not sent yet is skipped when its turn comes (``delivery.attempt``).
    Nothing is deleted. Call it in the transaction of the action that did the cause; returns the
    ids of the notices it resolved."""
    ids = list(Notice.objects.filter(key__startswith=f"{key}@", resolved_at__isnull=True).values_list("pk", flat=True))
    if ids:
        now = clock.now()
        Notice.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
        Notice.objects.filter(pk__in=ids).update(resolved_at=now)
    return ids


def _enqueue(notice_id: int) -> None:
    """Put the delivery job on the queue; if that fails, the sweep sends it all the same."""
    from web.jobs.queue import enqueue

    try:
        enqueue("web.notify.jobs.deliver", notice_id)
    except Exception:  # the notice is committed: the periodic sweep will find it
        log.exception("could not enqueue the delivery of notice %s; the sweep will send it", notice_id)
